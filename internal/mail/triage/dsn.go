package triage

import (
	"bytes"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// report is a parsed message/delivery-status body (RFC 3464).
type report struct {
	reportingMTA string
	envelopeID   string
	sender       string // the original envelope sender, when the report gives it (X-Postfix-Sender)
	senderField  string // the field it came from
	messageID    string // the original's Message-ID, when the report gives it (X-Original-Message-ID)
	recipients   []Recipient
}

// parseReport reads the per-message fields and the per-recipient groups.
// A group with Final-Recipient, Original-Recipient or Action is a recipient;
// fields of the other groups are per-message fields (some servers leave
// out the empty line between the two kinds).
func parseReport(body []byte, global bool) *report {
	r := &report{}
	for _, g := range splitGroups(body) {
		h, _, n, _ := parseHeader(g)
		if n == 0 {
			continue
		}
		if v := h.Get("Reporting-Mta"); v != "" && r.reportingMTA == "" {
			r.reportingMTA = unfoldSpaces(decodeHeader(v))
		}
		if v := h.Get("Original-Envelope-Id"); v != "" && r.envelopeID == "" {
			r.envelopeID = strings.TrimSpace(v)
		}
		if r.sender == "" {
			names := make([]string, 0, 2)
			for name := range h {
				if strings.HasPrefix(name, "X-") && strings.HasSuffix(name, "-Sender") {
					names = append(names, name)
				}
			}
			slices.Sort(names)
			for _, name := range names {
				if a := typedAddress(h.Get(name), global); strings.Contains(a, "@") {
					r.sender, r.senderField = a, name
					break
				}
			}
		}
		if r.messageID == "" {
			if ids := messageIDs(h.Get("X-Original-Message-Id")); len(ids) > 0 {
				r.messageID = ids[0]
			}
		}
		final, orig, action := h.Get("Final-Recipient"), h.Get("Original-Recipient"), h.Get("Action")
		if final == "" && orig == "" && action == "" {
			continue
		}
		rc := Recipient{
			Address:           typedAddress(final, global),
			OriginalRecipient: typedAddress(orig, global),
			Action:            firstWord(action),
			Status:            enhancedStatusAt(h.Get("Status")),
			DiagnosticCode:    unfoldSpaces(decodeHeader(h.Get("Diagnostic-Code"))),
			RemoteMTA:         unfoldSpaces(decodeHeader(h.Get("Remote-Mta"))),
		}
		if rc.Address == "" {
			rc.Address = rc.OriginalRecipient
		}
		r.recipients = append(r.recipients, rc)
	}
	return r
}

// splitGroups splits a delivery-status body at its empty lines.
func splitGroups(b []byte) [][]byte {
	var groups [][]byte
	start := -1
	pos := 0
	rest := b
	for len(rest) > 0 {
		line, next := cutLine(rest)
		lineStart := pos
		pos += len(rest) - len(next)
		rest = next
		if len(bytes.TrimSpace(line)) == 0 {
			if start >= 0 {
				groups = append(groups, b[start:lineStart])
				start = -1
			}
			continue
		}
		if start < 0 {
			start = lineStart
		}
	}
	if start >= 0 {
		groups = append(groups, b[start:])
	}
	return groups
}

// typedAddress reads "rfc822; user@example.org" (or utf-8;, or no type)
// into the address.
func typedAddress(v string, global bool) string {
	v = strings.TrimSpace(v)
	if v == "" {
		return ""
	}
	typ := ""
	if i := strings.IndexByte(v, ';'); i >= 0 {
		typ = strings.ToLower(strings.TrimSpace(v[:i]))
		v = strings.TrimSpace(v[i+1:])
	}
	if typ == "utf-8" || global {
		v = unescapeUTF8Address(v)
	}
	v = decodeHeader(v)
	return bareAddress(v)
}

var utf8EscapeRE = regexp.MustCompile(`\\x\{([0-9A-Fa-f]{1,6})\}`)

// unescapeUTF8Address undoes RFC 6533's \x{HHHH} escapes.
func unescapeUTF8Address(s string) string {
	return utf8EscapeRE.ReplaceAllStringFunc(s, func(m string) string {
		n, err := strconv.ParseUint(m[3:len(m)-1], 16, 32)
		if err != nil || n > 0x10FFFF || n >= 0xD800 && n <= 0xDFFF {
			return m
		}
		return string(rune(n))
	})
}

func firstWord(s string) string {
	f := strings.Fields(strings.ToLower(s))
	if len(f) == 0 {
		return ""
	}
	return strings.Trim(f[0], ";,.()")
}

func unfoldSpaces(s string) string { return strings.Join(strings.Fields(s), " ") }

var statusAtStartRE = regexp.MustCompile(`^([245])\.(\d{1,3})\.(\d{1,3})\b`)

// enhancedStatusAt reads a Status value, "5.1.1 (user unknown)", into
// "5.1.1"; "" when it does not start with a status code.
func enhancedStatusAt(v string) string {
	v = strings.TrimSpace(v)
	sm := statusAtStartRE.FindStringSubmatch(v)
	if sm == nil {
		return ""
	}
	return normStatus(sm[1], sm[2], sm[3])
}

// normStatus writes a code without leading zeros: "5.01.001" is "5.1.1".
func normStatus(class, subject, detail string) string {
	s, _ := strconv.Atoi(subject)
	d, _ := strconv.Atoi(detail)
	return class + "." + strconv.Itoa(s) + "." + strconv.Itoa(d)
}

var statusAnywhereRE = regexp.MustCompile(`([245])\.(\d{1,3})\.(\d{1,3})`)

// findStatus returns the first enhanced status code in free text, such as
// "550 5.1.1 <x>: user unknown" or qmail's "(#5.1.1)", skipping numbers that
// are part of something longer (IP addresses, versions).
func findStatus(s string) string {
	for _, loc := range statusAnywhereRE.FindAllStringSubmatchIndex(s, 20) {
		start, end := loc[0], loc[1]
		if start > 0 {
			c := s[start-1]
			if c == '.' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' {
				continue
			}
		}
		if end < len(s) {
			c := s[end]
			if c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' {
				continue
			}
			if c == '.' && end+1 < len(s) && s[end+1] >= '0' && s[end+1] <= '9' {
				continue
			}
		}
		return normStatus(s[loc[2]:loc[3]], s[loc[4]:loc[5]], s[loc[6]:loc[7]])
	}
	return ""
}

var smtpCodeRE = regexp.MustCompile(`(?:^|[^0-9.#])([245])[0-9]{2}(?:[ -]|$)`)

// smtpClass returns the class ('4' or '5') of the first SMTP reply code in
// free text, such as "550 Requested action not taken", or 0.
func smtpClass(s string) byte {
	if sm := smtpCodeRE.FindStringSubmatch(s); sm != nil {
		return sm[1][0]
	}
	return 0
}

// failureKind says whether a failed delivery is hard or soft, from its
// status code and the server's words.
func failureKind(status, diagnostic string) Kind {
	code := status
	// "5.0.0" says little; a more precise code in the diagnostic counts.
	if code == "" || strings.HasSuffix(code, ".0.0") {
		if d := findStatus(diagnostic); d != "" && (code == "" || d[0] == code[0]) {
			code = d
		}
	}
	if overQuota(diagnostic) {
		return SoftBounce
	}
	switch {
	case code == "5.2.2":
		return SoftBounce
	case strings.HasPrefix(code, "4."):
		return SoftBounce
	case strings.HasPrefix(code, "5."):
		return HardBounce
	}
	if smtpClass(diagnostic) == '4' {
		return SoftBounce
	}
	return HardBounce
}

var overQuotaRE = regexp.MustCompile(`(?i)\b(over ?quota|quota exceeded|exceeded (?:its|the|their|his|her)? ?(?:storage|quota)|mailbox (?:is )?full|mailbox size limit|insufficient (?:system )?storage|boîte (?:aux lettres |de réception )?(?:est )?pleine|buzón (?:está )?lleno)`)

func overQuota(s string) bool { return overQuotaRE.MatchString(s) }

// recipientKind is the verdict on one recipient of a report.
func recipientKind(rc Recipient) Kind {
	switch rc.Action {
	case "failed":
		return failureKind(rc.Status, rc.DiagnosticCode)
	case "delayed":
		return Delay
	case "delivered", "relayed", "expanded":
		return Delivered
	}
	// No Action, or one RFC 3464 does not know: go by the status.
	switch {
	case strings.HasPrefix(rc.Status, "5."):
		return failureKind(rc.Status, rc.DiagnosticCode)
	case strings.HasPrefix(rc.Status, "4."):
		return Delay
	case strings.HasPrefix(rc.Status, "2."):
		return Delivered
	}
	return Unknown
}

// worst is the verdict over several recipients: a hard bounce outweighs a
// soft one, which outweighs a delay, which outweighs a success.
func worst(a, b Kind) Kind {
	rank := func(k Kind) int {
		switch k {
		case HardBounce:
			return 4
		case SoftBounce:
			return 3
		case Delay:
			return 2
		case Delivered:
			return 1
		}
		return 0
	}
	if rank(b) > rank(a) {
		return b
	}
	return a
}
