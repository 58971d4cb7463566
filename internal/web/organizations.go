package web

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/r2p-coalition/r2p/internal/account"
	"github.com/r2p-coalition/r2p/internal/audit"
	"github.com/r2p-coalition/r2p/internal/letters/organization"
	"github.com/r2p-coalition/r2p/internal/states"
	"github.com/r2p-coalition/r2p/internal/store"
)

const organizationsPerPage = 50

type importCounts struct{ Created, Matched int }

type organizationsData struct {
	Imported   *importCounts // after an import
	Query      string
	List       []organization.Organization
	Total      int
	Prev, Next string
	CanEdit    bool
}

// organizations lists and searches the registry.
func (s *Server) organizations(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	page, _ := strconv.Atoi(q.Get("page"))
	page = max(page, 1)
	d := organizationsData{Query: q.Get("q"), CanEdit: visitorFrom(r).user.Role.Allows(account.Editor)}
	if q.Has("imported") {
		c := importCounts{}
		c.Created, _ = strconv.Atoi(q.Get("imported"))
		c.Matched, _ = strconv.Atoi(q.Get("matched"))
		d.Imported = &c
	}
	var err error
	d.List, d.Total, err = s.store.Organizations(r.Context(),
		store.OrganizationFilter{Query: d.Query, Limit: organizationsPerPage,
			Offset: (page - 1) * organizationsPerPage})
	if err != nil {
		return err
	}
	link := func(p int) string {
		return "/admin/organizations?" + url.Values{"q": {d.Query}, "page": {strconv.Itoa(p)}}.Encode()
	}
	if page > 1 {
		d.Prev = link(page - 1)
	}
	if page*organizationsPerPage < d.Total {
		d.Next = link(page + 1)
	}
	return s.render(w, r, http.StatusOK, "organizations", d)
}

type organizationData struct {
	Org     organization.Organization
	Merges  []mergeView
	Similar []similarView
	CanEdit bool
	Country func(code string) string
}

type mergeView struct {
	organization.Merge
	Other organization.Organization // the other side of the merge
}

// similarView is a possible duplicate of the organization shown.
type similarView struct {
	Org     organization.Organization
	Score   int // percent
	Reasons []string
}

func (s *Server) organizationByID(r *http.Request) (organization.Organization, error) {
	id, err := pathID(r)
	if err != nil {
		return organization.Organization{}, err
	}
	o, err := s.store.Organization(r.Context(), id)
	return o, notFound(err, "organization %d", id)
}

// showOrganization shows one entry, its possible duplicates and its merges.
func (s *Server) showOrganization(w http.ResponseWriter, r *http.Request) error {
	o, err := s.organizationByID(r)
	if err != nil {
		return err
	}
	d := organizationData{Org: o, CanEdit: visitorFrom(r).user.Role.Allows(account.Editor), Country: countryName}
	merges, err := s.store.Merges(r.Context(), o.ID)
	if err != nil {
		return err
	}
	for _, m := range merges {
		other := m.SourceID
		if other == o.ID {
			other = m.TargetID
		}
		oo, err := s.store.Organization(r.Context(), other)
		if err != nil {
			return err
		}
		d.Merges = append(d.Merges, mergeView{m, oo})
	}
	if o.MergedInto == 0 {
		if d.Similar, err = s.similarTo(r, o); err != nil {
			return err
		}
	}
	return s.render(w, r, http.StatusOK, "organization", d)
}

func countryName(code string) string {
	if st, ok := states.Default().Lookup(code); ok {
		return st.Name
	}
	return code
}

type organizationFormData struct {
	Org       organization.Organization
	Countries string // as typed
	Aliases   string
	Types     []organization.Type
	Errors    map[string]string
	Action    string
}

func (s *Server) newOrganizationForm(w http.ResponseWriter, r *http.Request) error {
	return s.render(w, r, http.StatusOK, "organization_form",
		organizationFormData{Org: organization.Organization{Type: organization.NGO}, Types: organization.Types,
			Action: "/admin/organizations"})
}

func (s *Server) editOrganizationForm(w http.ResponseWriter, r *http.Request) error {
	o, err := s.organizationByID(r)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "organization_form", organizationFormData{
		Org: o, Countries: countryInput(o), Aliases: strings.Join(o.Aliases, "\n"), Types: organization.Types,
		Action: fmt.Sprintf("/admin/organizations/%d", o.ID),
	})
}

// countryInput writes an organization's countries as the form takes them.
func countryInput(o organization.Organization) string {
	var parts []string
	for i, c := range o.Countries {
		if i < len(o.CountryLabels) && o.CountryLabels[i] != "" {
			parts = append(parts, o.CountryLabels[i])
		} else {
			parts = append(parts, countryName(c))
		}
	}
	return strings.Join(parts, ", ")
}

// parseCountries reads country names or codes separated by commas or
// semicolons. A name other than the UN's is kept as the label, as the
// organization writes it.
func parseCountries(input string) (codes, labels []string, err error) {
	for _, part := range strings.FieldsFunc(input, func(r rune) bool { return r == ',' || r == ';' || r == '\n' }) {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		st, ok := states.Default().Lookup(part)
		if !ok || len(part) < 2 || strings.ToUpper(part) != part {
			if st, err = states.Resolve(part); err != nil {
				return nil, nil, err
			}
		}
		label := ""
		if !strings.EqualFold(part, st.Name) && !strings.EqualFold(part, st.Code) && !strings.EqualFold(part, st.ISO2) {
			label = part
		}
		codes, labels = append(codes, st.Code), append(labels, label)
	}
	return codes, labels, nil
}

// organizationFromForm reads the form; errs maps a field to its problem.
func organizationFromForm(r *http.Request, L interface{ T(string, ...any) string }) (organization.Organization,
	organizationFormData, map[string]string) {
	o := organization.Organization{
		Name:    r.PostFormValue("name"),
		Acronym: r.PostFormValue("acronym"),
		Place:   r.PostFormValue("place"),
		Website: r.PostFormValue("website"),
		Type:    organization.Type(r.PostFormValue("type")),
		Notes:   r.PostFormValue("notes"),
		Aliases: strings.Split(r.PostFormValue("aliases"), "\n"),
	}
	form := organizationFormData{Countries: r.PostFormValue("countries"), Aliases: r.PostFormValue("aliases"),
		Types: organization.Types}
	errs := map[string]string{}
	var err error
	if o.Countries, o.CountryLabels, err = parseCountries(form.Countries); err != nil {
		errs["countries"] = L.T("org.bad_country", err.Error())
	}
	o.Normalize()
	if err := o.Validate(); err != nil {
		var fe *organization.FieldError
		if errors.As(err, &fe) {
			errs[fe.Field] = fe.Error()
		} else {
			errs["name"] = err.Error()
		}
	}
	form.Org = o
	return o, form, errs
}

func (s *Server) createOrganization(w http.ResponseWriter, r *http.Request) error {
	v := visitorFrom(r)
	o, form, errs := organizationFromForm(r, v.printer)
	if len(errs) > 0 {
		form.Errors, form.Action = errs, "/admin/organizations"
		return s.render(w, r, http.StatusUnprocessableEntity, "organization_form", form)
	}
	created, err := s.saveNewOrganization(r, v.actor(), o)
	if err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/admin/organizations/%d", created.ID), http.StatusSeeOther)
	return nil
}

func (s *Server) saveNewOrganization(r *http.Request, actor string,
	o organization.Organization) (organization.Organization, error) {
	defer s.registryChanged()
	var created organization.Organization
	err := s.store.Transact(r.Context(), func(tx *store.Tx) error {
		var err error
		if created, err = tx.CreateOrganization(r.Context(), o); err != nil {
			return err
		}
		after, _ := json.Marshal(created)
		_, err = tx.RecordAudit(r.Context(),
			audit.Event{Actor: actor, Action: "organization.create", Subject: created.Subject(), After: after})
		return err
	})
	return created, err
}

func (s *Server) updateOrganization(w http.ResponseWriter, r *http.Request) error {
	v := visitorFrom(r)
	existing, err := s.organizationByID(r)
	if err != nil {
		return err
	}
	o, form, errs := organizationFromForm(r, v.printer)
	o.ID = existing.ID
	if len(errs) > 0 {
		form.Org.ID, form.Errors, form.Action = existing.ID, errs, fmt.Sprintf("/admin/organizations/%d", existing.ID)
		return s.render(w, r, http.StatusUnprocessableEntity, "organization_form", form)
	}
	if err := s.saveOrganization(r, v.actor(), o); err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/admin/organizations/%d", o.ID), http.StatusSeeOther)
	return nil
}

func (s *Server) saveOrganization(r *http.Request, actor string, o organization.Organization) error {
	defer s.registryChanged()
	return s.store.Transact(r.Context(), func(tx *store.Tx) error { return updateAudited(r.Context(), tx, actor, o) })
}

// updateAudited replaces an organization's fields and records the change,
// with the record before and after, in the same transaction.
func updateAudited(ctx context.Context, tx *store.Tx, actor string, o organization.Organization) error {
	before, after, err := tx.UpdateOrganization(ctx, o)
	if err != nil {
		return err
	}
	b, _ := json.Marshal(before)
	a, _ := json.Marshal(after)
	_, err = tx.RecordAudit(ctx,
		audit.Event{Actor: actor, Action: "organization.update", Subject: o.Subject(), Before: b, After: a})
	return err
}

// mergeOrganization merges the organization of the path into the one the
// form names; a person decides, so any score is accepted here.
func (s *Server) mergeOrganization(w http.ResponseWriter, r *http.Request) error {
	v := visitorFrom(r)
	source, err := s.organizationByID(r)
	if err != nil {
		return err
	}
	defer s.registryChanged()
	into, err := strconv.ParseInt(r.PostFormValue("into"), 10, 64)
	if err != nil || into <= 0 {
		return errorf(http.StatusBadRequest, "invalid_parameter",
			"into %q: want the id of the organization to merge into", r.PostFormValue("into"))
	}
	err = s.store.Transact(r.Context(), func(tx *store.Tx) error {
		m, err := tx.MergeOrganizations(r.Context(), source.ID, into)
		if err != nil {
			return err
		}
		after, _ := json.Marshal(m)
		_, err = tx.RecordAudit(r.Context(),
			audit.Event{Actor: v.actor(), Action: "organization.merge", Subject: source.Subject(), After: after})
		return err
	})
	switch {
	case errors.Is(err, store.ErrAlreadyMerged):
		return errorf(http.StatusBadRequest, "invalid_parameter", "%s", v.printer.T("org.already_merged"))
	case err != nil:
		return notFound(err, "organization %d", into)
	}
	http.Redirect(w, r, fmt.Sprintf("/admin/organizations/%d", into), http.StatusSeeOther)
	return nil
}

func (s *Server) undoMerge(w http.ResponseWriter, r *http.Request) error {
	v := visitorFrom(r)
	id, err := pathID(r)
	if err != nil {
		return err
	}
	defer s.registryChanged()
	var m organization.Merge
	err = s.store.Transact(r.Context(), func(tx *store.Tx) error {
		if m, err = tx.UndoMerge(r.Context(), id); err != nil {
			return err
		}
		before, _ := json.Marshal(map[string]any{"merge": id, "source_id": m.SourceID, "target_id": m.TargetID})
		_, err = tx.RecordAudit(r.Context(), audit.Event{Actor: v.actor(), Action: "organization.unmerge",
			Subject: organization.Organization{ID: m.SourceID}.Subject(), Before: before})
		return err
	})
	switch {
	case errors.Is(err, store.ErrAlreadyMerged):
		return errorf(http.StatusBadRequest, "invalid_parameter", "%s", v.printer.T("org.already_undone"))
	case err != nil:
		return notFound(err, "merge %d", id)
	}
	http.Redirect(w, r, fmt.Sprintf("/admin/organizations/%d", m.SourceID), http.StatusSeeOther)
	return nil
}
