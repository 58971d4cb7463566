package triage

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/mail"
	"regexp"
	"strings"
	"time"

	"github.com/r2p-coalition/r2p/internal/format/htmltext"
)

// Limits that keep a hostile message from costing much.
const (
	// MaxMessageBytes is the largest message ReadMessage and ReadMbox
	// accept.
	MaxMessageBytes = 64 << 20
	maxDepth        = 8    // nesting of multiparts and attached messages
	maxParts        = 500  // parts in one message, all levels together
	maxProblems     = 30   // problems kept per message
	maxFields       = 2000 // header fields read per header block
	maxFieldBytes   = 1 << 16
)

// Sentinel errors; check them with errors.Is.
var (
	// ErrNotMessage is wrapped by Parse's errors: the bytes are not an
	// e-mail message at all.
	ErrNotMessage = errors.New("not an e-mail message")
	// ErrTooLarge is wrapped by the errors for a message larger than
	// MaxMessageBytes.
	ErrTooLarge = errors.New("message too large")
)

// Message is one parsed e-mail message. Parse never fails on a damaged
// MIME structure: it keeps what it can read and notes the rest in
// Problems.
type Message struct {
	// Header holds the top-level fields, unfolded but otherwise as
	// written (encoded words are not decoded); look them up with
	// Header.Get, which ignores case.
	Header mail.Header

	From       string    // the sender's address, "" when missing or unreadable
	FromName   string    // the sender's display name, decoded
	Subject    string    // decoded to UTF-8
	Date       time.Time // zero when missing or unreadable
	MessageID  string    // "<id@host>", "" when missing
	InReplyTo  []string  // msg-ids, "<...>"
	References []string  // msg-ids, oldest first as written
	// ReturnPath is the envelope sender the receiving server recorded in
	// Return-Path, without angle brackets; NullSender reports that it was
	// empty ("<>"), as it is for bounces and most automatic replies.
	ReturnPath string
	NullSender bool

	// Parts are the message's leaf parts in order, multipart containers
	// left out. A single-part message has one Part with the message's own
	// header. Parts of attached messages are in their Part.Message.
	Parts []*Part

	// Problems says what was damaged or missing, one line each.
	Problems []string

	nparts int
}

// Part is one leaf of a message's MIME tree.
type Part struct {
	Header    mail.Header       // the part's own fields
	MediaType string            // lower case, e.g. "text/plain"; text/plain when missing or unreadable
	Params    map[string]string // the Content-Type parameters, keys lower case
	// Attachment reports Content-Disposition: attachment; Filename is the
	// file name it gives, if any.
	Attachment bool
	Filename   string
	Body       []byte   // transfer-decoded (base64, quoted-printable), not charset-decoded
	Parent     string   // media type of the enclosing multipart, "" at the top
	Message    *Message // for message/rfc822, message/global, text/rfc822-headers and message/global-headers: the enclosed message (for the header kinds, its header only)
}

// Charset is the part's charset parameter, lower case, "" when absent.
func (p *Part) Charset() string { return strings.ToLower(p.Params["charset"]) }

// Text is the part's body decoded to UTF-8 from its charset; for text/html,
// the text with the markup removed.
func (p *Part) Text() string {
	s := toUTF8(p.Body, p.Charset())
	if p.MediaType == "text/html" {
		s = htmltext.Text(s)
	}
	return s
}

// Parse reads one message (RFC 5322 and MIME; CRLF or LF line ends; an mbox
// From_ line at the start is skipped). It fails, with an error wrapping
// ErrNotMessage that says why, only when raw has no header at all.
func Parse(raw []byte) (*Message, error) {
	return parseMessage(raw, 0)
}

// ReadMessage reads and parses one message, such as a .eml file, of at most
// MaxMessageBytes.
func ReadMessage(r io.Reader) (*Message, error) {
	b, err := io.ReadAll(io.LimitReader(r, MaxMessageBytes+1))
	if err != nil {
		return nil, fmt.Errorf("inbound: reading the message: %w", err)
	}
	if len(b) > MaxMessageBytes {
		return nil, fmt.Errorf("inbound: larger than %d bytes: %w", MaxMessageBytes, ErrTooLarge)
	}
	return Parse(b)
}

func parseMessage(raw []byte, depth int) (*Message, error) {
	if len(bytes.TrimSpace(raw)) == 0 {
		return nil, fmt.Errorf("inbound: empty input: %w", ErrNotMessage)
	}
	if bytes.IndexByte(raw, 0) >= 0 && !bytes.Contains(raw[:min(len(raw), 4096)], []byte(":")) {
		return nil, fmt.Errorf("inbound: binary data, not a header: %w", ErrNotMessage)
	}
	// Some saved messages start with empty lines.
	for len(raw) > 0 && (raw[0] == '\n' || raw[0] == '\r' || raw[0] == ' ' || raw[0] == '\t') {
		raw = raw[1:]
	}
	h, body, n, problems := parseHeader(raw)
	if n == 0 {
		what := "no header field"
		if len(problems) > 0 {
			what += "; " + problems[0]
		}
		return nil, fmt.Errorf("inbound: %s: %w", what, ErrNotMessage)
	}
	m := &Message{Header: h}
	for _, p := range problems {
		m.problem(p)
	}
	m.readFields()
	m.walk(h, body, "", depth)
	return m, nil
}

func (m *Message) problem(format string, args ...any) {
	if len(m.Problems) >= maxProblems {
		return
	}
	if len(args) > 0 {
		format = fmt.Sprintf(format, args...)
	}
	m.Problems = append(m.Problems, format)
}

// readFields fills the convenience fields from the header.
func (m *Message) readFields() {
	h := m.Header
	if v := h.Get("From"); v != "" {
		m.From, m.FromName = parseFrom(v)
		if m.From == "" && m.FromName == "" {
			m.problem("From %q is not an address", clip([]byte(v)))
		}
	}
	m.Subject = decodeHeader(h.Get("Subject"))
	if v := h.Get("Date"); v != "" {
		if t, ok := parseDate(v); ok {
			m.Date = t
		} else {
			m.problem("Date %q is not a date", clip([]byte(v)))
		}
	}
	if ids := messageIDs(h.Get("Message-Id")); len(ids) > 0 {
		m.MessageID = ids[0]
	}
	m.InReplyTo = messageIDs(h.Get("In-Reply-To"))
	m.References = messageIDs(strings.Join(h["References"], " "))
	if rp, ok := h["Return-Path"]; ok && len(rp) > 0 {
		// The topmost Return-Path is the one the final server wrote;
		// later ones may come from a forwarder.
		v := strings.TrimSpace(rp[0])
		a := strings.TrimSpace(strings.Trim(v, "<> \t"))
		if a == "" || strings.EqualFold(a, "MAILER-DAEMON") {
			m.NullSender = true
		} else {
			m.ReturnPath = bareAddress(v)
		}
	}
}

var (
	boundaryRE   = regexp.MustCompile(`(?i)boundary\s*=\s*(?:"([^"]*)"|([^\s;]+))`)
	charsetRE    = regexp.MustCompile(`(?i)charset\s*=\s*"?([A-Za-z0-9._:-]+)`)
	reportTypeRE = regexp.MustCompile(`(?i)report-type\s*=\s*"?([A-Za-z0-9._-]+)`)
)

// contentType reads a Content-Type value; def is the type when there is
// none.
func (m *Message) contentType(v, def string) (string, map[string]string) {
	v = strings.TrimSpace(v)
	if v == "" {
		return def, map[string]string{}
	}
	mt, params, err := mime.ParseMediaType(v)
	if err != nil && mt == "" {
		// Salvage "text/plain charset=x" and similar.
		f := strings.FieldsFunc(v, func(r rune) bool { return r == ';' || r == ' ' || r == '\t' })
		if len(f) > 0 && strings.Count(f[0], "/") == 1 {
			mt = strings.ToLower(f[0])
		} else {
			m.problem("Content-Type %q is unreadable; read as %s", clip([]byte(v)), def)
			return def, map[string]string{}
		}
	}
	if params == nil {
		params = map[string]string{}
	}
	if err != nil {
		// Keep the parameters that matter when the others are damaged.
		if _, ok := params["boundary"]; !ok {
			if sm := boundaryRE.FindStringSubmatch(v); sm != nil {
				params["boundary"] = sm[1] + sm[2]
			}
		}
		if _, ok := params["charset"]; !ok {
			if sm := charsetRE.FindStringSubmatch(v); sm != nil {
				params["charset"] = sm[1]
			}
		}
		if _, ok := params["report-type"]; !ok {
			if sm := reportTypeRE.FindStringSubmatch(v); sm != nil {
				params["report-type"] = strings.ToLower(sm[1])
			}
		}
	}
	return mt, params
}

// walk adds the parts of a body with header h to m.Parts.
func (m *Message) walk(h mail.Header, body []byte, parent string, depth int) {
	m.nparts++
	if m.nparts > maxParts {
		if m.nparts == maxParts+1 {
			m.problem("more than %d MIME parts; the rest are skipped", maxParts)
		}
		return
	}
	def := "text/plain"
	if parent == "multipart/digest" {
		def = "message/rfc822"
	}
	mt, params := m.contentType(h.Get("Content-Type"), def)
	cte := h.Get("Content-Transfer-Encoding")

	if strings.HasPrefix(mt, "multipart/") {
		if depth >= maxDepth {
			m.problem("MIME parts nested deeper than %d levels are skipped", maxDepth)
			return
		}
		boundary := params["boundary"]
		if boundary == "" {
			boundary = guessBoundary(body)
			if boundary == "" {
				m.problem("%s without a boundary; its body is read as text", mt)
				m.addLeaf(h, "text/plain", map[string]string{}, body, parent, cte)
				return
			}
			m.problem("%s without a boundary parameter; guessed %q from the body", mt, boundary)
		}
		parts, closed := splitMultipart(body, boundary)
		if len(parts) == 0 {
			m.problem("%s: boundary %q never occurs; its body is read as text", mt, clip([]byte(boundary)))
			m.addLeaf(h, "text/plain", map[string]string{}, body, parent, cte)
			return
		}
		if !closed {
			m.problem("%s: the closing boundary %q is missing", mt, clip([]byte("--"+boundary+"--")))
		}
		for _, p := range parts {
			ph, pbody, _, probs := parseHeader(p)
			for _, pr := range probs {
				m.problem("part of %s: %s", mt, pr)
			}
			m.walk(ph, pbody, mt, depth+1)
		}
		return
	}
	m.addLeaf(h, mt, params, body, parent, cte)
	if depth >= maxDepth {
		return
	}
	p := m.Parts[len(m.Parts)-1]
	switch mt {
	case "message/rfc822", "message/global", "message/partial-rfc822":
		inner, err := parseMessage(p.Body, depth+1)
		if err != nil {
			m.problem("attached message: %v", err)
			return
		}
		p.Message = inner
	case "text/rfc822-headers", "message/global-headers", "message/rfc822-headers":
		ih, _, n, _ := parseHeader(p.Body)
		if n == 0 {
			m.problem("%s part holds no header field", mt)
			return
		}
		inner := &Message{Header: ih}
		inner.readFields()
		p.Message = inner
	}
}

func (m *Message) addLeaf(h mail.Header, mt string, params map[string]string, body []byte, parent, cte string) {
	decoded, problem := decodeTransfer(body, cte)
	if problem != "" {
		m.problem("%s part: %s", mt, problem)
	}
	p := &Part{Header: h, MediaType: mt, Params: params, Body: decoded, Parent: parent}
	if d := h.Get("Content-Disposition"); d != "" {
		disp, dparams, _ := mime.ParseMediaType(d)
		if disp == "" {
			disp = strings.ToLower(strings.TrimSpace(strings.SplitN(d, ";", 2)[0]))
		}
		p.Attachment = disp == "attachment"
		p.Filename = dparams["filename"]
	}
	if p.Filename == "" {
		p.Filename = params["name"]
	}
	m.Parts = append(m.Parts, p)
}

// splitMultipart cuts a multipart body into its parts. closed reports
// whether the closing delimiter was found.
func splitMultipart(body []byte, boundary string) (parts [][]byte, closed bool) {
	delim := []byte("--" + boundary)
	start := -1 // start of the current part's content
	rest := body
	pos := 0
	for len(rest) > 0 {
		line, next := cutLine(rest)
		lineStart := pos
		pos += len(rest) - len(next)
		rest = next
		if !bytes.HasPrefix(line, delim) {
			continue
		}
		tail := bytes.TrimRight(line[len(delim):], " \t")
		isClose := bytes.Equal(tail, []byte("--"))
		if len(tail) != 0 && !isClose {
			continue
		}
		if start >= 0 {
			end := lineStart
			// The line end before the delimiter belongs to it.
			if end > start && body[end-1] == '\n' {
				end--
				if end > start && body[end-1] == '\r' {
					end--
				}
			}
			parts = append(parts, body[start:end])
		}
		if isClose {
			return parts, true
		}
		start = pos
	}
	if start >= 0 {
		parts = append(parts, body[start:])
	}
	return parts, false
}

var guessBoundaryRE = regexp.MustCompile(`(?m)^--([A-Za-z0-9'()+_,./:=?-][A-Za-z0-9'()+_,./:=? -]{0,68}[A-Za-z0-9'()+_,./:=?-])\r?$`)

// guessBoundary finds the boundary of a multipart body whose Content-Type
// lost it: the first line "--something" that occurs at least twice.
func guessBoundary(body []byte) string {
	for _, sm := range guessBoundaryRE.FindAllSubmatch(body, 5) {
		b := string(bytes.TrimSuffix(sm[1], []byte("--")))
		if bytes.Count(body, []byte("--"+b)) >= 2 {
			return b
		}
	}
	return ""
}

// Text is the message's main text: the first plain-text part that is not
// an attachment (outside attached messages), else the first HTML part as
// text, else "".
func (m *Message) Text() string {
	var html *Part
	for _, p := range m.Parts {
		if p.Attachment {
			continue
		}
		switch p.MediaType {
		case "text/plain":
			return p.Text()
		case "text/html":
			if html == nil {
				html = p
			}
		}
	}
	if html != nil {
		return html.Text()
	}
	return ""
}

// attached returns the first attached message (message/rfc822 or a header
// part), or nil.
func (m *Message) attached() *Message {
	for _, p := range m.Parts {
		if p.Message != nil {
			return p.Message
		}
	}
	return nil
}

// topType returns the top-level media type and parameters.
func (m *Message) topType() (string, map[string]string) {
	mt, params, err := mime.ParseMediaType(m.Header.Get("Content-Type"))
	if err != nil && mt == "" {
		return "", nil
	}
	if params == nil {
		params = map[string]string{}
	}
	if _, ok := params["report-type"]; !ok {
		if sm := reportTypeRE.FindStringSubmatch(m.Header.Get("Content-Type")); sm != nil {
			params["report-type"] = strings.ToLower(sm[1])
		}
	}
	return mt, params
}
