package cli_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// codedFile is a line of 'r2p code --json', with exactly the keys the
// issue names.
type codedFile struct {
	File   string `json:"file"`
	Stance string `json:"stance"`
	Codes  []struct {
		Category string `json:"category"`
		Code     string `json:"code"`
		Start    int    `json:"start"`
		End      int    `json:"end"`
		Rule     string `json:"rule"`
	} `json:"codes"`
}

func TestCodeJSON(t *testing.T) {
	concerns := "../evidence/coding/codebook/testdata/statements/02_concerns.txt"
	environment := "../evidence/coding/codebook/testdata/statements/06_environment.txt"
	code, out, errOut := r2p(t, nil, "code", "--json", concerns, environment)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != 2 {
		t.Fatalf("want one line per file:\n%s", out)
	}
	for _, line := range lines {
		var raw map[string]any
		if err := json.Unmarshal([]byte(line), &raw); err != nil || len(raw) != 3 {
			t.Fatalf("want an object with the keys file, stance, codes: %s (%v)", line, err)
		}
		for _, c := range raw["codes"].([]any) {
			if len(c.(map[string]any)) != 5 {
				t.Fatalf("want codes with the keys category, code, start, end, rule: %v", c)
			}
		}
	}
	var first, second codedFile
	if err := json.Unmarshal([]byte(lines[0]), &first); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(lines[1]), &second); err != nil {
		t.Fatal(err)
	}
	if first.File != concerns || first.Stance != "supports_with_concerns" || len(first.Codes) != 11 {
		t.Errorf("first file: %+v", first)
	}
	text, err := os.ReadFile(concerns)
	if err != nil {
		t.Fatal(err)
	}
	c := first.Codes[0]
	if c.Category != "stance" || c.Code != "supports_norm" || string(text[c.Start:c.End]) != "supports the responsibility to protect" || c.Rule != "supports_norm.include.en[0]" {
		t.Errorf("first code: %+v", c)
	}
	if second.File != environment || second.Stance != "none" || second.Codes == nil || len(second.Codes) != 0 {
		t.Errorf("the environment statement: %+v; want stance none and no codes", second)
	}
}

func TestCodeSummary(t *testing.T) {
	file := filepath.Join(t.TempDir(), "s.txt")
	if err := os.WriteFile(file, []byte("Mr. President, we cannot support R2P.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := r2p(t, nil, "code", file)
	want := file + `: stance opposed (stance_rules[1]), 2 codes
  25-36  stance/rejects_norm  "support R2P"  supports_norm.include.en[0]/negated
  33-36  norm/mentions_r2p    "R2P"          mentions_r2p.include.en[1]
`
	if code != 0 || out != want || errOut != "" {
		t.Errorf("exit %d, stdout\n%s\nwant\n%s\nstderr %s", code, out, want, errOut)
	}
}

func TestCodeErrors(t *testing.T) {
	code, _, errOut := r2p(t, nil, "code", "--json")
	if code != 2 || !strings.HasPrefix(errOut, "r2p code: give at least one FILE to code\n") {
		t.Errorf("no files: exit %d, %q", code, errOut)
	}
	missing := filepath.Join(t.TempDir(), "missing.txt")
	code, out, errOut := r2p(t, nil, "code", "--json", missing, "../evidence/coding/codebook/testdata/statements/10_passing.txt")
	if code != 1 || errOut != "r2p code: open "+missing+": no such file or directory\n" || !strings.Contains(out, `"stance":"mention"`) {
		t.Errorf("a missing file: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	code, _, errOut = r2p(t, nil, "code", "--help")
	if code != 0 || !strings.HasPrefix(errOut, "Usage: r2p code [flags] (FILE... | --event ID | --all)") || !strings.Contains(errOut, "-json") {
		t.Errorf("--help: exit %d, %q", code, errOut)
	}
}
