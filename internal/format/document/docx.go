package document

import (
	"archive/zip"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"
)

// readZIP reads a ZIP archive as the Office document it holds.
func readZIP(name string, r io.ReaderAt, size int64) (Text, error) {
	z, err := zip.NewReader(r, size)
	if err != nil {
		return Text{}, fail(name, fmt.Errorf("damaged ZIP archive: %w", err))
	}
	files := map[string]*zip.File{}
	for _, f := range z.File {
		files[f.Name] = f
	}
	main := mainPart(files)
	switch {
	case files["word/document.xml"] != nil || strings.HasPrefix(main, "word/"):
		lines, err := readDOCX(files, main)
		if err != nil {
			return Text{}, fail(name, err)
		}
		return Text{Format: FormatDOCX, Lines: lines}, nil
	case files["xl/workbook.xml"] != nil:
		// excelize reads every part: none may be a bomb.
		for _, f := range z.File {
			if err := checkPart(f); err != nil {
				return Text{}, fail(name, err)
			}
		}
		return readXLSX(name, r, size)
	case files["mimetype"] != nil:
		return Text{}, fail(name,
			fmt.Errorf("%w: an OpenDocument file; save it as .docx, .xlsx or .txt", ErrUnsupported))
	}
	return Text{}, fail(name, fmt.Errorf("%w: a ZIP archive that is neither a DOCX nor an XLSX file", ErrUnsupported))
}

// mainPart returns the name of the main document part that
// _rels/.rels points to, or "".
func mainPart(files map[string]*zip.File) string {
	f := files["_rels/.rels"]
	if f == nil {
		return ""
	}
	rc, err := f.Open()
	if err != nil {
		return ""
	}
	defer rc.Close()
	var rels struct {
		Rel []struct {
			Type   string `xml:"Type,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	if xml.NewDecoder(io.LimitReader(rc, 1<<20)).Decode(&rels) != nil {
		return ""
	}
	for _, r := range rels.Rel {
		if strings.HasSuffix(r.Type, "/officeDocument") {
			return strings.TrimPrefix(path.Clean("/"+r.Target), "/")
		}
	}
	return ""
}

var errTooBig = tooLarge("the document's XML is larger than %d MiB", MaxSize>>20)

// readDOCX reads the paragraphs and table rows of the main document part.
func readDOCX(files map[string]*zip.File, part string) ([]string, error) {
	if files[part] == nil {
		part = "word/document.xml"
	}
	f := files[part]
	if f == nil {
		return nil, errors.New("no word/document.xml in the archive")
	}
	if err := checkPart(f); err != nil {
		return nil, err
	}
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", part, err)
	}
	defer rc.Close()
	lr := &io.LimitedReader{R: rc, N: MaxSize + 1}
	w := &docxWalker{tokens: &tokenReader{r: lr}}
	err = w.walk(xml.NewDecoder(w.tokens))
	switch {
	case lr.N <= 0:
		return nil, fmt.Errorf("%s: %w", part, errTooBig)
	case err != nil:
		return nil, fmt.Errorf("%s: %w", part, err)
	}
	return w.lines, nil
}

// docxWalker collects the text of a WordprocessingML body.
type docxWalker struct {
	tokens *tokenReader // bounds each token the decoder reads
	depth  int          // of open elements, at most maxDepth
	budget budget       // of the lines
	lines  []string
	paras  []*strings.Builder // open paragraphs, innermost last (text boxes nest them)
	rows   [][]string         // open table rows, innermost last
	cells  []*strings.Builder // open table cells, innermost last
	inRun  int                // depth of w:r elements: w:tab outside runs is a tab stop
	inText int                // depth of w:t elements
}

func (w *docxWalker) walk(d *xml.Decoder) error {
	skipping := 0 // the depth of the element being skipped, or 0
	for {
		tok, err := w.token(d)
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			// mc:Fallback repeats what mc:Choice holds, for older readers.
			if skipping == 0 && t.Name.Local == "Fallback" {
				skipping = w.depth
			} else if skipping == 0 {
				w.start(t)
			}
		case xml.EndElement:
			if skipping == 0 {
				err = w.end(t.Name.Local)
			} else if w.depth < skipping {
				skipping = 0
			}
		case xml.CharData:
			if skipping == 0 && w.inText > 0 {
				w.write(string(t))
			}
		}
		if err != nil {
			return err
		}
	}
}

// token is the decoder's next token, within the limits on the depth of
// elements and the size of a token.
func (w *docxWalker) token(d *xml.Decoder) (xml.Token, error) {
	w.tokens.reset()
	tok, err := d.Token()
	switch tok.(type) {
	case xml.StartElement:
		if w.depth++; w.depth > maxDepth {
			return nil, tooLarge("elements nested more than %d deep", maxDepth)
		}
	case xml.EndElement:
		w.depth--
	}
	if errors.Is(err, errTokenTooLarge) {
		err = errTokenTooLarge // without the decoder's line
	}
	return tok, err
}

func (w *docxWalker) start(t xml.StartElement) {
	switch t.Name.Local {
	case "p":
		w.paras = append(w.paras, &strings.Builder{})
	case "r":
		w.inRun++
	case "t":
		w.inText++
	case "tab":
		if w.inRun > 0 {
			w.write("\t")
		}
	case "br", "cr":
		if w.inRun > 0 {
			w.write("\n")
		}
	case "noBreakHyphen":
		w.write("-")
	case "tr":
		w.rows = append(w.rows, nil)
	case "tc":
		w.cells = append(w.cells, &strings.Builder{})
	}
}

func (w *docxWalker) end(local string) error {
	switch local {
	case "p":
		if len(w.paras) == 0 {
			return nil
		}
		p := w.paras[len(w.paras)-1].String()
		w.paras = w.paras[:len(w.paras)-1]
		return w.paragraph(p)
	case "r":
		w.inRun = max(0, w.inRun-1)
	case "t":
		w.inText = max(0, w.inText-1)
	case "tc":
		if len(w.cells) == 0 || len(w.rows) == 0 {
			return nil
		}
		c := w.cells[len(w.cells)-1].String()
		w.cells = w.cells[:len(w.cells)-1]
		w.rows[len(w.rows)-1] = append(w.rows[len(w.rows)-1], c)
	case "tr":
		if len(w.rows) == 0 {
			return nil
		}
		row := w.rows[len(w.rows)-1]
		w.rows = w.rows[:len(w.rows)-1]
		if len(w.cells) > 0 {
			// A table inside a cell: its rows are text of that cell.
			w.appendCell(strings.Join(row, " "))
			return nil
		}
		return w.addLines(rowLine(row))
	}
	return nil
}

// paragraph ends a paragraph: part of a table cell, or lines of their own
// (a paragraph in a text box comes before the one that holds the box).
func (w *docxWalker) paragraph(p string) error {
	if len(w.cells) > 0 {
		w.appendCell(p)
		return nil
	}
	return w.addLines(strings.Split(p, "\n")...)
}

// addLines adds lines to the document, as long as the budget lasts.
func (w *docxWalker) addLines(lines ...string) error {
	if err := w.budget.add(lines...); err != nil {
		return err
	}
	w.lines = append(w.lines, lines...)
	return nil
}

func (w *docxWalker) appendCell(s string) {
	c := w.cells[len(w.cells)-1]
	if c.Len() > 0 && s != "" {
		c.WriteByte(' ')
	}
	c.WriteString(s)
}

// write adds text to the innermost open paragraph.
func (w *docxWalker) write(s string) {
	if len(w.paras) > 0 {
		w.paras[len(w.paras)-1].WriteString(s)
	}
}
