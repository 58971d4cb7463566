package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/r2p-coalition/r2p/internal/config"
	"github.com/r2p-coalition/r2p/internal/document"
	"github.com/r2p-coalition/r2p/internal/pdftext"
	"github.com/r2p-coalition/r2p/internal/verbatim"
)

func importCommand() command {
	return command{
		name:    "import",
		args:    "verbatim [--json] FILE|-",
		summary: "read what governments said from a UN verbatim record",
		detail: `
'r2p import verbatim' splits a UN verbatim record (such as A/64/PV.121 or
S/PV.3756) into speaker turns and prints one row for each: its order, the
speaker, the affiliation as written, the state it resolves to (ISO 3166
alpha-3; EUU for the European Union), the language the speaker spoke in,
P for the presiding officer's procedural turns, and the start of the text.

FILE is the record as a PDF, read with poppler's pdftotext (install
poppler-utils), or as text (.txt, .docx); - reads standard input. A PDF
without a text layer (a scan) must be OCRed first.

Flags (after 'verbatim'):
  --json   print a JSON array of objects with the keys order, speaker,
           affiliation, state, language and text ("" where none)

Example:
  r2p import verbatim --json A_64_PV.121.pdf`,
		run: runImport,
	}
}

func runImport(ctx context.Context, env Env, cfg *config.Config, args []string) error {
	if len(args) == 0 || args[0] != "verbatim" {
		return &usageError{"want: r2p import verbatim [--json] FILE|-"}
	}
	fs := flag.NewFlagSet("r2p import verbatim", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	asJSON := fs.Bool("json", false, "print the turns as a JSON array")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), "Usage: r2p import verbatim [--json] FILE|-\n\nFlags:\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return &usageError{} // the flag package has printed it
	}
	if fs.NArg() != 1 {
		return &usageError{"give one FILE to import, or - for standard input"}
	}
	name := fs.Arg(0)
	text, err := readRecord(ctx, name)
	if err != nil {
		return err
	}
	rec, err := verbatim.Parse(text)
	if err != nil {
		return fmt.Errorf("%s: %w", displayName(name), err)
	}
	if *asJSON {
		err = printTurnsJSON(env.Stdout, rec.Turns)
	} else {
		err = printTurnsTable(env.Stdout, rec.Turns)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stderr, "r2p import verbatim: %s\n", turnTally(rec))
	return nil
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
