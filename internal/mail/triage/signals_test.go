package triage_test

import (
	"strings"
	"testing"

	"github.com/r2p-coalition/r2p/internal/mail/triage"
)

// msg builds a small message: header lines, then the body.
func msg(body string, header ...string) []byte {
	h := []string{
		"Delivered-To: letters+s1g2n3@coalition.org",
		"Message-ID: <x1@mission.example>",
		"Date: Wed, 17 Sep 2025 10:00:00 +0000",
		"To: letters+s1g2n3@coalition.org",
		"In-Reply-To: <r2p.ga2025.s1g2n3@coalition.org>",
	}
	return []byte(strings.Join(append(h, header...), "\n") + "\n\n" + body)
}

// TestClassifySignals checks each signal alone, and the real-world
// headers that must not count as one.
func TestClassifySignals(t *testing.T) {
	const person = "From: Jean Dupont <j.dupont@mission.example>"
	for _, tc := range []struct {
		name   string
		raw    []byte
		kind   triage.Kind
		reason string
	}{
		{"plain reply", msg("Thank you.", person, "Subject: Re: Open letter"), triage.HumanReply, "person"},
		{"Auto-Submitted: auto-generated", msg("Ticket 123 opened.", person, "Subject: Re: Open letter", "Auto-Submitted: auto-generated"), triage.AutoReply, "Auto-Submitted: auto-generated"},
		{"Auto-Submitted: no", msg("Thank you.", person, "Subject: Re: Open letter", "Auto-Submitted: no"), triage.HumanReply, "person"},
		{"X-Autoreply", msg("Away.", person, "Subject: Re: Open letter", "X-Autoreply: yes"), triage.AutoReply, "X-Autoreply"},
		{"X-Autorespond", msg("Away.", person, "Subject: Open letter", "X-Autorespond: Open letter"), triage.AutoReply, "X-Autorespond"},
		{"Precedence: auto_reply", msg("Away.", person, "Subject: Re: Open letter", "Precedence: auto_reply"), triage.AutoReply, "auto_reply"},
		{"Precedence: bulk (old vacation)", msg("I am away from my mail.", person, "Subject: away from my mail", "Precedence: bulk"), triage.AutoReply, "Precedence: bulk"},
		{"Precedence: junk", msg("Away.", person, "Subject: Re: Open letter", "Precedence: junk"), triage.AutoReply, "Precedence: junk"},
		{"Precedence: list (a reply through a group)", msg("Thank you.", person, "Subject: Re: Open letter", "Precedence: list", "List-Id: <info.mission.example>"), triage.HumanReply, "person"},
		{"Precedence: bulk from a mailing list", msg("Thank you.", person, "Subject: Re: Open letter", "Precedence: bulk", "List-Id: <info.mission.example>"), triage.HumanReply, "person"},
		{"English Outlook subject", msg("Away.", person, "Subject: Automatic reply: Open letter"), triage.AutoReply, "automatic-reply subject"},
		{"French Outlook subject, encoded", msg("Absent.", person, "Subject: =?utf-8?Q?R=C3=A9ponse_automatique=C2=A0:_Lettre_ouverte?="), triage.AutoReply, "Réponse automatique"},
		{"Spanish Outlook subject", msg("Ausente.", person, "Subject: =?iso-8859-1?Q?Respuesta_autom=E1tica:_Carta_abierta?="), triage.AutoReply, "Respuesta automática"},
		{"Out of Office", msg("Away.", person, "Subject: Out of Office: Open letter"), triage.AutoReply, "Out of Office"},
		{"Russian subject", msg("Away.", person, "Subject: =?utf-8?B?0JDQstGC0L7QvNCw0YLQuNGH0LXRgdC60LjQuSDQvtGC0LLQtdGCOiBPcGVuIGxldHRlcg==?="), triage.AutoReply, "Автоматический ответ"},
		{"Arabic subject", msg("Away.", person, "Subject: =?utf-8?B?2LHYryDYqtmE2YLYp9im2Yo6IE9wZW4gbGV0dGVy?="), triage.AutoReply, "رد تلقائي"},
		{"Chinese subject", msg("Away.", person, "Subject: =?utf-8?B?6Ieq5Yqo562U5aSNOiBPcGVuIGxldHRlcg==?="), triage.AutoReply, "自动答复"},
		{"a person replying to an automatic reply", msg("Thank you.", person, "Subject: RE: Automatic reply: Open letter"), triage.HumanReply, "person"},
		{"X-MS-Exchange-Inbox-Rules-Loop alone", msg("Thank you.", person, "Subject: RE: Open letter", "X-MS-Exchange-Inbox-Rules-Loop: j.dupont@mission.example"), triage.HumanReply, "person"},
		{"X-Auto-Response-Suppress alone", msg("Thank you.", person, "Subject: RE: Open letter", "X-Auto-Response-Suppress: All"), triage.HumanReply, "person"},
		{"empty return path, a person's address", msg("Thank you.", person, "Return-Path: <>", "Subject: Re: Open letter"), triage.AutoReply, "empty return path"},
		{
			"auto-reply saying the address is gone is no bounce",
			msg("This address does not exist any more; please write to chancery@mission.example.", person, "Return-Path: <>", "Auto-Submitted: auto-replied", "Subject: Re: Open letter"),
			triage.AutoReply, "Auto-Submitted",
		},
		{"mail system, no bounce wording", msg("Your mailbox will be migrated.", "From: MAILER-DAEMON@mission.example", "Subject: notice"), triage.Unknown, "mail system"},
		{"no From", msg("Hello.", "Subject: Hello"), triage.Unknown, "no sender"},
		{
			"a person forwarding a bounce",
			msg("See below: your letter did not arrive.\n\n---------- Forwarded message ---------\nFrom: Mail Delivery System <MAILER-DAEMON@mission.example>\nSubject: Undelivered Mail Returned to Sender\n\nThis is a permanent error.", person, "Subject: Fwd: Undelivered Mail Returned to Sender"),
			triage.HumanReply, "person",
		},
		{
			"Exim-style subject and X-Failed-Recipients only",
			msg("(no text)", "From: Mailer-Daemon@mission.example", "Return-Path: <>", "Subject: Mail delivery failed: returning message to sender", "X-Failed-Recipients: a@mission.example"),
			triage.HardBounce, "bounce subject",
		},
		{
			"Exchange 2010 text NDR",
			msg("Delivery has failed to these recipients or groups:\n\nchancery@mission.example\nThe e-mail address you entered couldn't be found.\n\nDiagnostic information for administrators:\n\nchancery@mission.example\n#550 5.1.1 RESOLVER.ADR.RecipNotFound; not found ##\n",
				"From: postmaster@mission.example", "Subject: Undeliverable: Open letter"),
			triage.HardBounce, "delivery has failed",
		},
		{
			"wrapped wording and a typographic apostrophe",
			msg("Your message couldn’t be\ndelivered to the recipient.\n", "From: postmaster@mission.example", "Subject: Returned"),
			triage.HardBounce, "couldn’t be delivered",
		},
		{
			"Sendmail text delay warning",
			msg("    **********************************************\n    **      THIS IS A WARNING MESSAGE ONLY      **\n    **  YOU DO NOT NEED TO RESEND YOUR MESSAGE  **\n    **********************************************\n\nThe original message was received at Tue, 16 Sep 2025 05:45:18 -0400\n\n   ----- Transcript of session follows -----\n<info@mission.example>... Deferred: Connection timed out with mx.mission.example.\nWarning: message still undelivered after 4 hours\nWill keep trying until message is 5 days old\n",
				"From: Mail Delivery Subsystem <MAILER-DAEMON@relay.example>", "Subject: Warning: could not send message for past 4 hours"),
			triage.Delay, "this is a warning message only",
		},
		{
			"bounce quoting a letter that says without delay",
			msg("A message that you sent could not be delivered to one or more of its\nrecipients. This is a permanent error. The following address(es) failed:\n\n  a@mission.example\n    Unrouteable address\n\n------ This is a copy of the message, including all the headers. ------\n\nSubject: Open letter\n\nWe urge you to act without delay. Delivery attempts will continue.\n",
				"From: Mail Delivery System <Mailer-Daemon@relay.example>", "Subject: Mail delivery failed: returning message to sender"),
			triage.HardBounce, "could not be delivered to one or more",
		},
		{
			"read receipt",
			msg("--b\nContent-Type: text/plain\n\nYour message was displayed.\n--b\nContent-Type: message/disposition-notification\n\nReporting-UA: mission.example; Microsoft Outlook 16.0\nFinal-Recipient: rfc822;j.dupont@mission.example\nOriginal-Message-ID: <r2p.ga2025.s1g2n3@coalition.org>\nDisposition: manual-action/MDN-sent-manually; displayed\n--b--\n",
				person, "Subject: Read: Open letter", "MIME-Version: 1.0", "Content-Type: multipart/report; report-type=disposition-notification; boundary=b"),
			triage.AutoReply, "read receipt",
		},
		{
			"abuse report",
			msg("--b\nContent-Type: text/plain\n\nThis is an abuse report.\n--b\nContent-Type: message/feedback-report\n\nFeedback-Type: abuse\nUser-Agent: SomeGenerator/1.0\nVersion: 1\n--b--\n",
				"From: fbl@isp.example", "Subject: FW: Open letter", "MIME-Version: 1.0", "Content-Type: multipart/report; report-type=feedback-report; boundary=b"),
			triage.Unknown, "abuse report",
		},
		{
			"success report",
			msg("--b\nContent-Type: text/plain\n\nDelivered.\n--b\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.mission.example\n\nFinal-Recipient: rfc822; a@mission.example\nAction: relayed\nStatus: 2.0.0\n--b--\n",
				"From: postmaster@mission.example", "Return-Path: <>", "Subject: Relayed: Open letter", "MIME-Version: 1.0", "Content-Type: multipart/report; report-type=delivery-status; boundary=b"),
			triage.Delivered, "Action relayed",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := classify(t, tc.raw)
			if r.Kind != tc.kind {
				t.Errorf("Kind = %s (%s), want %s", r.Kind, r.Reason, tc.kind)
			}
			if !strings.Contains(strings.ToLower(r.Reason), strings.ToLower(tc.reason)) {
				t.Errorf("Reason = %q, want it to hold %q", r.Reason, tc.reason)
			}
			if r.Tag != "s1g2n3" {
				t.Errorf("Tag = %q, want s1g2n3", r.Tag)
			}
			if r.NullSender && r.Kind == triage.HumanReply {
				t.Errorf("a message with an empty return path is a human reply")
			}
			if len(r.References) == 0 || r.References[0] != "<r2p.ga2025.s1g2n3@coalition.org>" {
				t.Errorf("References = %q", r.References)
			}
		})
	}
}

func TestReadReceiptDisposition(t *testing.T) {
	r := classify(t, msg("--b\nContent-Type: message/disposition-notification\n\nDisposition: manual-action/MDN-sent-manually; displayed\n--b--\n",
		"From: a@mission.example", "Content-Type: multipart/report; report-type=disposition-notification; boundary=b"))
	if !strings.HasSuffix(r.Reason, "displayed") {
		t.Errorf("Reason = %q", r.Reason)
	}
}

// TestReferences checks the order of the Message-IDs offered for lookup.
func TestReferences(t *testing.T) {
	m, err := triage.Parse([]byte("From: a@mission.example\nSubject: Re: Re: x\nIn-Reply-To: <c@x>\nReferences: <a@x>\n <b@x> <c@x>\n\nHello\n"))
	if err != nil {
		t.Fatal(err)
	}
	r := triage.Classify(m)
	if got := strings.Join(r.References, " "); got != "<c@x> <b@x> <a@x>" {
		t.Errorf("References = %s", got)
	}
	if r.Tag != "" {
		t.Errorf("Tag %q without a mailbox", r.Tag)
	}
	if r := triage.Classify(nil); r.Kind != triage.Unknown {
		t.Errorf("Classify(nil) = %s", r.Kind)
	}
}

func TestKind(t *testing.T) {
	for k := triage.Unknown; k <= triage.Delivered; k++ {
		b, err := k.MarshalText()
		if err != nil {
			t.Fatal(err)
		}
		var back triage.Kind
		if err := back.UnmarshalText(b); err != nil || back != k {
			t.Errorf("%s: UnmarshalText(%q) = %s, %v", k, b, back, err)
		}
		if k.String() != string(b) {
			t.Errorf("String %q, MarshalText %q", k, b)
		}
	}
	if triage.HardBounce.String() != "hard_bounce" || triage.Delay.IsBounce() || !triage.SoftBounce.IsBounce() {
		t.Error("names or IsBounce wrong")
	}
	if _, err := triage.ParseKind("bounce"); err == nil {
		t.Error("ParseKind(bounce) did not fail")
	}
	if s := triage.Kind(42).String(); s != "Kind(42)" {
		t.Errorf("Kind(42).String() = %q", s)
	}
}

func TestTagSources(t *testing.T) {
	old := triage.MustParseMailbox("r2p@old.example")
	for _, tc := range []struct {
		name, raw, tag, source string
	}{
		{"Received for", "Received: from a by mx.coalition.org\n\tfor <letters+rcv123@coalition.org>; Tue, 16 Sep 2025 09:14:09 +0000\nFrom: a@mission.example\nTo: undisclosed-recipients:;\n\nx", "rcv123", "Received (for)"},
		{"Cc", "From: a@mission.example\nTo: someone@mission.example\nCc: Coalition <letters+cc4567@coalition.org>\n\nx", "cc4567", "Cc"},
		{"second Delivered-To", "Delivered-To: staff@coalition.org\nDelivered-To: letters+dt8901@coalition.org\nFrom: a@mission.example\n\nx", "dt8901", "Delivered-To"},
		{"envelope before To", "To: letters+to0000@coalition.org\nX-Original-To: letters+xo1111@coalition.org\nFrom: a@mission.example\n\nx", "xo1111", "X-Original-To"},
		{"the old mailbox", "To: r2p+old222@old.example\nFrom: a@mission.example\n\nx", "old222", "To"},
		{"no tag", "To: letters@coalition.org\nFrom: a@mission.example\n\nx", "", ""},
		{"a foreign domain", "To: letters+abc@coalition.org.evil.example\nFrom: a@mission.example\n\nx", "", ""},
	} {
		m, err := triage.Parse([]byte(tc.raw))
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		r := triage.Classify(m, letters, old)
		if r.Tag != tc.tag || r.TagSource != tc.source {
			t.Errorf("%s: tag %q from %q, want %q from %q", tc.name, r.Tag, r.TagSource, tc.tag, tc.source)
		}
	}
}
