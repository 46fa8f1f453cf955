package directory

import (
	"context"
	"database/sql"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"backbone/internal/store"
)

// hsdsData is every HSDS table read from the database, each row a map of
// field to value ("" for empty), sorted by id.
type hsdsData struct {
	rows   map[string][]map[string]string
	byID   map[string]map[string]map[string]string   // table → id → row
	byLink map[string]map[string][]map[string]string // table + "." + column → value → rows
}

// ExportHSDS writes the whole directory to dir in HSDS 3.0: services.json
// and organizations.json, arrays of full objects nested as the HSDS API
// returns them, and beside them the tabular data package (datapackage.json
// and one CSV per table), which holds everything, records that no service
// or organization reaches included. It returns how many records of each
// kind it wrote.
func (s *Store) ExportHSDS(ctx context.Context, dir string) (Counts, error) {
	var c Counts
	data, err := s.loadHSDS(ctx)
	if err != nil {
		return c, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return c, fmt.Errorf("export: %w", err)
	}
	for _, t := range hsdsTables {
		if err := writeHSDSCSV(filepath.Join(dir, t.File), t, data.rows[t.Name]); err != nil {
			return c, err
		}
		*c.of(t.Name) = len(data.rows[t.Name])
	}
	pkg, err := hsdsJSON(hsdsDataPackage())
	if err != nil {
		return c, err
	}
	if err := os.WriteFile(filepath.Join(dir, "datapackage.json"), pkg, 0o644); err != nil {
		return c, fmt.Errorf("export: %w", err)
	}
	for _, top := range []struct{ table, file string }{{"service", "services.json"}, {"organization", "organizations.json"}} {
		objects := make([]map[string]any, 0, len(data.rows[top.table]))
		for _, row := range data.rows[top.table] {
			objects = append(objects, data.object(top.table, row, nil))
		}
		out, err := hsdsJSON(objects)
		if err != nil {
			return c, fmt.Errorf("export %s: %w", top.file, err)
		}
		if err := os.WriteFile(filepath.Join(dir, top.file), out, 0o644); err != nil {
			return c, fmt.Errorf("export: %w", err)
		}
	}
	return c, nil
}

// loadHSDS reads every HSDS table in one transaction, so the export is one
// consistent picture.
func (s *Store) loadHSDS(ctx context.Context) (*hsdsData, error) {
	d := &hsdsData{rows: map[string][]map[string]string{}, byID: map[string]map[string]map[string]string{},
		byLink: map[string]map[string][]map[string]string{}}
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		for _, t := range hsdsTables {
			if err := d.load(ctx, tx, t); err != nil {
				return store.Classify(fmt.Errorf("export %s: %w", t.Table, err))
			}
		}
		return nil
	})
	return d, err
}

func (d *hsdsData) load(ctx context.Context, tx *sql.Tx, t *hsdsTable) error {
	cols := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		cols[i] = c.Name
	}
	rows, err := tx.QueryContext(ctx, `SELECT `+strings.Join(cols, ", ")+` FROM `+t.Table+` ORDER BY id`)
	if err != nil {
		return err
	}
	d.byID[t.Name] = map[string]map[string]string{}
	err = scanHSDSRows(rows, t, func(row map[string]string) {
		d.rows[t.Name] = append(d.rows[t.Name], row)
		d.byID[t.Name][row["id"]] = row
	})
	if err != nil {
		return err
	}
	for _, n := range nestedLinks(t.Name) {
		m := map[string][]map[string]string{}
		for _, row := range d.rows[t.Name] {
			if v := row[n]; v != "" {
				m[v] = append(m[v], row)
			}
		}
		d.byLink[t.Name+"."+n] = m
	}
	return nil
}

// nestedLinks lists the columns by which rows of table are found as the
// children of another object.
func nestedLinks(table string) []string {
	seen := map[string]bool{}
	var out []string
	for parent := range hsdsNesting {
		for _, n := range nestedOf(parent) {
			if n.Table == table && !n.One && !seen[n.Link] {
				seen[n.Link] = true
				out = append(out, n.Link)
			}
		}
	}
	for _, n := range nestedOf("service") { // attributes and metadata of any object
		if n.Table == table && !seen[n.Link] {
			seen[n.Link] = true
			out = append(out, n.Link)
		}
	}
	return out
}

// object builds the full JSON object of a row, with what it nests; an
// object does not nest the kinds of those it is nested in (a service's
// organization does not list the services again).
func (d *hsdsData) object(table string, row map[string]string, ancestors []string) map[string]any {
	t := hsdsTableNamed(table)
	obj := map[string]any{}
	for _, c := range t.Columns {
		v := row[c.Name]
		switch {
		case c.Kind == hsdsNumber && v != "":
			// The schema wants a number; a phone extension such as "x12"
			// cannot be one and stays in the CSV only.
			if f, err := strconv.ParseFloat(v, 64); err == nil {
				obj[c.Name] = json.Number(strconv.FormatFloat(f, 'f', -1, 64))
			}
		case v != "" || (c.Required && c.Kind == hsdsText):
			obj[c.Name] = v
		}
	}
	ancestors = append(ancestors[:len(ancestors):len(ancestors)], table)
	for _, n := range nestedOf(table) {
		if contains(ancestors, n.Table) {
			continue
		}
		if n.One {
			if child, ok := d.byID[n.Table][row[n.Link]]; ok && row[n.Link] != "" {
				obj[n.Key] = d.object(n.Table, child, ancestors)
			}
			continue
		}
		children := d.byLink[n.Table+"."+n.Link][row["id"]]
		if len(children) == 0 {
			continue
		}
		list := make([]map[string]any, len(children))
		for i, child := range children {
			list[i] = d.object(n.Table, child, ancestors)
		}
		obj[n.Key] = list
	}
	return obj
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func writeHSDSCSV(path string, t *hsdsTable, rows []map[string]string) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	w := csv.NewWriter(f)
	cols := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		cols[i] = c.Name
	}
	_ = w.Write(cols)
	line := make([]string, len(cols))
	for _, row := range rows {
		for i, c := range cols {
			line[i] = row[c]
		}
		_ = w.Write(line)
	}
	w.Flush()
	if err := w.Error(); err != nil {
		f.Close()
		return fmt.Errorf("export %s: %w", t.File, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("export %s: %w", t.File, err)
	}
	return nil
}

// hsdsDataPackage describes the exported CSV files as the HSDS 3.0 tabular
// data package does.
func hsdsDataPackage() map[string]any {
	var resources []map[string]any
	for _, t := range hsdsTables {
		var fields []map[string]any
		var fks []map[string]any
		for _, c := range t.Columns {
			f := map[string]any{"name": c.Name, "type": c.Type}
			if c.Format != "" {
				f["format"] = c.Format
			}
			cons := map[string]any{"required": c.Required, "unique": c.Name == "id"}
			if len(c.Enum) > 0 {
				cons["enum"] = c.Enum
			}
			f["constraints"] = cons
			fields = append(fields, f)
			if c.Ref != "" {
				fks = append(fks, map[string]any{"fields": c.Name, "reference": map[string]any{"resource": c.Ref, "fields": "id"}})
			}
		}
		schema := map[string]any{"primaryKey": "id", "fields": fields}
		if len(fks) > 0 {
			schema["foreignKeys"] = fks
		}
		resources = append(resources, map[string]any{"name": t.Name, "path": t.File, "format": "csv",
			"mediatype": "text/csv", "profile": "tabular-data-resource", "schema": schema})
	}
	return map[string]any{"name": "human_services_data", "title": "Human Services Data Specification",
		"profile": "tabular-data-package", "version": "3.0.0", "homepage": "http://docs.openreferral.org",
		"resources": resources}
}
