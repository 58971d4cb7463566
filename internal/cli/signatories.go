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

	"golang.org/x/text/language"

	"github.com/r2p-coalition/r2p/internal/config"
	"github.com/r2p-coalition/r2p/internal/format/document"
	"github.com/r2p-coalition/r2p/internal/i18n"
	"github.com/r2p-coalition/r2p/internal/letters/orglist"
	"github.com/r2p-coalition/r2p/internal/letters/publish"
)

func signatoriesCommand() command {
	return command{
		name:    "signatories",
		args:    "parse [--json] FILE|- | render [--format F] [--lang L] [--title T] FILE|-",
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

'r2p signatories render' reads the list the same way and writes it in the
coalition's format, sorted as a person would (accents and case ignored):
--format txt (default), md, html, csv (with a BOM for Excel), xlsx or pdf
(the scripts of the UN's six languages; a character no embedded font has,
such as Tibetan or Korean, is drawn as a placeholder, and is named on
standard error);
--lang en, fr or es (the word "and" and the country names); --title heads
the HTML and PDF. Binary formats go to standard output: redirect them.

Examples:
  r2p signatories parse --json letter.docx
  r2p signatories render --format pdf --title "Signatories" letter.docx > list.pdf`,
		run: runSignatories,
	}
}

func runSignatories(ctx context.Context, env Env, cfg *config.Config, args []string) error {
	if len(args) > 0 && args[0] == "render" {
		return runRender(env, args[1:])
	}
	if len(args) == 0 || args[0] != "parse" {
		return &usageError{"want: r2p signatories parse [--json] FILE|- or r2p signatories render [--format F] FILE|-"}
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
	rows, err := orglist.ParseLines(text.Lines)
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

func printRowsJSON(w io.Writer, rows []orglist.Row) error {
	if rows == nil {
		rows = []orglist.Row{}
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(rows)
}

func printRowsTable(w io.Writer, rows []orglist.Row) error {
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
func tally(rows []orglist.Row) string {
	n := map[orglist.Confidence]int{}
	for _, r := range rows {
		n[r.Confidence]++
	}
	return fmt.Sprintf("%d rows: %d high, %d medium, %d low", len(rows), n[orglist.High], n[orglist.Medium],
		n[orglist.Low])
}

// runRender parses a list and writes it in an export format.
func runRender(env Env, args []string) error {
	fs := flag.NewFlagSet("r2p signatories render", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	format := fs.String("format", "txt", "txt, md, html, csv, xlsx or pdf")
	lang := fs.String("lang", "en", "language of the list: en, fr or es")
	title := fs.String("title", "", "title of the HTML and PDF list")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return &usageError{}
	}
	f, ok := publish.FormatNamed(*format)
	if !ok {
		return &usageError{fmt.Sprintf("--format %q: want txt, md, html, csv, xlsx or pdf", *format)}
	}
	l, ok := i18n.Parse(*lang)
	if !ok {
		return &usageError{fmt.Sprintf("--lang %q: want en, fr or es", *lang)}
	}
	if fs.NArg() != 1 {
		return &usageError{"give one FILE to render, or - for standard input"}
	}
	text, err := readDocument(fs.Arg(0))
	if err != nil {
		return err
	}
	rows, err := orglist.ParseLines(text.Lines)
	if err != nil {
		return fmt.Errorf("%s: %w", displayName(fs.Arg(0)), err)
	}
	entries := make([]orglist.Entry, len(rows))
	for i, r := range rows {
		entries[i] = r.Entry
	}
	var buf bytes.Buffer
	opt := publish.Options{Lang: language.Make(string(l)), Title: *title}
	if err := f.Write(&buf, entries, opt); err != nil {
		return err
	}
	if f.Name == "pdf" {
		warnUndrawn(env.Stderr, "r2p signatories render", publish.UndrawnEntries(entries, opt.Lang))
	}
	_, err = env.Stdout.Write(buf.Bytes())
	return err
}

// warnUndrawn tells w, for command, each text that a PDF draws with
// placeholders.
func warnUndrawn(w io.Writer, command string, undrawn []publish.Undrawn) {
	for _, u := range undrawn {
		fmt.Fprintf(w, "%s: the PDF shows %q with a placeholder (U+FFFD) for %q: no embedded font has %s\n",
			command, u.Text, string(u.Missing), strings.Join(u.Scripts, ", "))
	}
}
