package triage

import (
	"bytes"
	"fmt"
	"mime"
	"net/mail"
	"net/textproto"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"
)

// parseHeader reads the header block at the start of b, tolerantly:
// folded lines are unfolded, an mbox From_ line at the very start is
// skipped, and a header that runs into the body without the empty line
// ends at the first line that cannot be a field (which is reported). It
// returns the fields, the body after the header, the number of fields, and
// problems. With no field at all, body is b from its first line that is
// not one.
func parseHeader(b []byte) (h mail.Header, body []byte, n int, problems []string) {
	h = mail.Header{}
	var name string
	var value []byte
	flush := func() {
		if name != "" && n < maxFields {
			h[name] = append(h[name], strings.TrimSpace(string(value)))
			n++
		}
		name, value = "", nil
	}
	rest := b
	first := true
	for len(rest) > 0 {
		line, next := cutLine(rest)
		if len(bytes.TrimRight(line, " \t")) == 0 {
			flush()
			return h, next, n, problems
		}
		if line[0] == ' ' || line[0] == '\t' {
			if name != "" {
				if len(value) < maxFieldBytes {
					value = append(value, ' ')
					value = append(value, bytes.TrimSpace(line)...)
				}
			} else {
				problems = append(problems, fmt.Sprintf("header: continuation line %q without a field", clip(line)))
			}
			first = false
			rest = next
			continue
		}
		if first && bytes.HasPrefix(line, []byte("From ")) {
			first = false
			rest = next
			continue
		}
		first = false
		colon := bytes.IndexByte(line, ':')
		fname := ""
		if colon > 0 {
			fname = string(bytes.TrimRight(line[:colon], " \t"))
		}
		if !validFieldName(fname) {
			flush()
			if n > 0 {
				problems = append(problems,
					fmt.Sprintf("header: line %q is not a header field; the header is taken to end there", clip(line)))
			} else {
				problems = append(problems, fmt.Sprintf("line %q is not a header field", clip(line)))
			}
			return h, rest, n, problems
		}
		flush()
		name = textproto.CanonicalMIMEHeaderKey(fname)
		value = append([]byte(nil), bytes.TrimSpace(line[colon+1:])...)
		rest = next
	}
	flush()
	return h, nil, n, problems
}

// cutLine splits b after its first line; line excludes the line end (LF or
// CRLF).
func cutLine(b []byte) (line, rest []byte) {
	i := bytes.IndexByte(b, '\n')
	if i < 0 {
		return bytes.TrimSuffix(b, []byte("\r")), nil
	}
	return bytes.TrimSuffix(b[:i], []byte("\r")), b[i+1:]
}

func validFieldName(s string) bool {
	if s == "" || len(s) > 100 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < 33 || s[i] > 126 || s[i] == ':' {
			return false
		}
	}
	return true
}

func clip(b []byte) string {
	s := toUTF8(b, "")
	if utf8.RuneCountInString(s) > 60 {
		s = string([]rune(s)[:60]) + "…"
	}
	return s
}

var wordDecoder = &mime.WordDecoder{CharsetReader: charsetReader}

// decodeHeader decodes RFC 2047 encoded words and raw 8-bit text into
// UTF-8; what cannot be decoded is kept as it is written.
func decodeHeader(s string) string {
	if !utf8.ValidString(s) {
		s = toUTF8([]byte(s), "")
	}
	if !strings.Contains(s, "=?") {
		return s
	}
	d, err := wordDecoder.DecodeHeader(s)
	if err != nil {
		return s
	}
	return strings.ToValidUTF8(d, "\uFFFD")
}

var addrSpecRE = regexp.MustCompile(`[A-Za-z0-9!#$%&'*+/=?^_{|}~.\x60-]+@[A-Za-z0-9.-]+[A-Za-z0-9]`)

// addresses returns the addr-specs in a header value: parsed as an address
// list, or, when that fails, every thing that looks like an address.
func addresses(v string) []string {
	v = strings.TrimSpace(v)
	if v == "" {
		return nil
	}
	p := mail.AddressParser{WordDecoder: wordDecoder}
	if list, err := p.ParseList(v); err == nil {
		out := make([]string, 0, len(list))
		for _, a := range list {
			out = append(out, a.Address)
		}
		return out
	}
	return addrSpecRE.FindAllString(v, -1)
}

// parseFrom reads a From value: the address and the display name.
func parseFrom(v string) (addr, name string) {
	v = strings.TrimSpace(v)
	if v == "" {
		return "", ""
	}
	p := mail.AddressParser{WordDecoder: wordDecoder}
	if a, err := p.Parse(v); err == nil {
		return a.Address, strings.ToValidUTF8(a.Name, "\uFFFD")
	}
	if list, err := p.ParseList(v); err == nil && len(list) > 0 {
		return list[0].Address, strings.ToValidUTF8(list[0].Name, "\uFFFD")
	}
	// Old forms: "MAILER-DAEMON@host (Mail Delivery System)" is parsed
	// above; a bare local part like "MAILER-DAEMON" is not an address.
	a := addrSpecRE.FindString(v)
	name = strings.TrimSpace(strings.Trim(strings.Replace(decodeHeader(v), a, "", 1), " <>\"()"))
	if a == "" && !strings.ContainsAny(v, " <>\"") {
		return "", decodeHeader(v) // e.g. From: MAILER-DAEMON
	}
	return a, name
}

var msgIDRE = regexp.MustCompile(`<[^<>\s]+>`)

// messageIDs returns the msg-ids in a Message-ID, In-Reply-To or References
// value, with their angle brackets. A lone id written without brackets is
// accepted when it looks like left@right.
func messageIDs(v string) []string {
	ids := msgIDRE.FindAllString(v, -1)
	if len(ids) == 0 {
		v = strings.TrimSpace(v)
		if v != "" && !strings.ContainsAny(v, " \t<>,;") && strings.Count(v, "@") == 1 {
			ids = []string{"<" + v + ">"}
		}
	}
	for i, id := range ids {
		if !utf8.ValidString(id) {
			ids[i] = strings.ToValidUTF8(id, "\uFFFD")
		}
	}
	return ids
}

// parseDate reads a Date value, also in a few forms seen in the wild that
// net/mail refuses.
func parseDate(v string) (time.Time, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return time.Time{}, false
	}
	if t, err := mail.ParseDate(v); err == nil {
		return t, true
	}
	if i := strings.IndexByte(v, '('); i > 0 {
		v = strings.TrimSpace(v[:i])
	}
	for _, layout := range []string{
		"Mon, 2 Jan 2006 15:04:05 -0700",
		"Mon, 2 Jan 2006 15:04:05 MST",
		"Mon, 2 Jan 2006 15:04 -0700",
		"2 Jan 2006 15:04:05 -0700",
		"Mon, 2 Jan 06 15:04:05 -0700",
		"Mon Jan 2 15:04:05 2006",
		"Mon Jan 2 15:04:05 MST 2006",
		time.RFC3339,
	} {
		if t, err := time.Parse(layout, v); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}
