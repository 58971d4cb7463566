package web

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/r2p-coalition/r2p/internal/account"
	"github.com/r2p-coalition/r2p/internal/evidence/statement"
	"github.com/r2p-coalition/r2p/internal/input"
	"github.com/r2p-coalition/r2p/internal/letters/campaign"
	"github.com/r2p-coalition/r2p/internal/letters/mission"
	"github.com/r2p-coalition/r2p/internal/letters/organization"
	"github.com/r2p-coalition/r2p/internal/letters/signon"
	"github.com/r2p-coalition/r2p/internal/states"
)

// The limits of every field of every form: the one table that the
// templates' maxlength attributes read ({{maxlen "sign.name"}}) and that
// the server holds every request to (checkFields), so that the two cannot
// drift. A browser stops at maxlength; a script does not, and is refused
// here. Where a domain package checks a field, the number is its constant.

// formField is a field of a form, by its name in the form: fieldLimit
// reads "*" at the end of a name as any name that begins so ("title_*" is
// title_en, title_fr, ...).
type formField = input.Field

// A few shapes that many forms share.
var (
	emailField  = formField{Max: signon.MaxEmail}
	choiceField = formField{Max: 30}   // a select, a radio or a checkbox: the value of one option
	groupField  = formField{Max: 100}  // the name of a group of states
	codeField   = formField{Max: 100}  // the id of a code or a stance of the codebook
	idField     = formField{Max: 20}   // a database id
	dateField   = formField{Max: 10}   // YYYY-MM-DD
	yearField   = formField{Max: 4}    // a year, from a number input
	pathField   = formField{Max: 2000} // a path on this site, as in a login form's next
	fileField   = formField{Max: 255, Kind: input.File}
	// dataField is a hidden field that carries a whole list or file back
	// to be confirmed; the body's limit bounds it too.
	dataField = formField{Max: 8 << 20}
)

// forms are the fields of each form, by the form's name.
var forms = map[string]map[string]formField{
	"login":   {"email": emailField, "password": passwordField, "next": pathField},
	"setup":   {"name": personName, "password": passwordField},
	"account": {"current": passwordField, "password": passwordField},
	"invite":  {"email": emailField, "name": personName, "role": choiceField},
	"role":    {"role": choiceField},
	"token":   {"name": {Max: 200, Kind: input.Name}, "role": choiceField},
	"audit":   {"actor": {Max: 100}, "action": {Max: 100}},

	"sign": merged(signatureShown, map[string]formField{
		"started":       {Max: 100},
		"homepage":      {Max: 500}, // the trap for scripts, which people never see
		"type":          choiceField,
		"contact_name":  {Max: signon.MaxContactName, Kind: input.Name},
		"contact_email": emailField,
		"consent":       choiceField,
	}),
	"signature": signatureShown, // staff's correction of what a signature shows
	"approve":   {"organization": idField, "name": {Max: organization.MaxName, Kind: input.Name}},
	"reject":    {"reason": {Max: 500}},
	"duplicate": {"of": idField},
	"status":    {"to": choiceField},
	"erase":     {"email": emailField},

	"campaign": {
		"slug":         {Max: campaign.MaxSlug},
		"event_name":   {Max: campaign.MaxEventName},
		"event_date":   dateField,
		"event_place":  {Max: campaign.MaxEventPlace},
		"opens_at":     {Max: 19}, // datetime-local: YYYY-MM-DDTHH:MM:SS
		"deadline":     {Max: 19},
		"time_zone":    {Max: 60},
		"auto_approve": choiceField,
		"title_*":      {Max: campaign.MaxTitle},
		"body_*":       {Max: campaign.MaxBody},
		// One ask a line, "label | description".
		"asks_*": {Max: campaign.MaxAsks * (campaign.MaxAskLabel + campaign.MaxAskDescription + 4)},
		// The confirmation of a new version of the text: the number of the
		// version confirmed; or back to the form.
		"new_version": idField,
		"back":        choiceField,
	},

	"organization": {
		"name":      {Max: organization.MaxName, Kind: input.Name},
		"acronym":   {Max: organization.MaxAcronym, Kind: input.Name},
		"countries": {Max: 2000}, // codes or names, separated by commas
		"place":     {Max: organization.MaxPlace, Kind: input.Name},
		"website":   {Max: organization.MaxWebsite},
		"type":      choiceField,
		"aliases":   {Max: organization.MaxAliases * (organization.MaxName + 1)}, // one a line
		"notes":     {Max: organization.MaxNotes},
	},
	"organizations":  {"q": {Max: 300}},
	"merge":          {"into": idField},
	"import":         {"list": dataField, "file": fileField},
	"import_confirm": {"rows": dataField, "action-*": choiceField},

	"mission": {
		"iso3":           {Max: 3},
		"station":        {Max: mission.MaxStation},
		"emails":         {Max: mission.MaxEmails * (mission.MaxEmail + 2)}, // one a line, or ";"
		"head_name":      {Max: mission.MaxHeadName, Kind: input.Name},
		"head_title":     {Max: mission.MaxHeadTitle},
		"salutation":     {Max: mission.MaxSalutation},
		"language":       {Max: 5},
		"postal_address": {Max: mission.MaxPostal},
	},
	"missions":                {"group": groupField, "missing": choiceField},
	"missions_import":         {"file": fileField, "text": dataField},
	"missions_import_confirm": {"file": dataField, "name": {Max: 255}, "skip_bad": choiceField},

	"delivery": {
		"kind": choiceField, "group": groupField, "states": {Max: 3, Values: 200}, "csv": fileField,
		"station": {Max: mission.MaxStation},
	},
	// The choice of recipients, carried from the preview to the test
	// letter and the queue.
	"delivery_test":  {"recipients": recipientsField, "station": {Max: mission.MaxStation}, "target": {Max: 300}},
	"delivery_queue": {"recipients": recipientsField, "station": {Max: mission.MaxStation}, "confirm": choiceField},

	"settings": {
		"name":        {Max: maxCoalitionName, Kind: input.Name},
		"place":       {Max: maxCoalitionPlace},
		"signature":   {Max: maxCoalitionSignature, Kind: input.Name},
		"remove_logo": choiceField,
		"logo":        fileField,
	},

	"event": {
		"body": choiceField, "title": {Max: statement.MaxEventTitle}, "start": dateField, "end": dateField, "session": {Max: 20},
		"symbols":  {Max: 2000}, // UN document symbols, one a line
		"campaign": {Max: 20, Values: 1000},
	},
	"events": {"body": choiceField, "year": yearField},
	"statements_import": {
		"file": {Max: fileField.Max, Kind: input.File, Values: 1000}, "format": choiceField,
		"speaker": {Max: 200}, "on_behalf_of": {Max: 200}, "language": {Max: 20}, "date": dateField,
		"source": {Max: 500},
	},
	"search": {
		"q": {Max: 500}, "state": {Max: 5}, "group": groupField, "body": choiceField, "year_from": yearField,
		"year_to": yearField, "language": {Max: 5},
	},
	"decision":    {"code": codeField, "decision": choiceField, "sentence": idField},
	"reviewed":    {"stance": codeField},
	"blind":       {"code": {Max: codeField.Max, Values: 500}, "stance": codeField},
	"codebook":    {"source": {Max: 1 << 20}},
	"reliability": {"event": idField, "coders": {Max: 500}},
	"replies":     {"files": {Max: fileField.Max, Kind: input.File, Values: 1000}},
}

// signatureShown are the fields of a signature that the published list
// shows: the sign-on form's, and all that staff correct.
var signatureShown = map[string]formField{
	"name":      {Max: signon.MaxName, Kind: input.Name},
	"acronym":   {Max: signon.MaxAcronym, Kind: input.Name},
	"countries": {Max: 3, Values: 200},
	"city":      {Max: signon.MaxCity, Kind: input.Name},
	"website":   {Max: signon.MaxWebsite},
	"display":   choiceField,
}

// merged is a form's fields: those of a and of b.
func merged(a, b map[string]formField) map[string]formField {
	m := maps.Clone(a)
	maps.Copy(m, b)
	return m
}

var (
	personName    = formField{Max: 200, Kind: input.Name}
	passwordField = formField{Max: account.MaxPasswordLength, Kind: input.Secret}
	// recipientsField is a delivery's choice of states, as
	// "states:ISO3,ISO3,...", each state once.
	recipientsField = formField{Max: len("states:") + 4*len(states.Default().All())}
)

// routeForms names the form each route reads. A POST route that is not
// here takes no field but the CSRF token; a GET route that is not here
// reads no form (its query is links' own).
var routeForms = map[string]string{
	"POST /login":                               "login",
	"POST /setup/{token}":                       "setup",
	"POST /admin/account/password":              "account",
	"POST /admin/users":                         "invite",
	"POST /admin/users/{id}/role":               "role",
	"GET /admin/audit":                          "audit",
	"POST /admin/tokens":                        "token",
	"POST /c/{slug}":                            "sign",
	"GET /admin/organizations":                  "organizations",
	"POST /admin/organizations/import":          "import",
	"POST /admin/organizations/import/confirm":  "import_confirm",
	"POST /admin/organizations":                 "organization",
	"POST /admin/organizations/{id}":            "organization",
	"POST /admin/organizations/{id}/merge":      "merge",
	"GET /admin/missions":                       "missions",
	"POST /admin/missions/import":               "missions_import",
	"POST /admin/missions/import/confirm":       "missions_import_confirm",
	"POST /admin/missions":                      "mission",
	"POST /admin/missions/{id}":                 "mission",
	"POST /admin/campaigns":                     "campaign",
	"POST /admin/campaigns/{id}":                "campaign",
	"POST /admin/campaigns/{id}/status":         "status",
	"POST /admin/signatures/{id}/approve":       "approve",
	"POST /admin/signatures/{id}/reject":        "reject",
	"POST /admin/signatures/{id}/duplicate":     "duplicate",
	"POST /admin/signatures/{id}":               "signature",
	"POST /admin/campaigns/{id}/erase-contact":  "erase",
	"POST /admin/replies":                       "replies",
	"POST /admin/campaigns/{id}/delivery":       "delivery",
	"POST /admin/campaigns/{id}/delivery/test":  "delivery_test",
	"POST /admin/campaigns/{id}/delivery/queue": "delivery_queue",
	"POST /admin/settings":                      "settings",
	"GET /admin/events":                         "events",
	"POST /admin/events":                        "event",
	"POST /admin/events/{id}/import":            "statements_import",
	"GET /admin/search":                         "search",
	"POST /admin/statements/{id}/decisions":     "decision",
	"POST /admin/statements/{id}/reviewed":      "reviewed",
	"POST /admin/statements/{id}/code":          "blind",
	"GET /admin/reliability":                    "reliability",
	"POST /admin/codebook":                      "codebook",
	"GET /api/v1/search":                        "search",
	"GET /api/v1/organizations":                 "organizations",
}

// showsProblems are the forms whose handlers put a field's problem beside
// the field (formProblems) rather than refuse the request.
var showsProblems = map[string]bool{"sign": true, "signature": true,
	"GET /admin/search": true} // a route, where a form's page shows them and its API does not

// fieldLimit is a form's field, by name.
func fieldLimit(form, name string) (formField, bool) {
	fields := forms[form]
	if f, ok := fields[name]; ok {
		return f, true
	}
	for pattern, f := range fields {
		if prefix, ok := strings.CutSuffix(pattern, "*"); ok && strings.HasPrefix(name, prefix) {
			return f, true
		}
	}
	return formField{}, false
}

// maxlen is the template function that gives a field's limit, as in
// maxlength="{{maxlen "sign.name"}}"; a field that is not in the table
// fails the page (and the tests that render it).
func maxlen(key string) (int, error) {
	form, name, _ := strings.Cut(key, ".")
	f, ok := fieldLimit(form, name)
	if !ok {
		return 0, fmt.Errorf("maxlen %q: no such field in the table of fields", key)
	}
	return f.Max, nil
}

// fieldProblem is what is wrong with one field of a request.
type fieldProblem struct {
	Field string
	input.Problem
}

type problemsKey struct{}

// formProblems are the problems checkFields found in the request's form,
// for a handler of a form in showsProblems.
func formProblems(r *http.Request) []fieldProblem {
	p, _ := r.Context().Value(problemsKey{}).([]fieldProblem)
	return p
}

// checkFields holds a route's request to its form's table: every field
// known, every value within its limits, cleaned as its kind says. A
// problem refuses the request, naming the field, unless the form shows
// problems beside its fields, when h is told them.
func (s *Server) checkFields(route string, h handlerFunc) handlerFunc {
	form, hasForm := routeForms[route]
	method, _, _ := strings.Cut(route, " ")
	if method != http.MethodPost && !hasForm {
		return h
	}
	return func(w http.ResponseWriter, r *http.Request) error {
		var problems []fieldProblem
		if method == http.MethodPost {
			problems = checkPostForm(r, form)
		} else {
			problems = checkQuery(r, form)
		}
		if len(problems) == 0 {
			return h(w, r)
		}
		if (showsProblems[form] || showsProblems[route]) && !unexpected(problems) {
			return h(w, r.WithContext(context.WithValue(r.Context(), problemsKey{}, problems)))
		}
		status, code := http.StatusUnprocessableEntity, "invalid_field"
		if method != http.MethodPost {
			status, code = http.StatusBadRequest, "invalid_parameter"
		}
		return errorf(status, code, "%s", problemText(visitorFrom(r).printer.T, problems[0]))
	}
}

// problemText says a field's problem in the reader's language.
func problemText(T func(string, ...any) string, p fieldProblem) string {
	return T("input.field", p.Field, T("input.problem."+p.Code, p.Args...))
}

func unexpected(problems []fieldProblem) bool {
	for _, p := range problems {
		if p.Code == "unexpected" {
			return true
		}
	}
	return false
}

// checkPostForm checks, and cleans in place, the fields of a POST's form
// (already read by the CSRF check), its files' names included.
func checkPostForm(r *http.Request, form string) []fieldProblem {
	var problems []fieldProblem
	for name, values := range r.PostForm {
		if name == "csrf" {
			continue
		}
		f, ok := fieldLimit(form, name)
		problems = append(problems, checkValues(name, values, f, ok)...)
		// r.Form and a multipart form hold copies: they get the cleaned values too.
		if r.Form != nil {
			r.Form[name] = slices.Concat(values, r.URL.Query()[name])
		}
		if r.MultipartForm != nil && r.MultipartForm.Value[name] != nil {
			r.MultipartForm.Value[name] = slices.Clone(values)
		}
	}
	if r.MultipartForm != nil {
		for name, files := range r.MultipartForm.File {
			f, ok := fieldLimit(form, name)
			if ok && f.Kind != input.File {
				ok = false // a file where the form has text
			}
			names := make([]string, len(files))
			for i, fh := range files {
				names[i] = fh.Filename
			}
			problems = append(problems, checkValues(name, names, f, ok)...)
		}
	}
	return problems
}

// checkQuery checks, and cleans, the fields of a GET form in the query;
// other parameters (a link's page number) are left as they are.
func checkQuery(r *http.Request, form string) []fieldProblem {
	query := r.URL.Query()
	var problems []fieldProblem
	changed := false
	for name, values := range query {
		f, ok := fieldLimit(form, name)
		if !ok {
			continue
		}
		before := strings.Join(values, "\x00")
		problems = append(problems, checkValues(name, values, f, true)...)
		changed = changed || strings.Join(values, "\x00") != before
	}
	if changed && len(problems) == 0 {
		r.URL.RawQuery = query.Encode()
		r.Form = nil
	}
	return problems
}

// checkValues checks a field's values against f, cleaning them in place;
// known says whether the form has the field at all.
func checkValues(name string, values []string, f formField, known bool) []fieldProblem {
	if !known {
		return []fieldProblem{{name, input.Problem{Code: "unexpected"}}}
	}
	switch {
	case len(values) > 1 && f.MaxValues() == 1: // a field sent twice, to be read one way here and another there
		return []fieldProblem{{name, input.Problem{Code: "repeated"}}}
	case len(values) > f.MaxValues():
		return []fieldProblem{{name, input.Problem{Code: "max_values", Args: []any{f.MaxValues()}}}}
	}
	var problems []fieldProblem
	for i, v := range values {
		clean, p := f.Clean(v)
		if p != nil {
			problems = append(problems, fieldProblem{name, *p})
			break
		}
		values[i] = clean
	}
	return problems
}

// The fields of each JSON body the API reads, by the type it is read into
// and by path ("name", "event.name", "texts[].asks[].label"): the same
// limits as the forms that fill the same fields. A list's entry bounds
// each of its elements (Max) and how many it has (Values).
var apiBodies = map[reflect.Type]map[string]formField{
	reflect.TypeFor[organizationInput](): {
		"name":           forms["organization"]["name"],
		"acronym":        forms["organization"]["acronym"],
		"countries":      {Max: 3, Values: 200},
		"country_labels": {Max: 100, Kind: input.Name, Values: 200},
		"place":          forms["organization"]["place"],
		"website":        forms["organization"]["website"],
		"type":           choiceField,
		"aliases":        {Max: organization.MaxName, Kind: input.Name, Values: organization.MaxAliases},
		"notes":          forms["organization"]["notes"],
	},
	reflect.TypeFor[campaignInput](): {
		"slug":                       forms["campaign"]["slug"],
		"event.name":                 forms["campaign"]["event_name"],
		"event.date":                 forms["campaign"]["event_date"],
		"event.place":                forms["campaign"]["event_place"],
		"time_zone":                  forms["campaign"]["time_zone"],
		"texts":                      {Max: 1, Values: len(campaign.Languages)},
		"texts[].lang":               {Max: 2},
		"texts[].title":              forms["campaign"]["title_*"],
		"texts[].body":               forms["campaign"]["body_*"],
		"texts[].asks":               {Max: 1, Values: campaign.MaxAsks},
		"texts[].asks[].label":       {Max: campaign.MaxAskLabel},
		"texts[].asks[].description": {Max: campaign.MaxAskDescription},
	},
	reflect.TypeFor[campaignStatusInput](): {"status": choiceField},
}

// checkBody holds a decoded JSON body (a pointer to one of apiBodies'
// types) to its table, cleaning its strings in place; the error names the
// field by its path, as in texts[1].title.
func checkBody(v any) error {
	body := reflect.ValueOf(v).Elem()
	fields, ok := apiBodies[body.Type()]
	if !ok {
		return fmt.Errorf("web: JSON body %s has no table of fields", body.Type())
	}
	return walkBody(body, "", "", fields)
}

func walkBody(v reflect.Value, path, key string, fields map[string]formField) error {
	switch v.Kind() {
	case reflect.Struct:
		if v.Type() == reflect.TypeFor[time.Time]() {
			return nil
		}
		for i := range v.NumField() {
			name, _, _ := strings.Cut(v.Type().Field(i).Tag.Get("json"), ",")
			if name == "" || name == "-" {
				continue
			}
			if err := walkBody(v.Field(i), joinPath(path, name), joinPath(key, name), fields); err != nil {
				return err
			}
		}
	case reflect.Slice:
		f, ok := fields[key]
		if !ok {
			return fmt.Errorf("web: JSON field %s has no limits in the table of fields", key)
		}
		if v.Len() > f.MaxValues() {
			return bodyProblem(path, input.Problem{Code: "max_values", Args: []any{f.MaxValues()}})
		}
		for i := range v.Len() {
			if err := walkBody(v.Index(i), fmt.Sprintf("%s[%d]", path, i), key+"[]", fields); err != nil {
				return err
			}
		}
	case reflect.String:
		f, ok := fields[strings.TrimSuffix(key, "[]")]
		if !ok {
			return fmt.Errorf("web: JSON field %s has no limits in the table of fields", key)
		}
		clean, p := f.Clean(v.String())
		if p != nil {
			return bodyProblem(path, *p)
		}
		v.SetString(clean)
	}
	return nil
}

func joinPath(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

func bodyProblem(path string, p input.Problem) *Error {
	return errorf(http.StatusUnprocessableEntity, "invalid_field", "%s: %s", path, p.Error())
}

// invalidUTF8 refuses a JSON body that is not UTF-8, naming the field
// whose text holds the first bad byte (or the byte alone, if it is
// outside every string).
func invalidUTF8(raw []byte) *Error {
	bad := firstInvalid(raw)
	if field := jsonFieldAt(raw, int64(bad)); field != "" {
		return bodyProblem(field, input.Problem{Code: "not_utf8"})
	}
	return errorf(http.StatusBadRequest, "invalid_json", "the body is not UTF-8 (at byte %d)", bad)
}

// firstInvalid is the offset of the first byte of b that is not UTF-8.
func firstInvalid(b []byte) int {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return len(b)
}

// jsonFieldAt is the path of the key or the string value of a JSON
// document that holds byte offset, as in texts[1].title; "" if none does.
func jsonFieldAt(doc []byte, offset int64) string {
	type frame struct {
		object, wantKey bool
		key             string
		index           int
	}
	var stack []*frame
	top := func() *frame {
		if len(stack) == 0 {
			return nil
		}
		return stack[len(stack)-1]
	}
	path := func() string {
		var b strings.Builder
		for _, f := range stack {
			switch {
			case !f.object:
				fmt.Fprintf(&b, "[%d]", f.index)
			case b.Len() > 0:
				b.WriteString("." + f.key)
			default:
				b.WriteString(f.key)
			}
		}
		return b.String()
	}
	valueDone := func(f *frame) {
		if f != nil && f.object {
			f.wantKey = true
		}
	}
	dec := json.NewDecoder(bytes.NewReader(doc))
	// holds reports whether the string just read holds offset: it starts
	// at the first quote after the previous token.
	holds := func(before int64) bool {
		end := dec.InputOffset()
		return offset >= before+int64(bytes.IndexByte(doc[before:end], '"')) && offset < end
	}
	for {
		before := dec.InputOffset()
		tok, err := dec.Token()
		if err != nil {
			return ""
		}
		f := top()
		delim, isDelim := tok.(json.Delim)
		switch {
		case isDelim && (delim == '}' || delim == ']'):
			stack = stack[:len(stack)-1]
			valueDone(top())
			continue
		case f != nil && f.object && f.wantKey:
			f.key, f.wantKey = fmt.Sprint(tok), false
			if holds(before) {
				return path()
			}
			continue
		}
		if f != nil && !f.object {
			f.index++
		}
		if isDelim {
			stack = append(stack, &frame{object: delim == '{', wantKey: delim == '{', index: -1})
			continue
		}
		if _, isText := tok.(string); isText && holds(before) {
			return path()
		}
		valueDone(f)
	}
}
