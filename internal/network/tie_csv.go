package network

import (
	"context"
	"database/sql"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"

	"backbone/internal/account"
	"backbone/internal/errs"
	"backbone/internal/sheet"
)

// TieColumns are the columns of a ties CSV file. from and to are required
// (an organization id or its exact name); from_name and to_name are written
// by the export for people to read and ignored on import.
var TieColumns = []string{"from", "to", "from_name", "to_name", "kinds", "level", "status", "since", "until", "notes"}

// ImportResult counts what an import did.
type ImportResult struct {
	Created              int `json:"created"`
	Updated              int `json:"updated"`
	Unchanged            int `json:"unchanged"`
	CreatedOrganizations int `json:"created_organizations"`
}

// ImportError is a problem at one row and column of an import file.
type ImportError struct {
	File   string
	Row    int // 1-based, the header being row 1
	Column string
	Msg    string
	// Missing is the organization named that is not in the directory, when
	// that is the problem: each front end says how to add it (a flag on
	// the command line, a checkbox on the web page).
	Missing string
}

func (e *ImportError) Error() string {
	if e.Column == "" {
		return fmt.Sprintf("%s row %d: %s", e.File, e.Row, e.Msg)
	}
	return fmt.Sprintf("%s row %d: %s: %s", e.File, e.Row, e.Column, e.Msg)
}

type tieRow struct {
	row      int
	from, to string
	in       TieInput
}

// ReadTiesCSV reads and checks a ties file without touching the database,
// returning how many tie rows it holds.
func ReadTiesCSV(r io.Reader, name string) (int, error) {
	rd, err := newTieReader(r, name)
	if err != nil {
		return 0, err
	}
	seen := map[[2]string]int{}
	n := 0
	for {
		tr, err := rd.next()
		if errors.Is(err, io.EOF) {
			return n, nil
		}
		if err != nil {
			return n, err
		}
		key := [2]string{strings.ToLower(tr.from), strings.ToLower(tr.to)}
		if first, ok := seen[key]; ok {
			return n, duplicateRow(name, tr, first)
		}
		seen[key] = tr.row
		n++
	}
}

func duplicateRow(file string, tr tieRow, first int) error {
	return &ImportError{File: file, Row: tr.row, Msg: fmt.Sprintf("the tie from %q to %q is already in row %d",
		tr.from, tr.to, first)}
}

// tieReader reads a ties file one row at a time, so that a large file is
// never held whole, checking each row's own values as it goes.
type tieReader struct {
	cr   *csv.Reader
	name string
	col  map[string]int
	n    int // the row last read, the header being 1
}

// newTieReader reads and checks the header.
func newTieReader(r io.Reader, name string) (*tieReader, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, &ImportError{File: name, Row: 1, Msg: "the file is empty; it needs a header row with from and to"}
	}
	if err != nil {
		return nil, &ImportError{File: name, Row: 1, Msg: err.Error()}
	}
	col := map[string]int{}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		if !oneOf(h, TieColumns) {
			return nil, &ImportError{File: name, Row: 1, Column: h,
				Msg: "unknown column (columns: " + strings.Join(TieColumns, ", ") + ")"}
		}
		if _, dup := col[h]; dup {
			return nil, &ImportError{File: name, Row: 1, Column: h, Msg: "column given twice"}
		}
		col[h] = i
	}
	for _, need := range []string{"from", "to"} {
		if _, ok := col[need]; !ok {
			return nil, &ImportError{File: name, Row: 1, Column: need, Msg: "required column missing"}
		}
	}
	cr.ReuseRecord = true
	return &tieReader{cr: cr, name: name, col: col, n: 1}, nil
}

// next returns the next tie row, its own values checked (the organizations
// it names are looked up by the import), or io.EOF after the last.
func (rd *tieReader) next() (tieRow, error) {
	name, col := rd.name, rd.col
	for {
		rec, err := rd.cr.Read()
		rd.n++
		n := rd.n
		if errors.Is(err, io.EOF) {
			return tieRow{}, io.EOF
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return tieRow{}, &ImportError{File: name, Row: pe.Line, Msg: pe.Err.Error()}
			}
			return tieRow{}, &ImportError{File: name, Row: n, Msg: err.Error()}
		}
		get := func(c string) string {
			if i, ok := col[c]; ok && i < len(rec) {
				return strings.TrimSpace(sheet.Unquote(rec[i]))
			}
			return ""
		}
		if strings.Join(rec, "") == "" {
			continue // a blank line
		}
		if c, p := errs.CellProblem(rec, col, TieColumns); p != "" {
			return tieRow{}, &ImportError{File: name, Row: n, Column: c, Msg: p}
		}
		tr := tieRow{row: n, from: get("from"), to: get("to"), in: TieInput{
			Kinds: SplitKinds(get("kinds")), Level: get("level"), Status: get("status"),
			Since: get("since"), Until: get("until"), Notes: get("notes")}}
		for _, c := range []string{"from", "to"} {
			if get(c) == "" {
				return tieRow{}, &ImportError{File: name, Row: n, Column: c, Msg: "is required"}
			}
		}
		// Check the row's own values now, so the error names it before any lookup.
		probe := tr.in
		probe.FromID, probe.ToID = "from", "to"
		if tr.from == tr.to {
			probe.ToID = "from"
		}
		if err := probe.Normalize(); err != nil {
			return tieRow{}, rowError(name, n, err)
		}
		tr.in = probe
		tr.in.FromID, tr.in.ToID = "", ""
		return tr, nil
	}
}

// rowError turns a validation error into an import error naming the row and
// the file's column.
func rowError(file string, row int, err error) error {
	var v *errs.ValidationError
	if !errors.As(err, &v) {
		return fmt.Errorf("%s row %d: %w", file, row, err)
	}
	for _, field := range []string{"from_organization_id", "to_organization_id", "kinds", "level", "status", "since", "until", "notes"} {
		if msg, ok := v.Fields[field]; ok {
			column := strings.TrimSuffix(strings.TrimSuffix(field, "_organization_id"), "")
			return &ImportError{File: file, Row: row, Column: column, Msg: msg}
		}
	}
	return &ImportError{File: file, Row: row, Msg: v.Error()}
}

// TieColumnsHelp says, from the lists the import checks against, what the
// columns of a ties CSV file may hold: for the command's help and the
// upload page.
func TieColumnsHelp() string {
	return "Allowed values:\n" +
		"  kinds   " + strings.Join(Kinds, ", ") + "\n" +
		"          (several, separated by semicolons)\n" +
		"  level   " + strings.Join(Levels, ", ") + " (awareness when empty)\n" +
		"  status  " + strings.Join(Statuses, ", ") + " (active when empty)\n"
}

// ImportTiesCSV records the ties in a CSV file, all or nothing: a tie that
// exists (same from and to) is updated and keeps its history, a new one is
// created. An organization named but not found is an error, unless
// createMissing is set, when it is added to the directory. The file is read
// as it is written, in batches (see tieImport). Importing is for the
// stewards (account.ImportTies).
func (s *Store) ImportTiesCSV(ctx context.Context, actor account.Actor, r io.Reader, name string, createMissing bool) (ImportResult, error) {
	var res ImportResult
	if err := s.rules.Check(ctx, actor, account.ImportTies, account.Platform); err != nil {
		return res, err
	}

	rd, err := newTieReader(r, name)
	if err != nil {
		return res, err
	}
	// A large file writes most of the ties' pages: SQLite keeps them in
	// memory rather than spill them to its log and read them back.
	err = s.db.BulkTx(ctx, func(tx *sql.Tx) error {
		im, err := s.newTieImport(ctx, tx, actor, name, createMissing)
		if err != nil {
			return err
		}
		defer im.close()
		for {
			tr, err := rd.next()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				// A row before it may name an organization that is not
				// there: the first row at fault is the one named.
				if ferr := im.flush(); ferr != nil {
					return ferr
				}
				return err
			}
			if err := im.add(tr); err != nil {
				return err
			}
		}
		if err := im.flush(); err != nil {
			return err
		}
		res = im.res
		return s.markTiesChanged(ctx, tx, actor, res.Created+res.Updated)
	})
	if err != nil {
		return ImportResult{}, err
	}
	return res, nil
}

func sameTie(a, b TieInput) bool {
	return strings.Join(a.Kinds, ",") == strings.Join(b.Kinds, ",") && a.Level == b.Level && a.Status == b.Status &&
		a.Since == b.Since && a.Until == b.Until && a.Notes == b.Notes
}

// ExportTiesCSV writes every tie (ended ones too) in the import's format,
// for someone who may read the map (account.ViewNetwork). Nothing is
// written when they may not.
func (s *Store) ExportTiesCSV(ctx context.Context, actor account.Actor, w io.Writer) (int, error) {
	if err := s.checkView(ctx, actor); err != nil {
		return 0, err
	}

	cw := sheet.NewWriter(w)
	if err := cw.Write(TieColumns); err != nil {
		return 0, err
	}
	n := 0
	for offset := 0; ; offset += 1000 {
		page, err := s.ListTies(ctx, TieFilter{Status: "all", Limit: 1000, Offset: offset})
		if err != nil {
			return n, err
		}
		for _, t := range page.Items {
			if err := cw.Write([]string{t.FromID, t.ToID, t.FromName, t.ToName, strings.Join(t.Kinds, ";"), t.Level, t.Status, t.Since, t.Until, t.Notes}); err != nil {
				return n, err
			}
			n++
		}
		if offset+len(page.Items) >= page.Total || len(page.Items) == 0 {
			break
		}
	}
	cw.Flush()
	return n, cw.Error()
}
