package inbox_test

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/r2p-coalition/r2p/internal/letters/campaign"
	"github.com/r2p-coalition/r2p/internal/mail/inbox"
	"github.com/r2p-coalition/r2p/internal/mail/outbox"
	"github.com/r2p-coalition/r2p/internal/mail/triage"
	"github.com/r2p-coalition/r2p/internal/store"
	"github.com/r2p-coalition/r2p/internal/store/storetest"
)

var ctx = context.Background()

const testdata = "../triage/testdata/"

var box = triage.MustParseMailbox("letters@coalition.org")

// samples are package triage's test messages: what each is and the state
// whose letter carries its tag here.
var samples = []struct {
	file, state string
	kind        triage.Kind
	status      string
}{
	{"postfix-hard-5.1.1.eml", "ARC", triage.HardBounce, "5.1.1"},
	{"exim-permanent.eml", "BOR", triage.HardBounce, "5.1.1"},
	{"exim-delay.eml", "CAS", triage.Delay, "4.7.1"},
	{"o365-ndr-5.1.10.eml", "DEL", triage.HardBounce, "5.1.10"},
	{"gmail-5.1.1.eml", "ELD", triage.HardBounce, "5.1.1"},
	{"sendmail-5.1.1.eml", "ELB", triage.HardBounce, "5.1.1"},
	{"qmail-5.1.1.eml", "FRE", triage.HardBounce, "5.1.1"},
	{"exchange-5.2.2-quota.eml", "RUR", triage.SoftBounce, "5.2.2"},
	{"postfix-delay-4.4.1.eml", "GIL", triage.Delay, "4.4.1"},
	{"outlook-ooo.eml", "HYR", triage.AutoReply, ""},
	{"vacation-sieve.eml", "GRF", triage.AutoReply, ""},
	{"human-fr-qp-latin1.eml", "KUR", triage.HumanReply, ""},
	{"human-es-base64.eml", "LAP", triage.HumanReply, ""},
	{"human-en-plain.eml", "OST", triage.HumanReply, ""},
}

// sampleTags are the tags the samples carry, by state.
var sampleTags = map[string]string{
	"ARC": "k7m2p9", "BOR": "x4n8d2", "CAS": "q2w8r5", "DEL": "h3j5k7", "ELD": "t6y8u2", "ELB": "b5n7m3", "FRE": "z9x7c5",
	"RUR": "m4n6b8", "GIL": "e5f6g7", "HYR": "w3e5r7", "GRF": "p8o6i4", "KUR": "f4g6h8", "LAP": "a9s8d7", "OST": "r3t5y7",
}

// queueSampleLetters queues, for the campaign, a letter to each state of
// sampleTags with its tag and the Message-ID the samples refer to.
func queueSampleLetters(t *testing.T, s *store.Store) campaign.Campaign {
	t.Helper()
	var c campaign.Campaign
	err := s.Transact(ctx, func(tx *store.Tx) error {
		var err error
		c, err = tx.CreateCampaign(ctx, campaign.Campaign{Slug: "ga-2025", Status: campaign.Draft, TimeZone: "UTC", Event: campaign.Event{Name: "GA debate"}},
			[]campaign.Text{{Lang: "en", Title: "Open letter", Body: "Text."}})
		if err != nil {
			return err
		}
		id, err := tx.CreateDelivery(ctx, c.ID, "members", "New York", "cli")
		if err != nil {
			return err
		}
		for state, tag := range sampleTags {
			address := "pm@" + state + ".example"
			_, err := tx.AddDeliveryMessage(ctx, id,
				store.DeliveryRecipient{CampaignID: c.ID, State: state, Station: "New York", Address: address, Lang: "en", Tag: tag},
				outbox.Message{MessageID: "<r2p.ga2025." + tag + "@coalition.org>", To: address, Subject: "Open letter", Text: "Excellency,"})
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func readSample(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(testdata, name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestEverySampleFindsItsLetter: each sample is classified and attached,
// by its tag, to its letter; ingested again, each is a duplicate.
func TestEverySampleFindsItsLetter(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		c := queueSampleLetters(t, s)
		var items []inbox.Item
		for _, sample := range samples {
			items = append(items, inbox.Split(sample.file, readSample(t, sample.file))...)
		}
		in := inbox.New(s, box)
		rep, err := in.Ingest(ctx, store.InboundCLI, "cli", items)
		if err != nil {
			t.Fatal(err)
		}
		if rep.New != len(samples) || rep.Attached != len(samples) || rep.Bad != 0 || rep.Duplicates != 0 {
			t.Errorf("%d new, %d attached, %d bad, %d duplicates", rep.New, rep.Attached, rep.Bad, rep.Duplicates)
		}
		for i, o := range rep.Outcomes {
			want := samples[i]
			if o.Err != nil || o.Ref != want.file || o.Message.Kind != want.kind || o.Message.State != want.state || o.Message.CampaignID != c.ID ||
				o.Message.AttachedBy != "tag" || o.Message.Tag != sampleTags[want.state] || o.Message.StatusCode != want.status || !o.New {
				t.Errorf("%s: %+v (err %v), want %s %s %s", want.file, o.Message, o.Err, want.kind, want.state, want.status)
			}
		}
		fr := findStored(t, s, c.ID, "KUR")
		if fr.Excerpt == "" || fr.Subject == "" || fr.From == "" || fr.Date.IsZero() {
			t.Errorf("the French reply: %+v", fr)
		}

		again, err := in.Ingest(ctx, store.InboundIMAP, "imap", items)
		if err != nil {
			t.Fatal(err)
		}
		if again.New != 0 || again.Duplicates != len(samples) || again.Outcomes[0].Message.ID != rep.Outcomes[0].Message.ID {
			t.Errorf("again: %d new, %d duplicates", again.New, again.Duplicates)
		}
		if list, _ := s.CampaignInbound(ctx, c.ID); len(list) != len(samples) {
			t.Errorf("%d messages stored, want %d", len(list), len(samples))
		}
	})
}

// TestAttachedByMessageIDWithoutMailbox: without a configured mailbox the
// tag is not read; the Message-ID the bounce quotes finds the letter.
func TestAttachedByMessageIDWithoutMailbox(t *testing.T) {
	s := storetest.SQLite(t)
	queueSampleLetters(t, s)
	rep, err := inbox.New(s).Ingest(ctx, store.InboundCLI, "cli", inbox.Split("postfix.eml", readSample(t, "postfix-hard-5.1.1.eml")))
	if err != nil {
		t.Fatal(err)
	}
	o := rep.Outcomes[0]
	if rep.New != 1 || o.Result.Tag != "" || o.Message.AttachedBy != "references" || o.Message.State != "ARC" || o.Message.Tag != "" {
		t.Errorf("%+v", o.Message)
	}
}

func findStored(t *testing.T, s *store.Store, campaignID int64, state string) store.InboundMessage {
	t.Helper()
	list, err := s.CampaignInbound(ctx, campaignID)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range list {
		if m.State == state {
			return m
		}
	}
	t.Fatalf("nothing stored for %s", state)
	return store.InboundMessage{}
}

// TestMboxTwice: an mbox file is stored message by message; the message
// that cannot be read is reported with its index and offset and the others
// are stored; the same file again stores nothing. Each batch is one audit
// event with its counts.
func TestMboxTwice(t *testing.T) {
	s := storetest.SQLite(t)
	queueSampleLetters(t, s)
	in := inbox.New(s, box)
	items := inbox.Split("mixed.mbox", readSample(t, "mixed.mbox"))
	if len(items) != 8 {
		t.Fatalf("%d items, want 8", len(items))
	}
	rep, err := in.Ingest(ctx, store.InboundUpload, "user:3", items)
	if err != nil {
		t.Fatal(err)
	}
	if rep.New != 7 || rep.Bad != 1 || rep.Duplicates != 0 || rep.Attached != 7 {
		t.Errorf("first: %d new, %d bad, %d duplicates, %d attached", rep.New, rep.Bad, rep.Duplicates, rep.Attached)
	}
	bad := rep.Outcomes[2]
	if bad.Err == nil || bad.Index != 2 || bad.Offset != 6049 || bad.Ref != "mixed.mbox#2" || !errors.Is(bad.Err, triage.ErrNotMessage) {
		t.Errorf("the bad message: %+v", bad)
	}
	if o := rep.Outcomes[3]; o.Offset != 6347 || o.Message.State != "KUR" || o.Message.SourceRef != "mixed.mbox#3" || o.Message.Source != "upload" {
		t.Errorf("message 3: %+v", o)
	}
	wantKinds := map[string]int{"hard_bounce": 2, "human_reply": 3, "auto_reply": 1, "delay": 1}
	for k, n := range wantKinds {
		if rep.Kinds[k] != n {
			t.Errorf("kinds = %v, want %v", rep.Kinds, wantKinds)
			break
		}
	}

	again, err := in.Ingest(ctx, store.InboundCLI, "cli", items)
	if err != nil {
		t.Fatal(err)
	}
	if again.New != 0 || again.Duplicates != 7 || again.Bad != 1 || again.Outcomes[0].Message.Source != "upload" {
		t.Errorf("again: %d new, %d duplicates, %d bad", again.New, again.Duplicates, again.Bad)
	}
	events, err := s.AuditEvents(ctx, store.AuditFilter{Action: "inbound.ingest"})
	if err != nil || len(events) != 2 {
		t.Fatalf("audit: %v, %v", events, err)
	}
	var counts struct {
		Source                                string
		Items, New, Duplicates, Bad, Attached int
	}
	if err := json.Unmarshal(events[1].After, &counts); err != nil || events[1].Actor != "user:3" || counts.Source != "upload" ||
		counts.Items != 8 || counts.New != 7 || counts.Bad != 1 || counts.Attached != 7 {
		t.Errorf("first audit event: %s by %s", events[1].After, events[1].Actor)
	}
	if events[0].Actor != "cli" {
		t.Errorf("second audit event by %s", events[0].Actor)
	}
}

// TestUnattachedIsKept: a message that names no letter is stored all the
// same, unattached, for a person to look at.
func TestUnattachedIsKept(t *testing.T) {
	s := storetest.SQLite(t)
	rep, err := inbox.New(s, box).Ingest(ctx, store.InboundCLI, "cli", inbox.Split("fr.eml", readSample(t, "human-fr-qp-latin1.eml")))
	if err != nil {
		t.Fatal(err)
	}
	if o := rep.Outcomes[0]; rep.New != 1 || rep.Attached != 0 || o.Message.Attached() || o.Message.Tag != "f4g6h8" || o.Message.Kind != triage.HumanReply {
		t.Errorf("%+v", o.Message)
	}
	list, err := s.UnattachedInbound(ctx, 10)
	if err != nil || len(list) != 1 || list[0].SourceRef != "fr.eml" {
		t.Errorf("unattached: %+v, %v", list, err)
	}
}

// TestNotAMessage: a file that is not a message is reported, and nothing
// else of the batch is lost.
func TestNotAMessage(t *testing.T) {
	s := storetest.SQLite(t)
	items := append(inbox.Split("empty.eml", nil), inbox.Split("gmail.eml", readSample(t, "gmail-5.1.1.eml"))...)
	rep, err := inbox.New(s, box).Ingest(ctx, store.InboundCLI, "cli", items)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Bad != 1 || rep.New != 1 || !errors.Is(rep.Outcomes[0].Err, triage.ErrNotMessage) || rep.Outcomes[1].Message.Kind != triage.HardBounce {
		t.Errorf("%+v", rep)
	}
}

func TestSplit(t *testing.T) {
	one := inbox.Split("a.eml", []byte("From: x@example.org\r\nSubject: hi\r\n\r\nbody\r\n"))
	if len(one) != 1 || one[0].Ref != "a.eml" || one[0].Err != nil || one[0].Offset != 0 {
		t.Errorf("one message: %+v", one)
	}
	mbox := "From a@example.org Tue Sep 16 09:14:07 2025\nSubject: one\n\n>From here\n\nFrom b@example.org Tue Sep 16 09:15:07 2025\nSubject: two\n\nbody\n"
	items := inbox.Split("b.mbox", []byte(mbox))
	if len(items) != 2 || items[1].Ref != "b.mbox#1" || items[1].Offset != 70 || string(items[0].Raw) != "Subject: one\n\nFrom here\n" {
		t.Errorf("mbox: %+v", items)
	}
}
