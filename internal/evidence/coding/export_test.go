package coding_test

import (
	"strings"
	"testing"
	"time"

	"github.com/r2p-coalition/r2p/internal/evidence/coding"
	"github.com/r2p-coalition/r2p/internal/evidence/coding/codebook"
	"github.com/r2p-coalition/r2p/internal/evidence/statement"
)

// exportCodebook has two categories and three codes, one with an id that
// is not a variable name.
const exportCodebook = `version: "1"
title: Test
categories:
  - id: pillars
    label: Pillars
    codes:
      - id: pillar1
        label: Pillar one
        description: The State's own responsibility.
        include:
          en: ["protect its population"]
      - id: pillar2
        label: Pillar two
        description: International assistance.
        include:
          en: ["assist States"]
  - id: asks
    label: Asks
    codes:
      - id: reaffirms_2005_paragraphs_138_and_139
        label: Reaffirms 2005
        description: Reaffirms paragraphs 138 and 139.
        include:
          en: ["reaffirm paragraphs 138"]
stances:
  - id: mention
    label: Mention
stance_rules:
  - stance: mention
`

func TestExports(t *testing.T) {
	cb, err := codebook.Load("test.yaml", []byte(exportCodebook))
	if err != nil {
		t.Fatal(err)
	}
	text := "Each State must protect its population. We reaffirm paragraphs 138 and 139."
	coded := coding.Unit{
		Statement: statement.Statement{ID: 7, EventID: 2, Speaker: "GHA", Kind: statement.State, Year: 2009, Date: "2009-07-23", Language: "en", Text: text},
		Auto: coding.Auto{StatementID: 7, Stamp: "1@abc", Stance: "mention", Codes: []coding.Code{
			{Category: "pillars", Code: "pillar1", Start: 16, End: 38, Rule: "pillar1.include.en[0]"},
			{Category: "asks", Code: "reaffirms_2005_paragraphs_138_and_139", Start: 43, End: 66, Rule: "reaffirms_2005_paragraphs_138_and_139.include.en[0]"},
		}},
		// A person rejected the reaffirmation and added pillar two.
		Decisions: []coding.Decision{
			{ID: 1, StatementID: 7, Coder: "user:3", Code: "reaffirms_2005_paragraphs_138_and_139", Verdict: coding.Reject, DecidedAt: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)},
			{ID: 2, StatementID: 7, Coder: "user:3", Code: "pillar2", Verdict: coding.Add, DecidedAt: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)},
		},
	}
	uncoded := coding.Unit{Statement: statement.Statement{ID: 8, EventID: 2, Speaker: "EUU", Kind: statement.Organization, OnBehalfOf: "European Union", Year: 2009, Text: "Text."}}

	got := render(coding.Long([]coding.Unit{coded, uncoded}, cb))
	want := `statement_id|event_id|speaker|speaker_kind|on_behalf_of|year|date|language|category|code|value|evidence|evidence_start|evidence_end|coder|codebook
7|2|GHA|state||2009|2009-07-23|en|pillars|pillar1|1|protect its population|16|38|auto|1@abc
7|2|GHA|state||2009|2009-07-23|en|pillars|pillar2|1||||user:3|1@abc
7|2|GHA|state||2009|2009-07-23|en|asks|reaffirms_2005_paragraphs_138_and_139|0||||user:3|1@abc
8|2|EUU|organization|European Union|2009|||pillars|pillar1||||||
8|2|EUU|organization|European Union|2009|||pillars|pillar2||||||
8|2|EUU|organization|European Union|2009|||asks|reaffirms_2005_paragraphs_138_and_139||||||`
	if got != want {
		t.Errorf("long:\n%s\nwant:\n%s", got, want)
	}

	got = render(coding.Wide([]coding.Unit{coded, uncoded}, cb))
	want = `statement_id|event_id|speaker|speaker_kind|on_behalf_of|year|date|language|stance|codebook|pillar1|pillar2|reaffirms_2005_paragraphs_138_an
7|2|GHA|state||2009|2009-07-23|en|mention|1@abc|1|1|0
8|2|EUU|organization|European Union|2009|||||||`
	if got != want {
		t.Errorf("wide:\n%s\nwant:\n%s", got, want)
	}

	got = render(coding.CodebookTable(cb))
	if !strings.HasPrefix(got, "variable|code|category|label|description|codebook\npillar1|pillar1|pillars|Pillar one|The State's own responsibility.|1@") ||
		!strings.Contains(got, "\nreaffirms_2005_paragraphs_138_an|reaffirms_2005_paragraphs_138_and_139|asks|Reaffirms 2005|") {
		t.Errorf("codebook sheet:\n%s", got)
	}
}

func TestVariableName(t *testing.T) {
	const long = "reaffirms_2005_paragraphs_138_and_139"
	for in, want := range map[string]string{
		"pillar1":               "pillar1",
		"welcomes_report":       "welcomes_report",
		"2005_reaffirmed":       "c_2005_reaffirmed",
		long:                    long[:32],
		"Veto.Restraint":        "veto_restraint",
		"sécurité":              "s_curit_",
		strings.Repeat("a", 40): strings.Repeat("a", 32),
	} {
		if got := coding.VariableName(in); got != want {
			t.Errorf("VariableName(%q) = %q, want %q", in, got, want)
		}
	}
}

func render(table [][]string) string {
	lines := make([]string, len(table))
	for i, row := range table {
		lines[i] = strings.Join(row, "|")
	}
	return strings.Join(lines, "\n")
}
