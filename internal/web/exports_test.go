package web_test

import (
	"encoding/csv"
	"strings"
	"testing"

	"github.com/r2p-coalition/r2p/internal/account"
	"github.com/r2p-coalition/r2p/internal/letters/publish/publishtest"
)

func TestExportTheRegistry(t *testing.T) {
	h := newHarness(t)
	h.organization("Réseau des femmes", "MLI")
	h.organization("Act for Peace", "AUS")
	viewer := h.session(account.Viewer)

	txt := h.do(request{target: "/admin/export/organizations/txt", session: viewer})
	if txt.StatusCode != 200 || txt.body != "Act for Peace (Australia)\nRéseau des femmes (Mali)\n" || txt.Header.Get("Content-Disposition") != `attachment; filename="organizations.txt"` {
		t.Errorf("txt: %s %q %v", txt, txt.body, txt.Header)
	}
	c := h.do(request{target: "/admin/export/organizations/csv", session: viewer})
	records, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(c.body, "\ufeff"))).ReadAll()
	if err != nil || len(records) != 3 || records[1][0] != "Act for Peace" || records[2][5] != "Réseau des femmes (Mali)" || !strings.HasPrefix(c.body, "\ufeff") {
		t.Errorf("csv: %v %q", err, records)
	}
	pdf := h.do(request{target: "/admin/export/organizations/pdf", session: viewer})
	if pdf.StatusCode != 200 || pdf.Header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(pdf.body, "%PDF-") {
		t.Errorf("pdf: %s %v", pdf, pdf.Header)
	}
	h.organization("جمعية حقوق الإنسان", "EGY")
	h.organization("中国国际民间组织合作促进会", "CHN")
	res := h.do(request{target: "/admin/export/organizations/pdf", session: viewer})
	if res.StatusCode != 200 {
		t.Fatalf("Arabic and Chinese PDF: %s\n%s", res, res.body)
	}
	// pdftotext may move the brackets beside Arabic text when it puts the
	// line back in logical order: the Arabic name is looked for alone.
	text := publishtest.Words(publishtest.Logical(publishtest.PDFText(t, []byte(res.body))))
	for _, want := range []string{"جمعية حقوق الإنسان", "Egypt", "中国国际民间组织合作促进会 (China)"} {
		if !strings.Contains(text, publishtest.Words(want)) {
			t.Errorf("the registry's PDF lacks %q:\n%s", want, text)
		}
	}
	if res := h.do(request{target: "/admin/export/organizations/doc", session: viewer}); res.StatusCode != 404 {
		t.Errorf("unknown format: %s", res)
	}
}
