package web_test

import (
	"encoding/json"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/r2p-coalition/r2p/internal/account"
)

// badQueries are searches that cannot be run, each with what the answer
// says (in English) about it.
var badQueries = []struct{ q, says string }{
	{`"`, "has no word to search for"},
	{`""`, "has no word to search for"},
	{`"" OR ""`, "has no word to search for"},
	{`(`, "has no word to search for"},
	{`)`, "has no word to search for"},
	{`((((`, "has no word to search for"},
	{`OR`, "has no word to search for"},
	{`OR OR OR`, "has no word to search for"},
	{`-`, "has no word to search for"},
	{`- -`, "has no word to search for"},
	{`*`, "has no word to search for"},
	{`^ : {} `, "has no word to search for"},
	{"\x00\x01", "Field “q”: it holds the control character U+0000, which no field may hold."},
	{`-genocide`, "a search needs a word that is not excluded with -"},
	{`-"war crimes" -genocide`, "a search needs a word that is not excluded with -"},
	{`genocide OR -warning`, "a search needs a word that is not excluded with -"},
	{strings.Repeat("genocide ", 56), "Field “q”: at most 500 characters."},
	{strings.Repeat("a OR ", 3000) + "a", "Field “q”: at most 500 characters."},
	{strings.Repeat("(", 2000), "Field “q”: at most 500 characters."},
	{strings.Repeat("é", 501), "Field “q”: at most 500 characters."},
}

// TestSearchSyntaxErrorsAre400 sends every bad query to the search page
// and to the API: each is a 400 that says what is wrong, in the page's
// language on the page, never a 500 and never a page of results.
func TestSearchSyntaxErrorsAre400(t *testing.T) {
	h := newHarness(t)
	h.debate()
	viewer, token := h.session(account.Viewer), h.token(account.Viewer)
	for _, c := range badQueries {
		target := "search?q=" + url.QueryEscape(c.q)
		page := h.do(request{target: "/admin/" + target, session: viewer})
		if page.StatusCode != http.StatusBadRequest || !strings.Contains(page.body, `<p class="notice error" role="alert">`) ||
			!strings.Contains(html.UnescapeString(page.body), c.says) ||
			!strings.Contains(page.body, `name="q"`) || strings.Contains(page.body, "statements match") {
			t.Errorf("page %.40q: %s, want 400 saying %q", c.q, page, c.says)
		}
		res := h.do(request{target: "/api/v1/" + target, bearer: token})
		var e struct {
			Error struct{ Code, Message string }
		}
		if err := json.Unmarshal([]byte(res.body), &e); err != nil || res.StatusCode != http.StatusBadRequest ||
			e.Error.Code != "invalid_parameter" || !strings.Contains(e.Error.Message, c.says) {
			t.Errorf("API %.40q: %s %.300s, want 400 saying %q", c.q, res, res.body, c.says)
		}
	}
	// Unbalanced quotes and brackets around a word, and what FTS5 would
	// read as its own operators, are searched as words.
	for _, q := range []string{`"genocide`, `genocide"`, `(genocide`, `genocide)`, `genocide OR`, `OR genocide`,
		`genocide AND NEAR(`, `genocide*`, `^genocide`, `text:genocide`, strings.Repeat("genocide ", 55)} {
		res := h.do(request{target: "/api/v1/search?q=" + url.QueryEscape(q), bearer: token})
		if res.StatusCode != 200 {
			t.Errorf("API %.40q: %s %.300s, want 200", q, res, res.body)
		}
		if page := h.do(request{target: "/admin/search?q=" + url.QueryEscape(q), session: viewer}); page.StatusCode != 200 {
			t.Errorf("page %.40q: %s, want 200", q, page)
		}
	}
	// The page says it in the reader's language.
	for lang, says := range map[string]string{"fr": "ne contient aucun mot à rechercher", "es": "no contiene ninguna palabra que buscar"} {
		page := h.do(request{target: "/admin/search?q=OR", session: viewer, header: http.Header{"Cookie": {"r2p_lang=" + lang}}})
		if page.StatusCode != 400 || !strings.Contains(page.body, says) {
			t.Errorf("page in %s: %s, want 400 saying %q", lang, page, says)
		}
	}
}
