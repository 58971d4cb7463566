package triage_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/r2p-coalition/r2p/internal/mail/triage"
)

func addSeeds(f *testing.F) {
	files, err := filepath.Glob("testdata/*.eml")
	if err != nil || len(files) == 0 {
		f.Fatalf("no samples: %v", err)
	}
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
		f.Add(b[:len(b)/2]) // cut short
	}
	for _, s := range []string{
		"", "From: a@b\n\nx", "Content-Type: multipart/mixed; boundary=b\n\n--b\n\n--b--",
		"Content-Type: multipart/report; report-type=delivery-status; boundary=b\n\n--b\nContent-Type: message/delivery-status\n\nFinal-Recipient: utf-8; \\x{D800}@x\nAction: failed\nStatus: 5.2.2\n--b--",
		"Content-Type: message/rfc822\n\nContent-Type: message/rfc822\n\nFrom: x",
		"Subject: =?utf-8?B?!!?= =?x?Q?=ZZ?=\nContent-Transfer-Encoding: base64\n\n====",
		"From: MAILER-DAEMON\nReturn-Path: <>\n\n<a@b>:\nSorry (#5.1.1)\n",
	} {
		f.Add([]byte(s))
	}
}

// FuzzClassify checks that no input panics Parse or Classify, that Parse
// fails only with ErrNotMessage, and that what Classify says is clean
// UTF-8 with a valid tag.
func FuzzClassify(f *testing.F) {
	addSeeds(f)
	mb := triage.MustParseMailbox("letters@coalition.org")
	f.Fuzz(func(t *testing.T, raw []byte) {
		m, err := triage.Parse(raw)
		if err != nil {
			if !errors.Is(err, triage.ErrNotMessage) || !utf8.ValidString(err.Error()) {
				t.Fatalf("Parse error %q", err)
			}
			return
		}
		r := triage.Classify(m, mb)
		if r.Kind < triage.Unknown || r.Kind > triage.Delivered || r.Reason == "" {
			t.Fatalf("Kind %d, Reason %q", r.Kind, r.Reason)
		}
		if r.Tag != "" {
			if err := triage.ValidTag(r.Tag); err != nil || r.TagSource == "" {
				t.Fatalf("Tag %q from %q: %v", r.Tag, r.TagSource, err)
			}
		}
		if r.Kind == triage.HumanReply && (r.NullSender || r.From == "") {
			t.Fatalf("human reply with an empty return path or no sender")
		}
		texts := []string{r.Reason, r.Subject, r.From, r.FromName, r.Excerpt, r.OriginalSubject, m.Text()}
		texts = append(texts, r.Problems...)
		for _, rc := range r.Recipients {
			texts = append(texts, rc.Address, rc.DiagnosticCode, rc.Status, rc.Action)
		}
		for _, s := range texts {
			if !utf8.ValidString(s) {
				t.Fatalf("not UTF-8: %q", s)
			}
		}
		if utf8.RuneCountInString(r.Excerpt) > 301 || strings.ContainsAny(r.Excerpt, "\n\r\t") {
			t.Fatalf("Excerpt %q", r.Excerpt)
		}
	})
}

// FuzzReadMbox checks that reading any mbox never panics, numbers the
// messages in order at increasing offsets, and reports every failure with
// its message.
func FuzzReadMbox(f *testing.F) {
	data, err := os.ReadFile("testdata/mixed.mbox")
	if err != nil {
		f.Fatal(err)
	}
	// Small seeds: the fuzzer slows down on large inputs. The first two
	// messages of the sample and the start of the broken one.
	f.Add(data[:6400])
	f.Add([]byte("junk\nFrom a Tue Sep 16 09:14:09 2025\n\n>>From x\nFrom b 1:00 2025\r\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		last := int64(-1)
		i := 0
		for m, err := range triage.ReadMbox(bytes.NewReader(data)) {
			if m == nil {
				t.Fatalf("nil message (%v) from a bytes.Reader", err)
			}
			if m.Index != i || m.Offset <= last || m.Offset >= int64(len(data)) {
				t.Fatalf("message %d: Index %d, Offset %d after %d", i, m.Index, m.Offset, last)
			}
			if (err == nil) == (m.Message == nil) {
				t.Fatalf("message %d: error %v with Message %v", i, err, m.Message != nil)
			}
			var me *triage.MboxError
			if err != nil && (!errors.As(err, &me) || me.Index != i || me.Offset != m.Offset) {
				t.Fatalf("message %d: error %v", i, err)
			}
			last = m.Offset
			i++
		}
	})
}
