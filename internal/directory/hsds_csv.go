package directory

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

// ReadHSDSCSV reads an HSDS 3.0 tabular data package: a folder holding
// datapackage.json and one CSV file per table (organizations.csv,
// services.csv, taxonomy_terms.csv, ...), each with a header row. A table
// whose file is missing has no rows; columns HSDS 3.0 does not define (such
// as 3.1's additions) are ignored. Ids are kept as they are, so importing
// the same package again updates what the first import made. Every problem
// names the file, the row (the header is row 1) and the field; one problem
// refuses the whole package.
func ReadHSDSCSV(fsys fs.FS) (*Bundle, error) {
	h := newHSDSBuilder(HSDSCSVFormat)
	files, err := packageFiles(fsys)
	if err != nil {
		return nil, err
	}
	for _, t := range hsdsTables {
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
	data, err := fs.ReadFile(fsys, "datapackage.json")
	if err != nil {
		return nil, fmt.Errorf("read datapackage.json: %w", err)
	}
	var pkg struct {
		Resources []struct {
			Name string `json:"name"`
			Path any    `json:"path"`
		} `json:"resources"`
	}
	files := map[string]string{}
	for _, t := range hsdsTables {
		files[t.Name] = t.File
	}
	if err := json.Unmarshal(data, &pkg); err != nil {
		// The specification's own example package ships a datapackage.json
		// that only names another file; the usual file names serve.
		return files, nil
	}
	for _, r := range pkg.Resources {
		if p, ok := r.Path.(string); ok && p != "" && files[r.Name] != "" && fs.ValidPath(path.Clean(p)) {
			files[r.Name] = path.Clean(p)
		}
	}
	return files, nil
}

func (h *hsdsBuilder) readCSV(fsys fs.FS, t *hsdsTable, file string) error {
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
	for _, c := range t.Columns {
		if _, ok := header[c.Name]; !ok && mustBeFilled(t, c) {
			h.add(fmt.Errorf("%s row 1: %s: the header has no %q column", file, c.Name, c.Name))
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
		r := &hsdsRow{table: t, source: fmt.Sprintf("%s row %d", file, n), values: map[string]string{}}
		for _, c := range t.Columns {
			if i, ok := header[c.Name]; ok {
				r.values[c.Name] = fields[i]
			}
		}
		if h.check(r) {
			h.put(r, true)
		}
	}
	return nil
}
