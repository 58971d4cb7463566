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
	rows, err := f.GetRows(sheets[0])
	if err != nil {
		return Text{}, fail(name, fmt.Errorf("sheet %q: %w", sheets[0], err))
	}
	lines := make([]string, len(rows))
	for i, row := range rows {
		lines[i] = rowLine(row)
	}
	return Text{Format: FormatXLSX, Lines: lines}, nil
}
