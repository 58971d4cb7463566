package publish_test

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/r2p-coalition/r2p/internal/letters/orglist"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

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

// golden compares got with testdata/name, or rewrites the file with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if string(got) != string(want) {
		t.Errorf("output differs from %s (go test -update rewrites it after review):\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}
