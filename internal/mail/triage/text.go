package triage

import (
	"html"
	"regexp"
	"strings"
	"unicode/utf8"
)

var (
	htmlDropRE    = regexp.MustCompile(`(?is)<!--.*?-->|<(script|style|head|title)\b[^>]*>.*?</(script|style|head|title)\s*>`)
	htmlBreakRE   = regexp.MustCompile(`(?i)<\s*(br|/p|p|/div|div|/tr|li|/li|/h[1-6]|/blockquote|/table|hr)\b[^>]*>`)
	htmlTagRE     = regexp.MustCompile(`(?s)<[^>]*>`)
	spacesRE      = regexp.MustCompile(`[ \t\x{00A0}]+`)
	blankLinesRE  = regexp.MustCompile(`\n{3,}`)
	htmlQuotedRE  = regexp.MustCompile(`(?i)<div[^>]*(class="?gmail_quote|id="?(divRplyFwdMsg|appendonsend|mail-editor-reference-message-container))|<blockquote|<hr\b`)
	allSpaceRE    = regexp.MustCompile(`\s+`)
	attributionRE = regexp.MustCompile(`(?i)^(on\s.{4,200}\swrote|le\s.{4,200}\sa\s+écrit|el\s.{4,200}\sescribió|am\s.{4,200}\sschrieb|il\s.{4,200}\sha\s+scritto|em\s.{4,200}\sescreveu)\s*:\s*$`)
	separatorRE   = regexp.MustCompile(`(?i)^(-{2,}\s*(original message|message d'origine|mensaje original|ursprüngliche nachricht|messaggio originale|mensagem original|forwarded message|message transféré|mensaje reenviado|исходное сообщение|原始邮件)\s*-*|_{10,}|begin forwarded message:|-- ?)$`)
	fromLineRE    = regexp.MustCompile(`(?i)^\*?(from|de|von|da|van|от|发件人|差出人)\s*\*?\s*:\s*\S`)
	sentLineRE    = regexp.MustCompile(`(?i)^\*?(sent|envoyé|enviado|gesendet|inviato|date|fecha|datum|отправлено|发送时间)\s*\*?\s*:\s*\S`)
)

// htmlToText makes plain text of an HTML body: markup, scripts and styles
// removed, entities decoded, one line per block.
func htmlToText(s string) string {
	s = htmlDropRE.ReplaceAllString(s, " ")
	s = htmlBreakRE.ReplaceAllString(s, "\n")
	s = htmlTagRE.ReplaceAllString(s, "")
	s = html.UnescapeString(s)
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimSpace(spacesRE.ReplaceAllString(l, " "))
	}
	s = strings.Join(lines, "\n")
	return strings.TrimSpace(blankLinesRE.ReplaceAllString(s, "\n\n"))
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
			h := toUTF8(p.Body, p.Charset())
			if loc := htmlQuotedRE.FindStringIndex(h); loc != nil {
				h = h[:loc[0]]
			}
			text = htmlToText(h)
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
