// Package sheet writes CSV files that people open in a spreadsheet, with
// every cell that a spreadsheet would read as a formula neutralised.
//
// A cell that starts with =, +, -, @, a tab or a carriage return is run as
// a formula by Excel, LibreOffice and Google Sheets ("CSV injection"):
// =HYPERLINK(...) in a tie's notes, written by the lowest organization
// role, would reach a steward's spreadsheet as a live link, and DDE
// formulas can run commands. As OWASP advises, such a cell is written with
// a single quote before it, which the spreadsheet shows as text; a cell
// that is a plain number (-5, +3.2) is left alone. Files read back by
// Backbone (the ties CSV) drop that quote again (Unquote).
//
// HSDS interchange files are not written through this package: they are
// data for other systems, whose readers would keep the quote as part of
// the value, and the specification's own tables hold the text as recorded.
package sheet

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"
)

// risky reports whether a spreadsheet would read s as a formula.
func risky(s string) bool {
	if s == "" {
		return false
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
	default:
		return false
	}
	if _, err := strconv.ParseFloat(strings.TrimSpace(s), 64); err == nil {
		return false
	}
	return true
}

// quoted reports whether Cell adds a quote to s: s would be a formula, or
// it is quotes before one (so that Unquote gives such a value back whole).
func quoted(s string) bool { return risky(strings.TrimLeft(s, "'")) }

// Cell returns s as a spreadsheet should read it: as text.
func Cell(s string) string {
	if quoted(s) {
		return "'" + s
	}
	return s
}

// Unquote undoes Cell for a value read back from a file Backbone wrote: the
// single quote before what would be a formula is dropped.
func Unquote(s string) string {
	if len(s) > 1 && s[0] == '\'' && quoted(s[1:]) {
		return s[1:]
	}
	return s
}

// Writer is a csv.Writer whose every cell goes through Cell.
type Writer struct {
	*csv.Writer
	buf []string
}

// NewWriter writes CSV to w.
func NewWriter(w io.Writer) *Writer { return &Writer{Writer: csv.NewWriter(w)} }

// Write writes one record, its cells neutralised.
func (w *Writer) Write(record []string) error {
	w.buf = w.buf[:0]
	for _, c := range record {
		w.buf = append(w.buf, Cell(c))
	}
	return w.Writer.Write(w.buf)
}

// WriteAll writes records, their cells neutralised, and flushes.
func (w *Writer) WriteAll(records [][]string) error {
	for _, r := range records {
		if err := w.Write(r); err != nil {
			return err
		}
	}
	w.Flush()
	return w.Error()
}
