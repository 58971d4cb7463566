package store_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/r2p-coalition/r2p/internal/account"
	"github.com/r2p-coalition/r2p/internal/letters/campaign"
	"github.com/r2p-coalition/r2p/internal/letters/organization"
	"github.com/r2p-coalition/r2p/internal/letters/signon"
	"github.com/r2p-coalition/r2p/internal/mail/outbox"
	"github.com/r2p-coalition/r2p/internal/mail/triage"
	"github.com/r2p-coalition/r2p/internal/store"
	"github.com/r2p-coalition/r2p/internal/store/storetest"
)

// signer is a signature as the sign-on form makes it: the signature, its
// links, and the confirmation mailed to its contact.
type signer struct {
	sig                       signon.Signature
	confirm, withdraw         string // the links' secrets, which only the mail holds
	confirmHash, withdrawHash []byte
	mail                      int64 // the outbox message
}

func sign(t *testing.T, s *store.Store, c campaign.Campaign, org, contact, email, ip string) signer {
	t.Helper()
	sig := signon.Signature{CampaignID: c.ID, Version: 1, Name: org, Countries: []string{"SEN"}, Type: organization.NGO,
		ContactName: contact, ContactEmail: email, Display: signon.Named, Lang: "en", Status: signon.Pending}
	sig.Normalize()
	var sg signer
	sg.confirm, sg.confirmHash = account.NewSecret("")
	sg.withdraw, sg.withdrawHash = account.NewSecret("")
	err := s.Transact(ctx, func(tx *store.Tx) error {
		var err error
		if sg.sig, _, err = tx.CreateSignature(ctx, sig, ip); err != nil {
			return err
		}
		if err := tx.CreateSignatureLinks(ctx, sg.sig.ID,
			store.SignatureLink{Purpose: "confirm", Hash: sg.confirmHash, Expires: time.Date(2009, 8, 1, 0, 0, 0, 0, time.UTC)},
			store.SignatureLink{Purpose: "withdraw", Hash: sg.withdrawHash, Expires: time.Date(2019, 8, 1, 0, 0, 0, 0, time.UTC)}); err != nil {
			return err
		}
		sg.mail, err = tx.EnqueueSignatureMail(ctx, sg.sig.ID, outbox.Message{To: email, Subject: "Confirm your signature: Open letter",
			Text: "Hello " + contact + ",\n\nSomeone signed the letter on behalf of " + org + ".\n" +
				"https://r2p.example.org/c/" + c.Slug + "/confirm/" + sg.confirm + "\n" +
				"https://r2p.example.org/c/" + c.Slug + "/withdraw/" + sg.withdraw + "\n"})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return sg
}

func (sg signer) messageID(t *testing.T, s *store.Store) string {
	t.Helper()
	m, err := s.OutboxMessage(ctx, sg.mail)
	if err != nil {
		t.Fatal(err)
	}
	return m.MessageID
}

// TestErasureLeavesNoCopy signs, confirms and erases a contact, on request
// and by the retention job, then reads every byte the database keeps: the
// contact's address, name, client address and the text mailed to them are
// nowhere, and another signer's, read the same way, are all there.
func TestErasureLeavesNoCopy(t *testing.T) {
	const retention = 30 * 24 * time.Hour
	for _, path := range []struct {
		name  string
		erase func(t *testing.T, s *store.Store, c *clock, camp campaign.Campaign) (int64, error)
	}{
		{"request", func(t *testing.T, s *store.Store, c *clock, camp campaign.Campaign) (int64, error) {
			var n int64
			err := s.Transact(ctx, func(tx *store.Tx) error {
				var err error
				n, err = tx.EraseContact(ctx, camp.ID, "alice.ndiaye@example.org")
				return err
			})
			return n, err
		}},
		{"retention", func(t *testing.T, s *store.Store, c *clock, camp campaign.Campaign) (int64, error) {
			if err := s.Transact(ctx, func(tx *store.Tx) error { _, err := tx.SetCampaignStatus(ctx, camp.ID, campaign.Closed); return err }); err != nil {
				t.Fatal(err)
			}
			c.now = c.now.Add(retention + time.Hour)
			var n int64
			err := s.Transact(ctx, func(tx *store.Tx) error {
				var err error
				n, err = tx.EraseExpiredContacts(ctx, retention)
				return err
			})
			return n, err
		}},
	} {
		t.Run(path.name, func(t *testing.T) {
			c := &clock{}
			storetest.Each(t, func(t *testing.T, s *store.Store) {
				c.now = time.Date(2009, 7, 10, 9, 0, 0, 0, time.UTC)
				camp := queueLetters(t, s, "ga-2009", "GHA", "k7q2")
				var other campaign.Campaign
				s.Transact(ctx, func(tx *store.Tx) error {
					var err error
					other, err = tx.CreateCampaign(ctx, campaign.Campaign{Slug: "ga-2010", Status: campaign.Draft, TimeZone: "UTC", Event: campaign.Event{Name: "GA debate"}},
						[]campaign.Text{{Lang: "en", Title: "Open letter", Body: "Text."}})
					return err
				})
				alice := sign(t, s, camp, "Genocide Alert", "Alice Ndiaye", "alice.ndiaye@example.org", "198.51.100.7")
				bob := sign(t, s, other, "Asia Pacific Centre", "Bob Morada", "bob.morada@example.org", "203.0.113.9")
				// The first confirmation went out; she signed again, and
				// the second is still queued when she asks for erasure.
				if _, err := s.ClaimMail(ctx, 3, time.Minute); err != nil { // with the letter to the mission
					t.Fatal(err)
				}
				for _, id := range []int64{alice.mail, bob.mail} {
					if err := s.MarkMailSent(ctx, id); err != nil {
						t.Fatal(err)
					}
				}
				again := sign(t, s, camp, "Genocide Alert", "Alice Ndiaye", "alice.ndiaye@example.org", "198.51.100.7")
				if err := s.Transact(ctx, func(tx *store.Tx) error { _, err := tx.ConfirmSignature(ctx, alice.confirmHash); return err }); err != nil {
					t.Fatal(err)
				}

				// Mail that came back: her reply, a bounce of her second
				// confirmation that names only its Message-ID, a mission's
				// answer that copied her, and Bob's reply.
				reply, _ := addInbound(t, s, store.InboundMessage{Source: store.InboundUpload, SourceRef: "reply.eml", MessageID: "<r1@mail.example.org>",
					Kind: triage.HumanReply, Reason: "a reply", From: "alice.ndiaye@example.org", FromName: "Alice Ndiaye", Subject: "Re: Confirm your signature",
					Excerpt: "Thank you.", Raw: []byte("From: Alice Ndiaye <Alice.Ndiaye@Example.org>\r\nIn-Reply-To: " + alice.messageID(t, s) + "\r\n\r\nThank you.\r\n> Hello Alice Ndiaye,\r\n")})
				bounce, _ := addInbound(t, s, store.InboundMessage{Source: store.InboundUpload, SourceRef: "bounce.eml", MessageID: "<b1@mx.example.org>",
					Kind: triage.HardBounce, Reason: "5.1.1", From: "mailer-daemon@mx.example.org", Subject: "Undelivered Mail Returned to Sender",
					Raw: []byte("From: mailer-daemon@mx.example.org\r\n\r\nOriginal-Message-ID: " + again.messageID(t, s) + ".\r\n")})
				copied, _ := addInbound(t, s, store.InboundMessage{Source: store.InboundUpload, SourceRef: "mission.eml", MessageID: "<m1@k7q2.example.org>",
					Kind: triage.HumanReply, Reason: "a reply", Tag: "k7q2", From: "pm@k7q2.example.org", Subject: "Your letter",
					Raw: []byte("From: pm@k7q2.example.org\r\nCc: alice.ndiaye@example.org\r\n\r\nReceived with thanks.\r\n")})
				bobReply, _ := addInbound(t, s, store.InboundMessage{Source: store.InboundUpload, SourceRef: "bob.eml", MessageID: "<r2@mail.example.org>",
					Kind: triage.HumanReply, Reason: "a reply", From: "bob.morada@example.org", FromName: "Bob Morada",
					Raw: []byte("From: Bob Morada <bob.morada@example.org>\r\n\r\nThanks.\r\n> Hello Bob Morada,\r\n")})

				gone := []string{"alice.ndiaye@example.org", "ndiaye", "hello alice", "198.51.100.7", strings.ToLower(alice.confirm),
					strings.ToLower(alice.withdraw), strings.ToLower(again.confirm)}
				kept := []string{"bob.morada@example.org", "bob morada", "hello bob morada", "203.0.113.9", strings.ToLower(bob.confirm),
					"genocide alert", "received with thanks"}
				before := bytes.ToLower(storetest.Contents(t, s))
				for _, needle := range append(gone, kept...) {
					if !bytes.Contains(before, []byte(needle)) {
						t.Fatalf("before the erasure the database lacks %q: the search below would prove nothing", needle)
					}
				}

				if n, err := path.erase(t, s, c, camp); n != 1 || err != nil {
					t.Fatalf("erased %d signatures, %v; want 1", n, err)
				}

				sig, _ := s.Signature(ctx, alice.sig.ID)
				if sig.ContactName != "" || !strings.HasPrefix(sig.ContactEmail, "erased:") || sig.Name != "Genocide Alert" || sig.Status != signon.Confirmed {
					t.Errorf("the erased signature = %+v", sig)
				}
				if _, err := s.SignatureByLink(ctx, alice.withdrawHash, "withdraw"); !errors.Is(err, store.ErrLinkUsed) {
					t.Errorf("the erased contact's withdrawal link still works: %v", err)
				}
				for id, want := range map[int64]outbox.Status{alice.mail: outbox.Sent, again.mail: outbox.Failed} {
					m, _ := s.OutboxMessage(ctx, id)
					if m.To != "erased" || m.Text != "" || m.Status != want || m.Subject != "Confirm your signature: Open letter" {
						t.Errorf("the erased contact's message %d = %+v, want erased and %s", id, m, want)
					}
				}
				if m, _ := s.OutboxMessage(ctx, again.mail); m.LastError != "not sent: the contact was erased" {
					t.Errorf("the queued message's last error = %q", m.LastError)
				}
				unattached, _ := s.UnattachedInbound(ctx, 10)
				if len(unattached) != 1 || unattached[0].ID != bobReply.ID {
					t.Errorf("unattached mail after the erasure = %+v, want only Bob's reply (her reply %d and the bounce %d deleted)", unattached, reply.ID, bounce.ID)
				}
				if m, err := s.InboundMessage(ctx, copied.ID); err != nil || !m.Attached() ||
					string(m.Raw) != "From: pm@k7q2.example.org\r\nCc: erased\r\n\r\nReceived with thanks.\r\n" {
					t.Errorf("the mission's answer after the erasure = %q, %v; want it attached, without her address", m.Raw, err)
				}

				checkContents := func(when string) {
					after := bytes.ToLower(storetest.Contents(t, s))
					for _, needle := range gone {
						if i := bytes.Index(after, []byte(needle)); i >= 0 {
							t.Errorf("%s, the database still holds %q: …%q…", when, needle, after[max(0, i-80):min(len(after), i+80)])
						}
					}
					for _, needle := range kept {
						if !bytes.Contains(after, []byte(needle)) {
							t.Errorf("%s, the database lost %q, which was not erased", when, needle)
						}
					}
				}
				checkContents("after the erasure")
				if err := s.Close(); err != nil {
					t.Fatal(err)
				}
				checkContents("once closed")
			}, c.option())
		})
	}
}
