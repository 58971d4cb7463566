package web_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/r2p-coalition/r2p/internal/account"
	"github.com/r2p-coalition/r2p/internal/letters/organization"
	"github.com/r2p-coalition/r2p/internal/store"
)

func TestOrganizationPages(t *testing.T) {
	h := newHarness(t)
	editor := h.session(account.Editor)
	form := url.Values{"name": {"Action des jeunes pour le Développement Communautaire et la Paix"}, "acronym": {"ADECOP"},
		"countries": {"DR Congo, USA"}, "website": {"adecop.org"}, "type": {"ngo"}, "aliases": {"Youth Action for Peace\n\n"}}
	res := h.do(request{method: "POST", target: "/admin/organizations", session: editor, form: form})
	if res.StatusCode != 303 {
		t.Fatalf("create: %s\n%s", res, res.body)
	}
	list, _ := h.store.AllOrganizations(ctx)
	if len(list) != 1 {
		t.Fatalf("registry = %+v", list)
	}
	o := list[0]
	if !slices.Equal(o.Countries, []string{"COD", "USA"}) || !slices.Equal(o.CountryLabels, []string{"DR Congo", ""}) || !slices.Equal(o.Aliases, []string{"Youth Action for Peace"}) {
		t.Errorf("stored = %+v", o)
	}
	page := h.do(request{target: res.Header.Get("Location"), session: h.session(account.Viewer)})
	for _, want := range []string{"ADECOP", "Democratic Republic of the Congo (COD) — “DR Congo”", `href="https://adecop.org"`, "Youth Action for Peace"} {
		if !strings.Contains(page.body, want) {
			t.Errorf("the organization page lacks %q", want)
		}
	}
	if list := h.do(request{target: "/admin/organizations?q=developpement+paix", session: editor}); !strings.Contains(list.body, "ADECOP") || !strings.Contains(list.body, "DR Congo, United States of America") {
		t.Errorf("search without accents does not find it, or countries are not shown as written")
	}

	// Bad input names the field and keeps what was typed.
	bad := url.Values{"name": {"Some Coalition"}, "countries": {"Atlantis"}, "website": {"not a site"}, "type": {"ngo"}}
	res = h.do(request{method: "POST", target: "/admin/organizations", session: editor, form: bad})
	if res.StatusCode != 422 || !strings.Contains(res.body, `Countries: unknown state &#34;Atlantis&#34;`) || !strings.Contains(res.body, `value="Some Coalition"`) {
		t.Errorf("bad country: %s\n%s", res, res.body)
	}
	bad.Set("countries", "Ghana")
	res = h.do(request{method: "POST", target: "/admin/organizations", session: editor, form: bad})
	if res.StatusCode != 422 || !strings.Contains(res.body, `website: &#34;not a site&#34; is not a web address`) {
		t.Errorf("bad website: %s", res)
	}

	// Editing is audited with the record before and after.
	form.Set("notes", "Bukavu")
	res = h.do(request{method: "POST", target: "/admin/organizations/" + itoa(o.ID), session: editor, form: form})
	if res.StatusCode != 303 {
		t.Fatalf("edit: %s", res)
	}
	events, _ := h.store.AuditEvents(ctx, store.AuditFilter{Action: "organization.update"})
	if len(events) != 1 || strings.Contains(string(events[0].Before), "Bukavu") || !strings.Contains(string(events[0].After), `"notes":"Bukavu"`) || events[0].Actor != h.users[account.Editor].Actor() {
		t.Errorf("audit = %+v", events)
	}
	if res := h.do(request{method: "POST", target: "/admin/organizations/" + itoa(o.ID), session: h.session(account.Viewer), form: form}); res.StatusCode != 403 {
		t.Errorf("a viewer editing: %s", res)
	}
}

func TestMergeFromThePage(t *testing.T) {
	h := newHarness(t)
	editor := h.session(account.Editor)
	a := h.organization("Human Rights Watch")
	b := h.organization("Human Rights-Watch")
	h.organization("Physicians for Human Rights")
	before := h.do(request{target: "/admin/organizations/" + itoa(a.ID), session: editor})
	if !strings.Contains(before.body, "Possible duplicates") || !strings.Contains(before.body, ">Human Rights-Watch</a>") || strings.Contains(before.body, ">Physicians for Human Rights</a>") {
		t.Errorf("the page of %q does not list exactly its duplicate:\n%s", a.Name, before.body)
	}
	res := h.do(request{method: "POST", target: "/admin/organizations/" + itoa(b.ID) + "/merge", session: editor, form: url.Values{"into": {itoa(a.ID)}}})
	if res.StatusCode != 303 || res.Header.Get("Location") != "/admin/organizations/"+itoa(a.ID) {
		t.Fatalf("merge: %s", res)
	}
	page := h.do(request{target: "/admin/organizations/" + itoa(a.ID), session: editor})
	if !strings.Contains(page.body, "Human Rights-Watch") || !strings.Contains(page.body, "/admin/merges/1/undo") {
		t.Errorf("the target page shows neither the new alias nor the undo button")
	}
	mergeB := `action="/admin/organizations/` + itoa(b.ID) + `/merge"`
	if strings.Contains(page.body, mergeB) {
		t.Error("the merged entry is still offered as a duplicate: the duplicate finder's index is stale")
	}
	if res := h.do(request{method: "POST", target: "/admin/merges/1/undo", session: editor}); res.StatusCode != 303 {
		t.Fatalf("undo: %s", res)
	}
	// The duplicate finder sees the undone merge at once (its index is cached).
	if page := h.do(request{target: "/admin/organizations/" + itoa(a.ID), session: editor}); !strings.Contains(page.body, mergeB) {
		t.Error("after the undo, the entry's duplicate is not offered again")
	}
	if res := h.do(request{method: "POST", target: "/admin/merges/1/undo", session: editor}); res.StatusCode != 400 {
		t.Errorf("undo twice: %s", res)
	}
	var actions []string
	events, _ := h.store.AuditEvents(ctx, store.AuditFilter{})
	for _, e := range events {
		actions = append(actions, e.Action)
	}
	if !slices.Equal(actions, []string{"organization.unmerge", "organization.merge"}) {
		t.Errorf("audit = %v", actions)
	}
	if list, total, _ := h.store.Organizations(ctx, store.OrganizationFilter{}); total != 3 || len(list[0].Aliases)+len(list[1].Aliases)+len(list[2].Aliases) != 0 {
		t.Errorf("after undo: %+v", list)
	}
}

func TestOrganizationsAPI(t *testing.T) {
	h := newHarness(t)
	editor, viewer := h.token(account.Editor), h.token(account.Viewer)
	body := `{"name":"Citizens for Global Solutions","countries":["USA"],"website":"globalsolutions.org","type":"network"}`
	post := func(token, body string) response {
		r := request{method: "POST", target: "/api/v1/organizations", bearer: token, noCSRF: true, header: http.Header{"Content-Type": {"application/json"}}}
		return h.doBody(r, body)
	}
	res := post(editor, body)
	var created organization.Organization
	json.Unmarshal([]byte(res.body), &created)
	if res.StatusCode != 201 || created.ID == 0 || created.Type != organization.Network || res.Header.Get("Location") != "/api/v1/organizations/"+itoa(created.ID) {
		t.Fatalf("create: %s %s", res, res.body)
	}
	if res := post(viewer, body); res.StatusCode != 403 {
		t.Errorf("a viewer token creating: %s", res)
	}
	for _, tc := range []struct{ body, want string }{
		{`{"name":`, `the body: unexpected EOF`},
		{`{"name": "x",, }`, `the body is not JSON: invalid character ',' looking for beginning of object key string (at byte 14)`},
		{`{"name": 7}`, `field name: want string (at byte 10)`},
		{`{"name": "x", "colour": "red"}`, `the body: json: unknown field "colour"`},
		{`{"name": "", "countries": ["USA"]}`, `name: required`},
		{`{"name": "x", "countries": ["XYZ"]}`, `countries: "XYZ" is not an ISO 3166 alpha-3 code of a state`},
	} {
		res := post(editor, tc.body)
		var env struct {
			Error struct{ Code, Message string }
		}
		json.Unmarshal([]byte(res.body), &env)
		if res.StatusCode/100 != 4 || env.Error.Message != tc.want {
			t.Errorf("POST %s: %s %+v, want %q", tc.body, res, env.Error, tc.want)
		}
	}
	get := h.do(request{target: "/api/v1/organizations?q=global", bearer: viewer})
	var page struct {
		Organizations []organization.Organization
		Total         int
	}
	json.Unmarshal([]byte(get.body), &page)
	if get.StatusCode != 200 || page.Total != 1 || page.Organizations[0].Name != "Citizens for Global Solutions" {
		t.Errorf("list: %s %s", get, get.body)
	}
	put := h.doBody(request{method: "PUT", target: "/api/v1/organizations/" + itoa(created.ID), bearer: editor, noCSRF: true},
		`{"name":"Citizens for Global Solutions","acronym":"CGS","countries":["USA"],"type":"network"}`)
	if put.StatusCode != 200 || !strings.Contains(put.body, `"acronym": "CGS"`) {
		t.Errorf("update: %s %s", put, put.body)
	}
	events, _ := h.store.AuditEvents(ctx, store.AuditFilter{})
	if len(events) != 2 || events[0].Action != "organization.update" || !strings.HasPrefix(events[0].Actor, "token:") || events[1].Action != "organization.create" {
		t.Errorf("audit = %+v", events)
	}
	if res := h.do(request{method: "DELETE", target: "/api/v1/organizations/1", bearer: editor}); res.StatusCode != 405 || res.Header.Get("Allow") != "GET, PUT" {
		t.Errorf("DELETE: %s Allow=%q", res, res.Header.Get("Allow"))
	}
}
