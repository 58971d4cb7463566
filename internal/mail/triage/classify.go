package triage

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// autoSubjectRE: the subjects automatic replies get, in the UN's six
// languages and the others missions commonly write in.
var autoSubjectRE = regexp.MustCompile(`(?i)^\s*(automatic reply|auto[- ]?reply|autoreply|auto-response|auto response|auto|out of (the )?office( auto-?reply)?|ooo|réponse automatique|reponse automatique|absence du bureau|absent du bureau|respuesta automática|respuesta automatica|fuera de la oficina|ausente de la oficina|resposta automática|automatische antwort|abwesenheitsnotiz|risposta automatica|automatisch antwoord|автоматический ответ|автоответ|自动答复|自动回复|自動回覆|自動応答|자동 회신|رد تلقائي|رد آلي|otomatik yanıt|automatyczna odpowiedź|automatická odpověď|automatisk svar|automaattinen vastaus|αυτόματη απάντηση)[\s\x{00A0}\x{202F}]*[:：]`)

// Classify says what m is and which delivery it is about; boxes are the
// mailboxes whose tagged addresses identify deliveries (none: no tag is
// looked for). It never fails: what it cannot make out is Unknown, with
// the Reason.
func Classify(m *Message, boxes ...Mailbox) Result {
	if m == nil {
		return Result{Kind: Unknown, Reason: "no message"}
	}
	r := Result{
		MessageID:  m.MessageID,
		From:       m.From,
		FromName:   m.FromName,
		Subject:    m.Subject,
		Date:       m.Date,
		NullSender: m.NullSender,
		Problems:   slices.Clone(m.Problems),
	}
	var original *Message // the returned message of a bounce or report
	var rep *report

	mt, params := m.topType()
	reportType := strings.ToLower(params["report-type"])
	if p := findPart(m, "message/delivery-status", "message/global-delivery-status"); p != nil {
		rep = parseReport(p.Body, p.MediaType == "message/global-delivery-status")
		if len(rep.recipients) == 0 {
			r.Problems = append(r.Problems, "delivery-status part names no recipient")
		}
	} else if mt == "multipart/report" && reportType == "delivery-status" {
		r.Problems = append(r.Problems, "multipart/report of delivery-status without a delivery-status part")
	}

	switch {
	case rep != nil && len(rep.recipients) > 0:
		r.ReportingMTA, r.EnvelopeID = rep.reportingMTA, rep.envelopeID
		r.Kind = Unknown
		for _, rc := range rep.recipients {
			rc.Kind = recipientKind(rc)
			r.Recipients = append(r.Recipients, rc)
			r.Kind = worst(r.Kind, rc.Kind)
		}
		if r.Kind == Unknown {
			// A report without a usable Action or Status: its words may
			// still tell.
			if tb := readTextBounce(m, boxes); tb.kind != Unknown {
				r.Kind, r.Reason = tb.kind, "delivery status notification without Action or Status; "+tb.reason
				for i := range r.Recipients {
					r.Recipients[i].Kind = tb.kind
				}
			} else {
				r.Reason = "delivery status notification without a usable Action or Status"
			}
		} else {
			r.Reason = reportReason(r.Recipients, r.Kind)
		}
		original = m.attached()

	case reportType == "disposition-notification" || findPart(m, "message/disposition-notification",
		"message/global-disposition-notification") != nil:
		r.Kind = AutoReply
		r.Reason = "read receipt (message disposition notification)"
		if p := findPart(m, "message/disposition-notification", "message/global-disposition-notification"); p != nil {
			h, _, _, _ := parseHeader(p.Body)
			if d := strings.TrimSpace(h.Get("Disposition")); d != "" {
				r.Reason += ": " + unfoldSpaces(decodeHeader(d))
			}
			for _, id := range messageIDs(h.Get("Original-Message-Id")) {
				r.OriginalMessageID = id
			}
		}
		original = m.attached()

	case reportType == "feedback-report" || findPart(m, "message/feedback-report") != nil:
		r.Kind = Unknown
		r.Reason = "abuse report (ARF feedback-report): someone marked the letter as spam"
		original = m.attached()

	default:
		if tb := readTextBounce(m, boxes); tb.kind != Unknown {
			r.Kind, r.Reason, r.Recipients, original = tb.kind, tb.reason, tb.recipients, tb.original
			break
		}
		if why := autoSignal(m); why != "" {
			r.Kind, r.Reason = AutoReply, why
			r.Excerpt = excerpt(replyText(m))
			break
		}
		switch {
		case m.NullSender && isDaemon(m.From, m.FromName):
			r.Kind, r.Reason = Unknown, "message from a mail system that is not a recognised bounce or report"
		case m.NullSender:
			r.Kind, r.Reason = AutoReply, "empty return path (Return-Path: <>): sent by a machine"
			r.Excerpt = excerpt(replyText(m))
		case isDaemon(m.From, m.FromName):
			r.Kind, r.Reason = Unknown, "message from a mail system ("+m.From+m.FromName+") that is not a recognised bounce or report"
		case m.From == "":
			r.Kind, r.Reason = Unknown, "no sender address"
		default:
			r.Kind, r.Reason = HumanReply, "a person's message: no sign of a machine"
			r.Excerpt = excerpt(replyText(m))
		}
	}

	if original != nil {
		r.OriginalMessageID = cmp(r.OriginalMessageID, original.MessageID)
		r.OriginalSubject = original.Subject
	}
	if rep != nil && r.OriginalMessageID == "" {
		r.OriginalMessageID = rep.messageID
	}
	r.References = references(m, r.OriginalMessageID, rep)
	r.Tag, r.TagSource = findTag(m, rep, original, boxes)
	if len(r.Problems) == 0 {
		r.Problems = nil
	}
	r.sanitize()
	return r
}

// sanitize makes every text of r valid UTF-8: some come from raw header
// values, which may be anything.
func (r *Result) sanitize() {
	for _, s := range []*string{&r.Reason, &r.TagSource, &r.ReportingMTA, &r.EnvelopeID, &r.OriginalMessageID,
		&r.OriginalSubject, &r.MessageID, &r.From, &r.FromName, &r.Subject, &r.Excerpt} {
		*s = strings.ToValidUTF8(*s, "\uFFFD")
	}
	for i := range r.Recipients {
		rc := &r.Recipients[i]
		for _, s := range []*string{&rc.Address, &rc.OriginalRecipient, &rc.Action, &rc.Status,
			&rc.DiagnosticCode, &rc.RemoteMTA} {
			*s = strings.ToValidUTF8(*s, "\uFFFD")
		}
	}
	for i := range r.References {
		r.References[i] = strings.ToValidUTF8(r.References[i], "\uFFFD")
	}
	for i := range r.Problems {
		r.Problems[i] = strings.ToValidUTF8(r.Problems[i], "\uFFFD")
	}
}

func cmp(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// reportReason describes the verdict on a report's recipients.
func reportReason(rcs []Recipient, k Kind) string {
	for _, rc := range rcs {
		if rc.Kind != k {
			continue
		}
		s := "delivery status notification: Action " + cmp(rc.Action, "(none)")
		if rc.Status != "" {
			s += ", Status " + rc.Status
		}
		if k == SoftBounce && rc.Action == "failed" && strings.HasPrefix(rc.Status, "5.") {
			s += " (mailbox full: soft)"
		}
		if len(rcs) > 1 {
			s += fmt.Sprintf(" (the most serious of %d recipients)", len(rcs))
		}
		return s
	}
	return "delivery status notification"
}

// findPart returns the first leaf part of one of the media types, outside
// attached messages.
func findPart(m *Message, types ...string) *Part {
	for _, p := range m.Parts {
		if slices.Contains(types, p.MediaType) {
			return p
		}
	}
	return nil
}

// autoSignal returns why m is an automatic reply, or "".
func autoSignal(m *Message) string {
	h := m.Header
	if v := strings.TrimSpace(h.Get("Auto-Submitted")); v != "" && firstWord(v) != "no" {
		return "Auto-Submitted: " + unfoldSpaces(decodeHeader(v))
	}
	for _, name := range []string{"X-Autoreply", "X-Autorespond", "X-Autoresponder", "X-Auto-Reply",
		"X-Autogenerated", "X-Mail-Autoreply", "X-Vacation"} {
		if vs, ok := h[name]; ok {
			v := ""
			if len(vs) > 0 {
				v = strings.TrimSpace(vs[0])
			}
			if l := strings.ToLower(v); l == "no" || l == "false" || l == "0" {
				continue
			}
			return name + " header"
		}
	}
	for _, name := range []string{"Precedence", "X-Precedence"} {
		switch p := firstWord(h.Get(name)); p {
		case "auto_reply", "auto-reply":
			return name + ": " + p
		case "bulk", "junk":
			if h.Get("List-Id") == "" {
				return name + ": " + p
			}
		}
	}
	if sm := autoSubjectRE.FindString(m.Subject); sm != "" {
		return "automatic-reply subject " + fmt.Sprintf("%q", strings.TrimSpace(sm))
	}
	return ""
}

// references lists the Message-IDs m refers to, the most telling first.
func references(m *Message, original string, rep *report) []string {
	var ids []string
	add := func(id string) {
		if id != "" && !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	add(original)
	if rep != nil {
		add(rep.messageID)
	}
	for _, id := range m.InReplyTo {
		add(id)
	}
	for i := len(m.References) - 1; i >= 0; i-- {
		add(m.References[i])
	}
	return ids
}

// tagHeaders are the incoming message's fields that may hold the tagged
// address, the envelope recipient first.
var tagHeaders = []string{"Delivered-To", "X-Original-To", "Envelope-To", "X-Envelope-To", "X-Delivered-To",
	"X-Rcpt-To", "X-Forwarded-To", "To", "Cc"}

// originalTagHeaders are the returned original's fields that may hold it.
var originalTagHeaders = []string{"Return-Path", "Reply-To", "Sender", "Errors-To", "From"}

var receivedForRE = regexp.MustCompile(`(?i)\bfor\s+<?([^<>\s;]+@[^<>\s;]+?)>?\s*;`)

// findTag looks for a tagged address of one of the boxes, from the most
// reliable place to the least.
func findTag(m *Message, rep *report, original *Message, boxes []Mailbox) (tag, source string) {
	if len(boxes) == 0 {
		return "", ""
	}
	try := func(addrs []string) string {
		for _, a := range addrs {
			for _, b := range boxes {
				if t, ok := b.Tag(a); ok {
					return t
				}
			}
		}
		return ""
	}
	if rep != nil && rep.sender != "" {
		if t := try([]string{rep.sender}); t != "" {
			return t, rep.senderField + " of the report"
		}
	}
	for _, name := range tagHeaders {
		for _, v := range m.Header[name] {
			if t := try(addresses(v)); t != "" {
				return t, name
			}
		}
		if name == "X-Forwarded-To" {
			// Received: ... for <letters+tag@...>; is an envelope
			// recipient too, less often present than the others.
			for _, v := range m.Header["Received"] {
				if sm := receivedForRE.FindStringSubmatch(v); sm != nil {
					if t := try([]string{sm[1]}); t != "" {
						return t, "Received (for)"
					}
				}
			}
		}
	}
	if original != nil {
		for _, name := range originalTagHeaders {
			for _, v := range original.Header[name] {
				if t := try(addresses(v)); t != "" {
					return t, name + " of the returned message"
				}
			}
		}
	}
	return "", ""
}
