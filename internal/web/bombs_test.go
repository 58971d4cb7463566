package web_test

import (
	"fmt"
	"html"
	"net/url"
	"runtime"
	"strings"
	"testing"

	"github.com/r2p-coalition/r2p/internal/account"
	"github.com/r2p-coalition/r2p/internal/format/document/documenttest"
)

// TestUploadedBombsAreRefused sends ZIP bombs (a DOCX and an XLSX of a few
// hundred KiB that unzip to 60 MiB) to the organization import and the
// statements import, and a billion laughs to the codebook form: each is a
// 422 whose page says why, nothing is stored, and the server allocated a
// few MiB where the bombs would take a GiB or more.
func TestUploadedBombsAreRefused(t *testing.T) {
	h := newHarness(t)
	h.debate()
	editor := h.session(account.Editor)
	h.do(request{target: "/admin/codebook", session: editor}) // stores the default codebook
	docx, xlsx := documenttest.Bombs(t)
	var laughs strings.Builder
	laughs.WriteString("l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n")
	for i := 1; i < 9; i++ {
		fmt.Fprintf(&laughs, "l%d: &l%d [%s]\n", i, i, strings.TrimSuffix(strings.Repeat(fmt.Sprintf("*l%d, ", i-1), 10), ", "))
	}
	for _, c := range []struct {
		name string
		send func() response
		says string
	}{
		{"organizations from a DOCX", func() response {
			return h.postMultipart(editor, "/admin/organizations/import", nil, upload{"file", "bomb.docx", docx})
		}, "The list could not be read: bomb.docx: too large once read: word/document.xml uncompresses to"},
		{"organizations from an XLSX", func() response {
			return h.postMultipart(editor, "/admin/organizations/import", nil, upload{"file", "bomb.xlsx", xlsx})
		}, "The list could not be read: bomb.xlsx: too large once read: xl/worksheets/sheet1.xml uncompresses to"},
		{"statements from a DOCX", func() response {
			return h.postMultipart(editor, "/admin/events/1/import", url.Values{"language": {"en"}, "format": {"docx"}},
				upload{"file", "bomb.docx", docx})
		}, "this is a ZIP bomb, not an Office document"},
		{"a codebook", func() response {
			return h.do(request{method: "POST", target: "/admin/codebook", session: editor,
				form: url.Values{"source": {laughs.String() + "version: \"1\"\n"}}})
		}, "YAML anchor &amp;l0: a codebook takes no anchors or aliases; write the value out"},
	} {
		statements := h.statementCount()
		orgs, _ := h.store.CountOrganizations(ctx)
		audit, _ := h.store.CountAudit(ctx)
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		res := c.send()
		runtime.ReadMemStats(&after)
		if res.StatusCode != 422 || !strings.Contains(res.body, c.says) {
			t.Errorf("%s: %s, want 422 saying %q:\n%.2000s", c.name, res, html.UnescapeString(c.says), res.body)
		}
		if spent := (after.TotalAlloc - before.TotalAlloc) >> 20; spent > 16 {
			t.Errorf("%s: %d MiB allocated", c.name, spent)
		}
		s := h.statementCount()
		o, _ := h.store.CountOrganizations(ctx)
		a, _ := h.store.CountAudit(ctx)
		if s != statements || o != orgs || a != audit {
			t.Errorf("%s stored something: %d statements, %d organizations, %d audit events, were %d, %d, %d",
				c.name, s, o, a, statements, orgs, audit)
		}
	}
}

// statementCount is how many statements event 1 has.
func (h *harness) statementCount() int {
	h.t.Helper()
	report, err := h.store.EventReport(ctx, h.srv.States(), 1)
	if err != nil {
		h.t.Fatal(err)
	}
	return len(report.Statements)
}
