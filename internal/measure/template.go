package measure

import (
	"context"
	"io"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"backbone/internal/account"
	"backbone/internal/errs"
	"backbone/internal/sheet"
)

// Template formats.
const (
	FormatCSV  = "csv"
	FormatXLSX = "xlsx"
)

// Template writes a measurements file to fill in, as CSV or XLSX: one row
// per indicator still reported and each of its reporters, with the last
// closed period as of now filled in and the value left blank. The XLSX
// template adds a sheet that describes the indicators. Whoever may see the
// initiative may have it (account.ViewReportForm).
func (s *Store) Template(ctx context.Context, actor account.Actor, initiativeID int64, format string,
	now time.Time, w io.Writer) error {
	if err := s.rules.Check(ctx, actor, account.ViewReportForm, account.Initiative(initiativeID)); err != nil {
		return err
	}
	if format != FormatCSV && format != FormatXLSX {
		return &errs.ValidationError{Fields: map[string]string{"format": "must be csv or xlsx"}}
	}
	if err := initiativeExists(ctx, s.db, initiativeID); err != nil {
		return err
	}
	cat, err := loadCatalog(ctx, s.db, initiativeID)
	if err != nil {
		return err
	}
	inds, err := indicators(ctx, s.db, initiativeID, false)
	if err != nil {
		return err
	}

	header := []string{"indicator", "organization", "period", "value", "weight", "note"}
	var rows [][]string
	for _, ind := range inds {
		orgs := append([]string(nil), ind.Reporters...)
		sort.Slice(orgs, func(i, j int) bool {
			return strings.ToLower(cat.orgNames[orgs[i]]) < strings.ToLower(cat.orgNames[orgs[j]])
		})
		for _, org := range orgs {
			rows = append(
				rows,
				[]string{ind.Name, cat.orgNames[org], LastClosed(ind.Frequency, now).String(), "", "", ""},
			)
		}
	}

	if format == FormatCSV {
		cw := sheet.NewWriter(w)
		if err := cw.Write(header); err != nil {
			return err
		}
		if err := cw.WriteAll(rows); err != nil {
			return err
		}
		return cw.Error()
	}
	return writeXLSXTemplate(w, header, rows, inds)
}

// writeXLSXTemplate writes the template's rows as a workbook: a sheet of
// them, all text, and a sheet that describes the indicators.
func writeXLSXTemplate(w io.Writer, header []string, rows [][]string, inds []*Indicator) error {
	f := excelize.NewFile()
	defer f.Close()
	const sheet = "Measurements"
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	set := func(sheet string, r, c int, v string) error {
		cell, err := excelize.CoordinatesToCellName(c, r)
		if err != nil {
			return err
		}
		return f.SetCellStr(sheet, cell, v) // text, so periods stay 2024-03 and never turn into dates
	}
	for c, h := range header {
		if err := set(sheet, 1, c+1, h); err != nil {
			return err
		}
	}
	for r, row := range rows {
		for c, v := range row {
			if v == "" {
				continue
			}
			if err := set(sheet, r+2, c+1, v); err != nil {
				return err
			}
		}
	}

	const about = "Indicators"
	if _, err := f.NewSheet(about); err != nil {
		return err
	}
	for c, h := range []string{"indicator", "id", "frequency", "period format", "unit", "combine", "weight", "definition"} {
		if err := set(about, 1, c+1, h); err != nil {
			return err
		}
	}
	for r, ind := range inds {
		described := []string{ind.Name, strconv.FormatInt(ind.ID, 10), string(ind.Frequency), ind.Frequency.example(),
			ind.Unit, ind.Aggregation, ind.WeightLabel, ind.Definition}
		for c, v := range described {
			if err := set(about, r+2, c+1, v); err != nil {
				return err
			}
		}
	}
	return f.Write(w)
}
