package triage_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/r2p-coalition/r2p/internal/mail/triage"
)

var letters = triage.MustParseMailbox("letters@coalition.org")

func readTestdata(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func classify(t *testing.T, raw []byte) triage.Result {
	t.Helper()
	m, err := triage.Parse(raw)
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	return triage.Classify(m, letters)
}

// want is what a test expects of a Result; empty fields are not checked,
// except Tag, which is always checked.
type want struct {
	kind      triage.Kind
	tag       string
	tagSource string
	// The first recipient.
	recipient, action, status, diagnostic string
	origID                                string
	reason                                string // a substring of Reason
	from, subject                         string
	excerpt                               string // a prefix of Excerpt
	excerptHas, excerptLacks              []string
	problems                              bool // Problems may be non-empty
}

func check(t *testing.T, r triage.Result, w want) {
	t.Helper()
	if r.Kind != w.kind {
		t.Errorf("Kind = %s (%s), want %s", r.Kind, r.Reason, w.kind)
	}
	if r.Tag != w.tag {
		t.Errorf("Tag = %q (from %q), want %q", r.Tag, r.TagSource, w.tag)
	}
	if w.tagSource != "" && r.TagSource != w.tagSource {
		t.Errorf("TagSource = %q, want %q", r.TagSource, w.tagSource)
	}
	if w.recipient != "" || w.status != "" || w.action != "" {
		if len(r.Recipients) == 0 {
			t.Fatalf("no recipients; want %s", w.recipient)
		}
		rc := r.Recipients[0]
		if rc.Address != w.recipient {
			t.Errorf("recipient = %q, want %q", rc.Address, w.recipient)
		}
		if rc.Action != w.action {
			t.Errorf("action = %q, want %q", rc.Action, w.action)
		}
		if rc.Status != w.status {
			t.Errorf("status = %q, want %q", rc.Status, w.status)
		}
		if !strings.Contains(rc.DiagnosticCode, w.diagnostic) {
			t.Errorf("diagnostic = %q, want it to hold %q", rc.DiagnosticCode, w.diagnostic)
		}
		if rc.Kind != w.kind {
			t.Errorf("recipient kind = %s, want %s", rc.Kind, w.kind)
		}
	} else if w.kind.IsBounce() || w.kind == triage.Delay {
		t.Errorf("test case names no recipient for a %s", w.kind)
	}
	if w.origID != "" {
		if r.OriginalMessageID != w.origID {
			t.Errorf("OriginalMessageID = %q, want %q", r.OriginalMessageID, w.origID)
		}
		if len(r.References) == 0 || r.References[0] != w.origID {
			t.Errorf("References = %q, want %q first", r.References, w.origID)
		}
	}
	if !strings.Contains(strings.ToLower(r.Reason), strings.ToLower(w.reason)) {
		t.Errorf("Reason = %q, want it to hold %q", r.Reason, w.reason)
	}
	if w.from != "" && r.From != w.from {
		t.Errorf("From = %q, want %q", r.From, w.from)
	}
	if w.subject != "" && r.Subject != w.subject {
		t.Errorf("Subject = %q, want %q", r.Subject, w.subject)
	}
	if !strings.HasPrefix(r.Excerpt, w.excerpt) {
		t.Errorf("Excerpt = %q, want it to start %q", r.Excerpt, w.excerpt)
	}
	for _, s := range w.excerptHas {
		if !strings.Contains(r.Excerpt, s) {
			t.Errorf("Excerpt = %q, want it to hold %q", r.Excerpt, s)
		}
	}
	for _, s := range w.excerptLacks {
		if strings.Contains(r.Excerpt, s) {
			t.Errorf("Excerpt = %q holds %q", r.Excerpt, s)
		}
	}
	if (w.kind == triage.HumanReply || w.kind == triage.AutoReply) && r.Excerpt == "" {
		t.Errorf("no Excerpt for a %s", w.kind)
	}
	if w.kind.IsBounce() && r.Excerpt != "" {
		t.Errorf("Excerpt %q for a bounce", r.Excerpt)
	}
	if len(r.Problems) > 0 && !w.problems {
		t.Errorf("Problems = %q for a well-formed message", r.Problems)
	}
}

func TestClassifySamples(t *testing.T) {
	for _, tc := range []struct {
		file string
		want want
	}{
		{"postfix-hard-5.1.1.eml", want{
			kind: triage.HardBounce, tag: "k7m2p9", tagSource: "X-Postfix-Sender of the report",
			recipient: "chancery@pmun-arcadia.example", action: "failed", status: "5.1.1",
			diagnostic: "smtp; 550 5.1.1 <chancery@pmun-arcadia.example>: Recipient address rejected: User unknown in virtual mailbox table",
			origID:     "<r2p.ga2025.k7m2p9@coalition.org>", reason: "Action failed, Status 5.1.1",
			from: "MAILER-DAEMON@relay.coalition.org", subject: "Undelivered Mail Returned to Sender",
		}},
		{"exim-permanent.eml", want{
			kind: triage.HardBounce, tag: "x4n8d2", tagSource: "Envelope-To",
			recipient: "mission@pmun-borduria.example", action: "failed", status: "5.1.1",
			diagnostic: "550 5.1.1 <mission@pmun-borduria.example>: Recipient address rejected: User unknown in local recipient table",
			origID:     "<r2p.ga2025.x4n8d2@coalition.org>", reason: `bounce text: "could not be delivered to one or more of its recipients"`,
		}},
		{"exim-delay.eml", want{
			kind: triage.Delay, tag: "q2w8r5", tagSource: "Envelope-To",
			recipient: "info@pmun-syldavia.example", action: "delayed", status: "4.7.1",
			diagnostic: "451 4.7.1 Greylisting in action",
			reason:     `delay warning: "has not yet been delivered"`,
		}},
		{"o365-ndr-5.1.10.eml", want{
			kind: triage.HardBounce, tag: "h3j5k7", tagSource: "Delivered-To",
			recipient: "ambassador@freedonia-un.example", action: "failed", status: "5.1.10",
			diagnostic: "smtp;550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient ambassador@freedonia-un.example not found by SMTP address lookup",
			origID:     "<r2p.ga2025.h3j5k7@coalition.org>",
			from:       "postmaster@pmunfreedonia.onmicrosoft.com", subject: "Undeliverable: Open letter on the Responsibility to Protect",
		}},
		{"gmail-5.1.1.eml", want{
			kind: triage.HardBounce, tag: "t6y8u2", tagSource: "Delivered-To",
			recipient: "pm@genovia-mission.example", action: "failed", status: "5.1.1",
			diagnostic: "User unknown in relay recipient table",
			origID:     "<r2p.ga2025.t6y8u2@coalition.org>",
			from:       "mailer-daemon@googlemail.com", subject: "Delivery Status Notification (Failure)",
		}},
		{"sendmail-5.1.1.eml", want{
			kind: triage.HardBounce, tag: "b5n7m3", tagSource: "Delivered-To",
			recipient: "deputy@pmun-elbonia.example", action: "failed", status: "5.1.1",
			diagnostic: "SMTP; 550 5.1.1 <deputy@pmun-elbonia.example>... User unknown",
			origID:     "<r2p.ga2025.b5n7m3@coalition.org>",
		}},
		{"qmail-5.1.1.eml", want{
			kind: triage.HardBounce, tag: "z9x7c5", tagSource: "Delivered-To",
			recipient: "un.mission@pmun-tomainia.example", action: "failed", status: "5.1.1",
			diagnostic: "Sorry, no mailbox here by that name. (#5.1.1)",
			origID:     "<r2p.ga2025.z9x7c5@coalition.org>", reason: `bounce text: "wasn't able to deliver your message"`,
			subject: "failure notice",
		}},
		{"exchange-5.2.2-quota.eml", want{
			kind: triage.SoftBounce, tag: "m4n6b8", tagSource: "Delivered-To",
			recipient: "v.ostrovsky@pmun-ruritania.example", action: "failed", status: "5.2.2",
			diagnostic: "554 5.2.2 mailbox full",
			origID:     "<r2p.ga2025.m4n6b8@coalition.org>", reason: "mailbox full",
		}},
		{"postfix-delay-4.4.1.eml", want{
			kind: triage.Delay, tag: "e5f6g7", tagSource: "X-Postfix-Sender of the report",
			recipient: "chancery@pmun-latveria.example", action: "delayed", status: "4.4.1",
			diagnostic: "X-Postfix; connect to mx.pmun-latveria.example[203.0.113.201]:25: Connection timed out",
			origID:     "<r2p.ga2025.e5f6g7@coalition.org>", reason: "Action delayed, Status 4.4.1",
			subject: "Delayed Mail (still being retried)",
		}},
		{"outlook-ooo.eml", want{
			kind: triage.AutoReply, tag: "w3e5r7", tagSource: "Delivered-To",
			reason: "Auto-Submitted: auto-replied", from: "m.stellanova@pmun-san-lorenzo.example",
			subject: "Automatic reply: Open letter on the Responsibility to Protect",
			excerpt: "I am out of the office until Monday 29 September 2025",
		}},
		{"vacation-sieve.eml", want{
			kind: triage.AutoReply, tag: "p8o6i4", tagSource: "Delivered-To",
			reason: "Auto-Submitted: auto-replied (vacation)", from: "counsellor@pmun-grand-fenwick.example",
			excerpt: "Je suis absent jusqu'au 3 octobre ; votre message sera traité à mon retour.",
		}},
		{"human-fr-qp-latin1.eml", want{
			kind: triage.HumanReply, tag: "f4g6h8", tagSource: "Delivered-To",
			from:         "secretariat@mission-ruritanie.example",
			subject:      "RE\u00a0: Lettre ouverte sur la responsabilité de protéger",
			excerpt:      "Madame, Monsieur, La Mission permanente de la République de Ruritanie auprès de l'Organisation des Nations Unies accuse réception de votre lettre ouverte",
			excerptLacks: []string{"Excellence", "Envoyé", "____"},
		}},
		{"human-es-base64.eml", want{
			kind: triage.HumanReply, tag: "a9s8d7", tagSource: "Delivered-To",
			from:         "consejeria@santheodoros-onu.example",
			subject:      "Re: Carta abierta sobre la responsabilidad de proteger — Coalición Global",
			excerpt:      "Estimados señores: La Misión Permanente de la República de San Theodoros ante las Naciones Unidas acusa recibo de su carta abierta",
			excerptHas:   []string{"Consejería Jurídica"},
			excerptLacks: []string{"escribió", "Excelencia", ">"},
		}},
		{"human-en-plain.eml", want{
			kind: triage.HumanReply, tag: "r3t5y7", tagSource: "Delivered-To",
			excerpt:      "Dear colleagues, Thank you for your letter.",
			excerptHas:   []string{"From our side, we would welcome a meeting"},
			excerptLacks: []string{"Srebrenica", "wrote"},
		}},
	} {
		t.Run(tc.file, func(t *testing.T) {
			check(t, classify(t, readTestdata(t, tc.file)), tc.want)
		})
	}
}

// TestClassifyVariants changes the samples the way other servers and
// situations would.
func TestClassifyVariants(t *testing.T) {
	replace := func(file string, pairs ...string) []byte {
		s := string(readTestdata(t, file))
		for i := 0; i < len(pairs); i += 2 {
			if !strings.Contains(s, pairs[i]) {
				t.Fatalf("%s holds no %q", file, pairs[i])
			}
			s = strings.ReplaceAll(s, pairs[i], pairs[i+1])
		}
		return []byte(s)
	}
	for _, tc := range []struct {
		name string
		raw  []byte
		want want
	}{
		{
			// A gateway that sends the bounce to the base mailbox: the tag
			// is only in the returned message's header.
			"sendmail bounce to the untagged mailbox",
			replace("sendmail-5.1.1.eml",
				"Delivered-To: letters+b5n7m3@coalition.org", "Delivered-To: letters@coalition.org",
				"for <letters+b5n7m3@coalition.org>;", "for <letters@coalition.org>;",
				"To: <letters+b5n7m3@coalition.org>", "To: <letters@coalition.org>"),
			want{kind: triage.HardBounce, tag: "b5n7m3", tagSource: "Return-Path of the returned message",
				recipient: "deputy@pmun-elbonia.example", action: "failed", status: "5.1.1", origID: "<r2p.ga2025.b5n7m3@coalition.org>"},
		},
		{
			"o365 NDR to the untagged mailbox: Reply-To of the returned headers",
			replace("o365-ndr-5.1.10.eml",
				"letters+h3j5k7@coalition.org\r\nReceived", "letters@coalition.org\r\nReceived",
				"for <letters+h3j5k7@coalition.org>", "for <letters@coalition.org>",
				"X-Original-To: letters+h3j5k7@coalition.org", "X-Original-To: letters@coalition.org",
				"To: letters+h3j5k7@coalition.org", "To: letters@coalition.org",
				"Return-Path: letters+h3j5k7@coalition.org", "Return-Path: letters@coalition.org"),
			want{kind: triage.HardBounce, tag: "h3j5k7", tagSource: "Reply-To of the returned message",
				recipient: "ambassador@freedonia-un.example", action: "failed", status: "5.1.10"},
		},
		{
			"Exchange quota as 4.2.2",
			replace("exchange-5.2.2-quota.eml", "Status: 5.2.2", "Status: 4.2.2", "smtp;554 5.2.2 mailbox full;", "smtp;452 4.2.2 The email account that you tried to reach is over quota;"),
			want{kind: triage.SoftBounce, tag: "m4n6b8", recipient: "v.ostrovsky@pmun-ruritania.example", action: "failed", status: "4.2.2"},
		},
		{
			"quota said in words under 5.0.0",
			replace("exchange-5.2.2-quota.eml", "Status: 5.2.2", "Status: 5.0.0", "smtp;554 5.2.2 mailbox full;", "smtp;550 Requested action not taken: mailbox full;"),
			want{kind: triage.SoftBounce, tag: "m4n6b8", recipient: "v.ostrovsky@pmun-ruritania.example", action: "failed", status: "5.0.0"},
		},
		{
			"5.0.0 with a precise code in the diagnostic",
			replace("postfix-hard-5.1.1.eml", "Status: 5.1.1", "Status: 5.0.0"),
			want{kind: triage.HardBounce, tag: "k7m2p9", recipient: "chancery@pmun-arcadia.example", action: "failed", status: "5.0.0"},
		},
		{
			// Postfix gives up after five days of timeouts: failed, 4.4.1.
			"postfix expiry after delays is soft",
			replace("postfix-delay-4.4.1.eml", "Action: delayed", "Action: failed", "Subject: Delayed Mail (still being retried)", "Subject: Undelivered Mail Returned to Sender"),
			want{kind: triage.SoftBounce, tag: "e5f6g7", recipient: "chancery@pmun-latveria.example", action: "failed", status: "4.4.1", reason: "Action failed, Status 4.4.1"},
		},
		{
			"report without a blank line after the per-message fields",
			replace("postfix-hard-5.1.1.eml", "(UTC)\n\nFinal-Recipient", "(UTC)\nFinal-Recipient"),
			want{kind: triage.HardBounce, tag: "k7m2p9", recipient: "chancery@pmun-arcadia.example", action: "failed", status: "5.1.1"},
		},
		{
			"report with a lower-case, commented Action and Status",
			replace("postfix-hard-5.1.1.eml", "Action: failed", "action: FAILED (bad destination mailbox address)", "Status: 5.1.1", "status: 5.1.1 (user unknown)"),
			want{kind: triage.HardBounce, tag: "k7m2p9", recipient: "chancery@pmun-arcadia.example", action: "failed", status: "5.1.1"},
		},
		{
			"one recipient delayed and one failed: the failure counts",
			replace("postfix-delay-4.4.1.eml", "(UTC)\n\nFinal-Recipient: rfc822; chancery",
				"(UTC)\n\nFinal-Recipient: rfc822; info@pmun-latveria.example\nAction: failed\nStatus: 5.1.1\nDiagnostic-Code: smtp; 550 5.1.1 no such user\n\nFinal-Recipient: rfc822; chancery"),
			want{kind: triage.HardBounce, tag: "e5f6g7", recipient: "info@pmun-latveria.example", action: "failed", status: "5.1.1", reason: "Action failed, Status 5.1.1 (the most serious of 2 recipients)"},
		},
		{
			"qmail bounce without the copy of the message",
			replace("qmail-5.1.1.eml", "--- Below this line is a copy of the message.", "--- Below this line is a copy of the message.\n\n[truncated]\n\n"),
			want{kind: triage.HardBounce, tag: "z9x7c5", recipient: "un.mission@pmun-tomainia.example", action: "failed", status: "5.1.1"},
		},
		{
			// A delivery report with no structure left: the words decide.
			"Exchange NDR whose delivery-status part was lost",
			replace("exchange-5.2.2-quota.eml", "Content-Type: message/delivery-status", "Content-Type: application/octet-stream"),
			want{kind: triage.SoftBounce, tag: "m4n6b8", recipient: "v.ostrovsky@pmun-ruritania.example", action: "failed", status: "5.2.2", reason: "delivery has failed to these recipients", problems: true},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := classify(t, tc.raw)
			check(t, r, tc.want)
		})
	}
}
