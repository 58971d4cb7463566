package codebook

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/golden.json from the coder's output")

// goldenStatement is a statement's coding as testdata/golden.json holds
// it, with the evidence text, for a person to review.
type goldenStatement struct {
	File       string      `json:"file"`
	Stance     string      `json:"stance"`
	StanceRule string      `json:"stance_rule"`
	Codes      []goldenHit `json:"codes"`
}

type goldenHit struct {
	Code     string `json:"code"`
	Evidence string `json:"evidence"`
	Start    int    `json:"start"`
	End      int    `json:"end"`
	Rule     string `json:"rule"`
}

// TestGolden codes the statements in testdata/statements with the default
// codebook and compares with testdata/golden.json (go test -update
// rewrites it; review the diff by eye).
func TestGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/statements/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no statements: %v", err)
	}
	var got []goldenStatement
	for _, f := range files {
		text, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		r := Code(Default(), text)
		g := goldenStatement{File: filepath.Base(f), Stance: r.Stance, StanceRule: r.StanceRule, Codes: []goldenHit{}}
		for _, h := range r.Codes {
			g.Codes = append(g.Codes, goldenHit{h.Code, string(text[h.Start:h.End]), h.Start, h.End, h.Rule})
		}
		got = append(got, g)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(got); err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile("testdata/golden.json", buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile("testdata/golden.json")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), want) {
		t.Errorf("the coding differs from testdata/golden.json; run go test -update and review the diff:\n%s", buf.Bytes())
	}
}
