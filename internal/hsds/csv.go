package hsds

import (
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"strings"
)

// CSVFormat names an HSDS 3.0 tabular data package in bundles and the
// audit log.
const CSVFormat = "hsds-3.0-csv"

// ReadCSV reads an HSDS 3.0 tabular data package: a folder holding
// datapackage.json and one CSV file per table (organizations.csv,
// services.csv, taxonomy_terms.csv, ...), each with a header row. A table
// whose file is missing has no rows; 3.1's columns and tables are read too
// (tables31.go), other columns are ignored. Ids are kept as they are, so importing
// the same package again updates what the first import made. Every problem
// names the file, the row (the header is row 1) and the field; one problem
// refuses the whole package.
func ReadCSV(fsys fs.FS) (*Bundle, error) {
	h := newBuilder(CSVFormat)
	files, err := packageFiles(fsys)
	if err != nil {
		return nil, err
	}
	for _, t := range Tables {
		if err := h.readCSV(fsys, t, files[t.Name]); err != nil {
			return nil, err
		}
		if h.full() {
			break
		}
	}
	return h.bundle()
}

// packageFiles reads datapackage.json for where each table's file is; a
// table the package does not list is looked for under its usual name.
func packageFiles(fsys fs.FS) (map[string]string, error) {
	if _, err := fs.Stat(fsys, "datapackage.json"); err != nil {
		return nil, fmt.Errorf("read datapackage.json: %w", err)
	}
	files := map[string]string{}
	for _, t := range Tables {
		files[t.Name] = t.File
	}
	// The specification's own example package ships a datapackage.json
	// that only names another file; the usual file names serve.
	for name, p := range packageResources(fsys) {
		if p != "" && files[name] != "" && fs.ValidPath(path.Clean(p)) {
			files[name] = path.Clean(p)
		}
	}
	return files, nil
}

// packageResources reads the resources datapackage.json lists: the path
// of each by its name (none when the file is not a package's JSON).
func packageResources(fsys fs.FS) map[string]string {
	data, err := fs.ReadFile(fsys, "datapackage.json")
	if err != nil {
		return nil
	}
	var pkg struct {
		Resources []struct {
			Name string `json:"name"`
			Path any    `json:"path"`
		} `json:"resources"`
	}
	if json.Unmarshal(data, &pkg) != nil {
		return nil
	}
	out := map[string]string{}
	for _, r := range pkg.Resources {
		p, _ := r.Path.(string)
		out[r.Name] = p
	}
	return out
}

func (h *builder) readCSV(fsys fs.FS, t *Table, file string) error {
	var need []string
	for _, c := range t.Columns {
		if t.MustBeFilled(c) {
			need = append(need, c.Name)
		}
	}
	return h.eachCSVRow(fsys, file, need, func(source string, header map[string]int, fields []string) {
		r := &sourceRow{table: t, source: source, values: map[string]string{}}
		for _, c := range t.Columns {
			if i, ok := header[c.Name]; ok {
				r.values[c.Name] = fields[i]
			}
		}
		if h.check(r) {
			h.put(r, true)
		}
	})
}

// eachCSVRow calls fn with each data row of a CSV file of a package (its
// source, "services.csv row 3", the header row is row 1), the header's
// columns by lower-case name, and the row's fields. A missing file has no
// rows; the header must have the columns in need. Problems are noted, not
// returned: only a file that cannot be opened is an error.
func (h *builder) eachCSVRow(fsys fs.FS, file string, need []string,
	fn func(source string, header map[string]int, fields []string)) error {
	f, err := fsys.Open(file)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("open %s: %w", file, err)
	}
	defer f.Close()
	cr := csv.NewReader(f)
	cr.FieldsPerRecord = -1
	head, err := cr.Read()
	if err == io.EOF {
		h.add(fmt.Errorf("%s: the file is empty: it needs a header row", file))
		return nil
	}
	if err != nil {
		h.add(fmt.Errorf("%s row 1: %v", file, err))
		return nil
	}
	header := map[string]int{}
	for i, name := range head {
		if i == 0 {
			name = strings.TrimPrefix(name, "\uFEFF")
		}
		name = strings.ToLower(strings.TrimSpace(name))
		if _, dup := header[name]; dup && name != "" {
			h.add(fmt.Errorf("%s row 1: column %q appears twice", file, name))
		}
		header[name] = i
	}
	for _, c := range need {
		if _, ok := header[c]; !ok {
			h.add(fmt.Errorf("%s row 1: %s: the header has no %q column", file, c, c))
		}
	}
	if len(h.problems) > 0 {
		return nil
	}
	for n := 2; !h.full(); n++ {
		fields, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			h.add(fmt.Errorf("%s row %d: %v", file, n, err))
			break
		}
		if len(fields) != len(head) {
			h.add(fmt.Errorf("%s row %d: has %d fields where the header has %d", file, n, len(fields), len(head)))
			continue
		}
		fn(fmt.Sprintf("%s row %d", file, n), header, fields)
	}
	return nil
}
