package triage

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"io"
	"mime/quotedprintable"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/encoding/ianaindex"
)

// lookupCharset finds the decoder for a MIME charset name, or nil for
// UTF-8 and US-ASCII (which need none) and for names it does not know.
// ISO-8859-1 and US-ASCII are read as windows-1252, their superset, as
// browsers do, since mail mislabels them often.
func lookupCharset(name string) (enc encoding.Encoding, known bool) {
	name = strings.ToLower(strings.Trim(strings.TrimSpace(name), `"'`))
	switch name {
	case "", "utf-8", "utf8", "us-ascii", "ascii", "ansi_x3.4-1968", "7bit", "8bit":
		return nil, true
	case "unknown-8bit", "x-unknown", "unknown", "default", "x-user-defined":
		return nil, false
	case "cp1252", "ansi":
		return charmap.Windows1252, true
	case "cp1251":
		return charmap.Windows1251, true
	case "cp1250":
		return charmap.Windows1250, true
	case "cp850":
		return charmap.CodePage850, true
	case "latin-1":
		return charmap.Windows1252, true
	}
	if e, err := htmlindex.Get(name); err == nil && e != nil {
		if n, _ := htmlindex.Name(e); n == "utf-8" {
			return nil, true
		}
		return e, true
	}
	if e, err := ianaindex.MIME.Encoding(name); err == nil && e != nil {
		return e, true
	}
	return nil, false
}

// charsetReader is the mime.WordDecoder's CharsetReader.
func charsetReader(charset string, input io.Reader) (io.Reader, error) {
	enc, known := lookupCharset(charset)
	if !known {
		return nil, fmt.Errorf("unknown charset %q", charset)
	}
	if enc == nil {
		return input, nil
	}
	return enc.NewDecoder().Reader(input), nil
}

// toUTF8 decodes b from charset into valid UTF-8. UTF-8 text stays as it
// is; an unknown charset, or UTF-8 that is not, is read as windows-1252
// when it is not valid UTF-8. The result is always valid UTF-8.
func toUTF8(b []byte, charset string) string {
	if enc, _ := lookupCharset(charset); enc != nil {
		if s, err := enc.NewDecoder().Bytes(b); err == nil {
			return strings.ToValidUTF8(string(s), "\uFFFD")
		}
	}
	if utf8.Valid(b) {
		return string(b)
	}
	s, err := charmap.Windows1252.NewDecoder().Bytes(b)
	if err != nil {
		return strings.ToValidUTF8(string(b), "\uFFFD")
	}
	return strings.ToValidUTF8(string(s), "\uFFFD")
}

// decodeTransfer undoes a Content-Transfer-Encoding. It never fails: what
// cannot be decoded is kept, and the problem is returned.
func decodeTransfer(b []byte, cte string) ([]byte, string) {
	switch strings.ToLower(strings.TrimSpace(cte)) {
	case "", "7bit", "8bit", "binary", "7-bit", "8-bit":
		return b, ""
	case "base64":
		return decodeBase64(b)
	case "quoted-printable":
		out, err := io.ReadAll(quotedprintable.NewReader(bytes.NewReader(b)))
		if err == nil {
			return out, ""
		}
		return decodeQPLenient(b), ""
	default:
		return b, fmt.Sprintf("unknown Content-Transfer-Encoding %q; the body is kept as it is", clip([]byte(cte)))
	}
}

// decodeBase64 decodes base64 tolerantly: characters outside the alphabet
// (line ends, spaces, stray garbage) are skipped, padding is optional.
func decodeBase64(b []byte) ([]byte, string) {
	clean := make([]byte, 0, len(b))
	junk := 0
	for _, c := range b {
		switch {
		case c >= 'A' && c <= 'Z', c >= 'a' && c <= 'z', c >= '0' && c <= '9', c == '+', c == '/':
			clean = append(clean, c)
		case c == '=', c == ' ', c == '\t', c == '\r', c == '\n':
		default:
			junk++
		}
	}
	problem := ""
	if len(clean)%4 == 1 {
		clean = clean[:len(clean)-1]
		problem = "base64 body is truncated"
	}
	out := make([]byte, base64.RawStdEncoding.DecodedLen(len(clean)))
	n, err := base64.RawStdEncoding.Decode(out, clean)
	if err != nil && problem == "" {
		problem = "base64 body is damaged: " + err.Error()
	}
	if junk > 0 && problem == "" {
		problem = fmt.Sprintf("base64 body holds %d characters outside the alphabet", junk)
	}
	return out[:n], problem
}

// decodeQPLenient decodes quoted-printable keeping every malformed
// sequence as written.
func decodeQPLenient(b []byte) []byte {
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); i++ {
		c := b[i]
		if c != '=' {
			out = append(out, c)
			continue
		}
		// Soft line break: '=' then optional spaces then a line end.
		j := i + 1
		for j < len(b) && (b[j] == ' ' || b[j] == '\t') {
			j++
		}
		if j == len(b) {
			i = j - 1
			continue
		}
		if b[j] == '\n' || b[j] == '\r' && j+1 < len(b) && b[j+1] == '\n' {
			if b[j] == '\r' {
				j++
			}
			i = j
			continue
		}
		if i+2 < len(b) && isHex(b[i+1]) && isHex(b[i+2]) {
			out = append(out, unhex(b[i+1])<<4|unhex(b[i+2]))
			i += 2
			continue
		}
		out = append(out, c)
	}
	return out
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c >= '0' && c <= '9':
		return c - '0'
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10
	}
	return c - 'A' + 10
}
