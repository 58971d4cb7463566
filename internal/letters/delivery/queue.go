package delivery

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/mail"
	"strings"
	"time"

	"golang.org/x/text/language"

	"github.com/r2p-coalition/r2p/internal/audit"
	"github.com/r2p-coalition/r2p/internal/i18n"
	"github.com/r2p-coalition/r2p/internal/letters/campaign"
	"github.com/r2p-coalition/r2p/internal/letters/mailmerge"
	"github.com/r2p-coalition/r2p/internal/letters/mission"
	"github.com/r2p-coalition/r2p/internal/letters/orglist"
	"github.com/r2p-coalition/r2p/internal/letters/publish"
	"github.com/r2p-coalition/r2p/internal/letters/signon"
	"github.com/r2p-coalition/r2p/internal/mail/outbox"
	"github.com/r2p-coalition/r2p/internal/store"
)

// Options are a delivery's settings, from the configuration.
type Options struct {
	Coalition mailmerge.Coalition
	// From is the sender's address (--mail-from). Its domain ends each
	// Message-ID.
	From string
	// ReplyMailbox is the mailbox that takes the missions' replies and
	// bounces: each message's Reply-To and envelope sender is its
	// plus-address, box+TAG@domain, by which an incoming message finds its
	// delivery. Empty: From's address.
	ReplyMailbox string
	// Now is the letters' date and the day group memberships are read on.
	Now time.Time
	// TextOnly plans without composing the PDFs (see mailmerge.Input), for a
	// preview; such a plan cannot be queued.
	TextOnly bool
}

// Message is one letter of a planned delivery: to one address of one
// mission.
type Message struct {
	Mission   mission.Mission
	Address   string
	Letter    mailmerge.Letter
	MessageID string // derived from the campaign, mission, station and address: the same at every attempt and every plan
	Tag       string // the plus-address tag of its replies
	ReplyTo   string
	// Already: the campaign has written to this address before; queueing
	// skips it.
	Already bool
}

// Plan is a delivery before it is queued: what each mission will get.
type Plan struct {
	Campaign   campaign.Campaign
	Recipients Recipients
	Station    string
	Messages   []Message
	// NoAddress lists the states of the set that have no e-mail address at
	// the station: the directory must be completed before they can be
	// written to.
	NoAddress []string
	// Undrawn are the signatories, as the English annex lists them, whose
	// names the PDFs draw with placeholders for characters that no font
	// of the PDF has: staff are told before queueing, and the audit
	// record keeps them.
	Undrawn []publish.Undrawn
}

// New reports how many messages queueing the plan would write.
func (p Plan) New() int {
	n := 0
	for _, m := range p.Messages {
		if !m.Already {
			n++
		}
	}
	return n
}

// ErrNotPublic says a campaign in draft cannot be delivered.
var ErrNotPublic = errors.New("a draft cannot be delivered: open the campaign first")

// Prepare plans the delivery of c's letter to the missions of rcpt at
// station: each address's letter is composed (the e-mail text and the
// PDF), in the mission's working language where the letter has it.
func Prepare(ctx context.Context, st *store.Store, c campaign.Campaign, rcpt Recipients, station string,
	opt Options) (Plan, error) {
	plan := Plan{Campaign: c, Recipients: rcpt, Station: station}
	if c.Status == campaign.Draft {
		return plan, fmt.Errorf("delivery of %s: %w", c.Slug, ErrNotPublic)
	}
	replyBox, err := mail.ParseAddress(orDefault(opt.ReplyMailbox, opt.From))
	if err != nil {
		return plan, fmt.Errorf("delivery of %s: reply mailbox %q: %w", c.Slug,
			orDefault(opt.ReplyMailbox, opt.From), err)
	}
	codes := rcpt.States(opt.Now)
	missions, err := st.Missions(ctx, store.MissionFilter{States: codes, Station: station})
	if err != nil {
		return plan, err
	}
	version, err := st.CampaignVersion(ctx, c.ID, c.Version)
	if err != nil {
		return plan, err
	}
	sigs, err := st.PublicSignatures(ctx, c.ID)
	if err != nil {
		return plan, err
	}
	sent, err := st.DeliveryRecipients(ctx, c.ID)
	if err != nil {
		return plan, err
	}
	already := map[[3]string]bool{}
	for _, r := range sent {
		already[[3]string{r.State, r.Station, r.Address}] = true
	}

	withAddress := map[string]bool{}
	var recipients []mailmerge.Recipient
	var kept []mission.Mission
	for _, m := range missions {
		if len(m.Emails) == 0 {
			continue
		}
		withAddress[m.State] = true
		kept = append(kept, m)
		recipients = append(recipients, mailmerge.Recipient{
			State:         m.State,
			Station:       m.Station,
			HeadName:      m.HeadName,
			HeadTitle:     m.HeadTitle,
			Salutation:    m.Salutation,
			PostalAddress: m.PostalAddress,
			Language:      m.Lang(),
		})
	}
	for _, code := range codes {
		if !withAddress[code] {
			plan.NoAddress = append(plan.NoAddress, code)
		}
	}
	letters, err := composeAll(c, version, sigs, recipients, opt)
	if err != nil {
		return plan, err
	}
	english, _ := annex(c, sigs, i18n.English)
	plan.Undrawn = publish.UndrawnEntries(english, language.English)
	domain := replyBox.Address[strings.LastIndexByte(replyBox.Address, '@')+1:]
	if from, err := mail.ParseAddress(opt.From); err == nil {
		domain = from.Address[strings.LastIndexByte(from.Address, '@')+1:]
	}
	for i, m := range kept {
		for _, address := range m.Emails {
			tag := newTag()
			plan.Messages = append(plan.Messages, Message{
				Mission:   m,
				Address:   address,
				Letter:    letters[i],
				MessageID: messageID(c.Slug, m.State, m.Station, address, domain),
				Tag:       tag,
				ReplyTo:   plusAddress(replyBox.Address, tag),
				Already:   already[[3]string{m.State, m.Station, address}],
			})
		}
	}
	return plan, nil
}

// composeAll writes every recipient's letter. The signatory annex names an
// anonymous signatory in the letter's language, so the letters are
// composed language by language.
func composeAll(c campaign.Campaign, v campaign.Version, sigs []signon.Signature,
	recipients []mailmerge.Recipient, opt Options) ([]mailmerge.Letter, error) {
	letters := make([]mailmerge.Letter, len(recipients))
	byLang := map[string][]int{}
	for i, r := range recipients {
		lang := v.Text(r.Language).Lang
		byLang[lang] = append(byLang[lang], i)
	}
	for lang, indexes := range byLang {
		entries, counted := annex(c, sigs, i18n.Lang(lang))
		in := mailmerge.Input{
			Campaign:    c,
			Version:     v,
			Signatories: entries,
			Counted:     counted,
			Coalition:   opt.Coalition,
			Date:        opt.Now,
			TextOnly:    opt.TextOnly,
		}
		group := make([]mailmerge.Recipient, len(indexes))
		for j, i := range indexes {
			group[j] = recipients[i]
		}
		composed, err := mailmerge.ComposeAll(in, group)
		if err != nil {
			return nil, err
		}
		for j, i := range indexes {
			letters[i] = composed[j]
		}
	}
	return letters, nil
}

// annex is the signatory list of a letter in lang: the signatories of the
// current text, then those of earlier ones, an anonymous one named in
// lang; counted is how many are only counted.
func annex(c campaign.Campaign, sigs []signon.Signature, lang i18n.Lang) (entries []orglist.Entry, counted int) {
	L := i18n.Default().Printer(lang)
	current, older, counted := signon.Published(sigs, c.Version, func(sig signon.Signature) string {
		return L.T("sign.anonymous", sig.CountryNames())
	})
	return append(append([]orglist.Entry(nil), current...), older...), counted
}

// Result is what queueing wrote.
type Result struct {
	DeliveryID int64 `json:"delivery_id"`
	Queued     int   `json:"queued"`  // new messages in the outbox
	Skipped    int   `json:"skipped"` // addresses the campaign had already written to
}

// Queue writes the plan's new messages to the outbox with the delivery's
// record and its audit event, in one transaction: the workers of every
// running server send them from then on. An address the campaign has
// already written to, by this plan's time or since, is skipped.
func Queue(ctx context.Context, st *store.Store, plan Plan, actor string) (Result, error) {
	for _, m := range plan.Messages {
		if len(m.Letter.PDF) == 0 {
			return Result{}, fmt.Errorf("delivery of %s: the letter to %s has no PDF: a text-only plan cannot be queued", plan.Campaign.Slug, m.Mission.State)
		}
	}
	var res Result
	err := st.Transact(ctx, func(tx *store.Tx) error {
		res = Result{}
		id, err := tx.CreateDelivery(ctx, plan.Campaign.ID, plan.Recipients.String(), plan.Station, actor)
		if err != nil {
			return err
		}
		res.DeliveryID = id
		for _, m := range plan.Messages {
			r := store.DeliveryRecipient{
				CampaignID: plan.Campaign.ID,
				State:      m.Mission.State,
				Station:    m.Mission.Station,
				Address:    m.Address,
				Lang:       m.Letter.Lang,
				Tag:        m.Tag,
			}
			pdf := outbox.Attachment{Name: m.Letter.FileName, ContentType: "application/pdf", Data: m.Letter.PDF}
			msg := outbox.Message{
				MessageID: m.MessageID, To: m.Address, Subject: m.Letter.Subject, Text: m.Letter.Text,
				ReplyTo: m.ReplyTo, ReturnPath: m.ReplyTo, Attachments: []outbox.Attachment{pdf},
			}
			added, err := tx.AddDeliveryMessage(ctx, id, r, msg)
			if err != nil {
				return err
			}
			if added {
				res.Queued++
			} else {
				res.Skipped++
			}
		}
		record := map[string]any{
			"recipients": plan.Recipients.String(),
			"station":    plan.Station,
			"queued":     res.Queued,
			"skipped":    res.Skipped,
			"no_address": plan.NoAddress,
		}
		if len(plan.Undrawn) > 0 {
			record["undrawn"] = publish.TextsOf(plan.Undrawn)
		}
		after, _ := json.Marshal(record)
		_, err = tx.RecordAudit(ctx,
			audit.Event{Actor: actor, Action: "delivery.create", Subject: plan.Campaign.Subject(), After: after})
		return err
	})
	if err != nil {
		return Result{}, fmt.Errorf("delivery of %s: %w", plan.Campaign.Slug, err)
	}
	return res, nil
}

// messageID is the Message-ID of the campaign's letter to one address of a
// mission at a station: derived from them, so that a letter planned twice,
// or sent again after a crash, keeps it, and receiving systems and the
// outbox's unique key recognize the repeat.
func messageID(slug, state, station, address, domain string) string {
	sum := sha256.Sum256([]byte(strings.ToLower(address)))
	return fmt.Sprintf("<%s.%s.%s.%s@%s>", slug, state, slugify(station), hex.EncodeToString(sum[:8]), domain)
}

func slugify(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.TrimSuffix(b.String(), "-")
}

// newTag returns a random tag of 16 lower-case letters and digits (80
// bits): unguessable, so that no one can forge a bounce for a mission.
func newTag() string {
	const alphabet = "abcdefghijklmnopqrstuvwxyz234567"
	var b [16]byte
	rand.Read(b[:])
	for i := range b {
		b[i] = alphabet[b[i]%32]
	}
	return string(b[:])
}

// plusAddress is box's address with tag after a plus: letters@x.org and
// k3x9 give letters+k3x9@x.org.
func plusAddress(box, tag string) string {
	at := strings.LastIndexByte(box, '@')
	return box[:at] + "+" + tag + box[at:]
}

func orDefault(s, fallback string) string {
	if s != "" {
		return s
	}
	return fallback
}
