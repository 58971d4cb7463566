package web_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/r2p-coalition/r2p/internal/account"
	"github.com/r2p-coalition/r2p/internal/input"
	"github.com/r2p-coalition/r2p/internal/store"
	"github.com/r2p-coalition/r2p/internal/web"
)

// templateForm is a <form> of a template, as its source has it.
type templateForm struct {
	file, method, action string
	controls             []templateControl
}

// templateControl is a named <input>, <textarea>, <select> or <button>.
type templateControl struct {
	tag, name, kind, maxlength string // kind: the input's type, or the element
}

var (
	formTag    = regexp.MustCompile(`(?s)<form\b([^>]*)>(.*?)</form>`)
	controlTag = regexp.MustCompile(`<(input|textarea|select|button)\b[^>]*>`)
	attribute  = func(name string) *regexp.Regexp {
		return regexp.MustCompile(`\b` + name + `="((?:\{\{.*?\}\}|[^"])*)"`)
	}
	nameAttr    = attribute("name")
	typeAttr    = attribute("type")
	methodAttr  = attribute("method")
	actionAttr  = attribute("action")
	maxAttr     = attribute("maxlength")
	action      = regexp.MustCompile(`\{\{[^}]*\}\}`)
	subTemplate = regexp.MustCompile(`\{\{template "([^"]+)" [^}]*\}\}`)
)

// templateForms reads every form of every page and of the layout, each
// {{template "x"}} inside it replaced by what x defines.
func templateForms(t *testing.T) []templateForm {
	t.Helper()
	files, _ := filepath.Glob("templates/pages/*.html")
	files = append(files, "templates/layout.html")
	var forms []templateForm
	for _, file := range files {
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		src := subTemplate.ReplaceAllStringFunc(string(b), func(call string) string {
			name := subTemplate.FindStringSubmatch(call)[1]
			if def := regexp.MustCompile(`(?s)\{\{define "` + name + `"\}\}(.*?)\{\{end\}\}`).FindStringSubmatch(string(b)); def != nil {
				return def[1]
			}
			return call
		})
		for _, m := range formTag.FindAllStringSubmatch(src, -1) {
			f := templateForm{file: filepath.Base(file), method: strings.ToUpper(methodAttr.FindStringSubmatch(m[1])[1]),
				action: actionAttr.FindStringSubmatch(m[1])[1]}
			for _, tag := range controlTag.FindAllStringSubmatch(m[2], -1) {
				name := nameAttr.FindStringSubmatch(tag[0])
				if name == nil || name[1] == "csrf" {
					continue
				}
				c := templateControl{tag: tag[0], name: name[1], kind: tag[1]}
				if ty := typeAttr.FindStringSubmatch(tag[0]); ty != nil && tag[1] == "input" {
					c.kind = ty[1]
				}
				if ml := maxAttr.FindStringSubmatch(tag[0]); ml != nil {
					c.maxlength = ml[1]
				}
				f.controls = append(f.controls, c)
			}
			forms = append(forms, f)
		}
	}
	if len(forms) < 40 {
		t.Fatalf("found %d forms in the templates; the reader is broken", len(forms))
	}
	return forms
}

// targets are the addresses a form of a template posts to, its {{...}}
// filled with what the demo has: the campaign ga-2009, its signature 1.
func (f templateForm) targets() []string {
	switch f.action {
	case "{{.Data.Action}}": // a form that creates, or edits what exists
		create := map[string]string{"campaign_form.html": "/admin/campaigns", "missions_form.html": "/admin/missions",
			"organization_form.html": "/admin/organizations"}[f.file]
		return []string{create, create + "/1"}
	}
	fill := "1"
	if f.file == "campaign.html" || f.file == "confirm.html" {
		fill = "ga-2009"
	}
	target, _, _ := strings.Cut(action.ReplaceAllString(f.action, fill), "#")
	return []string{target}
}

// routeOf is the pattern of the route that serves method and path.
func routeOf(routes []web.Route, method, path string) (string, bool) {
	segments := strings.Split(path, "/")
	for _, rt := range routes {
		pattern := strings.Split(strings.TrimSuffix(rt.Pattern, "{$}"), "/")
		if rt.Method != method || len(pattern) != len(segments) {
			continue
		}
		match := true
		for i, p := range pattern {
			match = match && (p == segments[i] || (strings.HasPrefix(p, "{") && segments[i] != ""))
		}
		if match {
			return rt.Method + " " + rt.Pattern, true
		}
	}
	return "", false
}

// formRequest sends one field of a form, multipart for a file.
func formRequest(h *harness, session, method, target, name string, value string, f input.Field) response {
	h.t.Helper()
	if f.Kind == input.File {
		return h.postMultipart(session, target, nil, upload{name, value, []byte("content")})
	}
	if method == "GET" {
		return h.do(request{target: target + "?" + url.Values{name: {value}}.Encode(), session: session})
	}
	return h.do(request{method: method, target: target, session: session, form: url.Values{name: {value}}})
}

// TestEveryFormFieldIsBounded walks every field of every form of every
// template: each has a limit in the table of fields under the form its
// route reads; a text field's maxlength is that limit, read from the table;
// and the server refuses one character more, and a control character,
// naming the field, but not the limit itself. A field added to a template
// without a limit fails here.
func TestEveryFormFieldIsBounded(t *testing.T) {
	h := newHarness(t)
	h.demo()
	admin := h.session(account.Admin)
	routes := h.srv.Routes()
	checked := 0
	for _, form := range templateForms(t) {
		for _, target := range form.targets() {
			route, ok := routeOf(routes, form.method, target)
			if !ok {
				t.Errorf("%s: no route serves %s %s", form.file, form.method, target)
				continue
			}
			formName, _ := web.RouteForm(route)
			for _, c := range form.controls {
				name := action.ReplaceAllString(c.name, "x")
				f, ok := web.FieldLimit(formName, name)
				if !ok {
					t.Errorf("%s: %s: field %q has no limit in the table of fields (form %q)", form.file, route, name, formName)
					continue
				}
				if texty(c) {
					if want := fmt.Sprintf(`{{maxlen "%s.%s"}}`, formName, action.ReplaceAllString(c.name, "*")); c.maxlength != want {
						t.Errorf("%s: %s: maxlength=%q, want %q", form.file, c.tag, c.maxlength, want)
					}
				}
				checkRefusal(t, h, admin, form.method, target, route, formName, name, f)
				checked++
			}
		}
	}
	if checked < 150 {
		t.Errorf("checked %d fields; the walk missed some", checked)
	}
}

// texty reports a control whose maxlength a browser applies.
func texty(c templateControl) bool {
	switch c.kind {
	case "textarea", "text", "email", "search", "password", "url", "tel":
		return true
	}
	return false
}

// checkRefusal sends a field at its limit, one character over it, and with
// a control character.
func checkRefusal(t *testing.T, h *harness, session, method, target, route, form, name string, f input.Field) {
	t.Helper()
	status := map[string]int{"POST": 422, "GET": 400}[method]
	over := fmt.Sprintf("at most %d characters", f.Max)
	named := fmt.Sprintf("Field “%s”: ", name)
	if web.ShowsProblems(form) {
		named = "" // beside the field, under its label
	}
	res := formRequest(h, session, method, target, name, strings.Repeat("x", f.Max+1), f)
	if res.StatusCode != status || !strings.Contains(res.body, named+over) {
		t.Errorf("%s: %s with %d characters: %s, want %d saying %q", route, name, f.Max+1, res, status, named+over)
	}
	// A file's name is in a part's header, where Go's multipart reader
	// refuses a control character itself.
	if f.Kind != input.File {
		res = formRequest(h, session, method, target, name, strings.Repeat("x", f.Max-1)+"\x01", f)
		if res.StatusCode != status || !strings.Contains(res.body, "U&#43;0001") || !strings.Contains(res.body, named) {
			t.Errorf("%s: %s with a control character: %s, want %d naming the field and U+0001", route, name, res, status)
		}
	}
	if f.Max > 100_000 {
		return // a whole list or file: at its limit it is a long parse, not a test of the limit
	}
	res = formRequest(h, session, method, target, name, strings.Repeat("x", f.Max), f)
	if strings.Contains(res.body, over) && (named == "" || strings.Contains(res.body, named)) {
		t.Errorf("%s: %s with %d characters, its limit, is refused: %s", route, name, f.Max, res)
	}
}

// TestSignOnInputsBounded: what the attack stored is refused beside its
// field (a 9 MiB contact name, a 9 MiB website), as are a control character
// and text that is not UTF-8; bidirectional overrides are taken out of the
// names; nothing refused is stored.
func TestSignOnInputsBounded(t *testing.T) {
	h := newHarness(t)
	h.demo()
	for _, tc := range []struct {
		field, value, want string
	}{
		{"contact_name", strings.Repeat("A", 9<<20), "Contact person: at most 200 characters."},
		{"website", "https://" + strings.Repeat("a", 9<<20) + ".org", "Website: at most 500 characters."},
		{"name", "Peace\x00Network", "Name of the organization: it holds the control character U&#43;0000, which no field may hold."},
		{"city", "Accra\u0085", "City: it holds the control character U&#43;0085"},
		{"acronym", "WAN\xff", "Acronym: not valid UTF-8 text."},
	} {
		form := signOnForm(h, "Bounded Network")
		form.Set(tc.field, tc.value)
		res := h.do(request{method: "POST", target: "/c/ga-2009", form: form})
		if res.StatusCode != 422 || !strings.Contains(res.body, `<p class="field-error" role="alert">`+tc.want) {
			t.Errorf("%s: %s, want 422 with %q beside the field", tc.field, res, tc.want)
		}
	}
	if msgs, _ := h.store.OutboxMessages(ctx, store.OutboxFilter{}); len(msgs) != 0 {
		t.Fatalf("refused sign-ons were stored: %d e-mails", len(msgs))
	}
	// A script's field, which the page does not show, is refused as it is.
	form := signOnForm(h, "Bounded Network")
	form.Set("homepage", strings.Repeat("h", 501))
	if res := h.do(request{method: "POST", target: "/c/ga-2009", form: form}); res.StatusCode != 422 || !strings.Contains(res.body, "Field “homepage”: at most 500 characters.") {
		t.Errorf("a long trap field: %s", res)
	}
	form.Del("homepage")
	form.Set("unexpected", "x")
	if res := h.do(request{method: "POST", target: "/c/ga-2009", form: form}); res.StatusCode != 422 || !strings.Contains(res.body, "Field “unexpected”: this form has no such field.") {
		t.Errorf("a field the form does not have: %s", res)
	}
	form.Del("unexpected")
	form["contact_email"] = []string{"ama@example.org", "other@example.org"}
	if res := h.do(request{method: "POST", target: "/c/ga-2009", form: form}); res.StatusCode != 422 || !strings.Contains(res.body, "Contact e-mail: given more than once.") {
		t.Errorf("the contact's address twice: %s", res)
	}
	form.Set("contact_email", "ama@example.org")
	form["countries"] = strings.Split(strings.Repeat("GHA,", 201), ",")[:201]
	if res := h.do(request{method: "POST", target: "/c/ga-2009", form: form}); res.StatusCode != 422 || !strings.Contains(res.body, "Country or countries: at most 200 values.") {
		t.Errorf("201 countries: %s", res)
	}

	// Bidirectional overrides leave the names; the published name is what
	// the signer's readers see.
	form = signOnForm(h, "Peace \u202eskrowteN\u202c Builders")
	form.Set("contact_name", "Ama \u2066Mensah\u2069")
	if res := h.do(request{method: "POST", target: "/c/ga-2009", form: form}); res.StatusCode != 200 {
		t.Fatalf("a name with overrides: %s", res)
	}
	queue, _ := h.store.OutboxMessages(ctx, store.OutboxFilter{})
	if len(queue) != 1 || !strings.Contains(queue[0].Text, "Hello Ama Mensah,") || !strings.Contains(queue[0].Text, "Peace skrowteN Builders") {
		t.Fatalf("the confirmation e-mail: %+v", queue)
	}
	h.do(request{method: "POST", target: confirmLink.FindStringSubmatch(queue[0].Text)[1]})
	if txt := h.do(request{target: "/c/ga-2009/signatories.txt"}); !strings.Contains(txt.body, "Peace skrowteN Builders (Ghana and Nigeria)\n") || strings.ContainsRune(txt.body, '\u202e') {
		t.Errorf("published list:\n%s", txt.body)
	}
}

// TestAPIBodiesBounded: the JSON API holds its bodies to the limits of the
// forms that fill the same fields, naming the field by its path.
func TestAPIBodiesBounded(t *testing.T) {
	h := newHarness(t)
	h.demo()
	editor := h.token(account.Editor)
	h.organization("Existing Network")
	long := func(n int) string { return strings.Repeat("x", n) }
	text := `{"lang": "en", "title": "T", "body": "B", "asks": [{"label": "A"}]}`
	for _, tc := range []struct {
		method, target, body, want string
	}{
		{"POST", "/api/v1/organizations", `{"name": "` + long(301) + `"}`, "name: at most 300 characters"},
		{"POST", "/api/v1/organizations", `{"name": "N", "website": "` + long(501) + `"}`, "website: at most 500 characters"},
		{"POST", "/api/v1/organizations", `{"name": "N", "aliases": ["a", "b", "c", "` + long(301) + `"]}`, "aliases[3]: at most 300 characters"},
		{"POST", "/api/v1/organizations", `{"name": "N", "aliases": [` + strings.Repeat(`"a",`, 100) + `"b"]}`, "aliases: at most 100 values"},
		{"POST", "/api/v1/organizations", `{"name": "N", "notes": "a\u0000b"}`, "notes: holds the control character U+0000, which no field may"},
		{"POST", "/api/v1/organizations", "{\"name\": \"N\", \"place\": \"Accra\xff\"}", "place: not valid UTF-8 text"},
		{"PUT", "/api/v1/organizations/1", `{"name": "N", "country_labels": ["` + long(101) + `"]}`, "country_labels[0]: at most 100 characters"},
		{"POST", "/api/v1/campaigns", `{"slug": "s", "event": {"name": "` + long(301) + `"}}`, "event.name: at most 300 characters"},
		{"POST", "/api/v1/campaigns", `{"slug": "s", "event": {"name": "E"}, "time_zone": "UTC", "texts": [` + text + `, {"lang": "fr", "title": "` + long(301) + `"}]}`, "texts[1].title: at most 300 characters"},
		{"PUT", "/api/v1/campaigns/1", `{"slug": "s", "texts": [{"lang": "en", "asks": [{"label": "A"}, {"label": "B", "description": "` + long(1001) + `"}]}]}`, "texts[0].asks[1].description: at most 1000 characters"},
		{"POST", "/api/v1/campaigns", "{\"slug\": \"s\", \"texts\": [{\"lang\": \"en\", \"body\": \"\x80\"}]}", "texts[0].body: not valid UTF-8 text"},
		{"POST", "/api/v1/campaigns/1/status", `{"status": "` + long(31) + `"}`, "status: at most 30 characters"},
	} {
		res := h.doBody(request{method: tc.method, target: tc.target, bearer: editor, header: http.Header{"Content-Type": {"application/json"}}}, tc.body)
		var env struct {
			Error struct{ Code, Message string }
		}
		json.Unmarshal([]byte(res.body), &env)
		if res.StatusCode != 422 || env.Error.Code != "invalid_field" || env.Error.Message != tc.want {
			t.Errorf("%s %s %.60s: %d %+v, want 422 invalid_field %q", tc.method, tc.target, tc.body, res.StatusCode, env.Error, tc.want)
		}
	}
	// Bidirectional overrides leave a name the API stores.
	res := h.doBody(request{method: "POST", target: "/api/v1/organizations", bearer: editor}, `{"name": "Good \u202eOrg\u202c", "aliases": ["\u2067GO\u2069"]}`)
	var created struct {
		Name    string   `json:"name"`
		Aliases []string `json:"aliases"`
	}
	if json.Unmarshal([]byte(res.body), &created); res.StatusCode != 201 || created.Name != "Good Org" || len(created.Aliases) != 1 || created.Aliases[0] != "GO" {
		t.Errorf("a name with overrides: %s %+v", res, created)
	}
}

// TestEveryAPIBodyFieldIsBounded: every string of every JSON body type the
// API reads has an entry in its table of fields, and every entry is a
// field of the type, so that a field added to a body without a limit
// fails here.
func TestEveryAPIBodyFieldIsBounded(t *testing.T) {
	for typ, fields := range web.APIBodies {
		paths := map[string]bool{}
		var walk func(t reflect.Type, key string)
		walk = func(typ reflect.Type, key string) {
			switch typ.Kind() {
			case reflect.Struct:
				if typ == reflect.TypeFor[time.Time]() {
					return
				}
				for i := range typ.NumField() {
					name, _, _ := strings.Cut(typ.Field(i).Tag.Get("json"), ",")
					if name != "" && name != "-" {
						walk(typ.Field(i).Type, strings.TrimPrefix(key+"."+name, "."))
					}
				}
			case reflect.Slice:
				paths[key] = true
				walk(typ.Elem(), key+"[]")
			case reflect.String:
				paths[strings.TrimSuffix(key, "[]")] = true
			}
		}
		walk(typ, "")
		for p := range paths {
			if _, ok := fields[p]; !ok {
				t.Errorf("%s: field %s has no limit in the table of fields", typ, p)
			}
		}
		for p := range fields {
			if !paths[p] {
				t.Errorf("%s: the table of fields has %s, which the type does not", typ, p)
			}
		}
	}
	if len(web.APIBodies) != 3 {
		t.Errorf("%d JSON bodies in the table, want the 3 the API reads", len(web.APIBodies))
	}
}

func TestJSONFieldAt(t *testing.T) {
	doc := `{"name": "a", "texts": [{"lang": "en", "asks": [{"label": "x"}, {"label": "BAD"}]}, {"title": "BAD2"}], "n": 1, "BADKEY": true}`
	for _, tc := range []struct{ marker, want string }{
		{`"a"`, "name"},
		{"BAD\"", "texts[0].asks[1].label"},
		{"BAD2", "texts[1].title"},
		{"BADKEY", "BADKEY"},
		{"1,", ""}, // not in a string
	} {
		if got := web.JSONFieldAt([]byte(doc), int64(strings.Index(doc, tc.marker))); got != tc.want {
			t.Errorf("at %q: %q, want %q", tc.marker, got, tc.want)
		}
	}
}

// FuzzJSONFieldAt: any document and offset give a path or nothing, without
// a panic.
func FuzzJSONFieldAt(f *testing.F) {
	f.Add([]byte(`{"texts": [{"asks": [{"label": "\xff"}]}]}`), int64(25))
	f.Add([]byte(`[[{"a": [1, "b"]}], {"c": {"d": "e"}}]`), int64(30))
	f.Add([]byte(`{"a": `), int64(3))
	f.Fuzz(func(t *testing.T, doc []byte, offset int64) {
		web.JSONFieldAt(doc, offset)
	})
}

// TestOpenAPIStatesTheLimits: /api/v1/openapi.json gives each JSON body's
// string its maxLength and each list its maxItems as the table of fields
// has them, and the search parameters theirs as the search form's.
func TestOpenAPIStatesTheLimits(t *testing.T) {
	h := newHarness(t)
	var doc map[string]any
	if err := json.Unmarshal([]byte(h.do(request{target: "/api/v1/openapi.json"}).body), &doc); err != nil {
		t.Fatal(err)
	}
	get := func(v any, keys ...string) any {
		for _, k := range keys {
			m, _ := v.(map[string]any)
			v = m[k]
		}
		return v
	}
	schemas := map[string]any{
		"organizationInput": get(doc, "components", "schemas", "OrganizationInput"),
		"campaignInput":     get(doc, "components", "schemas", "CampaignInput"),
		"campaignStatusInput": get(doc, "paths", "/api/v1/campaigns/{id}/status", "post", "requestBody", "content",
			"application/json", "schema"),
	}
	for typ, fields := range web.APIBodies {
		schema := schemas[typ.Name()]
		if schema == nil {
			t.Errorf("no schema for %s", typ.Name())
			continue
		}
		for path, f := range fields {
			node := schema
			for _, part := range strings.Split(path, ".") {
				name, list := strings.CutSuffix(part, "[]")
				node = get(node, "properties", name)
				if list {
					node = get(node, "items")
				}
			}
			if get(node, "type") == "array" {
				if get(node, "maxItems") != float64(f.MaxValues()) {
					t.Errorf("%s %s: maxItems %v, want %d", typ.Name(), path, get(node, "maxItems"), f.MaxValues())
				}
				node = get(node, "items")
			}
			if get(node, "type") == "string" && get(node, "maxLength") != float64(f.Max) {
				t.Errorf("%s %s: maxLength %v, want %d", typ.Name(), path, get(node, "maxLength"), f.Max)
			}
		}
	}
	for path, form := range map[string]string{"/api/v1/search": "search", "/api/v1/organizations": "organizations"} {
		for _, p := range get(doc, "paths", path, "get", "parameters").([]any) {
			name := get(p, "name").(string)
			f, ok := web.FieldLimit(form, name)
			if ok && get(p, "schema", "type") == "string" && get(p, "schema", "maxLength") != float64(f.Max) {
				t.Errorf("%s %s: maxLength %v, want %d", path, name, get(p, "schema", "maxLength"), f.Max)
			}
		}
	}
}

// TestAPIRefusesOtherContentTypesAndOversizeBodies: an API body is JSON,
// said so or left unsaid; a form, multipart or text body is a 415, and one
// over 1 MiB a 413 rather than a JSON error at the byte where it was cut
// (OWASP ASVS 13.1.5, 13.2.5). Nothing is stored.
func TestAPIRefusesOtherContentTypesAndOversizeBodies(t *testing.T) {
	h := newHarness(t)
	editor := h.token(account.Editor)
	good := `{"name":"Asia Pacific Centre for R2P","countries":["AUS"],"type":"ngo"}`
	for ct, want := range map[string]int{
		"application/json; charset=utf-8":   http.StatusCreated,
		"application/merge-patch+json":      http.StatusUnprocessableEntity, // JSON, but the name is taken by then
		"application/x-www-form-urlencoded": http.StatusUnsupportedMediaType,
		"multipart/form-data; boundary=x":   http.StatusUnsupportedMediaType,
		"text/plain":                        http.StatusUnsupportedMediaType,
		"application/json; charset":         http.StatusUnsupportedMediaType, // does not parse
	} {
		res := h.doBody(request{method: "POST", target: "/api/v1/organizations", bearer: editor,
			header: http.Header{"Content-Type": {ct}}}, good)
		if res.StatusCode != want && !(want == http.StatusUnprocessableEntity && res.StatusCode == http.StatusCreated) {
			t.Errorf("Content-Type %q: %s %s, want %d", ct, res, res.body, want)
		}
		if want == http.StatusUnsupportedMediaType && !strings.Contains(res.body, `"code": "unsupported_media_type"`) {
			t.Errorf("Content-Type %q: %s", ct, res.body)
		}
	}
	big := `{"name":"Big","notes":"` + strings.Repeat("x", 1<<20) + `"}`
	res := h.doBody(request{method: "POST", target: "/api/v1/organizations", bearer: editor}, big)
	if res.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(res.body, `"code": "too_large"`) {
		t.Errorf("a body over 1 MiB: %s %.300s", res, res.body)
	}
	if n, _ := h.store.CountOrganizations(ctx); n > 2 {
		t.Errorf("%d organizations stored", n)
	}
}
