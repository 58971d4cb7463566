package statementfile_test

import (
	"slices"
	"testing"

	"github.com/r2p-coalition/r2p/internal/evidence/statementfile"
)

func TestFormatOf(t *testing.T) {
	for _, c := range []struct {
		name, data string
		want       statementfile.Format
	}{
		{"a.pdf", "%PDF-1.4", statementfile.PDF},
		{"a.bin", "PK\x03\x04", statementfile.DOCX},
		{"a.txt", "\xef\xbb\xbf<!DOCTYPE html><html>", statementfile.HTML},
		{"a.htm", "x", statementfile.HTML},
		{"a.CSV", "a,b", statementfile.CSV},
		{"a.jsonl", "{}", statementfile.JSONL},
		{"a.txt", "Mr. President", statementfile.Text},
	} {
		if got := statementfile.FormatOf(c.name, []byte(c.data)); got != c.want {
			t.Errorf("FormatOf(%q) = %s, want %s", c.name, got, c.want)
		}
	}
}

func TestReadBatchFileErrors(t *testing.T) {
	for _, c := range []struct{ data, want string }{
		{"", "the file is empty"},
		{"speaker,colour\nFRA,red\n", `line 1: unknown column "colour"; the columns are event, speaker, speaker_kind, speaker_name, speaker_title, on_behalf_of, language, date, order, procedural, source, page, text`},
		{"speaker,language\nFRA,fr\n", "line 1: no text column"},
	} {
		if _, _, err := statementfile.ReadBatch(statementfile.CSV, []byte(c.data)); err == nil || err.Error() != c.want {
			t.Errorf("%q: %v, want %s", c.data, err, c.want)
		}
	}
	rows, bad, err := statementfile.ReadBatch(statementfile.CSV, []byte("\xef\xbb\xbfspeaker,procedural,event,text\nFRA,maybe,,x\nFRA,yes,7,\"a \"\"quote\"\"\"\nFRA,no,x,y\n"))
	if err != nil || len(rows) != 1 || rows[0].Line != 3 || !rows[0].Statement.Procedural || rows[0].Event != 7 || rows[0].Statement.Text != `a "quote"` {
		t.Fatalf("rows %+v, %v", rows, err)
	}
	want := []statementfile.RowError{{Line: 2, Field: "procedural", Problem: `"maybe": want true or false`}, {Line: 4, Field: "event", Problem: `"x" is not an event id`}}
	if !slices.Equal(bad, want) {
		t.Errorf("bad %+v, want %+v", bad, want)
	}
}

func FuzzReadBatch(f *testing.F) {
	f.Add("speaker,text\nFRA,\"a\nb\"\n", true)
	f.Add(`{"speaker":"FRA","order":3,"text":"x"}`+"\n", false)
	f.Fuzz(func(t *testing.T, data string, csv bool) {
		format := statementfile.JSONL
		if csv {
			format = statementfile.CSV
		}
		rows, bad, err := statementfile.ReadBatch(format, []byte(data))
		if err != nil {
			return
		}
		for _, r := range rows {
			if r.Line < 1 || r.Statement.Order < 0 || r.Statement.SourcePage < 0 {
				t.Errorf("row %+v", r)
			}
		}
		for _, b := range bad {
			if b.Line < 1 || b.Field == "" {
				t.Errorf("bad row %+v", b)
			}
		}
	})
}
