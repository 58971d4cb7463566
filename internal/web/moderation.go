package web

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/r2p-coalition/r2p/internal/audit"
	"github.com/r2p-coalition/r2p/internal/campaign"
	"github.com/r2p-coalition/r2p/internal/dedup"
	"github.com/r2p-coalition/r2p/internal/organization"
	"github.com/r2p-coalition/r2p/internal/signature"
	"github.com/r2p-coalition/r2p/internal/store"
)

type moderationData struct {
	Campaign campaign.Campaign
	Queue    []queuedSignature
}

// queuedSignature is a confirmed signature with the registry entries it
// may be.
type queuedSignature struct {
	signature.Signature
	Matches []similarView
}

// moderation lists a campaign's confirmed signatures for review, each
// beside the registry entries the duplicate finder offers.
func (s *Server) moderation(w http.ResponseWriter, r *http.Request) error {
	c, err := s.campaignByID(r)
	if err != nil {
		return err
	}
	queue, err := s.store.ModerationQueue(r.Context(), c.ID)
	if err != nil {
		return err
	}
	ix, byID, err := s.registryIndex(r)
	if err != nil {
		return err
	}
	d := moderationData{Campaign: c}
	for _, sig := range queue {
		q := queuedSignature{Signature: sig}
		for _, m := range ix.Candidates(dedup.Record{Name: sig.Name, Acronym: sig.Acronym, Website: sig.Website, Countries: sig.Countries}, dedup.ReviewScore) {
			q.Matches = append(q.Matches, similarView{Org: byID[m.B.ID], Score: int(m.Score*100 + 0.5), Reasons: reasonTexts(m.Reasons)})
		}
		d.Queue = append(d.Queue, q)
	}
	return s.render(w, r, http.StatusOK, "moderation", d)
}

// approveSignature approves a confirmed signature and links it to the
// registry: to the entry the form names, which gains the signature's
// spelling as an alias, or to a new entry made from the signature.
func (s *Server) approveSignature(w http.ResponseWriter, r *http.Request) error {
	v := visitorFrom(r)
	id, err := pathID(r)
	if err != nil {
		return err
	}
	choice := r.PostFormValue("organization")
	var orgID int64
	if choice != "new" {
		if orgID, err = strconv.ParseInt(choice, 10, 64); err != nil || orgID <= 0 {
			return errorf(http.StatusBadRequest, "invalid_parameter", "organization %q: want new or an organization's id", choice)
		}
	}
	var sig signature.Signature
	defer s.registryChanged()
	err = s.store.Transact(r.Context(), func(tx *store.Tx) error {
		if sig, err = tx.Signature(r.Context(), id); err != nil {
			return err
		}
		o := organization.FromEntry(sig.Entry(""))
		o.Website, o.Type = sig.Website, sig.Type
		o.Normalize()
		if orgID == 0 {
			created, err := tx.CreateOrganization(r.Context(), o)
			if err != nil {
				return err
			}
			orgID = created.ID
			after, _ := json.Marshal(created)
			if _, err := tx.RecordAudit(r.Context(), audit.Event{Actor: v.actor(), Action: "organization.create", Subject: created.Subject(), After: after}); err != nil {
				return err
			}
		} else if err := addImportedName(r, tx, v.actor(), orgID, o); err != nil {
			return err
		}
		if err := tx.ApproveSignature(r.Context(), id, orgID); err != nil {
			return err
		}
		_, err := tx.RecordAudit(r.Context(), audit.Event{Actor: v.actor(), Action: "signature.approve", Subject: sig.Subject(), After: jsonObject("organization_id", orgID)})
		return err
	})
	if err := reviewError(err, v.printer.T("moderation.not_waiting")); err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/admin/campaigns/%d/moderation", sig.CampaignID), http.StatusSeeOther)
	return nil
}

func (s *Server) rejectSignature(w http.ResponseWriter, r *http.Request) error {
	v := visitorFrom(r)
	id, err := pathID(r)
	if err != nil {
		return err
	}
	reason := strings.TrimSpace(r.PostFormValue("reason"))
	if reason == "" {
		return errorf(http.StatusBadRequest, "invalid_parameter", "%s", v.printer.T("moderation.reason_required"))
	}
	var sig signature.Signature
	err = s.store.Transact(r.Context(), func(tx *store.Tx) error {
		if sig, err = tx.Signature(r.Context(), id); err != nil {
			return err
		}
		if err := tx.RejectSignature(r.Context(), id, reason); err != nil {
			return err
		}
		_, err := tx.RecordAudit(r.Context(), audit.Event{Actor: v.actor(), Action: "signature.reject", Subject: sig.Subject(), After: jsonObject("reason", reason)})
		return err
	})
	if err := reviewError(err, v.printer.T("moderation.not_waiting")); err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/admin/campaigns/%d/moderation", sig.CampaignID), http.StatusSeeOther)
	return nil
}

func reviewError(err error, notWaiting string) error {
	switch {
	case errors.Is(err, store.ErrNotFound):
		return errorf(http.StatusNotFound, "not_found", "no such signature or organization")
	case errors.Is(err, store.ErrNotConfirmed):
		return errorf(http.StatusBadRequest, "invalid_parameter", "%s", notWaiting)
	}
	return err
}

// eraseContact erases a signer's contact details on their request: every
// signature of the campaign given with the address keeps its organization
// and loses its contact.
func (s *Server) eraseContact(w http.ResponseWriter, r *http.Request) error {
	v := visitorFrom(r)
	c, err := s.campaignByID(r)
	if err != nil {
		return err
	}
	email := strings.ToLower(strings.TrimSpace(r.PostFormValue("email")))
	if email == "" {
		return errorf(http.StatusBadRequest, "invalid_parameter", "%s", v.printer.T("erase.email_required"))
	}
	var n int64
	err = s.store.Transact(r.Context(), func(tx *store.Tx) error {
		if n, err = tx.EraseContact(r.Context(), c.ID, email); err != nil {
			return err
		}
		_, err := tx.RecordAudit(r.Context(), audit.Event{Actor: v.actor(), Action: "signature.erase_contact", Subject: c.Subject(),
			After: jsonObject("signatures", n)}) // the address itself is not logged: it is what was erased
		return err
	})
	if err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/admin/campaigns/%d?erased=%d", c.ID, n), http.StatusSeeOther)
	return nil
}
