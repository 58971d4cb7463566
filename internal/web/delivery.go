package web

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/r2p-coalition/r2p/internal/account"
	"github.com/r2p-coalition/r2p/internal/audit"
	"github.com/r2p-coalition/r2p/internal/i18n"
	"github.com/r2p-coalition/r2p/internal/letters/campaign"
	"github.com/r2p-coalition/r2p/internal/letters/delivery"
	"github.com/r2p-coalition/r2p/internal/letters/mailmerge"
	"github.com/r2p-coalition/r2p/internal/letters/mission"
	"github.com/r2p-coalition/r2p/internal/letters/publish"
	"github.com/r2p-coalition/r2p/internal/mail/outbox"
	"github.com/r2p-coalition/r2p/internal/states"
	"github.com/r2p-coalition/r2p/internal/store"
)

// The delivery page sends a campaign's letter to the missions: the staff
// choose the recipients and the duty station, preview the exact letter
// each address will get, send one to themselves, queue the delivery and
// follow it. It shows diplomats' addresses, so, like the missions
// directory, it needs an editor.

// kindCSV is the form's choice of a file of states; the file becomes a
// pick of states (delivery.Pick).
const kindCSV = "csv"

// deliveryKinds are the form's choices, in the order it shows them.
var deliveryKinds = []string{delivery.All, delivery.Members, delivery.Observers, delivery.Group, delivery.Pick, kindCSV}

// deliveryChoice is who a delivery goes to, as the form shows it.
type deliveryChoice struct {
	Kind    string
	Group   string
	Picked  []string // ISO3 codes
	Station string
	Spec    string // the recipients as delivery.ParseRecipients reads them, once valid
}

func choiceOf(rcpt delivery.Recipients, station string) deliveryChoice {
	return deliveryChoice{Kind: rcpt.Kind, Group: rcpt.Group, Picked: rcpt.Picked, Station: station,
		Spec: rcpt.String()}
}

// query is the choice in a URL's query.
func (ch deliveryChoice) query() string {
	return url.Values{"recipients": {ch.Spec}, "station": {ch.Station}}.Encode()
}

type kindOption struct{ Value, Label string }

type groupOption struct{ Name, Label string }

// stateRef is a state named in the reader's language.
type stateRef struct{ Code, Name string }

// deliveryData is the delivery page: the form, and the preview, the
// confirmation or the result, and the status of what was queued.
type deliveryData struct {
	Campaign campaign.Campaign
	Title    string
	Choice   deliveryChoice
	Errors   map[string]string
	Kinds    []kindOption
	Groups   []groupOption
	States   []countryOption
	Stations []string
	// Problem says why no plan can be made: a draft, no letterhead, a
	// letter that cannot be composed.
	Problem     string
	NoCoalition bool
	// Undrawn are the signatories whose names the letters' PDFs draw
	// with placeholders.
	Undrawn     []publish.Undrawn
	CanSettings bool
	Preview     *deliveryPreview
	Confirm     bool // the preview is the confirmation step of queueing
	Tested      string
	TestTo      string
	Result      *deliveryResult
	Status      deliveryStatus
}

// deliveryPreview is a plan as the page shows it.
type deliveryPreview struct {
	URL       string // the preview's page
	Rows      []previewRow
	NoAddress []stateRef
	Languages []languageCount
	Messages  int
	New       int
	Already   int
	Missions  int
}

type previewRow struct {
	Code, Name, Station, Address string
	Lang, LangName               string
	Fallback                     string // why the letter is not in the mission's language
	Already                      bool
	EmailURL, PDFURL             string // the letter's
}

type languageCount struct {
	Name string
	N    int
}

type deliveryResult struct {
	ID                         int64
	Queued, Skipped, NoAddress int
}

// deliveryStatus is every message the campaign has queued to a mission.
type deliveryStatus struct {
	Rows   []statusRow
	Totals deliveryTotals
}

// deliveryTotals count a campaign's messages to the missions by their
// outbox status.
type deliveryTotals struct {
	Messages int `json:"messages"`
	Queued   int `json:"queued"`
	Sending  int `json:"sending"`
	Sent     int `json:"sent"`
	Failed   int `json:"failed"`
}

func totalsOf(list []store.DeliveryRecipient) deliveryTotals {
	t := deliveryTotals{Messages: len(list)}
	for _, m := range list {
		switch m.Status {
		case outbox.Queued:
			t.Queued++
		case outbox.Sending:
			t.Sending++
		case outbox.Sent:
			t.Sent++
		case outbox.Failed:
			t.Failed++
		}
	}
	return t
}

type statusRow struct {
	store.DeliveryRecipient
	Name, LangName string
}

// deliveryPage shows the form and the status; with ?recipients and
// ?station, the preview of that delivery too.
func (s *Server) deliveryPage(w http.ResponseWriter, r *http.Request) error {
	d, err := s.deliveryData(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	if !q.Has("recipients") {
		return s.renderDelivery(w, r, http.StatusOK, d)
	}
	rcpt, station, errs := s.readSpec(r, q.Get("recipients"), q.Get("station"), d.Stations)
	if len(errs) > 0 {
		d.Errors = errs
		return s.renderDelivery(w, r, http.StatusUnprocessableEntity, d)
	}
	d.Choice = choiceOf(rcpt, station)
	if code := q.Get("tested"); code != "" {
		if st, ok := s.states.Lookup(code); ok {
			d.Tested, d.TestTo = localName(st, visitorFrom(r).printer.Lang()), visitorFrom(r).user.Email
		}
	}
	return s.renderPlan(w, r, d, rcpt)
}

// renderDelivery renders the page, with the states of the form's pick
// chosen.
func (s *Server) renderDelivery(w http.ResponseWriter, r *http.Request, status int, d deliveryData) error {
	d.States = countryOptions(visitorFrom(r).printer.Lang(), d.Choice.Picked)
	return s.render(w, r, status, "delivery", d)
}

// planProblem notes on the page why no plan can be made, if the staff can
// remedy it; the page already says it for a draft or a missing letterhead.
func planProblem(d *deliveryData, err error) bool {
	var e *Error
	if !errors.As(err, &e) || e.Status != http.StatusUnprocessableEntity {
		return false
	}
	if e.Code != "draft" && e.Code != "no_coalition" {
		d.Problem = e.Message
	}
	return true
}

// renderPlan shows the page with the plan of the delivery d.Choice names,
// its letters composed without their PDFs, or why there is none.
func (s *Server) renderPlan(w http.ResponseWriter, r *http.Request, d deliveryData, rcpt delivery.Recipients) error {
	plan, err := s.plan(r, d.Campaign, rcpt, d.Choice.Station, true)
	if planProblem(&d, err) {
		return s.renderDelivery(w, r, http.StatusUnprocessableEntity, d)
	}
	if err != nil {
		return err
	}
	d.Preview, d.Undrawn = s.previewOf(r, plan, d.Choice), plan.Undrawn
	return s.renderDelivery(w, r, http.StatusOK, d)
}

// deliveryData is the page of the path's campaign without a plan: the
// choices the form offers, the notices of the query, and the status.
func (s *Server) deliveryData(r *http.Request) (deliveryData, error) {
	c, err := s.campaignByID(r)
	if err != nil {
		return deliveryData{}, err
	}
	v := visitorFrom(r)
	L := v.printer
	d := deliveryData{Campaign: c, Choice: deliveryChoice{Kind: delivery.All, Station: mission.DefaultStation},
		CanSettings: v.user.Role.Allows(account.Admin)}
	version, err := s.store.CampaignVersion(r.Context(), c.ID, c.Version)
	if err != nil {
		return d, err
	}
	d.Title = version.Text(string(L.Lang())).Title
	day := s.letterDay(c)
	for _, kind := range deliveryKinds {
		label := L.T("delivery.kind." + kind)
		if kind == delivery.All || kind == delivery.Members || kind == delivery.Observers {
			label = L.T("delivery.kind."+kind, len(delivery.Recipients{Kind: kind}.States(day)))
		}
		d.Kinds = append(d.Kinds, kindOption{kind, label})
	}
	for _, g := range states.Groups() {
		d.Groups = append(d.Groups, groupOption{g, L.T("delivery.group." + g)})
	}
	if d.Stations, err = s.stations(r); err != nil {
		return d, err
	}
	if _, err := s.letterhead(r); err != nil {
		d.NoCoalition = true
	}
	q := r.URL.Query()
	if q.Has("queued") {
		d.Result = &deliveryResult{}
		d.Result.ID, _ = strconv.ParseInt(q.Get("delivery"), 10, 64)
		d.Result.Queued, _ = strconv.Atoi(q.Get("queued"))
		d.Result.Skipped, _ = strconv.Atoi(q.Get("skipped"))
		d.Result.NoAddress, _ = strconv.Atoi(q.Get("no_address"))
	}
	d.Status, err = s.deliveryStatus(r, c)
	return d, err
}

// stations are the duty stations of the directory, New York first.
func (s *Server) stations(r *http.Request) ([]string, error) {
	list, err := s.store.Missions(r.Context(), store.MissionFilter{})
	if err != nil {
		return nil, err
	}
	stations := []string{mission.DefaultStation}
	for _, m := range list {
		if !slices.Contains(stations, m.Station) {
			stations = append(stations, m.Station)
		}
	}
	slices.Sort(stations[1:])
	return stations, nil
}

// readSpec reads the recipients and station a preview's URL or a carried
// form names.
func (s *Server) readSpec(r *http.Request, spec, station string, stations []string) (delivery.Recipients,
	string, map[string]string) {
	errs := map[string]string{}
	rcpt, err := delivery.ParseRecipients(spec)
	if err != nil {
		errs["recipients"] = err.Error()
	}
	station = strings.TrimSpace(station)
	if !slices.Contains(stations, station) {
		errs["station"] = visitorFrom(r).printer.T("delivery.bad_station", station)
	}
	return rcpt, station, errs
}

// chooseRecipients reads the form and shows the preview of its choice, or
// the form again with the field that is wrong, the choices kept.
func (s *Server) chooseRecipients(w http.ResponseWriter, r *http.Request) error {
	d, err := s.deliveryData(r)
	if err != nil {
		return err
	}
	c := d.Campaign
	rcpt, choice, errs := readChoice(r, d.Stations)
	d.Choice = choice
	if len(errs) > 0 {
		d.Errors = errs
		return s.renderDelivery(w, r, http.StatusUnprocessableEntity, d)
	}
	http.Redirect(w, r,
		fmt.Sprintf("/admin/campaigns/%d/delivery?%s#preview", c.ID, choiceOf(rcpt, choice.Station).query()),
		http.StatusSeeOther)
	return nil
}

// readChoice reads the recipients and station of the form; errs maps a
// field to its problem.
func readChoice(r *http.Request, stations []string) (delivery.Recipients, deliveryChoice, map[string]string) {
	L := visitorFrom(r).printer
	ch := deliveryChoice{Kind: r.PostFormValue("kind"), Group: r.PostFormValue("group"), Picked: r.PostForm["states"],
		Station: strings.TrimSpace(r.PostFormValue("station"))}
	errs := map[string]string{}
	var rcpt delivery.Recipients
	var err error
	// States picked under another choice of recipients are a slip, not a
	// choice: "All states" stays checked when one only ticks a few.
	if len(ch.Picked) > 0 && ch.Kind != delivery.Pick {
		errs["kind"] = L.T("delivery.kind_and_states", int64(len(ch.Picked)))
		return rcpt, ch, errs
	}
	switch ch.Kind {
	case delivery.Members, delivery.Observers, delivery.All:
		rcpt = delivery.Recipients{Kind: ch.Kind}
	case delivery.Group:
		if rcpt, err = delivery.ParseRecipients(delivery.Group + ":" + ch.Group); err != nil {
			errs["group"] = L.T("delivery.bad_group", ch.Group)
		}
	case delivery.Pick:
		if rcpt, err = delivery.PickStates(ch.Picked); err != nil && len(ch.Picked) == 0 {
			errs["states"] = L.T("delivery.no_state")
		} else if err != nil {
			errs["states"] = err.Error()
		}
	case kindCSV:
		if rcpt, err = uploadedStates(r); err != nil {
			errs["csv"] = L.T("delivery.bad_csv", err.Error())
		} else {
			ch.Kind, ch.Picked = delivery.Pick, rcpt.Picked
		}
	default:
		errs["kind"] = L.T("delivery.bad_kind")
	}
	if !slices.Contains(stations, ch.Station) {
		errs["station"] = L.T("delivery.bad_station", ch.Station)
	}
	return rcpt, ch, errs
}

// uploadedStates reads the form's file of states.
func uploadedStates(r *http.Request) (delivery.Recipients, error) {
	file, _, err := r.FormFile("csv")
	if errors.Is(err, http.ErrMissingFile) || errors.Is(err, http.ErrNotMultipart) {
		return delivery.Recipients{}, errors.New(visitorFrom(r).printer.T("delivery.csv_missing"))
	}
	if err != nil {
		return delivery.Recipients{}, err
	}
	defer file.Close()
	return delivery.ReadStatesCSV(file)
}

// letterDay is the date the letters carry: today in the campaign's time
// zone, at midnight, so that a letter composed again the same day, for
// its preview or a test, is the same document as the one queued.
func (s *Server) letterDay(c campaign.Campaign) time.Time {
	loc, err := time.LoadLocation(c.TimeZone)
	if err != nil {
		loc = time.UTC
	}
	y, m, day := s.opts.Now().In(loc).Date()
	return time.Date(y, m, day, 0, 0, 0, 0, loc)
}

// letterhead is the coalition of the stored settings, else of
// --coalition; an error when neither names it.
func (s *Server) letterhead(r *http.Request) (mailmerge.Coalition, error) {
	c, stored, err := s.storedCoalition(r)
	if err != nil {
		return c, err
	}
	if !stored {
		c = mailmerge.Coalition{Name: strings.TrimSpace(s.opts.Coalition)}
	}
	if c.Name == "" {
		return c, errorf(http.StatusUnprocessableEntity, "no_coalition", "%s",
			visitorFrom(r).printer.T("delivery.no_coalition"))
	}
	return c, nil
}

// plan prepares the delivery of c's letter to rcpt at station; textOnly
// leaves the PDFs out, for a preview. An error the staff can remedy (a
// draft, no letterhead, a letter that cannot be composed) is a 422 that
// says what to do.
func (s *Server) plan(r *http.Request, c campaign.Campaign, rcpt delivery.Recipients, station string,
	textOnly bool) (delivery.Plan, error) {
	coalition, err := s.letterhead(r)
	if err != nil {
		return delivery.Plan{}, err
	}
	opt := delivery.Options{Coalition: coalition, From: s.opts.MailFrom, ReplyMailbox: s.opts.ReplyMailbox,
		Now: s.letterDay(c), TextOnly: textOnly}
	plan, err := delivery.Prepare(r.Context(), s.store, c, rcpt, station, opt)
	switch {
	case errors.Is(err, delivery.ErrNotPublic):
		return plan, errorf(http.StatusUnprocessableEntity, "draft", "%s", visitorFrom(r).printer.T("delivery.draft"))
	case errors.Is(err, mailmerge.ErrEmptyField), errors.Is(err, mailmerge.ErrUnknownField),
		errors.Is(err, mailmerge.ErrLogo):
		return plan, errorf(http.StatusUnprocessableEntity, "cannot_compose", "%s",
			visitorFrom(r).printer.T("delivery.cannot_compose", err.Error()))
	}
	return plan, err
}

// previewOf is the plan as the page lists it.
func (s *Server) previewOf(r *http.Request, plan delivery.Plan, ch deliveryChoice) *deliveryPreview {
	L := visitorFrom(r).printer
	labels := missionLanguages(L)
	p := &deliveryPreview{URL: fmt.Sprintf("/admin/campaigns/%d/delivery?%s#preview", plan.Campaign.ID, ch.query()),
		Messages: len(plan.Messages), New: plan.New()}
	p.Already = p.Messages - p.New
	byLang := map[string]int{}
	for _, m := range plan.Messages {
		row := previewRow{
			Code:     m.Mission.State,
			Name:     s.stateName(m.Mission.State, L.Lang()),
			Station:  m.Mission.Station,
			Address:  m.Address,
			Lang:     m.Letter.Lang,
			LangName: labels[m.Letter.Lang],
			Already:  m.Already,
		}
		letterURL := fmt.Sprintf("/admin/campaigns/%d/delivery/preview/%s/", plan.Campaign.ID, m.Mission.State)
		query := "?" + url.Values{"station": {m.Mission.Station}, "address": {m.Address}}.Encode()
		row.EmailURL, row.PDFURL = letterURL+"email"+query, letterURL+"pdf"+query
		if want := m.Mission.Lang(); want != m.Letter.Lang {
			row.Fallback = L.T("delivery.fallback", labels[want], labels[m.Letter.Lang])
		}
		if len(p.Rows) == 0 || p.Rows[len(p.Rows)-1].Code != row.Code {
			p.Missions++
		}
		byLang[row.LangName]++
		p.Rows = append(p.Rows, row)
	}
	for name, n := range byLang {
		p.Languages = append(p.Languages, languageCount{name, n})
	}
	slices.SortFunc(p.Languages, func(a, b languageCount) int {
		return cmp.Or(b.N-a.N,
			strings.Compare(a.Name, b.Name))
	})
	for _, code := range plan.NoAddress {
		p.NoAddress = append(p.NoAddress, stateRef{code, s.stateName(code, L.Lang())})
	}
	collator := collatorFor(L.Lang())
	slices.SortStableFunc(p.Rows, func(a, b previewRow) int { return collator.CompareString(a.Name, b.Name) })
	slices.SortFunc(p.NoAddress, func(a, b stateRef) int { return collator.CompareString(a.Name, b.Name) })
	return p
}

func (s *Server) stateName(code string, lang i18n.Lang) string {
	if st, ok := s.states.Lookup(code); ok {
		return localName(st, lang)
	}
	return code
}

// plannedMessage is the letter the delivery would send to one address of
// one state's mission at a station, composed as queueing composes it; an
// empty address is the mission's first.
func (s *Server) plannedMessage(r *http.Request, c campaign.Campaign, code, station, address string,
	textOnly bool) (delivery.Message, error) {
	rcpt, err := delivery.PickStates([]string{code})
	if err != nil {
		return delivery.Message{}, errorf(http.StatusNotFound, "not_found", "%v", err)
	}
	plan, err := s.plan(r, c, rcpt, station, textOnly)
	if err != nil {
		return delivery.Message{}, err
	}
	for _, m := range plan.Messages {
		if address == "" || strings.EqualFold(m.Address, address) {
			return m, nil
		}
	}
	return delivery.Message{}, errorf(http.StatusNotFound, "not_found", "%s",
		visitorFrom(r).printer.T("delivery.no_such_address", address, rcpt.Picked[0], station))
}

// previewLetter shows the letter one address would get: the e-mail (its
// recipient, subject and attachment, then its text), or its PDF.
func (s *Server) previewLetter(asPDF bool) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		c, err := s.campaignByID(r)
		if err != nil {
			return err
		}
		q := r.URL.Query()
		m, err := s.plannedMessage(r, c, r.PathValue("code"), q.Get("station"), q.Get("address"), !asPDF)
		if err != nil {
			return err
		}
		if asPDF {
			w.Header().Set("Content-Type", "application/pdf")
			w.Header().Set("Content-Disposition", inline(m.Letter.FileName))
			w.Write(m.Letter.PDF)
			return nil
		}
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Header().Set("Content-Disposition", inline(strings.TrimSuffix(m.Letter.FileName, ".pdf")+".txt"))
		fmt.Fprintf(w, "To: %s\nSubject: %s\nAttachment: %s\n\n%s", m.Address, m.Letter.Subject,
			m.Letter.FileName, m.Letter.Text)
		return nil
	}
}

// inline is a Content-Disposition that shows a file in the browser.
func inline(name string) string { return fmt.Sprintf("inline; filename=%q", name) }

// sendTestLetter sends the letter of one planned address, with its PDF,
// to the staff member's own address through the outbox: the subject
// starts with [TEST], no reply address is set, and the message is not a
// delivery's, so nothing counts it as sent to the mission. It is audited.
func (s *Server) sendTestLetter(w http.ResponseWriter, r *http.Request) error {
	v := visitorFrom(r)
	c, err := s.campaignByID(r)
	if err != nil {
		return err
	}
	stations, err := s.stations(r)
	if err != nil {
		return err
	}
	rcpt, station, errs := s.readSpec(r, r.PostFormValue("recipients"), r.PostFormValue("station"), stations)
	if len(errs) > 0 {
		return errorf(http.StatusBadRequest, "invalid_parameter", "%s",
			strings.Join(slices.Sorted(maps.Values(errs)), " "))
	}
	code, address, _ := strings.Cut(r.PostFormValue("target"), " ")
	m, err := s.plannedMessage(r, c, code, station, address, false)
	if err != nil {
		return err
	}
	test := outbox.Message{To: v.user.Email, Subject: "[TEST] " + m.Letter.Subject, Text: m.Letter.Text,
		Attachments: []outbox.Attachment{{Name: m.Letter.FileName, ContentType: "application/pdf", Data: m.Letter.PDF}}}
	err = s.store.Transact(r.Context(), func(tx *store.Tx) error {
		id, err := tx.EnqueueMail(r.Context(), test)
		if err != nil {
			return err
		}
		after, _ := json.Marshal(map[string]any{"state": m.Mission.State, "station": m.Mission.Station,
			"address": m.Address,
			"to":      test.To, "outbox_id": id, "lang": m.Letter.Lang})
		_, err = tx.RecordAudit(r.Context(),
			audit.Event{Actor: v.actor(), Action: "delivery.test", Subject: c.Subject(), After: after})
		return err
	})
	if err != nil {
		return err
	}
	s.opts.WakeMailer()
	http.Redirect(w, r,
		fmt.Sprintf("/admin/campaigns/%d/delivery?%s&tested=%s#preview", c.ID, choiceOf(rcpt, station).query(),
			m.Mission.State), http.StatusSeeOther)
	return nil
}

// queueDelivery asks for a confirmation with the counts of the plan, then,
// confirmed, composes every letter and queues the new ones, as the
// signed-in staff member.
func (s *Server) queueDelivery(w http.ResponseWriter, r *http.Request) error {
	d, err := s.deliveryData(r)
	if err != nil {
		return err
	}
	c := d.Campaign
	rcpt, station, errs := s.readSpec(r, r.PostFormValue("recipients"), r.PostFormValue("station"), d.Stations)
	if len(errs) > 0 {
		d.Errors = errs
		return s.renderDelivery(w, r, http.StatusUnprocessableEntity, d)
	}
	d.Choice = choiceOf(rcpt, station)
	if r.PostFormValue("confirm") != "yes" {
		d.Confirm = true
		return s.renderPlan(w, r, d, rcpt)
	}
	plan, err := s.plan(r, c, rcpt, station, false)
	if planProblem(&d, err) {
		return s.renderDelivery(w, r, http.StatusUnprocessableEntity, d)
	}
	if err != nil {
		return err
	}
	res, err := delivery.Queue(r.Context(), s.store, plan, visitorFrom(r).actor())
	if err != nil {
		return err
	}
	s.warnUndrawn("the letters of "+c.Slug, plan.Undrawn)
	s.opts.WakeMailer()
	http.Redirect(w, r, fmt.Sprintf("/admin/campaigns/%d/delivery?%s#status", c.ID, url.Values{
		"delivery": {strconv.FormatInt(res.DeliveryID, 10)}, "queued": {strconv.Itoa(res.Queued)},
		"skipped": {strconv.Itoa(res.Skipped)}, "no_address": {strconv.Itoa(len(plan.NoAddress))},
	}.Encode()), http.StatusSeeOther)
	return nil
}

// deliveryStatus lists the messages the campaign has queued to the
// missions, with their outbox status, and counts them.
func (s *Server) deliveryStatus(r *http.Request, c campaign.Campaign) (deliveryStatus, error) {
	list, err := s.store.DeliveryRecipients(r.Context(), c.ID)
	if err != nil {
		return deliveryStatus{}, err
	}
	L := visitorFrom(r).printer
	labels := missionLanguages(L)
	st := deliveryStatus{Totals: totalsOf(list)}
	for _, m := range list {
		st.Rows = append(st.Rows,
			statusRow{DeliveryRecipient: m, Name: s.stateName(m.State, L.Lang()), LangName: labels[m.Lang]})
	}
	collator := collatorFor(L.Lang())
	slices.SortStableFunc(st.Rows, func(a, b statusRow) int { return collator.CompareString(a.Name, b.Name) })
	return st, nil
}

// apiDelivery is the status of every message the campaign has queued to
// the missions, with the totals.
func (s *Server) apiDelivery(w http.ResponseWriter, r *http.Request) error {
	c, err := s.campaignByID(r)
	if err != nil {
		return err
	}
	list, err := s.store.DeliveryRecipients(r.Context(), c.ID)
	if err != nil {
		return err
	}
	if list == nil {
		list = []store.DeliveryRecipient{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"campaign_id": c.ID, "messages": list, "totals": totalsOf(list)})
	return nil
}
