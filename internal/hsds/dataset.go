package hsds

import (
	"encoding/json"
	"slices"
	"strconv"
)

// Dataset is rows of HSDS tables, each a map of field to value (a field
// left out is empty), found by id and by the columns through which objects
// nest them, from which the HSDS API's objects are built (Object, Listed,
// Flat) and a data package is written (WriteFolder). Whoever reads the rows
// from storage adds them (Add, Link); a Dataset knows no database.
type Dataset struct {
	// Version is the HSDS version its objects and package are written in
	// (V30 when empty): a 3.0 Dataset leaves 3.1's fields and objects out.
	Version string

	rows   map[string][]map[string]string
	byID   map[string]map[string]map[string]string   // table → id → row
	byLink map[string]map[string][]map[string]string // table + "." + column → value → rows
}

// NewDataset returns an empty Dataset.
func NewDataset() *Dataset {
	return &Dataset{rows: map[string][]map[string]string{}, byID: map[string]map[string]map[string]string{},
		byLink: map[string]map[string][]map[string]string{}}
}

// Add adds a row of table, unless the Dataset has a row of its id already;
// it reports whether it added it.
func (d *Dataset) Add(table string, row map[string]string) bool {
	if d.byID[table] == nil {
		d.byID[table] = map[string]map[string]string{}
	}
	if _, ok := d.byID[table][row["id"]]; ok {
		return false
	}
	d.byID[table][row["id"]] = row
	d.rows[table] = append(d.rows[table], row)
	return true
}

// Link finds a row of table by the value of its column, for Linked and
// for the objects that nest it (a row with no value there is found by none).
func (d *Dataset) Link(table, column string, row map[string]string) {
	v := row[column]
	if v == "" {
		return
	}
	key := table + "." + column
	if d.byLink[key] == nil {
		d.byLink[key] = map[string][]map[string]string{}
	}
	d.byLink[key][v] = append(d.byLink[key][v], row)
}

// LinkAll links every row of table (Link) by each column through which an
// object nests it, so that Object finds them all.
func (d *Dataset) LinkAll(table string) {
	for _, column := range nestedLinks(table) {
		for _, row := range d.rows[table] {
			d.Link(table, column, row)
		}
	}
}

// Rows returns the rows of table in the order they were added.
func (d *Dataset) Rows(table string) []map[string]string { return d.rows[table] }

// Row returns the row of table with the id, if there is one.
func (d *Dataset) Row(table, id string) (map[string]string, bool) {
	row, ok := d.byID[table][id]
	return row, ok
}

// Linked returns the rows of table linked (Link) by their column's value.
func (d *Dataset) Linked(table, column, value string) []map[string]string {
	return d.byLink[table+"."+column][value]
}

// nestedLinks lists the columns by which rows of table are found as the
// children of another object.
func nestedLinks(table string) []string {
	seen := map[string]bool{}
	var out []string
	for parent := range nests {
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

// Object builds the full JSON object of a row of table, with what it
// nests; an object does not nest the kinds of those it is nested in, its
// ancestors (a service's organization does not list the services again).
func (d *Dataset) Object(table string, row map[string]string, ancestors []string) map[string]any {
	t := TableNamed(table)
	obj := map[string]any{}
	for _, c := range t.Columns {
		if !in(c.Since, d.Version) {
			continue
		}
		v := cellOut(t, c, row)
		switch {
		case c.Kind == Number && v != "":
			// The schema wants a number; a phone extension such as "x12"
			// cannot be one and stays in the CSV only.
			if f, err := strconv.ParseFloat(v, 64); err == nil {
				obj[c.Name] = json.Number(strconv.FormatFloat(f, 'f', -1, 64))
			}
		case v != "" || (c.Required && c.Kind == Text):
			obj[c.Name] = v
		}
	}

	ancestors = append(ancestors[:len(ancestors):len(ancestors)], table)
	for _, n := range nestedOf(table) {
		if slices.Contains(ancestors, n.Table) || !in(nestSince(table, n), d.Version) {
			continue
		}
		if n.One {
			if child, ok := d.byID[n.Table][row[n.Link]]; ok && row[n.Link] != "" {
				obj[n.Key] = d.Object(n.Table, child, ancestors)
			}
			continue
		}
		children := d.byLink[n.Table+"."+n.Link][row["id"]]
		if len(children) == 0 {
			continue
		}
		list := make([]map[string]any, len(children))
		for i, child := range children {
			list[i] = d.Object(n.Table, child, ancestors)
		}
		obj[n.Key] = list
	}
	return obj
}

// listedOnes are the one-to-one objects that an object of a list carries
// beside its own fields, as the specification's *_list.json schemas and
// examples show them.
var listedOnes = map[string][]string{
	"service":             {"organization", "program"},
	"service_at_location": {"location", "service"},
	"taxonomy_term":       {"taxonomy_detail"},
}

// Flat returns an object's own fields, nesting nothing: every kind of
// object counts as an ancestor, and an object nests no kind of its
// ancestors.
func (d *Dataset) Flat(table string, row map[string]string) map[string]any {
	all := make([]string, len(Tables))
	for i, t := range Tables {
		all[i] = t.Name
	}
	return d.Object(table, row, all)
}

// Listed returns the list form of an object: its own fields and the
// one-to-one objects it points at, those in their list form too.
func (d *Dataset) Listed(table string, row map[string]string) map[string]any {
	obj := d.Flat(table, row)
	for _, n := range nestedOf(table) {
		if !n.One || !slices.Contains(listedOnes[table], n.Key) || row[n.Link] == "" {
			continue
		}
		if child, ok := d.byID[n.Table][row[n.Link]]; ok {
			obj[n.Key] = d.Listed(n.Table, child)
		}
	}
	return obj
}

// Fetch returns the rows of table whose column holds one of values, having
// added them to the Dataset being filled (and linked them by column, when
// that is not the id), so that a Dataset can hold only the rows that some
// objects nest rather than a whole directory.
type Fetch func(table, column string, values []string) ([]map[string]string, error)

// FetchNested fetches everything that Object(table, row, ancestors) reads
// for the given rows, following the same nesting and the same rule against
// repeating an ancestor's kind.
func FetchNested(fetch Fetch, table string, rows []map[string]string, ancestors []string) error {
	if len(rows) == 0 {
		return nil
	}
	ancestors = append(ancestors[:len(ancestors):len(ancestors)], table)
	for _, n := range nestedOf(table) {
		if slices.Contains(ancestors, n.Table) {
			continue
		}
		var children []map[string]string
		var err error
		if n.One {
			children, err = fetch(n.Table, "id", column(rows, n.Link))
		} else {
			children, err = fetch(n.Table, n.Link, column(rows, "id"))
		}
		if err != nil {
			return err
		}
		if err := FetchNested(fetch, n.Table, children, ancestors); err != nil {
			return err
		}
	}
	return nil
}

// FetchListed fetches the one-to-one objects that the list form (Listed)
// of the rows carries.
func FetchListed(fetch Fetch, table string, rows []map[string]string) error {
	for _, n := range nestedOf(table) {
		if !n.One || !slices.Contains(listedOnes[table], n.Key) {
			continue
		}
		children, err := fetch(n.Table, "id", column(rows, n.Link))
		if err != nil {
			return err
		}
		if err := FetchListed(fetch, n.Table, children); err != nil {
			return err
		}
	}
	return nil
}

// column returns each row's value of a field.
func column(rows []map[string]string, name string) []string {
	out := make([]string, 0, len(rows))
	for _, r := range rows {
		out = append(out, r[name])
	}
	return out
}
