// Package pdftext reads the text layer of a PDF with poppler's pdftotext,
// page by page, in the order the words were written and with paragraph
// breaks restored.
//
// It runs "pdftotext -raw -bbox", which gives every word with its box in
// content-stream order, and rebuilds lines and paragraphs from the boxes.
// The other modes of pdftotext are worse for the two-column UN records this
// package was written for: the default mode reorders columns by guesswork
// (page 7 of A/64/PV.121 comes out interleaved) and silently drops the
// hyphen of a word broken at a line end ("high-level" becomes "highlevel",
// "2008-2009" becomes "20082009"); -layout keeps the columns side by side.
// The content stream of a Word or InDesign PDF is in reading order, and
// -raw keeps every character.
//
// A paragraph starts at a line indented from its column's left edge, such
// as the first line of a UN speech or stage direction, unless the line
// directly continues an indented block at the same indent (a quotation).
// Paragraphs are separated by a blank line; lines within a paragraph by a
// newline, as in the PDF.
package pdftext

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"unicode"
)

// Errors returned by Extract, to be checked with errors.Is.
var (
	// ErrNoPdftotext means that poppler's pdftotext is not on PATH.
	ErrNoPdftotext = errors.New("pdftotext (poppler) is not installed: install poppler-utils (apt-get install poppler-utils; brew install poppler)")
	// ErrNotPDF means that the input does not start like a PDF.
	ErrNotPDF = errors.New("not a PDF file (no %PDF- header)")
	// ErrEncrypted means that the PDF needs a password to be read.
	ErrEncrypted = errors.New("PDF is encrypted with a password")
	// ErrNoText means that the PDF has pages but no words: a scan.
	ErrNoText = errors.New("PDF has no text layer (scanned?); OCR it first")
)

// Program is the name of the pdftotext executable looked up on PATH.
const Program = "pdftotext"

// pdfMagicWindow is how far into the file the %PDF- header may start;
// readers accept leading junk up to 1024 bytes.
const pdfMagicWindow = 1024

// ExtractFile reads the PDF at path; see Extract. Errors name the file.
func ExtractFile(ctx context.Context, path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	pages, err := Extract(ctx, f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return pages, nil
}

// Extract reads a PDF from r and returns the text of each page. A page
// without words is an empty string. It fails with ErrNoPdftotext,
// ErrNotPDF, ErrEncrypted or ErrNoText, or with an error that quotes what
// pdftotext said about a damaged file.
func Extract(ctx context.Context, r io.Reader) ([]string, error) {
	exe, err := exec.LookPath(Program)
	if err != nil {
		return nil, ErrNoPdftotext
	}
	br := bufio.NewReader(r)
	head, err := br.Peek(pdfMagicWindow)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		return nil, err
	}
	if !bytes.Contains(head, []byte("%PDF-")) {
		return nil, ErrNotPDF
	}
	var stdout, stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, exe, "-raw", "-bbox", "-enc", "UTF-8", "-", "-")
	cmd.Stdin = br
	cmd.Stdout = &stdout
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, runError(err, stderr.String())
	}
	pages, err := parseBBox(bytes.NewReader(bytes.Map(dropControl, stdout.Bytes())))
	if err != nil {
		return nil, err
	}
	texts := make([]string, len(pages))
	edges := columnEdges(pages)
	hasText := false
	for i, p := range pages {
		texts[i] = p.text(edges)
		hasText = hasText || strings.ContainsFunc(texts[i], unicode.IsLetter)
	}
	if !hasText {
		return nil, ErrNoText
	}
	return texts, nil
}

// dropControl removes the control characters that some fonts map glyphs
// to (the page numbers of A/76/PV.102 end in a backspace) and that XML
// does not allow.
func dropControl(r rune) rune {
	if r < ' ' && r != '\t' && r != '\n' && r != '\r' {
		return -1
	}
	return r
}

// runError explains a failed pdftotext run. pdftotext exits 1 for a file
// it cannot open, saying "Incorrect password" when that is why, and 3 for
// a permission error.
func runError(err error, stderr string) error {
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		if strings.Contains(stderr, "Incorrect password") || exit.ExitCode() == 3 {
			return ErrEncrypted
		}
		msg := strings.Join(strings.Fields(stderr), " ")
		if msg == "" {
			msg = "no message"
		}
		return fmt.Errorf("pdftotext failed (exit status %d): %s", exit.ExitCode(), msg)
	}
	return fmt.Errorf("running pdftotext: %w", err)
}
