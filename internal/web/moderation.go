package web

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/r2p-coalition/r2p/internal/audit"
	"github.com/r2p-coalition/r2p/internal/letters/campaign"
	"github.com/r2p-coalition/r2p/internal/letters/dedup"
	"github.com/r2p-coalition/r2p/internal/letters/organization"
	"github.com/r2p-coalition/r2p/internal/letters/orglist"
	"github.com/r2p-coalition/r2p/internal/letters/signon"
	"github.com/r2p-coalition/r2p/internal/store"
)

type moderationData struct {
	Campaign campaign.Campaign
	Queue    []queuedSignature
	Approved []signon.Signature
	// Errors are what is wrong with the approval of a queued signature,
	// by the signature's id.
	Errors map[int64]string
}

// queuedSignature is a confirmed signature with the registry entries it
// may be, and the campaign's other signatures it may repeat.
type queuedSignature struct {
	signon.Signature
	Matches    []similarView
	Duplicates []duplicateView
}

// duplicateView is another signature of the campaign that a queued one
// may repeat.
type duplicateView struct {
	ID    int64
	Name  string
	Score int // percent
}

func signatureRecord(sig signon.Signature) dedup.Record {
	return dedup.Record{ID: sig.ID, Name: sig.Name, Acronym: sig.Acronym, Website: sig.Website,
		Countries: sig.Countries}
}

// moderation lists a campaign's confirmed signatures for review, each
// beside the registry entries and the other signatures the duplicate
// finder offers, then the approved ones, which staff may still correct.
func (s *Server) moderation(w http.ResponseWriter, r *http.Request) error {
	c, err := s.campaignByID(r)
	if err != nil {
		return err
	}
	return s.renderModeration(w, r, http.StatusOK, c, nil)
}

func (s *Server) renderModeration(w http.ResponseWriter, r *http.Request, status int, c campaign.Campaign,
	errs map[int64]string) error {
	queue, err := s.store.ModerationQueue(r.Context(), c.ID)
	if err != nil {
		return err
	}
	ix, byID, err := s.registryIndex(r)
	if err != nil {
		return err
	}
	public, err := s.store.PublicSignatures(r.Context(), c.ID)
	if err != nil {
		return err
	}
	d := moderationData{Campaign: c, Errors: errs}
	records := make([]dedup.Record, len(public))
	names := make(map[int64]string, len(public))
	for i, sig := range public {
		records[i], names[sig.ID] = signatureRecord(sig), sig.Name
		if sig.Status == signon.Approved {
			d.Approved = append(d.Approved, sig)
		}
	}
	signatures := dedup.NewIndex(records)
	for _, sig := range queue {
		q := queuedSignature{Signature: sig}
		for _, m := range ix.Candidates(signatureRecord(sig), dedup.ReviewScore) {
			q.Matches = append(q.Matches,
				similarView{Org: byID[m.B.ID], Score: percent(m.Score), Reasons: reasonTexts(m.Reasons)})
		}
		for _, m := range signatures.Candidates(signatureRecord(sig), dedup.ReviewScore) {
			if m.B.ID != sig.ID {
				q.Duplicates = append(q.Duplicates,
					duplicateView{ID: m.B.ID, Name: names[m.B.ID], Score: percent(m.Score)})
			}
		}
		d.Queue = append(d.Queue, q)
	}
	return s.render(w, r, status, "moderation", d)
}

func percent(score float64) int { return int(score*100 + 0.5) }

// approveSignature approves a confirmed signature and links it to the
// registry: to the entry the form names, which gains the signature's
// spelling as an alias, or to a new entry made from the signature, under
// the name the form gives (the signature's own when it gives none).
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
			return errorf(http.StatusBadRequest, "invalid_parameter",
				"organization %q: want new or an organization's id", choice)
		}
	}
	var sig signon.Signature
	var entry organization.Organization
	defer s.registryChanged()
	err = s.store.Transact(r.Context(), func(tx *store.Tx) error {
		if sig, err = tx.Signature(r.Context(), id); err != nil {
			return err
		}
		o := registryEntry(sig)
		entry = o
		if orgID == 0 {
			if names, given := r.PostForm["name"]; given {
				o.Name = names[0]
				o.Normalize()
				entry = o
			}
			if err := o.Validate(); err != nil {
				return err
			}
			created, err := tx.CreateOrganization(r.Context(), o)
			if err != nil {
				return err
			}
			orgID = created.ID
			after, _ := json.Marshal(created)
			if _, err := tx.RecordAudit(r.Context(),
				audit.Event{Actor: v.actor(), Action: "organization.create", Subject: created.Subject(),
					After: after}); err != nil {
				return err
			}
		} else if err := addImportedName(r, tx, v.actor(), orgID, o); err != nil {
			return err
		}
		if err := tx.ApproveSignature(r.Context(), id, orgID); err != nil {
			return err
		}
		_, err := tx.RecordAudit(r.Context(),
			audit.Event{Actor: v.actor(), Action: "signature.approve", Subject: sig.Subject(),
				After: jsonObject("organization_id", orgID)})
		return err
	})
	if fe, ok := errors.AsType[*organization.FieldError](err); ok {
		c, err := s.store.Campaign(r.Context(), sig.CampaignID)
		if err != nil {
			return err
		}
		problem := fe.Error()
		if entry.Name == "" {
			problem = v.printer.T("moderation.name_required")
		}
		return s.renderModeration(w, r, http.StatusUnprocessableEntity, c, map[int64]string{sig.ID: problem})
	}
	if err := reviewError(err, v.printer.T("moderation.not_waiting")); err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/admin/campaigns/%d/moderation", sig.CampaignID), http.StatusSeeOther)
	return nil
}

// registryEntry is the registry entry a signature makes: its own name,
// even when it asked to be shown as anonymous (the registry is staff's
// alone), acronym, countries, city, website and type.
func registryEntry(sig signon.Signature) organization.Organization {
	o := organization.FromEntry(orglist.Entry{Name: sig.Name, Acronym: sig.Acronym, Countries: sig.Countries,
		CountryLabels: sig.CountryLabels, Place: sig.City})
	o.Website, o.Type = sig.Website, sig.Type
	o.Normalize()
	return o
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
	var sig signon.Signature
	err = s.store.Transact(r.Context(), func(tx *store.Tx) error {
		if sig, err = tx.Signature(r.Context(), id); err != nil {
			return err
		}
		if err := tx.RejectSignature(r.Context(), id, reason); err != nil {
			return err
		}
		_, err := tx.RecordAudit(r.Context(),
			audit.Event{Actor: v.actor(), Action: "signature.reject", Subject: sig.Subject(),
				After: jsonObject("reason", reason)})
		return err
	})
	if err := reviewError(err, v.printer.T("moderation.not_waiting")); err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/admin/campaigns/%d/moderation", sig.CampaignID), http.StatusSeeOther)
	return nil
}

func reviewError(err error, notWaiting string) error {
	if errors.Is(err, store.ErrNotConfirmed) {
		return errorf(http.StatusBadRequest, "invalid_parameter", "%s", notWaiting)
	}
	return notFound(err, "such signature or organization")
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
		_, err := tx.RecordAudit(r.Context(), audit.Event{
			Actor:   v.actor(),
			Action:  "signature.erase_contact",
			Subject: c.Subject(),
			After:   jsonObject("signatures", n),
		}) // the address itself is not logged: it is what was erased
		return err
	})
	if err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/admin/campaigns/%d?erased=%d", c.ID, n), http.StatusSeeOther)
	return nil
}

// markDuplicate rejects a confirmed signature as a repeat of another
// signature of the campaign.
func (s *Server) markDuplicate(w http.ResponseWriter, r *http.Request) error {
	v := visitorFrom(r)
	id, err := pathID(r)
	if err != nil {
		return err
	}
	of, err := strconv.ParseInt(r.PostFormValue("of"), 10, 64)
	if err != nil || of <= 0 {
		return errorf(http.StatusBadRequest, "invalid_parameter",
			"of %q: want the id of the signature this one repeats", r.PostFormValue("of"))
	}
	var sig signon.Signature
	err = s.store.Transact(r.Context(), func(tx *store.Tx) error {
		if sig, err = tx.Signature(r.Context(), id); err != nil {
			return err
		}
		if err := tx.MarkDuplicate(r.Context(), id, of); err != nil {
			return err
		}
		_, err := tx.RecordAudit(r.Context(),
			audit.Event{Actor: v.actor(), Action: "signature.duplicate", Subject: sig.Subject(),
				After: jsonObject("duplicate_of", of)})
		return err
	})
	if errors.Is(err, store.ErrNotDuplicable) {
		return errorf(http.StatusBadRequest, "invalid_parameter", "%s", v.printer.T("moderation.not_duplicable", of))
	}
	if err := reviewError(err, v.printer.T("moderation.not_waiting")); err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/admin/campaigns/%d/moderation", sig.CampaignID), http.StatusSeeOther)
	return nil
}

type correctionData struct {
	Signature signon.Signature
	Form      signForm
	Errors    map[string]string
	Countries []countryOption
	Displays  []signon.Display
}

// correctionForm shows the fields of a signature that the published list
// shows, for staff to correct.
func (s *Server) correctionForm(w http.ResponseWriter, r *http.Request) error {
	sig, err := s.signatureByID(r)
	if err != nil {
		return err
	}
	form := signForm{Name: sig.Name, Acronym: sig.Acronym, City: sig.City, Website: sig.Website,
		Display: sig.Display, Countries: sig.Countries}
	return s.renderCorrection(w, r, http.StatusOK, sig, form, nil)
}

func (s *Server) renderCorrection(w http.ResponseWriter, r *http.Request, status int, sig signon.Signature,
	form signForm, errs map[string]string) error {
	d := correctionData{Signature: sig, Form: form, Errors: errs, Displays: signon.Displays,
		Countries: countryOptions(visitorFrom(r).printer.Lang(), form.Countries)}
	return s.render(w, r, status, "signature_form", d)
}

func (s *Server) signatureByID(r *http.Request) (signon.Signature, error) {
	id, err := pathID(r)
	if err != nil {
		return signon.Signature{}, err
	}
	sig, err := s.store.Signature(r.Context(), id)
	return sig, notFound(err, "signature %d", id)
}

// correctSignature saves staff's corrections of what the published list
// shows; the contact details are not touched.
func (s *Server) correctSignature(w http.ResponseWriter, r *http.Request) error {
	v := visitorFrom(r)
	sig, err := s.signatureByID(r)
	if err != nil {
		return err
	}
	form := signForm{
		Name:      r.PostFormValue("name"),
		Acronym:   r.PostFormValue("acronym"),
		City:      r.PostFormValue("city"),
		Website:   r.PostFormValue("website"),
		Display:   signon.Display(r.PostFormValue("display")),
		Countries: r.PostForm["countries"],
	}
	corrected := sig
	corrected.Name, corrected.Acronym, corrected.City = form.Name, form.Acronym, form.City
	corrected.Website, corrected.Display = form.Website, form.Display
	corrected.Countries, corrected.CountryLabels = form.Countries, keptLabels(sig, form.Countries)
	corrected.Normalize()
	errs, err := signErrors(r, corrected, correctedFields)
	if err != nil {
		return err
	}
	if len(errs) > 0 {
		return s.renderCorrection(w, r, http.StatusUnprocessableEntity, sig, form, errs)
	}
	err = s.store.Transact(r.Context(), func(tx *store.Tx) error {
		before, err := tx.CorrectSignature(r.Context(), corrected)
		if err != nil {
			return err
		}
		_, err = tx.RecordAudit(r.Context(), audit.Event{
			Actor:   v.actor(),
			Action:  "signature.correct",
			Subject: sig.Subject(),
			Before:  shownFields(before),
			After:   shownFields(corrected),
		})
		return err
	})
	if errors.Is(err, store.ErrDuplicate) {
		return s.renderCorrection(w, r, http.StatusUnprocessableEntity, sig, form,
			map[string]string{"name": v.printer.T("moderation.name_taken")})
	}
	if err := reviewError(err, v.printer.T("moderation.not_public")); err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/admin/campaigns/%d/moderation", sig.CampaignID), http.StatusSeeOther)
	return nil
}

// correctedFields are the fields of a signature that staff correct; the
// contact and the type are not among them.
var correctedFields = []string{"name", "acronym", "countries", "city", "website", "display"}

// keptLabels gives each of countries the label the signer wrote for it, if
// they chose it; a country staff add is written with its usual name.
func keptLabels(sig signon.Signature, countries []string) []string {
	labels := make([]string, len(countries))
	for i, code := range countries {
		if j := slices.Index(sig.Countries, code); j >= 0 && j < len(sig.CountryLabels) {
			labels[i] = sig.CountryLabels[j]
		}
	}
	return labels
}

// shownFields is what the audit log keeps of a correction: the fields the
// published list shows.
func shownFields(sig signon.Signature) json.RawMessage {
	b, _ := json.Marshal(map[string]any{
		"name":           sig.Name,
		"acronym":        sig.Acronym,
		"countries":      sig.Countries,
		"country_labels": sig.CountryLabels,
		"city":           sig.City,
		"website":        sig.Website,
		"display":        sig.Display,
	})
	return b
}
