package store_test

import (
	"bytes"
	"errors"
	"testing"
	"time"

	"github.com/r2p-coalition/r2p/internal/letters/campaign"
	"github.com/r2p-coalition/r2p/internal/mail/outbox"
	"github.com/r2p-coalition/r2p/internal/mail/triage"
	"github.com/r2p-coalition/r2p/internal/store"
)

// queueLetters creates a campaign and queues one letter per state, with
// the tag and Message-ID <slug.STATE.TAG@r2p.example.org>.
func queueLetters(t *testing.T, s *store.Store, slug string, stateTags ...string) campaign.Campaign {
	t.Helper()
	var c campaign.Campaign
	err := s.Transact(ctx, func(tx *store.Tx) error {
		var err error
		c, err = tx.CreateCampaign(ctx, campaign.Campaign{Slug: slug, Status: campaign.Open, TimeZone: "UTC", Event: campaign.Event{Name: "GA debate"}},
			[]campaign.Text{{Lang: "en", Title: "Open letter", Body: "Text."}})
		if err != nil {
			return err
		}
		id, err := tx.CreateDelivery(ctx, c.ID, "states:X", "New York", "cli")
		if err != nil {
			return err
		}
		for i := 0; i < len(stateTags); i += 2 {
			state, tag := stateTags[i], stateTags[i+1]
			_, err := tx.AddDeliveryMessage(ctx, id,
				store.DeliveryRecipient{CampaignID: c.ID, State: state, Station: "New York", Address: "pm@" + tag + ".example.org", Lang: "en", Tag: tag},
				outbox.Message{MessageID: "<" + slug + "." + state + "." + tag + "@r2p.example.org>", To: "pm@" + tag + ".example.org", Subject: "Open letter", Text: "Excellency,"})
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

func addInbound(t *testing.T, s *store.Store, m store.InboundMessage, refs ...string) (store.InboundMessage, bool) {
	t.Helper()
	var got store.InboundMessage
	var added bool
	err := s.Transact(ctx, func(tx *store.Tx) error {
		var err error
		got, added, err = tx.AddInboundMessage(ctx, m, refs)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return got, added
}

func TestInboundAttachesByTagThenReferences(t *testing.T) {
	eachWithMailClock(t, func(t *testing.T, s *store.Store, clock *mailClock) {
		c := queueLetters(t, s, "ga-2009", "GHA", "tagghana", "NGA", "tagnigeria")
		other := queueLetters(t, s, "ga-2010", "FRA", "tagfrance")

		bounce := store.InboundMessage{Source: store.InboundIMAP, SourceRef: "INBOX uid 7", MessageID: "<b1@mx.example>", Kind: triage.HardBounce,
			Reason: "delivery status notification", Tag: "tagghana", StatusCode: "5.1.1", Diagnostic: "smtp; 550 5.1.1 user unknown",
			From: "mailer-daemon@mx.example", Subject: "Undelivered Mail", Date: mailEpoch.Add(-time.Hour), Raw: []byte("From: x\r\n\r\nbody\r\n")}
		got, added := addInbound(t, s, bounce, "<ga-2009.NGA.tagnigeria@r2p.example.org>")
		if !added || got.AttachedBy != "tag" || got.State != "GHA" || got.CampaignID != c.ID || got.StatusCode != "5.1.1" || got.Kind != triage.HardBounce ||
			!got.Date.Equal(mailEpoch.Add(-time.Hour)) || got.RawSize != int64(len(bounce.Raw)) || !got.ReceivedAt.Equal(mailEpoch) {
			t.Errorf("by tag: %+v, added %v", got, added)
		}

		// An unknown tag: the first reference that names a letter wins.
		clock.Advance(time.Minute)
		reply := store.InboundMessage{Source: store.InboundUpload, SourceRef: "replies.mbox#2", MessageID: "<r1@mission.example>", Kind: triage.HumanReply,
			Reason: "a person's message", Tag: "nosuchtag", From: "pm@nga.example", Subject: "Re: Open letter", Excerpt: "Merci.", Raw: []byte("From: y\n\nMerci.\n")}
		got, added = addInbound(t, s, reply, "<unknown@elsewhere>", "<ga-2010.FRA.tagfrance@r2p.example.org>", "<ga-2009.NGA.tagnigeria@r2p.example.org>")
		if !added || got.AttachedBy != "references" || got.State != "FRA" || got.CampaignID != other.ID || !got.Date.IsZero() {
			t.Errorf("by references: %+v, added %v", got, added)
		}

		// Nothing names a letter: kept, unattached.
		clock.Advance(time.Minute)
		lost := store.InboundMessage{Source: store.InboundCLI, SourceRef: "lost.eml", Kind: triage.Unknown, Reason: "no sender address",
			Raw: []byte("Subject: ?\r\n\r\nwho?\r\n")}
		got, added = addInbound(t, s, lost, "<unknown@elsewhere>")
		if !added || got.Attached() || got.AttachedBy != "" || got.State != "" {
			t.Errorf("unattached: %+v, added %v", got, added)
		}

		// The same messages again, by another way: stored once. Without a
		// Message-ID the text decides, whatever its line ends.
		again, added := addInbound(t, s, store.InboundMessage{Source: store.InboundCLI, SourceRef: "again.eml", MessageID: "<b1@mx.example>",
			Kind: triage.Unknown, Reason: "x", Raw: []byte("other")})
		if added || again.ID != 1 || again.SourceRef != "INBOX uid 7" || again.Kind != triage.HardBounce {
			t.Errorf("duplicate Message-ID: %+v, added %v", again, added)
		}
		lost.Raw = bytes.ReplaceAll(lost.Raw, []byte("\r\n"), []byte("\n"))
		if again, added := addInbound(t, s, lost); added || again.ID != 3 {
			t.Errorf("duplicate text: %+v, added %v", again, added)
		}

		list, err := s.CampaignInbound(ctx, c.ID)
		if err != nil || len(list) != 1 || list[0].ID != 1 || list[0].Address != "pm@tagghana.example.org" || list[0].Raw != nil {
			t.Errorf("CampaignInbound = %+v, %v", list, err)
		}
		unattached, err := s.UnattachedInbound(ctx, 10)
		if err != nil || len(unattached) != 1 || unattached[0].ID != 3 {
			t.Errorf("UnattachedInbound = %+v, %v", unattached, err)
		}
		full, err := s.InboundMessage(ctx, 2)
		if err != nil || string(full.Raw) != "From: y\n\nMerci.\n" || full.Excerpt != "Merci." || full.Station != "New York" {
			t.Errorf("InboundMessage(2) = %+v, %v", full, err)
		}
		if _, err := s.InboundMessage(ctx, 99); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("InboundMessage(99): %v", err)
		}
	})
}

func TestInboundRawIsCut(t *testing.T) {
	eachWithMailClock(t, func(t *testing.T, s *store.Store, _ *mailClock) {
		raw := append([]byte("Subject: big\r\n\r\n"), bytes.Repeat([]byte("x"), store.MaxInboundRaw+10)...)
		got, _ := addInbound(t, s, store.InboundMessage{Source: store.InboundCLI, SourceRef: "big.eml", Kind: triage.Unknown, Reason: "x", Raw: raw})
		full, err := s.InboundMessage(ctx, got.ID)
		if err != nil || len(full.Raw) != store.MaxInboundRaw || full.RawSize != int64(len(raw)) || !full.Truncated() || !bytes.Equal(full.Raw, raw[:store.MaxInboundRaw]) {
			t.Errorf("kept %d of %d bytes (size %d), %v", len(full.Raw), len(raw), full.RawSize, err)
		}
	})
}

func TestInboundSums(t *testing.T) {
	eachWithMailClock(t, func(t *testing.T, s *store.Store, clock *mailClock) {
		c := queueLetters(t, s, "ga-2009", "GHA", "tagghana", "NGA", "tagnigeria")
		add := func(id string, kind triage.Kind, tag, status string, date time.Time) {
			t.Helper()
			clock.Advance(time.Minute)
			addInbound(t, s, store.InboundMessage{Source: store.InboundCLI, SourceRef: id, MessageID: id, Kind: kind, Reason: "r", Tag: tag,
				StatusCode: status, Date: date, Raw: []byte(id)})
		}
		add("<1@x>", triage.Delay, "tagghana", "4.4.1", mailEpoch.Add(time.Hour))
		add("<2@x>", triage.HardBounce, "tagghana", "5.1.1", mailEpoch.Add(2*time.Hour))
		// Received later, but written before the bounce: not the latest.
		add("<3@x>", triage.HumanReply, "tagghana", "", mailEpoch.Add(90*time.Minute))
		add("<4@x>", triage.AutoReply, "tagnigeria", "", time.Time{})
		add("<5@x>", triage.HumanReply, "tagnigeria", "", time.Time{})
		add("<6@x>", triage.HumanReply, "", "", time.Time{}) // unattached: counted nowhere

		sums, err := s.InboundByLetter(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		letters, _ := s.DeliveryRecipients(ctx, c.ID)
		gha, nga := sums[letters[0].ID], sums[letters[1].ID]
		if len(sums) != 2 || gha.Latest != triage.HardBounce || gha.LatestStatus != "5.1.1" || gha.Messages != 3 || gha.HumanReplies != 1 ||
			!gha.LatestAt.Equal(mailEpoch.Add(2*time.Hour)) {
			t.Errorf("GHA: %+v (of %v)", gha, sums)
		}
		if nga.Latest != triage.HumanReply || nga.Messages != 2 || nga.HumanReplies != 1 {
			t.Errorf("NGA: %+v", nga)
		}
		counts, err := s.InboundCounts(ctx, c.ID)
		want := map[triage.Kind]int{triage.Delay: 1, triage.HardBounce: 1, triage.HumanReply: 2, triage.AutoReply: 1}
		if err != nil || len(counts) != len(want) {
			t.Fatalf("InboundCounts = %v, %v", counts, err)
		}
		for k, n := range want {
			if counts[k] != n {
				t.Errorf("InboundCounts[%s] = %d, want %d", k, counts[k], n)
			}
		}
		list, _ := s.CampaignInbound(ctx, c.ID)
		var order []string
		for _, m := range list {
			order = append(order, m.MessageID)
		}
		// By Date, newest first; a message without one by when it came.
		if got := order; len(got) != 5 || got[0] != "<2@x>" || got[1] != "<3@x>" || got[2] != "<1@x>" || got[3] != "<5@x>" || got[4] != "<4@x>" {
			t.Errorf("CampaignInbound order = %v", got)
		}
	})
}
