package hsds

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
)

// WriteFolder writes the rows of d to dir in HSDS 3.0 (or d.Version): services.json and
// organizations.json, arrays of full objects nested as the HSDS API
// returns them, and beside them the tabular data package (datapackage.json
// and one CSV per table), which holds everything, records that no service
// or organization reaches included.
func WriteFolder(dir string, d *Dataset) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("export: %w", err)
	}

	for _, t := range TablesOf(d.Version) {
		if err := writeCSV(filepath.Join(dir, t.File), t, d.Rows(t.Name)); err != nil {
			return err
		}
	}
	pkg, err := marshalJSON(dataPackage(d.Version))
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "datapackage.json"), pkg, 0o644); err != nil {
		return fmt.Errorf("export: %w", err)
	}

	tops := []struct{ table, file string }{{"service", "services.json"}, {"organization", "organizations.json"}}
	for _, top := range tops {
		objects := make([]map[string]any, 0, len(d.Rows(top.table)))
		for _, row := range d.Rows(top.table) {
			objects = append(objects, d.Object(top.table, row, nil))
		}
		out, err := marshalJSON(objects)
		if err != nil {
			return fmt.Errorf("export %s: %w", top.file, err)
		}
		if err := os.WriteFile(filepath.Join(dir, top.file), out, 0o644); err != nil {
			return fmt.Errorf("export: %w", err)
		}
	}
	return nil
}

// writeCSV writes the rows of t as its CSV file of a data package.
func writeCSV(path string, t *Table, rows []map[string]string) error {
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
		if !rowComplete(t, row) {
			continue // see cells_out.go
		}
		for i, c := range t.Columns {
			line[i] = csvCell(t, c, row)
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

// dataPackage describes the exported CSV files as the HSDS 3.0 tabular
// data package does.
func dataPackage(version string) map[string]any {
	var resources []map[string]any
	for _, t := range TablesOf(version) {
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
		"profile": "tabular-data-package", "version": packageVersion(version), "homepage": "http://docs.openreferral.org",
		"resources": resources}
}

// marshalJSON marshals v as indented JSON without escaping <, > and &, which
// descriptions and URLs hold.
func marshalJSON(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
