package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/r2p-coalition/r2p/internal/letters/organization"
	"github.com/r2p-coalition/r2p/internal/store"
)

func (s *Server) apiOrganizations(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	f := store.OrganizationFilter{Query: q.Get("q"), Limit: 50}
	for name, dst := range map[string]*int{"limit": &f.Limit, "offset": &f.Offset} {
		if v := q.Get(name); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 || (name == "limit" && (n < 1 || n > 1000)) {
				return errorf(http.StatusBadRequest, "invalid_parameter",
					"%s %q: want a whole number (limit 1 to 1000, offset 0 or more)", name, v)
			}
			*dst = n
		}
	}
	list, total, err := s.store.Organizations(r.Context(), f)
	if err != nil {
		return err
	}
	if list == nil {
		list = []organization.Organization{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"organizations": list, "total": total})
	return nil
}

func (s *Server) apiOrganization(w http.ResponseWriter, r *http.Request) error {
	o, err := s.organizationByID(r)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, o)
	return nil
}

// organizationInput is what a client may send; the other fields are the
// server's.
type organizationInput struct {
	Name          string            `json:"name"`
	Acronym       string            `json:"acronym"`
	Countries     []string          `json:"countries"`
	CountryLabels []string          `json:"country_labels"`
	Place         string            `json:"place"`
	Website       string            `json:"website"`
	Type          organization.Type `json:"type"`
	Aliases       []string          `json:"aliases"`
	Notes         string            `json:"notes"`
}

// decodeOrganization reads and checks a JSON body; errors name the byte
// offset or the field.
func decodeOrganization(r *http.Request) (organization.Organization, error) {
	var in organizationInput
	if err := decodeJSON(r, &in); err != nil {
		return organization.Organization{}, err
	}
	o := organization.Organization{
		Name:          in.Name,
		Acronym:       in.Acronym,
		Countries:     in.Countries,
		CountryLabels: in.CountryLabels,
		Place:         in.Place,
		Website:       in.Website,
		Type:          in.Type,
		Aliases:       in.Aliases,
		Notes:         in.Notes,
	}
	if o.Type == "" {
		o.Type = organization.NGO
	}
	o.Normalize()
	if err := o.Validate(); err != nil {
		return o, errorf(http.StatusUnprocessableEntity, "invalid_field", "%v", err)
	}
	return o, nil
}

func (s *Server) apiCreateOrganization(w http.ResponseWriter, r *http.Request) error {
	o, err := decodeOrganization(r)
	if err != nil {
		return err
	}
	created, err := s.saveNewOrganization(r, visitorFrom(r).actor(), o)
	if err != nil {
		return err
	}
	w.Header().Set("Location", fmt.Sprintf("/api/v1/organizations/%d", created.ID))
	writeJSON(w, http.StatusCreated, created)
	return nil
}

func (s *Server) apiUpdateOrganization(w http.ResponseWriter, r *http.Request) error {
	existing, err := s.organizationByID(r)
	if err != nil {
		return err
	}
	o, err := decodeOrganization(r)
	if err != nil {
		return err
	}
	o.ID = existing.ID
	if err := s.saveOrganization(r, visitorFrom(r).actor(), o); err != nil {
		return err
	}
	updated, err := s.store.Organization(r.Context(), o.ID)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, updated)
	return nil
}

// maxJSONBody bounds an API request's body.
const maxJSONBody = 1 << 20

// decodeJSON reads a JSON body (Content-Type application/json, or none) of
// at most maxJSONBody into v, refusing unknown fields, and holds it to its
// table of fields (checkBody); its errors name the byte offset or the
// field.
func decodeJSON(r *http.Request, v any) error {
	if ct := r.Header.Get("Content-Type"); ct != "" {
		if mt, _, err := mime.ParseMediaType(ct); err != nil || (mt != "application/json" && !strings.HasSuffix(mt, "+json")) {
			return errorf(http.StatusUnsupportedMediaType, "unsupported_media_type",
				"Content-Type %q: the API reads only application/json", ct)
		}
	}
	raw, err := io.ReadAll(io.LimitReader(r.Body, maxJSONBody+1))
	if err != nil {
		return errorf(http.StatusBadRequest, "invalid_json", "the body could not be read: %v", err)
	}
	if len(raw) > maxJSONBody {
		return errorf(http.StatusRequestEntityTooLarge, "too_large", "the body is larger than %d MiB", maxJSONBody>>20)
	}
	if !utf8.Valid(raw) { // the decoder would quietly make U+FFFD of it
		return invalidUTF8(raw)
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var syntax *json.SyntaxError
		var typeErr *json.UnmarshalTypeError
		switch {
		case errors.As(err, &syntax):
			return errorf(http.StatusBadRequest, "invalid_json", "the body is not JSON: %v (at byte %d)",
				syntax, syntax.Offset)
		case errors.As(err, &typeErr):
			return errorf(http.StatusBadRequest, "invalid_json", "field %s: want %s (at byte %d)",
				typeErr.Field, typeErr.Type, typeErr.Offset)
		default:
			return errorf(http.StatusBadRequest, "invalid_json", "the body: %v", err)
		}
	}
	return checkBody(v)
}
