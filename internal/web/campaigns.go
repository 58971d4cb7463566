package web

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/language"

	"github.com/r2p-coalition/r2p/internal/account"
	"github.com/r2p-coalition/r2p/internal/audit"
	"github.com/r2p-coalition/r2p/internal/i18n"
	"github.com/r2p-coalition/r2p/internal/letters/campaign"
	"github.com/r2p-coalition/r2p/internal/letters/publish"
	"github.com/r2p-coalition/r2p/internal/store"
)

// formLanguages are the languages the campaign form offers; the others of
// the UN's six can be added through the API.
var formLanguages = []string{"en", "fr", "es"}

type campaignsData struct {
	List    []campaign.Campaign
	CanEdit bool
}

func (s *Server) campaigns(w http.ResponseWriter, r *http.Request) error {
	list, err := s.store.Campaigns(r.Context())
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "campaigns",
		campaignsData{List: list, CanEdit: visitorFrom(r).user.Role.Allows(account.Editor)})
}

func (s *Server) campaignByID(r *http.Request) (campaign.Campaign, error) {
	id, err := pathID(r)
	if err != nil {
		return campaign.Campaign{}, err
	}
	c, err := s.store.Campaign(r.Context(), id)
	return c, notFound(err, "campaign %d", id)
}

type campaignAdminData struct {
	Erased   string // after an erasure: how many signatures lost their contact
	Saved    string // after a save: what it did
	IsAdmin  bool
	Campaign campaign.Campaign
	Versions []campaign.Version
	Current  campaign.Version
	Next     []campaign.Status
	CanEdit  bool
	Count    int64
	// Endorsement is where the signers of earlier versions stand, once
	// there is one.
	Endorsement *endorsementData
	// Undrawn are the published names that the PDFs draw with
	// placeholders.
	Undrawn []publish.Undrawn
}

func (s *Server) campaignAdmin(w http.ResponseWriter, r *http.Request) error {
	c, err := s.campaignByID(r)
	if err != nil {
		return err
	}
	user := visitorFrom(r).user
	d := campaignAdminData{Campaign: c, CanEdit: user.Role.Allows(account.Editor),
		IsAdmin: user.Role.Allows(account.Admin), Erased: r.URL.Query().Get("erased")}
	if d.Versions, err = s.store.CampaignVersions(r.Context(), c.ID); err != nil {
		return err
	}
	if len(d.Versions) > 0 {
		d.Current = d.Versions[0]
	}
	if d.Count, err = s.store.CountPublicSignatures(r.Context(), c.ID); err != nil {
		return err
	}
	d.Saved = savedNotice(visitorFrom(r).printer, saveOutcome(r.URL.Query().Get("saved")), c.Version)
	if d.Endorsement, err = s.endorsementFor(r, c); err != nil {
		return err
	}
	entries, _, _, err := s.publishedEntries(r, c)
	if err != nil {
		return err
	}
	d.Undrawn = publish.UndrawnEntries(entries, language.Make(string(visitorFrom(r).printer.Lang())))
	for _, st := range []campaign.Status{campaign.Open, campaign.Closed, campaign.Delivered} {
		if c.Status.CanBecome(st) {
			d.Next = append(d.Next, st)
		}
	}
	return s.render(w, r, http.StatusOK, "campaign_admin", d)
}

// campaignForm is what the form shows and sends back.
type campaignForm struct {
	Campaign campaign.Campaign
	OpensAt  string // datetime-local, in the campaign's time zone
	Deadline string
	Texts    []textForm
	Errors   map[string]string
	Action   string
}

type textForm struct {
	Lang, Title, Body, Asks string // Asks: one a line, "label | description"
}

func (s *Server) newCampaignForm(w http.ResponseWriter, r *http.Request) error {
	f := campaignForm{Campaign: campaign.Campaign{TimeZone: "UTC"}, Action: "/admin/campaigns"}
	for _, l := range formLanguages {
		f.Texts = append(f.Texts, textForm{Lang: l})
	}
	return s.render(w, r, http.StatusOK, "campaign_form", f)
}

func (s *Server) editCampaignForm(w http.ResponseWriter, r *http.Request) error {
	c, err := s.campaignByID(r)
	if err != nil {
		return err
	}
	v, err := s.store.CampaignVersion(r.Context(), c.ID, c.Version)
	if err != nil {
		return err
	}
	f := campaignForm{Campaign: c, OpensAt: localInput(c.OpensAt, c.TimeZone),
		Deadline: localInput(c.Deadline, c.TimeZone), Action: fmt.Sprintf("/admin/campaigns/%d", c.ID)}
	for _, l := range campaign.Languages {
		t := textForm{Lang: l}
		i := slices.IndexFunc(v.Texts, func(vt campaign.Text) bool { return vt.Lang == l })
		if i >= 0 {
			t.Title, t.Body, t.Asks = v.Texts[i].Title, v.Texts[i].Body, asksInput(v.Texts[i].Asks)
		}
		if i >= 0 || slices.Contains(formLanguages, l) {
			f.Texts = append(f.Texts, t)
		}
	}
	return s.render(w, r, http.StatusOK, "campaign_form", f)
}

const localLayout = "2006-01-02T15:04"

func localInput(t time.Time, zone string) string {
	loc, err := time.LoadLocation(zone)
	if t.IsZero() || err != nil {
		return ""
	}
	return t.In(loc).Format(localLayout)
}

func asksInput(asks []campaign.Ask) string {
	var lines []string
	for _, a := range asks {
		line := a.Label
		if a.Description != "" {
			line += " | " + a.Description
		}
		lines = append(lines, line)
	}
	return strings.Join(lines, "\n")
}

// readCampaignForm reads the form into a campaign and its texts; errs maps
// a field to its problem.
func readCampaignForm(r *http.Request) (campaign.Campaign, []campaign.Text, campaignForm, map[string]string) {
	c := campaign.Campaign{
		Slug:   strings.TrimSpace(r.PostFormValue("slug")),
		Status: campaign.Draft,
		Event: campaign.Event{Name: strings.TrimSpace(r.PostFormValue("event_name")),
			Date:  strings.TrimSpace(r.PostFormValue("event_date")),
			Place: strings.TrimSpace(r.PostFormValue("event_place"))},
		TimeZone:    strings.TrimSpace(r.PostFormValue("time_zone")),
		AutoApprove: r.PostFormValue("auto_approve") == "yes",
	}
	f := campaignForm{OpensAt: r.PostFormValue("opens_at"), Deadline: r.PostFormValue("deadline")}
	errs := map[string]string{}
	loc, err := time.LoadLocation(c.TimeZone)
	if err != nil || c.TimeZone == "" {
		loc = time.UTC
	}
	for field, dst := range map[string]*time.Time{"opens_at": &c.OpensAt, "deadline": &c.Deadline} {
		if v := r.PostFormValue(field); v != "" {
			t, err := time.ParseInLocation(localLayout, v, loc)
			if err != nil {
				errs[field] = fmt.Sprintf("%s: %q is not a date and time", field, v)
			}
			*dst = t.UTC()
		}
	}
	var texts []campaign.Text
	for _, l := range campaign.Languages {
		if _, sent := r.PostForm["title_"+l]; !sent && !slices.Contains(formLanguages, l) {
			continue // a language the form did not show
		}
		t := textForm{Lang: l, Title: r.PostFormValue("title_" + l), Body: r.PostFormValue("body_" + l),
			Asks: r.PostFormValue("asks_" + l)}
		f.Texts = append(f.Texts, t)
		if strings.TrimSpace(t.Title+t.Body+t.Asks) == "" {
			continue
		}
		ct := campaign.Text{Lang: l, Title: t.Title, Body: t.Body}
		for _, line := range strings.Split(t.Asks, "\n") {
			label, desc, _ := strings.Cut(line, "|")
			if label = strings.TrimSpace(label); label != "" {
				ct.Asks = append(ct.Asks, campaign.Ask{Label: label, Description: strings.TrimSpace(desc)})
			}
		}
		texts = append(texts, campaign.NormalizeText(ct))
	}
	var fe *campaign.FieldError
	if err := c.Validate(); errors.As(err, &fe) {
		errs[strings.SplitN(fe.Field, ".", 2)[0]] = fe.Error()
	}
	if err := campaign.ValidateTexts(texts); errors.As(err, &fe) {
		errs["texts"] = fe.Error()
	}
	f.Campaign = c
	return c, texts, f, errs
}

func (s *Server) createCampaign(w http.ResponseWriter, r *http.Request) error {
	v := visitorFrom(r)
	c, texts, f, errs := readCampaignForm(r)
	f.Action = "/admin/campaigns"
	if len(errs) > 0 {
		f.Errors = errs
		return s.render(w, r, http.StatusUnprocessableEntity, "campaign_form", f)
	}
	created, err := s.createCampaignAudited(r, v.actor(), c, texts)
	return s.campaignSaved(w, r, f, created.ID, err)
}

// createCampaignAudited stores a new campaign with its first version and
// records it, in one transaction; the form and the API both use it.
func (s *Server) createCampaignAudited(r *http.Request, actor string, c campaign.Campaign,
	texts []campaign.Text) (campaign.Campaign, error) {
	var created campaign.Campaign
	err := s.store.Transact(r.Context(), func(tx *store.Tx) error {
		var err error
		if created, err = tx.CreateCampaign(r.Context(), c, texts); err != nil {
			return err
		}
		after, _ := json.Marshal(map[string]any{"campaign": created, "texts": texts})
		_, err = tx.RecordAudit(r.Context(),
			audit.Event{Actor: actor, Action: "campaign.create", Subject: created.Subject(), After: after})
		return err
	})
	return created, err
}

// campaignSaved ends a form's save: the form again if the address is
// taken, else the campaign's page.
func (s *Server) campaignSaved(w http.ResponseWriter, r *http.Request, f campaignForm, id int64, err error) error {
	if errors.Is(err, store.ErrDuplicate) {
		f.Errors = map[string]string{"slug": visitorFrom(r).printer.T("campaign.slug_taken", f.Campaign.Slug)}
		return s.render(w, r, http.StatusUnprocessableEntity, "campaign_form", f)
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/admin/campaigns/%d", id), http.StatusSeeOther)
	return nil
}

// updateCampaign saves the form. A save that changes nothing saves
// nothing; details and asks are saved in place; a change to the text of a
// campaign that has been public is shown to the editor with the number of
// signatures that stay on the current version, and is saved as a new
// version only when the editor confirms it (new_version names the version
// confirmed). "back" returns to the form with what was typed.
func (s *Server) updateCampaign(w http.ResponseWriter, r *http.Request) error {
	v := visitorFrom(r)
	existing, err := s.campaignByID(r)
	if err != nil {
		return err
	}
	c, texts, f, errs := readCampaignForm(r)
	f.Campaign.ID, f.Campaign.Status = existing.ID, existing.Status
	f.Action = fmt.Sprintf("/admin/campaigns/%d", existing.ID)
	if len(errs) > 0 {
		f.Errors = errs
		return s.render(w, r, http.StatusUnprocessableEntity, "campaign_form", f)
	}
	if r.PostFormValue("back") != "" {
		return s.render(w, r, http.StatusOK, "campaign_form", f)
	}
	confirmed, _ := strconv.Atoi(r.PostFormValue("new_version"))
	saved, err := s.updateCampaignAudited(r, v.actor(), existing.ID, c, texts,
		func(next int) bool { return confirmed == next })
	var ask *newVersionNeeded
	if errors.As(err, &ask) {
		return s.confirmNewVersion(w, r, f, ask)
	}
	if err != nil {
		return s.campaignSaved(w, r, f, existing.ID, err)
	}
	http.Redirect(w, r, fmt.Sprintf("/admin/campaigns/%d?saved=%s", existing.ID, saved), http.StatusSeeOther)
	return nil
}

// savedNotice is what the campaign page says after a save.
func savedNotice(L *i18n.Printer, saved saveOutcome, version int) string {
	switch saved {
	case savedNothing:
		return L.T("campaign.saved_nothing")
	case savedInPlace:
		return L.T("campaign.saved_details", version)
	case savedNewVersion:
		return L.T("campaign.saved_version", version)
	case savedDraft:
		return L.T("campaign.saved")
	}
	return ""
}

// newVersionNeeded says that a save changes the text of a campaign that
// has been public, which takes a new version the editor did not confirm.
// Nothing was saved.
type newVersionNeeded struct {
	Current campaign.Version // the version the signatures endorse
	Next    int              // the version the save would make
	Texts   []campaign.Text  // the texts it would have
	Signed  int64            // the public signatures that would stay on earlier versions
}

func (e *newVersionNeeded) Error() string {
	return fmt.Sprintf("the title or body of the letter changed: saving makes version %d, and the signatures given "+
		"so far stay on version %d or earlier (%d of them); send \"new_version\": true to make it",
		e.Next, e.Current.Number, e.Signed)
}

// saveOutcome names what a save did, for the campaign page's notice.
type saveOutcome string

const (
	savedNothing    saveOutcome = "nothing" // nothing changed
	savedInPlace    saveOutcome = "details" // details or asks; the text and its version stayed
	savedNewVersion saveOutcome = "version" // a new version of the text
	savedDraft      saveOutcome = "draft"   // a draft, rewritten in place
)

// updateCampaignAudited saves a campaign's details and texts and records
// the change, in one transaction; the form and the API both use it. It
// compares them with the campaign and its current version as they are in
// that transaction: nothing changed saves and records nothing; the
// details, and asks whose text stays, are saved in place; a draft's text
// is rewritten; the changed text of a campaign that has been public is a
// new version if newVersion allows that version's number, and a
// *newVersionNeeded error otherwise.
func (s *Server) updateCampaignAudited(r *http.Request, actor string, id int64, c campaign.Campaign,
	texts []campaign.Text, newVersion func(next int) bool) (saveOutcome, error) {
	var saved saveOutcome
	var rewritten [2]int64 // the version rewritten in place, for the page cache
	err := s.store.Transact(r.Context(), func(tx *store.Tx) error {
		saved, rewritten = savedNothing, [2]int64{}
		before, err := tx.Campaign(r.Context(), id)
		if err != nil {
			return err
		}
		current, err := tx.CampaignVersion(r.Context(), before.ID, before.Version)
		if err != nil {
			return err
		}
		c.ID, c.Status, c.Version = before.ID, before.Status, before.Version
		edit := campaign.Compare(before, current.Texts, c, texts)
		if edit.None() {
			return nil
		}
		newText := edit.Text && before.Status != campaign.Draft
		if newText && !newVersion(before.Version+1) {
			return &newVersionNeeded{Current: current, Next: before.Version + 1, Texts: texts}
		}
		after := before
		if edit.Details {
			if _, after, err = tx.UpdateCampaign(r.Context(), c); err != nil {
				return err
			}
		}
		version := before.Version
		saved = savedInPlace
		if before.Status == campaign.Draft {
			saved = savedDraft
		}
		switch {
		case newText:
			saved = savedNewVersion
			version, err = tx.AddCampaignVersion(r.Context(), c.ID, texts)
		case edit.Text: // a draft's: nobody has signed it
			rewritten = [2]int64{c.ID, int64(version)}
			_, err = tx.RewriteCampaignVersion(r.Context(), c.ID, texts)
		case edit.Asks:
			rewritten = [2]int64{c.ID, int64(version)}
			_, err = tx.RewriteCampaignVersion(r.Context(), c.ID, campaign.WithAsks(current.Texts, texts))
		}
		if err != nil {
			return err
		}
		b, _ := json.Marshal(map[string]any{"campaign": before, "version": before.Version})
		a, _ := json.Marshal(map[string]any{"campaign": after, "version": version,
			"changed": map[string]bool{"details": edit.Details, "asks": edit.Asks, "text": edit.Text}})
		_, err = tx.RecordAudit(r.Context(),
			audit.Event{Actor: actor, Action: "campaign.update", Subject: c.Subject(), Before: b, After: a})
		return err
	})
	var ask *newVersionNeeded
	if errors.As(err, &ask) {
		if ask.Signed, err = s.store.CountPublicSignatures(r.Context(), id); err == nil {
			err = ask
		}
	}
	if err == nil && rewritten != [2]int64{} {
		s.versions.Delete(rewritten)
	}
	return saved, err
}

// newVersionData is the page that asks the editor to confirm a new
// version of the text: what changed, how many signatures stay behind, and
// the form again, hidden, to send with the confirmation.
type newVersionData struct {
	Form    campaignForm
	Ask     *newVersionNeeded
	Changes []campaign.TextChange
}

func (s *Server) confirmNewVersion(w http.ResponseWriter, r *http.Request, f campaignForm, ask *newVersionNeeded) error {
	return s.render(w, r, http.StatusOK, "campaign_version",
		newVersionData{Form: f, Ask: ask, Changes: campaign.TextChanges(ask.Current.Texts, ask.Texts)})
}

func (s *Server) changeCampaignStatus(w http.ResponseWriter, r *http.Request) error {
	v := visitorFrom(r)
	c, err := s.campaignByID(r)
	if err != nil {
		return err
	}
	if err := s.setCampaignStatus(r, v, c, campaign.Status(r.PostFormValue("to"))); err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/admin/campaigns/%d", c.ID), http.StatusSeeOther)
	return nil
}

// setCampaignStatus moves a campaign to another status and records it, in
// one transaction; the form and the API both use it.
func (s *Server) setCampaignStatus(r *http.Request, v *visitor, c campaign.Campaign, to campaign.Status) error {
	err := s.store.Transact(r.Context(), func(tx *store.Tx) error {
		from, err := tx.SetCampaignStatus(r.Context(), c.ID, to)
		if err != nil {
			return err
		}
		_, err = tx.RecordAudit(r.Context(),
			audit.Event{Actor: v.actor(), Action: "campaign.status", Subject: c.Subject(),
				Before: jsonObject("status", from), After: jsonObject("status", to)})
		return err
	})
	if errors.Is(err, store.ErrBadTransition) {
		return errorf(http.StatusConflict, "bad_transition", "%s", v.printer.T("campaign.bad_status", c.Status, to))
	}
	return err
}

// apiCampaigns and apiCampaign serve campaigns with their current text.
func (s *Server) apiCampaigns(w http.ResponseWriter, r *http.Request) error {
	list, err := s.store.Campaigns(r.Context())
	if err != nil {
		return err
	}
	if list == nil {
		list = []campaign.Campaign{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"campaigns": list})
	return nil
}

func (s *Server) apiCampaign(w http.ResponseWriter, r *http.Request) error {
	c, err := s.campaignByID(r)
	if err != nil {
		return err
	}
	v, err := s.store.CampaignVersion(r.Context(), c.ID, c.Version)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"campaign": c, "version": v})
	return nil
}

// campaignInput is what a client sends to create or change a campaign.
type campaignInput struct {
	Slug     string         `json:"slug"`
	Event    campaign.Event `json:"event"`
	OpensAt  time.Time      `json:"opens_at"`
	Deadline time.Time      `json:"deadline"`
	TimeZone string         `json:"time_zone"`
	// AutoApprove: approve confirmed signatures of registry organizations
	// without review.
	AutoApprove bool            `json:"auto_approve"`
	Texts       []campaign.Text `json:"texts"`
	// NewVersion, on a change (PUT) only, confirms that a changed title or
	// body of a campaign that has been public makes a new version of the
	// text, which the signatures given so far did not endorse.
	NewVersion bool `json:"new_version"`
}

// decodeCampaign reads and checks a JSON body; errors name the byte offset
// or the field.
func decodeCampaign(r *http.Request) (campaign.Campaign, []campaign.Text, error) {
	in, err := decodeCampaignInput(r)
	if err == nil && in.NewVersion {
		err = errorf(http.StatusUnprocessableEntity, "invalid_field",
			"new_version: only a change (PUT) of a campaign makes a new version; a new campaign starts at version 1")
	}
	return in.campaign(), in.Texts, err
}

// decodeCampaignInput reads and checks a JSON body, with its texts
// normalised as the store keeps them.
func decodeCampaignInput(r *http.Request) (campaignInput, error) {
	var in campaignInput
	if err := decodeJSON(r, &in); err != nil {
		return in, err
	}
	in.Texts = campaign.NormalizeTexts(in.Texts)
	c := in.campaign()
	if err := c.Validate(); err != nil {
		return in, errorf(http.StatusUnprocessableEntity, "invalid_field", "%v", err)
	}
	if err := campaign.ValidateTexts(in.Texts); err != nil {
		return in, errorf(http.StatusUnprocessableEntity, "invalid_field", "%v", err)
	}
	return in, nil
}

// campaign is the campaign the input describes, in draft.
func (in campaignInput) campaign() campaign.Campaign {
	c := campaign.Campaign{
		Slug:        in.Slug,
		Status:      campaign.Draft,
		Event:       in.Event,
		OpensAt:     in.OpensAt.UTC(),
		Deadline:    in.Deadline.UTC(),
		TimeZone:    in.TimeZone,
		AutoApprove: in.AutoApprove,
	}
	if in.OpensAt.IsZero() {
		c.OpensAt = time.Time{}
	}
	if in.Deadline.IsZero() {
		c.Deadline = time.Time{}
	}
	return c
}

func (s *Server) apiCreateCampaign(w http.ResponseWriter, r *http.Request) error {
	c, texts, err := decodeCampaign(r)
	if err != nil {
		return err
	}
	created, err := s.createCampaignAudited(r, visitorFrom(r).actor(), c, texts)
	if errors.Is(err, store.ErrDuplicate) {
		return errorf(http.StatusConflict, "duplicate", "slug %q is taken by another campaign", c.Slug)
	}
	if err != nil {
		return err
	}
	w.Header().Set("Location", fmt.Sprintf("/api/v1/campaigns/%d", created.ID))
	writeJSON(w, http.StatusCreated, created)
	return nil
}

// apiUpdateCampaign replaces a campaign's details and texts. The body is
// the same as for creating one, with new_version to confirm a new version
// of the text (a 409 without it); the status is changed apart.
func (s *Server) apiUpdateCampaign(w http.ResponseWriter, r *http.Request) error {
	existing, err := s.campaignByID(r)
	if err != nil {
		return err
	}
	in, err := decodeCampaignInput(r)
	if err != nil {
		return err
	}
	c := in.campaign()
	_, err = s.updateCampaignAudited(r, visitorFrom(r).actor(), existing.ID, c, in.Texts,
		func(int) bool { return in.NewVersion })
	var ask *newVersionNeeded
	if errors.As(err, &ask) {
		return errorf(http.StatusConflict, "new_version_required", "%v", ask)
	}
	if errors.Is(err, store.ErrDuplicate) {
		return errorf(http.StatusConflict, "duplicate", "slug %q is taken by another campaign", c.Slug)
	}
	if err != nil {
		return err
	}
	return s.apiCampaign(w, r)
}

// campaignStatusInput is what a client sends to change a campaign's
// status.
type campaignStatusInput struct {
	Status campaign.Status `json:"status"`
}

// apiCampaignStatus moves a campaign along draft → open → closed →
// delivered; the body is {"status": "open"}.
func (s *Server) apiCampaignStatus(w http.ResponseWriter, r *http.Request) error {
	c, err := s.campaignByID(r)
	if err != nil {
		return err
	}
	var in campaignStatusInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if !slices.Contains(campaign.Statuses, in.Status) {
		return errorf(http.StatusUnprocessableEntity, "invalid_field",
			"status: %q is not one of draft, open, closed, delivered", in.Status)
	}
	if err := s.setCampaignStatus(r, visitorFrom(r), c, in.Status); err != nil {
		return err
	}
	return s.apiCampaign(w, r)
}
