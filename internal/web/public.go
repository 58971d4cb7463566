package web

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"html/template"
	"net/http"
	"slices"
	"strconv"
	"time"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"

	"github.com/r2p-coalition/r2p/internal/account"
	"github.com/r2p-coalition/r2p/internal/audit"
	"github.com/r2p-coalition/r2p/internal/i18n"
	"github.com/r2p-coalition/r2p/internal/letters/campaign"
	"github.com/r2p-coalition/r2p/internal/letters/dedup"
	"github.com/r2p-coalition/r2p/internal/letters/organization"
	"github.com/r2p-coalition/r2p/internal/letters/orglist"
	"github.com/r2p-coalition/r2p/internal/letters/publish"
	"github.com/r2p-coalition/r2p/internal/letters/signon"
	"github.com/r2p-coalition/r2p/internal/mail/outbox"
	"github.com/r2p-coalition/r2p/internal/states"
	"github.com/r2p-coalition/r2p/internal/store"
)

// confirmLinkLifetime is how long a sign-on's confirmation link works.
const confirmLinkLifetime = 7 * 24 * time.Hour

// campaignCacheTTL bounds how long a public page may show a campaign
// another process changed (PostgreSQL with several servers); this
// process's own changes are seen at once.
const campaignCacheTTL = 2 * time.Second

type cachedCampaign struct {
	c          campaign.Campaign
	generation uint64
	fetched    time.Time // wall clock, not the injected one: the cache's own age
}

// campaignBySlug reads a campaign through a small cache: the sign-on page
// and form read it at every request.
func (s *Server) campaignBySlug(r *http.Request, slug string) (campaign.Campaign, error) {
	generation := s.store.CampaignGeneration()
	if v, ok := s.campaignCache.Load(slug); ok {
		if e := v.(cachedCampaign); e.generation == generation && time.Since(e.fetched) < campaignCacheTTL {
			return e.c, nil
		}
	}
	c, err := s.store.CampaignBySlug(r.Context(), slug)
	if err == nil {
		s.campaignCache.Store(slug, cachedCampaign{c, generation, time.Now()})
	}
	return c, err
}

// publicCampaign returns the campaign at /c/{slug}, if it is public.
func (s *Server) publicCampaign(r *http.Request) (campaign.Campaign, campaign.Version, error) {
	c, err := s.campaignBySlug(r, r.PathValue("slug"))
	if err == nil && c.Status == campaign.Draft {
		err = store.ErrNotFound // to visitors, a draft does not exist
	}
	if err != nil {
		return c, campaign.Version{}, notFound(err, "campaign %q", r.PathValue("slug"))
	}
	key := [2]int64{c.ID, int64(c.Version)}
	if e, ok := s.versions.Load(key); ok && e.(cachedVersion).updated.Equal(c.UpdatedAt) {
		return c, e.(cachedVersion).v, nil
	}
	v, err := s.store.CampaignVersion(r.Context(), c.ID, c.Version)
	if err == nil {
		// The title and body of a version that has been public never
		// change; its asks may, in place, and that touches the campaign
		// (this process also drops the entry when it saves them).
		s.versions.Store(key, cachedVersion{v, c.UpdatedAt})
	}
	return c, v, err
}

// cachedVersion is a public campaign's current version, as it was when
// the campaign was last updated.
type cachedVersion struct {
	v       campaign.Version
	updated time.Time
}

type countryOption struct {
	Code, Name string
	Chosen     bool
}

type signForm struct {
	Name, Acronym, City, Website, ContactName, ContactEmail string
	Type                                                    organization.Type
	Display                                                 signon.Display
	Countries                                               []string
	Consent                                                 bool
	Started                                                 string // the "started" token it was sent with
}

type campaignData struct {
	Campaign  campaign.Campaign
	Text      campaign.Text
	Letter    template.HTML
	EventDate string
	Count     int64
	Open      bool
	Form      signForm
	Errors    map[string]string
	Countries []countryOption
	Types     []organization.Type
	Displays  []signon.Display
	Started   string // when the form was served, signed: for the minimum fill time
}

func (s *Server) campaignPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderCampaign(w, r, http.StatusOK, signForm{Type: organization.NGO, Display: signon.Named}, nil)
}

func (s *Server) renderCampaign(w http.ResponseWriter, r *http.Request, status int, form signForm,
	errs map[string]string) error {
	c, v, err := s.publicCampaign(r)
	if err != nil {
		return err
	}
	L := visitorFrom(r).printer
	d := campaignData{Campaign: c, Text: v.Text(string(L.Lang())), Form: form, Errors: errs,
		Open: c.TakesSignatures(s.opts.Now()), Types: organization.Types, Displays: signon.Displays}
	// A form sent back to be corrected keeps the time it was first served.
	if _, ok, err := s.startedAt(r.Context(), c.ID, form.Started); err != nil {
		return err
	} else if ok {
		d.Started = form.Started
	} else if d.Started, err = s.startedToken(r.Context(), c.ID, s.opts.Now()); err != nil {
		return err
	}
	d.Letter = campaign.RenderMarkdown(d.Text.Body)
	if day, err := time.Parse(time.DateOnly, c.Event.Date); err == nil {
		d.EventDate = L.Date(day)
	}
	if d.Count, err = s.store.CountPublicSignatures(r.Context(), c.ID); err != nil {
		return err
	}
	d.Countries = countryOptions(L.Lang(), form.Countries)
	return s.render(w, r, status, "campaign", d)
}

// countryOptions are the UN member and observer states, named and sorted
// in lang, with those chosen marked.
func countryOptions(lang i18n.Lang, chosen []string) []countryOption {
	var options []countryOption
	for _, st := range states.Default().All() {
		if st.Status == states.Member || st.Status == states.Observer {
			options = append(options, countryOption{st.Code, localName(st, lang), slices.Contains(chosen, st.Code)})
		}
	}
	slices.SortFunc(options, func(a, b countryOption) int { return collatorFor(lang).CompareString(a.Name, b.Name) })
	return options
}

// signCampaign takes a signature from the public form. It is stored as
// pending, and a confirmation link goes to the contact, in the language they
// signed in, through the outbox — all in one transaction.
func (s *Server) signCampaign(w http.ResponseWriter, r *http.Request) error {
	v := visitorFrom(r)
	c, ver, err := s.publicCampaign(r)
	if err != nil {
		return err
	}
	if !c.TakesSignatures(s.opts.Now()) {
		return s.renderCampaign(w, r, http.StatusConflict, signForm{}, nil)
	}
	r.ParseForm()
	form := signForm{
		Name:         r.PostFormValue("name"),
		Acronym:      r.PostFormValue("acronym"),
		City:         r.PostFormValue("city"),
		Website:      r.PostFormValue("website"),
		ContactName:  r.PostFormValue("contact_name"),
		ContactEmail: r.PostFormValue("contact_email"),
		Type:         organization.Type(r.PostFormValue("type")),
		Display:      signon.Display(r.PostFormValue("display")),
		Countries:    r.PostForm["countries"],
		Consent:      r.PostFormValue("consent") == "yes",
		Started:      r.PostFormValue("started"),
	}
	sig := signon.Signature{
		CampaignID:   c.ID,
		Version:      ver.Number,
		Name:         form.Name,
		Acronym:      form.Acronym,
		Countries:    form.Countries,
		City:         form.City,
		Website:      form.Website,
		Type:         form.Type,
		ContactName:  form.ContactName,
		ContactEmail: form.ContactEmail,
		Display:      form.Display,
		Lang:         string(v.printer.Lang()),
		Status:       signon.Pending,
	}
	sig.Normalize()
	errs, err := signErrors(r, sig, signOnTextFields)
	if err != nil {
		return err
	}
	if !form.Consent {
		errs["consent"] = v.printer.T("sign.error.consent")
	}
	if len(errs) > 0 {
		return s.renderCampaign(w, r, http.StatusUnprocessableEntity, form, errs)
	}
	if ok, wait := s.allowSignOn(clientIP(r), sig.ContactEmail); !ok {
		w.Header().Set("Retry-After", strconv.Itoa(int(wait.Seconds())+1))
		return errorf(http.StatusTooManyRequests, "rate_limited", "%s",
			v.printer.T("sign.too_many", int(wait.Minutes())+1))
	}
	fast, err := s.tooFast(r.Context(), c.ID, form.Started)
	if err != nil {
		return err
	}
	if r.PostFormValue("homepage") != "" || fast {
		// A script: answer as if it worked, store nothing.
		return s.signedPage(w, r, signedData{Email: sig.ContactEmail, Slug: c.Slug, SMTP: s.opts.SMTP})
	}
	secret, hash := account.NewSecret("")
	withdrawSecret, withdrawHash := account.NewSecret("")
	link := s.opts.BaseURL + "/c/" + c.Slug + "/confirm/" + secret
	withdrawLink := s.opts.BaseURL + "/c/" + c.Slug + "/withdraw/" + withdrawSecret
	msg := outbox.Message{
		To:      sig.ContactEmail,
		Subject: v.printer.T("sign.mail_subject", ver.Text(sig.Lang).Title),
		Text: v.printer.T("sign.mail_body", sig.ContactName, sig.Name, ver.Text(sig.Lang).Title, link,
			v.printer.Date(s.opts.Now().Add(confirmLinkLifetime))) +
			"\n" + v.printer.T("sign.mail_withdraw", withdrawLink),
	}
	// What the audit log keeps: made here, so that the single writer spends
	// its time on the database only.
	after, _ := json.Marshal(map[string]any{"campaign": c.Slug, "name": sig.Name, "countries": sig.Countries,
		"display": sig.Display})
	err = s.store.Transact(r.Context(), func(tx *store.Tx) error {
		stored, created, err := tx.CreateSignature(r.Context(), sig, clientIP(r))
		if err != nil {
			return err
		}
		if !created && stored.Status != signon.Pending {
			return nil // already confirmed: one organization, one signature
		}
		// The withdrawal link lasts as long as the list is published.
		if err := tx.CreateSignatureLinks(r.Context(), stored.ID,
			store.SignatureLink{Purpose: "confirm", Hash: hash, Expires: s.opts.Now().Add(confirmLinkLifetime)},
			store.SignatureLink{Purpose: "withdraw", Hash: withdrawHash,
				Expires: s.opts.Now().AddDate(10, 0, 0)}); err != nil {
			return err
		}
		if _, err := tx.EnqueueSignatureMail(r.Context(), stored.ID, msg); err != nil {
			return err
		}
		_, err = tx.RecordAudit(r.Context(),
			audit.Event{Actor: "public", Action: "signature.create", Subject: stored.Subject(), After: after})
		return err
	})
	if err != nil {
		return err
	}
	s.opts.WakeMailer()
	return s.signedPage(w, r, signedData{Email: sig.ContactEmail, Slug: c.Slug, SMTP: s.opts.SMTP})
}

// signOnTextFields are the sign-on form's fields that show their
// problems beside them; a field table problem in another (the type, the
// consent, the start time, the trap for scripts) is a script's, and
// refused.
var signOnTextFields = []string{"name", "acronym", "countries", "city", "website", "contact_name", "contact_email",
	"display"}

// signErrors are the problems of a sign-on or correction form, by field,
// in the reader's language: those the field table found (too long, a
// control character) over those of the signature's own rules. A field
// table problem in a field not among shown refuses the request instead.
func signErrors(r *http.Request, sig signon.Signature, shown []string) (map[string]string, error) {
	L := visitorFrom(r).printer
	errs := map[string]string{}
	for _, p := range sig.Problems() {
		if slices.Contains(shown, p.Field) {
			errs[p.Field] = L.T("sign.error."+p.Field, L.T("sign.problem."+p.Code, p.Args...))
		}
	}
	for _, p := range formProblems(r) {
		if !slices.Contains(shown, p.Field) {
			return nil, errorf(http.StatusUnprocessableEntity, "invalid_field", "%s", problemText(L.T, p))
		}
		errs[p.Field] = L.T("sign.error."+p.Field, L.T("input.problem."+p.Code, p.Args...))
	}
	return errs, nil
}

type signedData struct {
	Email, Slug string
	SMTP        bool
}

// emailStandIn holds the place of the address in a rendered "check your
// e-mail" page; html/template writes it as it is.
const emailStandIn = "r2p-contact-address-stand-in-5f0c"

type signedKey struct {
	lang, slug, path string
	smtp             bool
}

// signedPage answers a submission with the "check your e-mail" page. Under
// load it answers every submission, so an anonymous visitor's is rendered
// once per language, campaign and address, with a stand-in for the
// contact's address, which is then put in escaped as html/template escapes
// text. A staff member's page, or one asked with a query, is rendered
// afresh.
func (s *Server) signedPage(w http.ResponseWriter, r *http.Request, d signedData) error {
	v := visitorFrom(r)
	if v.user != nil || r.URL.RawQuery != "" {
		return s.render(w, r, http.StatusOK, "signed", d)
	}
	key := signedKey{string(v.printer.Lang()), d.Slug, r.URL.Path, d.SMTP}
	cached, ok := s.signedPages.Load(key)
	if !ok {
		page, err := s.renderPage(r, "signed", signedData{Email: emailStandIn, Slug: d.Slug, SMTP: d.SMTP})
		if err != nil {
			return err
		}
		cached, _ = s.signedPages.LoadOrStore(key, page)
	}
	writeHTML(w, http.StatusOK,
		bytes.Replace(cached.([]byte), []byte(emailStandIn), []byte(template.HTMLEscapeString(d.Email)), 1))
	return nil
}

type confirmData struct {
	Slug, Token, Name string
	Invalid, Done     bool
	Withdraw          bool // the page withdraws rather than confirms
	Closed            bool // the campaign closed before the signature was confirmed
	// Endorse: the page moves the signature from version From of the text
	// to version To, and shows what changed.
	Endorse  bool
	From, To int
	Changes  []campaign.TextChange
}

// signatureLink is one of the two one-time links in the confirmation
// e-mail: its purpose, the store operation that uses it, and what the audit
// log calls that.
type signatureLink struct {
	purpose string // "confirm" or "withdraw"
	use     func(tx *store.Tx, ctx context.Context, hash []byte) (signon.Signature, error)
	action  string
}

var (
	confirmLinkKind  = signatureLink{"confirm", (*store.Tx).ConfirmSignature, "signature.confirm"}
	withdrawLinkKind = signatureLink{"withdraw", (*store.Tx).WithdrawSignature, "signature.withdraw"}
)

// linkForm shows a link's signature and a button: mail scanners open
// links, so using one takes a POST.
func (s *Server) linkForm(kind signatureLink) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		d := confirmData{Slug: r.PathValue("slug"), Token: r.PathValue("token"), Withdraw: kind.purpose == "withdraw"}
		sig, err := s.store.SignatureByLink(r.Context(), account.HashSecret(d.Token), kind.purpose)
		if errors.Is(err, store.ErrLinkUsed) {
			d.Invalid = true
			return s.render(w, r, http.StatusNotFound, "confirm", d)
		}
		if err != nil {
			return err
		}
		d.Name = sig.Name
		if kind.purpose == "confirm" && sig.Status == signon.Pending {
			c, err := s.store.Campaign(r.Context(), sig.CampaignID)
			if err != nil {
				return err
			}
			if !c.Status.ConfirmsSignatures() {
				d.Closed = true
				return s.render(w, r, http.StatusConflict, "confirm", d)
			}
		}
		return s.render(w, r, http.StatusOK, "confirm", d)
	}
}

// useLink confirms or withdraws the link's signature, and logs it.
func (s *Server) useLink(kind signatureLink) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		d := confirmData{Slug: r.PathValue("slug"), Withdraw: kind.purpose == "withdraw"}
		hash := account.HashSecret(r.PathValue("token"))
		var auto registryMatch
		if kind.purpose == "confirm" {
			var err error
			if auto, err = s.autoApproval(r, hash); err != nil {
				return err
			}
		}
		var sig signon.Signature
		err := s.store.Transact(r.Context(), func(tx *store.Tx) error {
			var err error
			if sig, err = kind.use(tx, r.Context(), hash); err != nil {
				return err
			}
			if _, err = tx.RecordAudit(r.Context(),
				audit.Event{Actor: "public", Action: kind.action, Subject: sig.Subject()}); err != nil {
				return err
			}
			if auto.OrganizationID == 0 || sig.Status != signon.Confirmed {
				return nil
			}
			if err := tx.ApproveSignature(r.Context(), sig.ID, auto.OrganizationID); err != nil {
				return err
			}
			after, _ := json.Marshal(map[string]any{"organization_id": auto.OrganizationID, "score": auto.Score,
				"rule": "campaign.auto_approve"})
			_, err = tx.RecordAudit(r.Context(),
				audit.Event{Actor: "system", Action: "signature.approve", Subject: sig.Subject(), After: after})
			return err
		})
		if errors.Is(err, store.ErrCampaignClosed) {
			d.Closed, d.Name = true, sig.Name
			return s.render(w, r, http.StatusConflict, "confirm", d)
		}
		return s.linkUsedPage(w, r, d, sig.Name, err)
	}
}

// linkUsedPage answers the use of a one-time link with the result of
// using it: the page that says the link no longer works, or that it did
// what it was for, for the signature named name.
func (s *Server) linkUsedPage(w http.ResponseWriter, r *http.Request, d confirmData, name string, err error) error {
	if errors.Is(err, store.ErrLinkUsed) {
		d.Invalid = true
		return s.render(w, r, http.StatusNotFound, "confirm", d)
	}
	if err != nil {
		return err
	}
	d.Done, d.Name = true, name
	return s.render(w, r, http.StatusOK, "confirm", d)
}

// registryMatch is the registry organization a signature was found to be.
type registryMatch struct {
	OrganizationID int64
	Score          float64
}

// autoApproval finds, for the signature a confirmation link belongs to,
// the registry organization it is, when its campaign approves without
// review: the one registry entry that the duplicate finder scores at
// dedup.AutoMergeScore or more. Two such entries, or none, leave the
// signature to staff.
func (s *Server) autoApproval(r *http.Request, hash []byte) (registryMatch, error) {
	sig, err := s.store.SignatureByLink(r.Context(), hash, "confirm")
	if errors.Is(err, store.ErrLinkUsed) {
		return registryMatch{}, nil // the transaction says so
	}
	if err != nil {
		return registryMatch{}, err
	}
	c, err := s.store.Campaign(r.Context(), sig.CampaignID)
	if err != nil || !c.AutoApprove {
		return registryMatch{}, err
	}
	ix, _, err := s.registryIndex(r)
	if err != nil {
		return registryMatch{}, err
	}
	matches := ix.Candidates(signatureRecord(sig), dedup.AutoMergeScore)
	if len(matches) != 1 {
		return registryMatch{}, nil
	}
	return registryMatch{matches[0].B.ID, matches[0].Score}, nil
}

// publishedEntries is the campaign's list as the public sees it: named
// signatories, anonymous ones as "An organization in Country", counted-only
// ones left out (but in the total).
func (s *Server) publishedEntries(r *http.Request, c campaign.Campaign) (entries []orglist.Entry, total,
	counted int, err error) {
	entries, older, total, counted, err := s.publishedByVersion(r, c)
	return append(entries, older...), total, counted, err
}

// publishedByVersion splits the published entries into those who signed
// the current text and those who signed an earlier version.
func (s *Server) publishedByVersion(r *http.Request, c campaign.Campaign) (current, older []orglist.Entry,
	total, counted int, err error) {
	sigs, err := s.store.PublicSignatures(r.Context(), c.ID)
	if err != nil {
		return nil, nil, 0, 0, err
	}
	L := visitorFrom(r).printer
	current, older, counted = signon.Published(sigs, c.Version, func(sig signon.Signature) string {
		return L.T("sign.anonymous", sig.CountryNames())
	})
	return current, older, len(sigs), counted, nil
}

type signatoriesData struct {
	Slug, Title    string
	Total, Counted int64
	Lines          []string
	Older          []string // signed an earlier version of the text
	Formats        []string
}

func (s *Server) signatoriesPage(w http.ResponseWriter, r *http.Request) error {
	c, v, err := s.publicCampaign(r)
	if err != nil {
		return err
	}
	current, older, total, counted, err := s.publishedByVersion(r, c)
	if err != nil {
		return err
	}
	L := visitorFrom(r).printer
	tag := language.Make(string(L.Lang()))
	d := signatoriesData{Slug: c.Slug, Title: v.Text(string(L.Lang())).Title, Total: int64(total),
		Counted: int64(counted),
		Lines:   publish.Lines(current, tag), Older: publish.Lines(older, tag)}
	for _, f := range publish.Formats {
		d.Formats = append(d.Formats, f.Name)
	}
	return s.render(w, r, http.StatusOK, "signatories", d)
}

// signatoriesDownload serves the published list in one export format.
func (s *Server) signatoriesDownload(format publish.Format) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		c, v, err := s.publicCampaign(r)
		if err != nil {
			return err
		}
		entries, _, _, err := s.publishedEntries(r, c)
		if err != nil {
			return err
		}
		L := visitorFrom(r).printer
		text := v.Text(string(L.Lang()))
		opt := publish.Options{Lang: language.Make(string(L.Lang())), Title: text.Title}
		if format.Name == "pdf" { // the letter, then the signatory annex
			opt.Letter, opt.AnnexTitle = campaign.PlainParagraphs(text.Body), L.T("sign.list_title")
		}
		var buf bytes.Buffer
		if err := format.Write(&buf, entries, opt); err != nil {
			return err
		}
		if format.Name == "pdf" {
			s.warnUndrawn("the signatories of "+c.Slug, publish.UndrawnEntries(entries, opt.Lang))
		}
		w.Header().Set("Content-Type", format.ContentType)
		w.Write(buf.Bytes())
		return nil
	}
}

// localName is a state's name in the reader's language.
func localName(st states.State, lang i18n.Lang) string {
	switch lang {
	case i18n.French:
		return st.NameFR
	case i18n.Spanish:
		return st.NameES
	}
	return st.Name
}

// collatorFor sorts names as a reader of lang expects, accents ignored. A
// collator is not safe for concurrent use: make one per request.
func collatorFor(lang i18n.Lang) *collate.Collator {
	return collate.New(language.Make(string(lang)), collate.IgnoreCase, collate.IgnoreDiacritics)
}
