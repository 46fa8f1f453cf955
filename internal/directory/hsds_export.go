package directory

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"backbone/internal/account"
	"backbone/internal/errs"
	"backbone/internal/hsds"
)

// ExportHSDS writes the whole directory to dir in HSDS 3.0 (see
// hsds.WriteFolder: services.json and organizations.json, and the tabular
// data package, which holds everything), for someone who may take the
// directory out (account.ExportDirectory). It returns how many records of
// each kind it wrote.
func (s *Store) ExportHSDS(ctx context.Context, actor account.Actor, dir string) (Counts, error) {
	return s.ExportHSDSVersion(ctx, actor, dir, hsds.V30)
}

// ExportHSDSVersion exports as ExportHSDS does, in an HSDS version of
// hsds.Versions: 3.1 adds its fields and objects to 3.0's.
func (s *Store) ExportHSDSVersion(ctx context.Context, actor account.Actor, dir, version string) (Counts, error) {
	var c Counts
	if !hsds.KnownVersion(version) {
		v := &errs.ValidationError{}
		v.Add("version", "must be one of "+strings.Join(hsds.Versions, ", "))
		return c, v
	}
	if err := s.rules.Check(ctx, actor, account.ExportDirectory, account.Platform); err != nil {
		return c, err
	}

	data, err := s.loadHSDS(ctx)
	if err != nil {
		return c, err
	}
	data.Version = version
	if err := hsds.WriteFolder(dir, data); err != nil {
		return c, err
	}
	for _, t := range hsds.TablesOf(version) {
		*c.of(t.Name) = len(data.Rows(t.Name))
	}
	return c, nil
}

// loadHSDS reads every HSDS table in one transaction, so the export is one
// consistent picture.
func (s *Store) loadHSDS(ctx context.Context) (*hsds.Dataset, error) {
	d := hsds.NewDataset()
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		for _, t := range hsds.Tables {
			if err := loadTable(ctx, tx, d, t); err != nil {
				return fmt.Errorf("export %s: %w", t.Table, err)
			}
		}
		return nil
	})
	return d, err
}

// loadTable adds every row of t to d, by id, linked to what nests it.
func loadTable(ctx context.Context, tx *sql.Tx, d *hsds.Dataset, t *hsds.Table) error {
	cols := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		cols[i] = c.Name
	}
	rows, err := tx.QueryContext(ctx, `SELECT `+strings.Join(cols, ", ")+` FROM `+t.Table+` ORDER BY id`)
	if err != nil {
		return err
	}
	err = scanHSDSRows(rows, t, func(row map[string]string) { d.Add(t.Name, row) })
	if err != nil {
		return err
	}
	d.LinkAll(t.Name)
	return nil
}
