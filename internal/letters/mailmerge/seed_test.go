package mailmerge_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/r2p-coalition/r2p/internal/format/pdftext"
	"github.com/r2p-coalition/r2p/internal/letters/campaign"
	"github.com/r2p-coalition/r2p/internal/letters/mailmerge"
	"github.com/r2p-coalition/r2p/internal/letters/orglist"
	"github.com/r2p-coalition/r2p/internal/letters/publish/publishtest"
)

// seedTitle and seedAsks are the seed campaign's, as internal/demo loads
// them (demo itself needs a store, which these tests do without).
const seedTitle = "Civil Society Organizations Send Open Letter to Governments in Advance of the General Assembly Debate on the Responsibility to Protect"

var seedAsks = []campaign.Ask{
	{Label: "Reaffirm support for the Responsibility to Protect", Description: "Use the debate to reaffirm your government's support for the norm endorsed at the 2005 World Summit."},
	{Label: "Welcome the Secretary-General's report A/63/677", Description: "\"Implementing the Responsibility to Protect\" and its three-pillar approach."},
	{Label: "Speak in support at the General Assembly debate", Description: "Take the floor at the plenary debate of 23 July 2009."},
}

// seedInput is the seed campaign ga-2009 with the 42 signatories that the
// list parser reads from testdata/seed_letter.txt (a copy of
// internal/demo/seed_letter.txt), dated as the letter is.
func seedInput(t testing.TB) mailmerge.Input {
	t.Helper()
	raw, err := os.ReadFile("testdata/seed_letter.txt")
	if err != nil {
		t.Fatal(err)
	}
	seed := string(raw)
	rows, err := orglist.Parse(seed)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 42 {
		t.Fatalf("the seed letter has %d signatories, want 42", len(rows))
	}
	entries := make([]orglist.Entry, len(rows))
	for i, r := range rows {
		entries[i] = r.Entry
	}
	text := campaign.Text{Lang: "en", Title: seedTitle, Body: seedBody(t, seed), Asks: seedAsks}
	return mailmerge.Input{
		Campaign:    campaign.Campaign{ID: 1, Slug: "ga-2009", Status: campaign.Closed},
		Version:     campaign.Version{ID: 1, CampaignID: 1, Number: 1, Texts: []campaign.Text{text}},
		Signatories: entries,
		Coalition:   mailmerge.Coalition{Name: "International Coalition for the Responsibility to Protect", Place: "New York"},
		Date:        time.Date(2009, time.July, 20, 12, 0, 0, 0, time.UTC),
	}
}

// seedBody is the letter from its first paragraph to "Sincerely,", as
// Markdown paragraphs, as internal/demo stores it.
func seedBody(t testing.TB, seed string) string {
	start := strings.Index(seed, "As civil society organizations")
	end := strings.Index(seed, "Sincerely,")
	if start < 0 || end < start {
		t.Fatal("the seed letter has no body")
	}
	var paras []string
	for _, p := range strings.Split(seed[start:end+len("Sincerely,")], "\n") {
		if p = strings.TrimSpace(p); p != "" {
			paras = append(paras, p)
		}
	}
	return strings.Join(paras, "\n\n")
}

// ghana is a mission with every detail given; the head is fictitious.
var ghana = mailmerge.Recipient{
	State: "GHA", Station: "New York", HeadName: "H.E. Ms. Ana Example", HeadTitle: "Permanent Representative",
	PostalAddress: "19 East 47th Street\nNew York, NY 10017", Language: "en",
}

// pdfText is the text of a PDF, its pages joined, every run of white space
// one space. Without pdftotext the test fails in CI and is skipped
// elsewhere.
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	pages, err := pdftext.Extract(context.Background(), bytes.NewReader(pdf))
	if errors.Is(err, pdftext.ErrNoPdftotext) {
		if os.Getenv("CI") == "true" {
			t.Fatal("pdftotext is not installed (apt-get install poppler-utils; scripts/test.sh does it)")
		}
		t.Skip("SKIPPED: the PDF's text is not checked because pdftotext is not installed (apt-get install poppler-utils)")
	}
	if err != nil {
		t.Fatal(err)
	}
	return words(strings.Join(pages, "\n"))
}

func words(s string) string { return publishtest.Words(s) }

// inOrder checks that each of wants appears in text, each after the last.
func inOrder(t *testing.T, text string, wants ...string) {
	t.Helper()
	rest := text
	for _, want := range wants {
		i := strings.Index(rest, words(want))
		if i < 0 {
			t.Errorf("the PDF lacks %q after what came before; the text:\n%s", want, text)
			return
		}
		rest = rest[i+len(words(want)):]
	}
}
