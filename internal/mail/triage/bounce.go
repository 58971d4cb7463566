package triage

import (
	"fmt"
	"regexp"
	"strings"
)

// Plain-text bounces: the wording of the mail servers that do not send
// RFC 3464 reports, or whose reports lost their structure.
var (
	// copyMarkerRE finds where a text bounce starts quoting the returned
	// message; the bounce's own words are before it.
	copyMarkerRE = regexp.MustCompile(`(?im)^[ \t]*(-{2,}.{0,40}(copy of (the|your) message|original message|unsent message|returned message|message headers|message follows|undelivered message)|below this line is a copy of the message|original message headers:).*$`)

	// permanentRE: wording that a server gave up for good; it outweighs
	// the delay wording, which a final bounce may quote.
	permanentRE = phraseRE("this is a permanent error", "permanent fatal errors", "failed permanently",
		"i've given up", "i'm not going to try again", "has been in the queue too long", "retry timeout exceeded",
		"could not be delivered to one or more of its recipients", "following address(es) failed",
		"wasn't able to deliver your message", "delivery has failed to these recipients",
		"delivery to the following recipient failed", "delivery to the following recipients failed")

	// delayRE: wording of a warning that delivery is still being tried.
	delayRE = phraseRE("has not yet been delivered", "not been delivered yet", "this is a warning only",
		"this is a warning message only", "you do not need to resend your message",
		"no action is required on your part",
		"delivery attempts will continue", "will be retried until", "still being retried", "will keep trying",
		"will continue trying", "will continue to try", "delivery has been delayed", "delivery is delayed",
		"delivery has delayed", "message delayed", "message is delayed", "delivery incomplete", "still undelivered",
		"could not be delivered for more than")

	// bounceRE: wording of a failure, when nothing says permanent.
	bounceRE = phraseRE("could not be delivered", "couldn't be delivered", "could not deliver", "couldn't deliver",
		"wasn't delivered", "was not delivered", "unable to deliver", "undeliverable", "undelivered mail",
		"delivery failed", "delivery failure", "permanent failure", "returned to sender", "user unknown",
		"unknown user", "no such user", "no mailbox here", "mailbox unavailable", "mailbox not found",
		"recipient address rejected", "recipient not found", "address rejected", "unrouteable address",
		"does not exist", "n'a pas pu être remis", "impossible de remettre", "no se pudo entregar",
		"no ha podido ser entregado", "no se ha podido entregar")

	bounceSubjectRE = regexp.MustCompile(`(?i)^\s*(undeliverable|undelivered mail|mail delivery failed|delivery status notification \(failure\)|failure notice|returned mail|delivery failure|mail delivery failure|non remis|non distribuable|impossible de remettre|no se puede entregar|no entregado|unzustellbar|message not delivered|nondeliverable|delivery notification: delivery has failed|mail system error|undelivered message)`)
	delaySubjectRE  = regexp.MustCompile(`(?i)^\s*(delayed mail|delivery delayed|delivery status notification \(delay\)|warning: message \S+ delayed|warning: could not send message|delivery notification: delivery has been delayed|message delayed|remise différée|remise retardée|entrega retrasada|entrega demorada)`)

	addressLineRE = regexp.MustCompile(`^\s*<([^<>\s]+@[^<>\s]+)>[.:]*\s*(.*)$|^\s*([^<>\s:]+@[^<>\s:]+?):?\s*$`)
)

// daemonLocals are the local parts mail systems send reports from.
var daemonLocals = map[string]bool{
	"mailer-daemon": true, "mailer_daemon": true, "mailerdaemon": true, "mail-daemon": true,
	"maildaemon": true, "postmaster": true, "mdaemon": true, "mail.delivery.system": true,
}

// isDaemon reports whether a sender is a mail system rather than a person
// or a person's auto-responder: MAILER-DAEMON, postmaster, Exchange's
// MicrosoftExchange329e71ec88ae4615bbc36ab6ce41109e, or a display name
// "Mail Delivery System" / "Mail Delivery Subsystem".
func isDaemon(addr, name string) bool {
	local := strings.ToLower(addr)
	if at := strings.LastIndexByte(local, '@'); at >= 0 {
		local = local[:at]
	}
	if daemonLocals[local] || strings.HasPrefix(local, "microsoftexchange") {
		return true
	}
	n := strings.ToLower(name)
	return strings.Contains(n, "mail delivery") || strings.Contains(n, "mailer-daemon") ||
		strings.Contains(n, "mailer daemon") || n == "postmaster" || strings.Contains(n, "delivery subsystem")
}

// textBounce is what a plain-text bounce says.
type textBounce struct {
	kind       Kind // HardBounce, SoftBounce or Delay; Unknown when it is not a bounce
	reason     string
	recipients []Recipient
	original   *Message // the returned message's header, when the text quotes it
}

// bounceText returns the text a mail system wrote in a message: the first
// text part outside attached messages, cut where it starts quoting the
// returned message, and the quoted rest.
func bounceText(m *Message) (own, quoted string) {
	text := m.Text()
	if loc := copyMarkerRE.FindStringIndex(text); loc != nil {
		return text[:loc[0]], text[loc[1]:]
	}
	return text, ""
}

// readTextBounce recognises a bounce or delay warning in plain text. The
// message must come from a mail system (see isDaemon), have an empty
// return path, or carry X-Failed-Recipients; then its subject or its own
// words must say failure or delay.
func readTextBounce(m *Message, boxes []Mailbox) textBounce {
	failedHdr := m.Header.Get("X-Failed-Recipients")
	daemon := isDaemon(m.From, m.FromName)
	if !daemon && !m.NullSender && failedHdr == "" {
		return textBounce{}
	}
	// An empty return path alone is weak evidence: automatic replies have
	// one too, and some say "this address does not exist any more".
	weak := !daemon && failedHdr == ""
	if weak && autoSignal(m) != "" {
		return textBounce{}
	}
	own, quoted := bounceText(m)
	var tb textBounce
	switch {
	case permanentRE.MatchString(own):
		tb.kind, tb.reason = HardBounce, "bounce text: "+phrase(permanentRE, own)
	case delayRE.MatchString(own):
		tb.kind, tb.reason = Delay, "delay warning: "+phrase(delayRE, own)
	case delaySubjectRE.MatchString(m.Subject):
		tb.kind, tb.reason = Delay, "delay warning subject: "+phrase(delaySubjectRE, m.Subject)
	case !weak && bounceRE.MatchString(own):
		tb.kind, tb.reason = HardBounce, "bounce text: "+phrase(bounceRE, own)
	case bounceSubjectRE.MatchString(m.Subject):
		tb.kind, tb.reason = HardBounce, "bounce subject: "+phrase(bounceSubjectRE, m.Subject)
	case failedHdr != "":
		tb.kind, tb.reason = HardBounce, "X-Failed-Recipients"
	default:
		return textBounce{}
	}
	action := "failed"
	if tb.kind == Delay {
		action = "delayed"
	}

	// The recipients: those the text names, with what follows each; then
	// X-Failed-Recipients.
	seen := map[string]bool{}
	add := func(addr, diag string) {
		addr = strings.Trim(addr, "<>.,;:'\"")
		key := strings.ToLower(addr)
		if addr == "" || seen[key] || isDaemon(addr, "") || ours(addr, boxes) {
			return
		}
		seen[key] = true
		tb.recipients = append(tb.recipients, Recipient{Address: addr, Action: action, DiagnosticCode: diag})
	}
	lines := strings.Split(own, "\n")
	for i := 0; i < len(lines); i++ {
		sm := addressLineRE.FindStringSubmatch(lines[i])
		if sm == nil {
			continue
		}
		addr, diag := sm[1]+sm[3], []string{}
		if s := strings.TrimSpace(sm[2]); s != "" {
			diag = append(diag, s)
		}
		for i+1 < len(lines) && strings.TrimSpace(lines[i+1]) != "" && !addressLineRE.MatchString(lines[i+1]) {
			i++
			diag = append(diag, strings.TrimSpace(lines[i]))
		}
		add(addr, strings.Join(diag, " "))
	}
	for _, a := range addresses(failedHdr) {
		add(a, "")
	}

	// The returned message: attached, or quoted after the marker.
	tb.original = m.attached()
	if tb.original == nil && quoted != "" {
		q := strings.TrimLeft(quoted, "\r\n \t")
		if h, _, n, _ := parseHeader([]byte(q)); n >= 2 {
			tb.original = &Message{Header: h}
			tb.original.readFields()
		}
	}
	if len(tb.recipients) == 0 && tb.original != nil {
		for _, a := range addresses(tb.original.Header.Get("To")) {
			add(a, "")
		}
	}

	status := findStatus(own)
	for i := range tb.recipients {
		rc := &tb.recipients[i]
		rc.Status = findStatus(rc.DiagnosticCode)
		if rc.Status == "" && len(tb.recipients) == 1 {
			rc.Status = status
		}
		if tb.kind == Delay {
			rc.Kind = Delay
			continue
		}
		diag := rc.DiagnosticCode
		if diag == "" {
			diag = own
		}
		rc.Kind = failureKind(rc.Status, diag)
	}
	if tb.kind != Delay {
		if len(tb.recipients) == 0 {
			tb.kind = failureKind(status, own)
		} else {
			tb.kind = Unknown
			for _, rc := range tb.recipients {
				tb.kind = worst(tb.kind, rc.Kind)
			}
		}
	}
	return tb
}

func ours(addr string, boxes []Mailbox) bool {
	for _, b := range boxes {
		if b.Matches(addr) {
			return true
		}
	}
	return false
}

// phrase is what re matched in s, on one line, in quotes.
func phrase(re *regexp.Regexp, s string) string {
	return fmt.Sprintf("%q", unfoldSpaces(re.FindString(s)))
}

// phraseRE matches any of the phrases, ignoring case, with any run of
// white space (a line break too) between words and either apostrophe.
func phraseRE(phrases ...string) *regexp.Regexp {
	alts := make([]string, len(phrases))
	for i, p := range phrases {
		q := regexp.QuoteMeta(p)
		q = strings.ReplaceAll(q, " ", `\s+`)
		q = strings.ReplaceAll(q, "'", `['’]`)
		alts[i] = q
	}
	return regexp.MustCompile(`(?i)(` + strings.Join(alts, "|") + `)`)
}
