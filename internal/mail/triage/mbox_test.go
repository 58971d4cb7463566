package triage_test

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/r2p-coalition/r2p/internal/mail/triage"
)

func TestReadMbox(t *testing.T) {
	data := readTestdata(t, "mixed.mbox")
	if !triage.LooksLikeMbox(data) || triage.LooksLikeMbox(readTestdata(t, "qmail-5.1.1.eml")) {
		t.Error("LooksLikeMbox is wrong")
	}
	type entry struct {
		offset int64
		sender string
		file   string // the .eml the message was made from; "" for the broken one
		kind   triage.Kind
		tag    string
	}
	want := []entry{
		{0, "MAILER-DAEMON", "postfix-hard-5.1.1.eml", triage.HardBounce, "k7m2p9"},
		{3781, "MAILER-DAEMON", "qmail-5.1.1.eml", triage.HardBounce, "z9x7c5"},
		{6049, "MAILER-DAEMON", "", 0, ""},
		{6347, "secretariat@mission-ruritanie.example", "human-fr-qp-latin1.eml", triage.HumanReply, "f4g6h8"},
		{9082, "MAILER-DAEMON", "outlook-ooo.eml", triage.AutoReply, "w3e5r7"},
		{12514, "desk.officer@pmun-osterlich.example", "human-en-plain.eml", triage.HumanReply, "r3t5y7"},
		{13855, "MAILER-DAEMON", "postfix-delay-4.4.1.eml", triage.Delay, "e5f6g7"},
		{16856, "consejeria@santheodoros-onu.example", "human-es-base64.eml", triage.HumanReply, "a9s8d7"},
	}
	// One byte at a time, to test reading across buffer ends too.
	for _, r := range []io.Reader{bytes.NewReader(data), iotest.OneByteReader(bytes.NewReader(data))} {
		i := 0
		for m, err := range triage.ReadMbox(r) {
			if i >= len(want) {
				t.Fatalf("more than %d messages: %+v, %v", len(want), m, err)
			}
			w := want[i]
			if m == nil {
				t.Fatalf("message %d: nil, %v", i, err)
			}
			if m.Index != i || m.Offset != w.offset || m.Sender != w.sender {
				t.Errorf("message %d: Index %d, Offset %d, Sender %q; want offset %d, sender %q", i, m.Index, m.Offset, m.Sender, w.offset, w.sender)
			}
			if w.file == "" {
				var me *triage.MboxError
				if !errors.As(err, &me) || me.Index != i || me.Offset != w.offset || !errors.Is(err, triage.ErrNotMessage) {
					t.Errorf("broken message %d: error %v", i, err)
				} else if want := "inbound: mbox message 2 (at byte 6049): inbound: no header field; line \"--4cQx1r6YPMz9vB5.1758014049/relay.coalition.org\" is not a header field: not an e-mail message"; err.Error() != want {
					t.Errorf("error:\n%s\nwant\n%s", err, want)
				}
				if m.Message != nil || !bytes.HasPrefix(m.Raw, []byte("--4cQx1r6YPMz9vB5")) {
					t.Errorf("broken message: Message %v, Raw %.40q", m.Message, m.Raw)
				}
				i++
				continue
			}
			if err != nil {
				t.Errorf("message %d: %v", i, err)
				i++
				continue
			}
			// The mboxrd escaping is undone exactly.
			if orig := readTestdata(t, w.file); !bytes.Equal(m.Raw, orig) {
				t.Errorf("message %d differs from %s:\n%s", i, w.file, firstDiff(m.Raw, orig))
			}
			res := triage.Classify(m.Message, letters)
			if res.Kind != w.kind || res.Tag != w.tag {
				t.Errorf("message %d (%s): %s, tag %q; want %s, %q", i, w.file, res.Kind, res.Tag, w.kind, w.tag)
			}
			i++
		}
		if i != len(want) {
			t.Errorf("%d messages, want %d", i, len(want))
		}
	}
}

func firstDiff(a, b []byte) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	return fmt.Sprintf("at byte %d of %d/%d: got %q, want %q", i, len(a), len(b), a[i:min(len(a), i+40)], b[i:min(len(b), i+40)])
}

func TestReadMboxEdges(t *testing.T) {
	collect := func(s string) (offsets []int64, raws []string, errs []string) {
		for m, err := range triage.ReadMbox(strings.NewReader(s)) {
			if m != nil {
				offsets = append(offsets, m.Offset)
				raws = append(raws, string(m.Raw))
			}
			if err != nil {
				errs = append(errs, err.Error())
			} else {
				errs = append(errs, "")
			}
		}
		return
	}

	// CRLF, mboxo escaping, and a "From " line in a body that is not a
	// separator (no empty line before it, no date).
	offsets, raws, errs := collect("From a@x Tue Sep 16 09:14:09 2025\r\nFrom: a@x\r\n\r\nFrom me to you\r\n>From here\r\n\r\nFrom b@x Tue Sep 16 09:14:10 2025\r\nFrom: b@x\r\n\r\nTwo\r\n")
	if len(offsets) != 2 || offsets[1] != 78 || raws[0] != "From: a@x\r\n\r\nFrom me to you\r\nFrom here\r\n" || raws[1] != "From: b@x\r\n\r\nTwo\r\n" || errs[0]+errs[1] != "" {
		t.Errorf("CRLF mbox: offsets %v, raws %q, errors %q", offsets, raws, errs)
	}

	// Text before the first From_ line is reported, and the rest is read.
	offsets, _, errs = collect("\n\nstray text\n\nFrom a@x Tue Sep 16 09:14:09 2025\nFrom: a@x\n\nOne\n")
	if len(offsets) != 2 || offsets[0] != 2 || !strings.Contains(errs[0], "message 0 (at byte 2): text before the first From_ line") || errs[1] != "" {
		t.Errorf("leading text: offsets %v, errors %q", offsets, errs)
	}

	// Empty input: nothing.
	if offsets, _, _ := collect(""); len(offsets) != 0 {
		t.Errorf("empty mbox gave %v", offsets)
	}

	// Breaking out of the loop stops the reading.
	n := 0
	for range triage.ReadMbox(bytes.NewReader(readTestdata(t, "mixed.mbox"))) {
		n++
		if n == 2 {
			break
		}
	}

	// A read error ends the sequence after the messages read so far.
	r := io.MultiReader(strings.NewReader("From a@x Tue Sep 16 09:14:09 2025\nFrom: a@x\n\nOne\n"), iotest.ErrReader(errors.New("disk on fire")))
	var got []string
	for m, err := range triage.ReadMbox(r) {
		switch {
		case m != nil && err == nil:
			got = append(got, "message")
		case m == nil && err != nil:
			got = append(got, err.Error())
		default:
			got = append(got, "unexpected")
		}
	}
	if strings.Join(got, "|") != "message|inbound: reading the mbox at byte 49: disk on fire" {
		t.Errorf("read error: %q", got)
	}
}
