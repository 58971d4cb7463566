package publish_test

import (
	"encoding/json"
	"os"
	"testing"

	"github.com/r2p-coalition/r2p/internal/letters/orglist"
)

// seedEntries are the 42 signatories of the seed letter
// (testdata/seed_letter.txt), entered by hand in testdata/seed.json with
// their countries and labels as the letter writes them.
func seedEntries(t testing.TB) []orglist.Entry {
	t.Helper()
	data, err := os.ReadFile("testdata/seed.json")
	if err != nil {
		t.Fatal(err)
	}
	var entries []orglist.Entry
	if err := json.Unmarshal(data, &entries); err != nil {
		t.Fatalf("testdata/seed.json: %v", err)
	}
	if len(entries) != 42 {
		t.Fatalf("testdata/seed.json has %d entries, want the letter's 42", len(entries))
	}
	return entries
}

// memorial is a Cyrillic entry whose country has no label, so that Line
// looks up its UN short name.
var memorial = orglist.Entry{Name: "Мемориал", Acronym: "MEMO", Countries: []string{"RUS"}}
