// Package spreadsheet writes the tables people open in spreadsheets — CSV
// (TableCSV) and Excel workbooks (Workbook) — and protects their cells: a
// cell that starts with = + - @ (or a tab or carriage return) is read by
// Excel, LibreOffice and Google Sheets as a formula, which a hostile value
// can use to run commands or leak data ("CSV injection"). Escape puts an
// apostrophe before such a cell, which spreadsheets show as text; Unescape
// takes it off again, so that a file r2p wrote reads back as it was.
package spreadsheet

import "strings"

// formulaStart are the first characters that make a spreadsheet read a
// cell as a formula, and the apostrophe that escapes them.
const formulaStart = "=+-@'\t\r"

// Escape returns s, with a leading apostrophe when a spreadsheet would read
// it as a formula, or when it starts with an apostrophe itself (so that
// Unescape is exact).
func Escape(s string) string {
	if s != "" && strings.IndexByte(formulaStart, s[0]) >= 0 {
		return "'" + s
	}
	return s
}

// Unescape undoes Escape: it removes one leading apostrophe that stands
// before a character Escape protects.
func Unescape(s string) string {
	if len(s) >= 2 && s[0] == '\'' && strings.IndexByte(formulaStart, s[1]) >= 0 {
		return s[1:]
	}
	return s
}
