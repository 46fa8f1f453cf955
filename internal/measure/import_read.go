package measure

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"

	"backbone/internal/errs"
	"backbone/internal/sheet"
)

// Reading a measurements file, CSV or XLSX, into rows as written: the
// header, then each row, without touching the database. The rows are
// checked against the initiative after (import_check.go).

// MeasurementColumns are the columns of a measurements file. indicator,
// organization, period and value are required; indicator and organization
// are an id or an exact name (any case); weight is for weighted averages.
var MeasurementColumns = []string{"indicator", "organization", "period", "value", "weight", "note"}

var requiredColumns = []string{"indicator", "organization", "period", "value"}

// ImportError is a problem at one row and column of an import file; the
// whole file is then refused.
type ImportError struct {
	File   string
	Row    int // 1-based, the header being row 1
	Column string
	Msg    string
}

func (e *ImportError) Error() string {
	if e.Column == "" {
		return fmt.Sprintf("%s row %d: %s", e.File, e.Row, e.Msg)
	}
	return fmt.Sprintf("%s row %d: %s: %s", e.File, e.Row, e.Column, e.Msg)
}

// rawRow is one row of a file as written, before it is checked.
type rawRow struct {
	row                                         int
	indicator, org, period, value, weight, note string
}

// readTable reads a header and rows from next, which returns one record at
// a time (io.EOF at the end) and the row number it came from.
func readTable(name string, next func() ([]string, int, error)) ([]rawRow, error) {
	first, _, err := next()
	if errors.Is(err, io.EOF) {
		return nil, &ImportError{File: name, Row: 1,
			Msg: "the file is empty; it needs a header row with " + strings.Join(requiredColumns, ", ")}
	}
	if err != nil {
		return nil, err
	}
	h, err := readHeader(name, first)
	if err != nil {
		return nil, err
	}

	var rows []rawRow
	for {
		rec, n, err := next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		r, ok, err := h.row(name, rec, n)
		if err != nil {
			return nil, err
		}
		if ok {
			rows = append(rows, r)
		}
	}
	return rows, nil
}

// header is where each column of a file is: col by name, and the index of
// each of MeasurementColumns, -1 for one the file leaves out.
type header struct {
	col                                         map[string]int
	indicator, org, period, value, weight, note int
}

// readHeader reads the header row: known columns, each once, the required
// ones present; blank columns are passed over.
func readHeader(name string, first []string) (*header, error) {
	col := map[string]int{}
	for i, h := range first {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		if h == "" {
			continue
		}
		if !oneOf(h, MeasurementColumns) {
			return nil, &ImportError{File: name, Row: 1, Column: h,
				Msg: "unknown column (columns: " + strings.Join(MeasurementColumns, ", ") + ")"}
		}
		if _, dup := col[h]; dup {
			return nil, &ImportError{File: name, Row: 1, Column: h, Msg: "column given twice"}
		}
		col[h] = i
	}
	for _, need := range requiredColumns {
		if _, ok := col[need]; !ok {
			return nil, &ImportError{File: name, Row: 1, Column: need, Msg: "required column missing"}
		}
	}

	ci := func(c string) int {
		if i, ok := col[c]; ok {
			return i
		}
		return -1
	}
	return &header{col: col, indicator: ci("indicator"), org: ci("organization"), period: ci("period"),
		value: ci("value"), weight: ci("weight"), note: ci("note")}, nil
}

// row reads record rec, row n of the file, by the header: false for a
// blank row, which is passed over; an error for a cell no database can
// keep or a required value left out.
func (h *header) row(name string, rec []string, n int) (rawRow, bool, error) {
	get := func(i int) string {
		if i >= 0 && i < len(rec) {
			return strings.TrimSpace(rec[i])
		}
		return ""
	}
	blank := true
	for _, f := range rec {
		if strings.TrimSpace(f) != "" {
			blank = false
			break
		}
	}
	if blank {
		return rawRow{}, false, nil
	}
	if c, p := errs.CellProblem(rec, h.col, MeasurementColumns); p != "" {
		return rawRow{}, false, &ImportError{File: name, Row: n, Column: c, Msg: p}
	}

	r := rawRow{row: n, indicator: get(h.indicator), org: get(h.org), period: get(h.period), value: get(h.value),
		weight: get(h.weight), note: get(h.note)}
	required := []struct{ name, v string }{
		{"indicator", r.indicator}, {"organization", r.org}, {"period", r.period}, {"value", r.value},
	}
	for _, c := range required {
		if c.v == "" {
			return rawRow{}, false, &ImportError{File: name, Row: n, Column: c.name, Msg: "is required"}
		}
	}
	return r, true, nil
}

// readCSV reads a measurements CSV file without touching the database.
func readCSV(r io.Reader, name string) ([]rawRow, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	cr.TrimLeadingSpace = true
	return readTable(name, func() ([]string, int, error) {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return nil, 0, io.EOF
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, 0, &ImportError{File: name, Row: pe.Line, Msg: pe.Err.Error()}
			}
			return nil, 0, &ImportError{File: name, Row: 1, Msg: err.Error()}
		}
		for i, c := range rec {
			rec[i] = sheet.Unquote(c) // as the template wrote it
		}
		line := 1
		if len(rec) > 0 {
			line, _ = cr.FieldPos(0)
		}
		return rec, line, nil
	})
}

// xlsxUnzipLimit bounds what a workbook may unpack to: an XLSX is a ZIP,
// and a 1 MiB file whose sheet unpacks to 1 GiB took the server from 190 MB
// to 2.2 GB with excelize's defaults (16 GB). Ten times the 20 MiB upload
// limit holds any real workbook of measurements; parts over excelize's
// 16 MiB in-memory limit are unpacked to a temporary file, not memory.
var xlsxUnzipLimit int64 = 200 << 20

// readXLSX reads the first sheet of a measurements workbook.
func readXLSX(r io.Reader, name string) ([]rawRow, error) {
	f, err := excelize.OpenReader(r, excelize.Options{UnzipSizeLimit: xlsxUnzipLimit,
		UnzipXMLSizeLimit: min(xlsxUnzipLimit, excelize.StreamChunkSize)})
	if err != nil && strings.Contains(err.Error(), "unzip size exceeds") {
		return nil, &ImportError{File: name, Row: 1, Msg: fmt.Sprintf(
			"the workbook unpacks to more than %d MiB: split it, or save it as CSV", xlsxUnzipLimit>>20)}
	}
	if err != nil {
		return nil, &ImportError{File: name, Row: 1, Msg: "not a readable XLSX workbook: " + err.Error()}
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, &ImportError{File: name, Row: 1, Msg: "the workbook has no sheet"}
	}
	rows, err := f.Rows(sheets[0])
	if err != nil {
		return nil, &ImportError{File: name, Row: 1, Msg: "cannot read the sheet " + sheets[0] + ": " + err.Error()}
	}
	defer rows.Close()
	n := 0
	return readTable(name, func() ([]string, int, error) {
		if !rows.Next() {
			if err := rows.Error(); err != nil {
				return nil, n, &ImportError{File: name, Row: n + 1, Msg: err.Error()}
			}
			return nil, n, io.EOF
		}
		n++
		rec, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, n, &ImportError{File: name, Row: n, Msg: err.Error()}
		}
		return rec, n, nil
	})
}
