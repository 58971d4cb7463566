package triage

import (
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"

	"github.com/r2p-coalition/r2p/internal/format/htmltext"
)

var (
	allSpaceRE    = regexp.MustCompile(`\s+`)
	attributionRE = regexp.MustCompile(`(?i)^(on\s.{4,200}\swrote|le\s.{4,200}\sa\s+écrit|el\s.{4,200}\sescribió|am\s.{4,200}\sschrieb|il\s.{4,200}\sha\s+scritto|em\s.{4,200}\sescreveu)\s*:\s*$`)
	separatorRE   = regexp.MustCompile(`(?i)^(-{2,}\s*(original message|message d'origine|mensaje original|ursprüngliche nachricht|messaggio originale|mensagem original|forwarded message|message transféré|mensaje reenviado|исходное сообщение|原始邮件)\s*-*|_{10,}|begin forwarded message:|-- ?)$`)
	fromLineRE    = regexp.MustCompile(`(?i)^\*?(from|de|von|da|van|от|发件人|差出人)\s*\*?\s*:\s*\S`)
	sentLineRE    = regexp.MustCompile(`(?i)^\*?(sent|envoyé|enviado|gesendet|inviato|date|fecha|datum|отправлено|发送时间)\s*\*?\s*:\s*\S`)
)

// quoteIDs start the id of the element in which Outlook puts the quoted
// message of a reply, lower case.
var quoteIDs = []string{"divrplyfwdmsg", "appendonsend", "mail-editor-reference-message-container"}

// quoteStart reports whether an HTML reply's quoted message starts at tag t:
// Gmail's gmail_quote div, Outlook's divRplyFwdMsg (or appendonsend) div,
// a blockquote, or the rule above a forwarded header.
func quoteStart(t html.Token) bool {
	switch t.Data {
	case "blockquote", "hr":
		return true
	case "div":
		for _, a := range t.Attr {
			v := strings.ToLower(a.Val)
			if a.Key == "class" && strings.HasPrefix(v, "gmail_quote") ||
				a.Key == "id" && slices.ContainsFunc(quoteIDs,
					func(id string) bool { return strings.HasPrefix(v, id) }) {
				return true
			}
		}
	}
	return false
}

// replyText is what the sender of a reply wrote: the message's text
// without the quoted letter, attributions and signature.
func replyText(m *Message) string {
	var text string
	for _, p := range m.Parts {
		if p.Attachment || p.MediaType != "text/plain" {
			continue
		}
		text = p.Text()
		break
	}
	if strings.TrimSpace(text) == "" {
		for _, p := range m.Parts {
			if p.Attachment || p.MediaType != "text/html" {
				continue
			}
			text = htmltext.TextUntil(toUTF8(p.Body, p.Charset()), quoteStart)
			break
		}
	}
	return stripQuoted(text)
}

// stripQuoted keeps the lines of a reply before the quoted original: it
// drops lines starting with '>' and stops at an attribution ("On ... wrote:",
// "Le ... a écrit :", "El ... escribió:"), a separator ("-----Original
// Message-----", Outlook's underline, a signature's "-- "), or an Outlook
// header block ("From: ..." followed by "Sent: ...").
func stripQuoted(s string) string {
	lines := strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n")
	var out []string
	for i := 0; i < len(lines); i++ {
		l := strings.TrimRight(lines[i], " \t\r")
		t := strings.TrimSpace(l)
		if strings.HasPrefix(t, ">") {
			continue
		}
		if separatorRE.MatchString(t) || attributionRE.MatchString(t) {
			break
		}
		// An attribution wrapped over two lines.
		if i+1 < len(lines) && attributionRE.MatchString(t+" "+strings.TrimSpace(lines[i+1])) {
			break
		}
		if fromLineRE.MatchString(t) && i > 0 {
			quoted := false
			for j := i + 1; j < len(lines) && j <= i+4; j++ {
				if sentLineRE.MatchString(strings.TrimSpace(lines[j])) {
					quoted = true
					break
				}
			}
			if quoted {
				break
			}
		}
		out = append(out, t)
	}
	return strings.TrimSpace(strings.Join(out, "\n"))
}

// excerptLen is the length of Result.Excerpt, in characters.
const excerptLen = 300

// excerpt makes one line of at most excerptLen characters of s, cut at a
// word.
func excerpt(s string) string {
	s = strings.TrimSpace(allSpaceRE.ReplaceAllString(s, " "))
	s = strings.Map(func(r rune) rune {
		if r < 32 || r == 0x7f || r == utf8.RuneError {
			return -1
		}
		return r
	}, s)
	if utf8.RuneCountInString(s) <= excerptLen {
		return s
	}
	r := []rune(s)[:excerptLen]
	cut := string(r)
	if i := strings.LastIndexByte(cut, ' '); i > excerptLen/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,;:.") + "…"
}
