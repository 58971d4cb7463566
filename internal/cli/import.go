package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/r2p-coalition/r2p/internal/config"
	"github.com/r2p-coalition/r2p/internal/evidence/statementfile"
	"github.com/r2p-coalition/r2p/internal/evidence/verbatim"
	"github.com/r2p-coalition/r2p/internal/format/document"
	"github.com/r2p-coalition/r2p/internal/format/pdftext"
)

func importCommand() command {
	return command{
		name:    "import",
		args:    "verbatim|text|html|docx|pdf|csv|jsonl|ungdc [flags] FILE...",
		summary: "import what governments said: verbatim records, statements, the General Debate Corpus",
		detail: `
'r2p import verbatim [--json] [--event ID] FILE|-' splits a UN verbatim
record (such as A/64/PV.121 or S/PV.3756) into speaker turns. Without
--event it prints one row for each: its order, the speaker, the affiliation
as written, the state it resolves to (ISO 3166 alpha-3; EUU for the
European Union), the language the speaker spoke in, P for the presiding
officer's procedural turns, and the start of the text. With --event ID it
stores the turns as statements of that event, procedural turns marked
apart; a turn that opens "on behalf of" a known group (the European Union,
the Non-Aligned Movement, ...) becomes a joint statement. FILE is the
record as a PDF, read with poppler's pdftotext (install poppler-utils), or
as text (.txt, .docx); - reads standard input. A PDF without a text layer
(a scan) must be OCRed first.

'r2p import text|html|docx|pdf --event ID FILE...' stores each file as one
statement of the event. The speaker is --speaker, else the file's name
without its extension (Sweden.pdf, SWE.txt); a joint statement's group is
--on-behalf-of, else what the text's opening says. HTML keeps the page's
main text; PDF needs a text layer.

'r2p import csv|jsonl [--event ID] FILE...' stores one statement per row
(CSV with a header row) or per line (JSON Lines: one object per line, the
columns as keys; order and page may be numbers). The columns:
` + statementfile.ColumnHelp + `

A bad file or row is reported as FILE:LINE: field: reason and the others
are stored; the command then exits with 1. Importing the same file twice
stores nothing new: a record's turn is known by its symbol and order, any
other statement by its event, speaker and text. When standard error is a
terminal, it counts there the files read (when there are several) and the
new statements coded; elsewhere it writes nothing of the kind.

'r2p import ungdc PATH' loads the UN General Debate Corpus
(speeches.jsonl.gz, 1946–), one event per year: 'General Debate of the
NNth session'. It shows its progress on standard error (on a terminal, a
bar, then the count of speeches coded; elsewhere, a line at every tenth of
the file) and a summary at the end; importing it again adds nothing. Cite Baturo, Dasandi and Mikhaylov
(2017) and Jankin, Baturo and Dasandi when you publish from it.

Give the database flags after the subcommand:
  r2p import pdf --db r2p.db --event 3 --speaker FRA france.pdf

Examples:
  r2p import verbatim --json A_64_PV.121.pdf
  r2p import verbatim --event 3 A_63_PV.97.pdf
  r2p import csv --event 3 statements.csv
  r2p import ungdc ../shared/corpora/ungdc/speeches.jsonl.gz`,
		run: runImport,
	}
}

// importUsage is the synopsis of the import subcommands.
const importUsage = "want: r2p import verbatim|text|html|docx|pdf|csv|jsonl|ungdc [flags] FILE..."

func runImport(ctx context.Context, env Env, _ *config.Config, args []string) error {
	if len(args) == 0 {
		return &usageError{importUsage}
	}
	switch sub := args[0]; sub {
	case "verbatim":
		return runCommand(ctx, importVerbatimCommand(), env, args[1:])
	case "ungdc":
		return runCommand(ctx, importUNGDCCommand(), env, args[1:])
	default:
		f, ok := statementfile.ParseFormat(sub)
		if !ok {
			return &usageError{importUsage}
		}
		return runCommand(ctx, importFilesCommand(f), env, args[1:])
	}
}

func importVerbatimCommand() command {
	var asJSON bool
	var event int64
	var symbol string
	return command{
		name:         "import verbatim",
		args:         "FILE|-",
		summary:      "split a UN verbatim record into speaker turns; print them, or store them as an event's statements",
		flags:        dataFlags,
		interspersed: true,
		ownFlags: func(fs *flag.FlagSet) {
			fs.BoolVar(&asJSON, "json", false, "print the turns as a JSON array")
			fs.Int64Var(&event, "event", 0, "store the turns as statements of the event with this `id`")
			fs.StringVar(&symbol, "symbol", "",
				"the record's document `symbol`, when its text does not give it (with --event)")
		},
		run: func(ctx context.Context, env Env, cfg *config.Config, args []string) error {
			if len(args) != 1 {
				return &usageError{"give one FILE to import, or - for standard input"}
			}
			name := args[0]
			if event != 0 {
				return importStatementFiles(ctx, env, cfg, "import verbatim", args,
					statementfile.Options{Format: statementfile.Verbatim, Event: event, Symbol: symbol})
			}
			text, err := readRecord(ctx, name)
			if err != nil {
				return err
			}
			rec, err := verbatim.Parse(text)
			if err != nil {
				return fmt.Errorf("%s: %w", displayName(name), err)
			}
			if asJSON {
				err = printTurnsJSON(env.Stdout, rec.Turns)
			} else {
				err = printTurnsTable(env.Stdout, rec.Turns)
			}
			if err != nil {
				return err
			}
			fmt.Fprintf(env.Stderr, "r2p import verbatim: %s\n", turnTally(rec))
			return nil
		},
	}
}

// readRecord reads a verbatim record's text: through pdftotext when it is
// a PDF (by its first bytes), as a document otherwise.
func readRecord(ctx context.Context, name string) (string, error) {
	var data []byte
	var err error
	if name == "-" {
		data, err = io.ReadAll(io.LimitReader(os.Stdin, document.MaxSize+1))
	} else {
		data, err = readLimited(name)
	}
	if err != nil {
		return "", err
	}
	if len(data) > document.MaxSize {
		return "", fmt.Errorf("%s: larger than %d MiB", displayName(name), document.MaxSize>>20)
	}
	if bytes.HasPrefix(data, []byte("%PDF-")) || strings.HasSuffix(strings.ToLower(name), ".pdf") {
		pages, err := pdftext.Extract(ctx, bytes.NewReader(data))
		if err != nil {
			return "", fmt.Errorf("%s: %w", displayName(name), err)
		}
		return strings.Join(pages, "\f"), nil
	}
	doc, err := document.Read(displayName(name), bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return "", err
	}
	return strings.Join(doc.Lines, "\n"), nil
}

// readLimited reads a file of at most document.MaxSize bytes (and one
// more, to tell that it is larger).
func readLimited(name string) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if st.IsDir() {
		return nil, fmt.Errorf("%s: is a directory", name)
	}
	return io.ReadAll(io.LimitReader(f, document.MaxSize+1))
}

// turnJSON is a turn as --json prints it: exactly the keys the issue
// names.
type turnJSON struct {
	Order       int    `json:"order"`
	Speaker     string `json:"speaker"`
	Affiliation string `json:"affiliation"`
	State       string `json:"state"`
	Language    string `json:"language"`
	Text        string `json:"text"`
}

func printTurnsJSON(w io.Writer, turns []verbatim.Turn) error {
	out := make([]turnJSON, len(turns))
	for i, t := range turns {
		out[i] = turnJSON{t.Order, t.Speaker, t.Affiliation, t.State, t.Language, t.Text}
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// excerptRunes is how much of a turn's text the table shows.
const excerptRunes = 60

func printTurnsTable(w io.Writer, turns []verbatim.Turn) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ORDER\tSPEAKER\tAFFILIATION\tSTATE\tLANGUAGE\tP\tTEXT")
	for _, t := range turns {
		procedural := "-"
		if t.Procedural {
			procedural = "P"
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\n", t.Order, t.Speaker, orDash(t.Affiliation),
			orDash(t.State), t.Language, procedural, excerpt(t.Text))
	}
	return tw.Flush()
}

// excerpt is the start of a text on one line, cut at excerptRunes.
func excerpt(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	r := []rune(s)
	if len(r) <= excerptRunes {
		return s
	}
	return string(r[:excerptRunes]) + "…"
}

// turnTally sums up a record: "A/64/PV.121 of 2010-09-13: 31 turns, 6 by
// states, 25 procedural".
func turnTally(rec verbatim.Record) string {
	states, procedural := 0, 0
	for _, t := range rec.Turns {
		if t.State != "" {
			states++
		}
		if t.Procedural {
			procedural++
		}
	}
	head := orDash(rec.Symbol)
	if !rec.Date.IsZero() {
		head += " of " + rec.Date.Format("2006-01-02")
	}
	return fmt.Sprintf("%s: %d turns, %d by states, %d procedural", head, len(rec.Turns), states, procedural)
}
