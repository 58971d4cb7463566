package orglist

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden.json from the parser: review the diff before committing")

// readFixture reads a testdata list. Its first lines may be comments
// ("# source: URL"); they are blanked, so that line numbers stay those of
// the file.
func readFixture(t testing.TB, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(b), "\n")
	for i, l := range lines {
		if !strings.HasPrefix(l, "#") {
			break
		}
		lines[i] = ""
	}
	return strings.Join(lines, "\n")
}

// encodeGolden writes rows as a JSON array, one row a line.
func encodeGolden(rows []Row) []byte {
	var b bytes.Buffer
	b.WriteString("[\n")
	for i, r := range rows {
		var line bytes.Buffer
		enc := json.NewEncoder(&line)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(r); err != nil {
			panic(err)
		}
		b.Write(bytes.TrimSpace(line.Bytes()))
		if i < len(rows)-1 {
			b.WriteString(",")
		}
		b.WriteString("\n")
	}
	b.WriteString("]\n")
	return b.Bytes()
}

// TestGolden parses every list in testdata and compares the rows with the
// reviewed ones in its .golden.json.
func TestGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/*.txt")
	if err != nil || len(files) < 5 {
		t.Fatalf("want the seed and at least four more lists in testdata, have %v (%v)", files, err)
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			rows, err := Parse(readFixture(t, file))
			if err != nil {
				t.Fatal(err)
			}
			golden := strings.TrimSuffix(file, ".txt") + ".golden.json"
			got := encodeGolden(rows)
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			compareRows(t, got, want)
		})
	}
}

// compareRows reports the rows that differ, by their JSON.
func compareRows(t *testing.T, got, want []byte) {
	t.Helper()
	var g, w []map[string]any
	if err := json.Unmarshal(got, &g); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(want, &w); err != nil {
		t.Fatalf("golden file: %v", err)
	}
	for i := 0; i < max(len(g), len(w)); i++ {
		switch {
		case i >= len(g):
			t.Errorf("missing row %s", show(w[i]))
		case i >= len(w):
			t.Errorf("extra row %s", show(g[i]))
		case !reflect.DeepEqual(g[i], w[i]):
			t.Errorf("row %d:\n got %s\nwant %s", i+1, show(g[i]), show(w[i]))
		}
	}
}

func show(m map[string]any) string {
	b, _ := json.Marshal(m)
	return string(b)
}
