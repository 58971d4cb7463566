package web_test

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"net/url"
	"strings"
	"testing"

	"github.com/r2p-coalition/r2p/internal/account"
	"github.com/r2p-coalition/r2p/internal/letters/mailmerge"
	"github.com/r2p-coalition/r2p/internal/letters/mission"
	"github.com/r2p-coalition/r2p/internal/letters/publish/publishtest"
	"github.com/r2p-coalition/r2p/internal/states"
	"github.com/r2p-coalition/r2p/internal/store"
	"github.com/r2p-coalition/r2p/internal/web"
)

// One Arabic or Chinese signer no longer blocks the list's PDF for
// everyone (issue 13), and a name in a script no font has is drawn with a
// placeholder and named to staff: on the campaign's page, on the delivery
// page, in the audit record of the delivery and in the log.
func TestNamesInEveryScriptReachThePDF(t *testing.T) {
	var log bytes.Buffer
	h := newHarness(t, func(o *web.Options) { o.Logger = slog.New(slog.NewTextHandler(&log, nil)) })
	h.demo()
	editor := h.session(account.Editor)
	for i, name := range []string{"منظمة Org", "中国国际民间组织合作促进会", "Tibetan Network བོད་"} {
		signAndConfirm(t, h, name, itoa(int64(i))+"@example.org")
		res := h.do(request{method: "POST", target: "/admin/signatures/" + itoa(int64(43+i)) + "/approve", session: editor,
			form: url.Values{"organization": {"new"}}})
		if res.StatusCode != 303 {
			t.Fatalf("approve %s: %s", name, res)
		}
	}

	res := h.do(request{target: "/c/ga-2009/signatories.pdf"})
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "application/pdf" {
		t.Fatalf("signatories.pdf: %s\n%s", res, res.body)
	}
	text := publishtest.Words(publishtest.Logical(publishtest.PDFText(t, []byte(res.body))))
	for _, want := range []string{"منظمة", "Org (Ghana and Nigeria)", "中国国际民间组织合作促进会 (Ghana and Nigeria)",
		"Tibetan Network \uFFFD (Ghana and Nigeria)"} {
		if !strings.Contains(text, publishtest.Words(want)) {
			t.Errorf("signatories.pdf lacks %q:\n%s", want, text)
		}
	}
	const tibetan = "Tibetan Network བོད་ (Ghana and Nigeria)"
	if !strings.Contains(log.String(), `level=WARN msg="a PDF shows these texts with placeholders: none of its fonts has some of their characters" pdf="the signatories of ga-2009" texts="[`+tibetan+`]"`) {
		t.Errorf("the log does not name the name the PDF cannot draw:\n%s", log.String())
	}

	warning := `<div class="notice" role="status" id="undrawn">
  <p>The PDF shows 1 names with a placeholder (�) for characters that none of its fonts has; the web page and the other downloads show them in full:</p>
  <ul><li>` + tibetan + `</li></ul>
</div>`
	if page := h.do(request{target: "/admin/campaigns/1", session: editor}); !strings.Contains(page.body, warning) {
		t.Errorf("the campaign's page does not warn of the name:\n%s", page.body)
	}

	// The letters to the missions are queued, and the delivery page and its
	// audit record name the name too.
	parsed, err := mission.ReadCSV(strings.NewReader(missionsCSVHeader+
		"EGY,New York,mission@egy.example.org,,,,,ar\nCHN,New York,mission@chn.example.org,,,,,zh\n"), states.Default())
	if err != nil || len(parsed.Bad) > 0 {
		t.Fatalf("the test's missions: %v, %+v", err, parsed.Bad)
	}
	if err := h.store.Transact(ctx, func(tx *store.Tx) error {
		if _, err := tx.ImportMissions(ctx, "cli", "missions.csv", []mission.Mission{parsed.Rows[0].Mission, parsed.Rows[1].Mission}); err != nil {
			return err
		}
		return tx.SaveCoalition(ctx, "cli", mailmerge.Coalition{Name: "Fictive Coalition for R2P"})
	}); err != nil {
		t.Fatal(err)
	}
	form := url.Values{"recipients": {"states:CHN,EGY"}, "station": {"New York"}}
	confirm := h.do(request{method: "POST", target: "/admin/campaigns/1/delivery/queue", session: editor, form: form})
	if confirm.StatusCode != 200 || !strings.Contains(confirm.body, warning) {
		t.Errorf("the delivery's confirmation (%s) does not warn of the name:\n%s", confirm, confirm.body)
	}
	form.Set("confirm", "yes")
	if res := h.do(request{method: "POST", target: "/admin/campaigns/1/delivery/queue", session: editor, form: form}); res.StatusCode != 303 {
		t.Fatalf("queue: %s\n%s", res, res.body)
	}
	events, _ := h.store.AuditEvents(ctx, store.AuditFilter{Action: "delivery.create"})
	var after struct{ Undrawn []string }
	if len(events) != 1 || json.Unmarshal(events[0].After, &after) != nil || len(after.Undrawn) != 1 || after.Undrawn[0] != tibetan {
		t.Errorf("the delivery's audit record does not name the name: %+v", events)
	}
	sent, err := h.store.DeliveryRecipients(ctx, 1)
	if err != nil || len(sent) != 2 || sent[0].State != "CHN" || sent[1].State != "EGY" {
		t.Errorf("the letters queued to the missions: %+v, %v; want China's and Egypt's", sent, err)
	}
}
