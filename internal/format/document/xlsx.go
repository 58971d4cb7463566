package document

import (
	"errors"
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"
)

// readXLSX reads the first sheet of a workbook, row n as line n.
func readXLSX(name string, r io.ReaderAt, size int64) (text Text, err error) {
	// A damaged upload must not take the server down with it.
	defer func() {
		if p := recover(); p != nil {
			text, err = Text{}, fail(name, fmt.Errorf("damaged XLSX file: %v", p))
		}
	}()
	f, err := excelize.OpenReader(io.NewSectionReader(r, 0, size), excelize.Options{
		UnzipSizeLimit:    MaxSize,
		UnzipXMLSizeLimit: MaxSize,
	})
	if err != nil {
		return Text{}, fail(name, fmt.Errorf("damaged XLSX file: %w", err))
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return Text{}, fail(name, errors.New("the workbook has no sheet"))
	}
	lines, err := sheetLines(f, sheets[0])
	if err != nil {
		return Text{}, fail(name, fmt.Errorf("sheet %q: %w", sheets[0], err))
	}
	return Text{Format: FormatXLSX, Lines: lines}, nil
}

// sheetLines reads a sheet row by row, within the budget: a row is as
// many cells as its last one's column, so a few cells far to the right
// make much text.
func sheetLines(f *excelize.File, sheet string) (lines []string, err error) {
	rows, err := f.Rows(sheet)
	if err != nil {
		return nil, err
	}
	defer func() {
		if cerr := rows.Close(); err == nil {
			err = cerr
		}
	}()
	var b budget
	last := 0 // lines up to the last that is not empty
	for rows.Next() {
		cells, err := rows.Columns()
		if err != nil {
			return nil, err
		}
		if err := b.addCells(len(cells)); err != nil {
			return nil, err
		}
		line := rowLine(cells)
		if err := b.add(line); err != nil {
			return nil, err
		}
		if lines = append(lines, line); line != "" {
			last = len(lines)
		}
	}
	return lines[:last], rows.Error()
}
