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
	"github.com/r2p-coalition/r2p/internal/signatory"
)

func signatoriesCommand() command {
	return command{
		name:    "signatories",
		args:    "parse [--json] FILE|-",
		summary: "read a list of signatories from a letter or a file",
		detail: `
'r2p signatories parse' reads the organizations listed in FILE (.txt, .docx,
.csv or .xlsx; - reads standard input as text) and prints one row for each:
the line it starts on, its name, acronym, countries (ISO 3166 alpha-3),
place, and how sure the parser is (high, medium or low) with a note on what
was uncertain. Low rows deserve a look before they are imported.

The list may be a whole letter: the text before the list ("Sincerely,") and
after it is not read. Entries may be one per line (bullets and numbers are
dropped), in runs separated by semicolons or commas ("A, B and C"), or table
rows; each may read "Name - ACRONYM (Country)", "Name (ACRONYM), Country",
"Name, City, Country" and the like.

Flags (after 'parse'):
  --json   print a JSON array of objects with the keys line, name, acronym,
           countries, place, confidence and note

Example:
  r2p signatories parse --json letter.docx`,
		run: runSignatories,
	}
}

func runSignatories(ctx context.Context, env Env, cfg *config.Config, args []string) error {
	if len(args) == 0 || args[0] != "parse" {
		return &usageError{"want: r2p signatories parse [--json] FILE|-"}
	}
	fs := flag.NewFlagSet("r2p signatories parse", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	asJSON := fs.Bool("json", false, "print the rows as a JSON array")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), "Usage: r2p signatories parse [--json] FILE|-\n\nFlags:\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return &usageError{} // the flag package has printed it
	}
	if fs.NArg() != 1 {
		return &usageError{"give one FILE to parse, or - for standard input"}
	}
	name := fs.Arg(0)
	text, err := readDocument(name)
	if err != nil {
		return err
	}
	rows, err := signatory.ParseLines(text.Lines)
	if err != nil {
		return fmt.Errorf("%s: %w", displayName(name), err)
	}
	if *asJSON {
		err = printRowsJSON(env.Stdout, rows)
	} else {
		err = printRowsTable(env.Stdout, rows)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stderr, "r2p signatories parse: %s\n", tally(rows))
	return nil
}

// readDocument reads FILE, or standard input for "-".
func readDocument(name string) (document.Text, error) {
	if name == "-" {
		b, err := io.ReadAll(io.LimitReader(os.Stdin, document.MaxSize+1))
		if err != nil {
			return document.Text{}, fmt.Errorf("standard input: %w", err)
		}
		return document.Read(displayName(name), bytes.NewReader(b), int64(len(b)))
	}
	f, err := os.Open(name)
	if err != nil {
		return document.Text{}, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return document.Text{}, err
	}
	if st.IsDir() {
		return document.Text{}, fmt.Errorf("%s: is a directory", name)
	}
	return document.Read(name, f, st.Size())
}

func displayName(name string) string {
	if name == "-" {
		return "standard input"
	}
	return name
}

func printRowsJSON(w io.Writer, rows []signatory.Row) error {
	if rows == nil {
		rows = []signatory.Row{}
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(rows)
}

func printRowsTable(w io.Writer, rows []signatory.Row) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "LINE\tNAME\tACRONYM\tCOUNTRIES\tPLACE\tCONFIDENCE\tNOTE")
	for _, r := range rows {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\n", r.Line, r.Name, orDash(r.Acronym),
			orDash(strings.Join(r.Countries, ",")), orDash(r.Place), r.Confidence, r.Note)
	}
	return tw.Flush()
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// tally counts the rows by confidence: "42 rows: 41 high, 1 medium, 0 low".
func tally(rows []signatory.Row) string {
	n := map[signatory.Confidence]int{}
	for _, r := range rows {
		n[r.Confidence]++
	}
	return fmt.Sprintf("%d rows: %d high, %d medium, %d low", len(rows), n[signatory.High], n[signatory.Medium], n[signatory.Low])
}
