package web

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/r2p-coalition/r2p/internal/account"
	"github.com/r2p-coalition/r2p/internal/audit"
	"github.com/r2p-coalition/r2p/internal/i18n"
	"github.com/r2p-coalition/r2p/internal/letters/campaign"
	"github.com/r2p-coalition/r2p/internal/letters/signon"
	"github.com/r2p-coalition/r2p/internal/mail/outbox"
	"github.com/r2p-coalition/r2p/internal/store"
)

// endorseLinkLifetime is how long an invitation to endorse a new version
// of the text can be used.
const endorseLinkLifetime = 30 * 24 * time.Hour

// inviteToEndorse writes, through the outbox, to each signer of an earlier
// version of the campaign's text who has not been invited to the current
// one: one message each, in the language they signed in, with a one-time
// link that moves their signature to the current version. The messages,
// the invitations and the audit entry are one transaction; a second press
// finds nobody left to invite and sends nothing.
func (s *Server) inviteToEndorse(w http.ResponseWriter, r *http.Request) error {
	v := visitorFrom(r)
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var invited []int64
	var version int
	err = s.store.Transact(r.Context(), func(tx *store.Tx) error {
		invited = nil
		c, err := tx.Campaign(r.Context(), id)
		if err != nil {
			return notFound(err, "campaign %d", id)
		}
		if c.Status == campaign.Draft || c.Version < 2 {
			return errorf(http.StatusConflict, "no_earlier_version", "%s", v.printer.T("endorse.no_earlier"))
		}
		current, err := tx.CampaignVersion(r.Context(), c.ID, c.Version)
		if err != nil {
			return err
		}
		version = c.Version
		sigs, err := tx.SignaturesToInvite(r.Context(), c.ID, c.Version)
		if err != nil {
			return err
		}
		for _, sig := range sigs {
			secret, hash := account.NewSecret("")
			created, err := tx.CreateInvitation(r.Context(), store.Invitation{SignatureID: sig.ID, Version: c.Version,
				Hash: hash, Expires: s.opts.Now().Add(endorseLinkLifetime)})
			if err != nil {
				return err
			}
			if !created {
				continue
			}
			if _, err := tx.EnqueueSignatureMail(r.Context(), sig.ID, s.invitationMail(c, current, sig, secret)); err != nil {
				return err
			}
			invited = append(invited, sig.ID)
		}
		if len(invited) == 0 {
			return nil
		}
		after, _ := json.Marshal(map[string]any{"version": c.Version, "signatures": invited})
		_, err = tx.RecordAudit(r.Context(), audit.Event{Actor: v.actor(), Action: "campaign.invite_endorse",
			Subject: c.Subject(), After: after})
		return err
	})
	if err != nil {
		return err
	}
	if len(invited) > 0 {
		s.opts.WakeMailer()
	}
	http.Redirect(w, r, fmt.Sprintf("/admin/campaigns/%d?invited=%d&version=%d", id, len(invited), version),
		http.StatusSeeOther)
	return nil
}

// invitationMail is the invitation to a signer to endorse version current,
// in the language they signed in.
func (s *Server) invitationMail(c campaign.Campaign, current campaign.Version, sig signon.Signature,
	secret string) outbox.Message {
	L := s.catalog.Printer(i18n.Lang(sig.Lang))
	title := current.Text(sig.Lang).Title
	page := s.opts.BaseURL + "/c/" + c.Slug
	return outbox.Message{
		To:      sig.ContactEmail,
		Subject: L.T("endorse.mail_subject", current.Number, title),
		Text: L.T("endorse.mail_body", sig.ContactName, sig.Name, sig.Version, title, current.Number, page,
			page+"/endorse/"+secret, L.Date(s.opts.Now().Add(endorseLinkLifetime))),
	}
}

// endorsementData is what the campaign page says of the signers of
// earlier versions.
type endorsementData struct {
	store.EndorsementCounts
	Version int // the current one
	Notice  string
}

// endorsementFor is the campaign page's part on the signers of earlier
// versions: nil while there is no earlier version.
func (s *Server) endorsementFor(r *http.Request, c campaign.Campaign) (*endorsementData, error) {
	if c.Status == campaign.Draft || c.Version < 2 {
		return nil, nil
	}
	counts, err := s.store.EndorsementCounts(r.Context(), c.ID, c.Version)
	if err != nil {
		return nil, err
	}
	d := &endorsementData{EndorsementCounts: counts, Version: c.Version}
	// After an invitation to this version: how many it sent.
	L, q := visitorFrom(r).printer, r.URL.Query()
	sent, err := strconv.ParseInt(q.Get("invited"), 10, 64)
	switch {
	case err != nil || q.Get("version") != strconv.Itoa(c.Version):
	case sent == 0:
		d.Notice = L.T("endorse.sent_none", c.Version)
	default:
		d.Notice = L.T("endorse.sent", c.Version, L.Number(sent))
	}
	return d, nil
}

// endorseForm shows an invitation's signature, what changed in the text
// since the version it endorses, and a button: mail scanners open links,
// so using one takes a POST.
func (s *Server) endorseForm(w http.ResponseWriter, r *http.Request) error {
	d := confirmData{Slug: r.PathValue("slug"), Token: r.PathValue("token"), Endorse: true}
	c, sig, version, err := s.invitation(r)
	if errors.Is(err, store.ErrLinkUsed) {
		d.Invalid = true
		return s.render(w, r, http.StatusNotFound, "confirm", d)
	}
	if err != nil {
		return err
	}
	d.Name, d.From, d.To = sig.Name, sig.Version, version
	lang := string(visitorFrom(r).printer.Lang())
	signed, err := s.store.CampaignVersion(r.Context(), c.ID, sig.Version)
	if err != nil {
		return err
	}
	next, err := s.store.CampaignVersion(r.Context(), c.ID, version)
	if err != nil {
		return err
	}
	d.Changes = campaign.TextChanges([]campaign.Text{signed.Text(lang)}, []campaign.Text{next.Text(lang)})
	return s.render(w, r, http.StatusOK, "confirm", d)
}

// endorse uses an invitation link: the signature now endorses the version
// it was invited to, and the audit log says so.
func (s *Server) endorse(w http.ResponseWriter, r *http.Request) error {
	d := confirmData{Slug: r.PathValue("slug"), Endorse: true}
	_, _, _, err := s.invitation(r)
	var before signon.Signature
	if err == nil {
		err = s.store.Transact(r.Context(), func(tx *store.Tx) error {
			var err error
			if before, d.To, err = tx.EndorseVersion(r.Context(), account.HashSecret(r.PathValue("token"))); err != nil {
				return err
			}
			_, err = tx.RecordAudit(r.Context(), audit.Event{Actor: "public", Action: "signature.endorse",
				Subject: before.Subject(), Before: jsonObject("version", before.Version), After: jsonObject("version", d.To)})
			return err
		})
	}
	return s.linkUsedPage(w, r, d, before.Name, err)
}

// invitation returns the public campaign at /c/{slug}, and the signature
// and version of the invitation link {token}, which must be the
// campaign's: store.ErrLinkUsed if it is not, or is used or expired.
func (s *Server) invitation(r *http.Request) (campaign.Campaign, signon.Signature, int, error) {
	sig, version, err := s.store.SignatureByInvitation(r.Context(), account.HashSecret(r.PathValue("token")))
	if err != nil {
		return campaign.Campaign{}, sig, 0, err
	}
	c, _, err := s.publicCampaign(r)
	if err != nil || c.ID != sig.CampaignID {
		return c, sig, 0, fmt.Errorf("invitation of signature %d under /c/%s: %w", sig.ID, r.PathValue("slug"),
			store.ErrLinkUsed)
	}
	return c, sig, version, nil
}
