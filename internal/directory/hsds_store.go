package directory

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"backbone/internal/hsds"
)

// linker resolves the references of a bundle being saved: to a record in
// the bundle or one already in the database. A required reference that is
// nowhere refuses the import; an optional one is left empty and counted,
// because real packages (the specification's own example among them)
// point at records they do not carry.
type linker struct {
	ctx      context.Context
	tx       *sql.Tx
	inBundle map[string]map[string]bool // resource → ids
	inDB     map[string]bool            // resource + "\x00" + id → found
	byTable  map[string][]int           // resource → indexes into hsds.Bundle.Records
	loose    bool
	unlinked int

	done, total int
	report      func(done, total int)
}

func newLinker(ctx context.Context, tx *sql.Tx, b *hsds.Bundle) *linker {
	l := &linker{
		ctx:      ctx,
		tx:       tx,
		inBundle: map[string]map[string]bool{},
		inDB:     map[string]bool{},
		byTable:  map[string][]int{},
		report:   b.Progress,
		loose:    b.LooseLinks,
	}
	add := func(table, id string) {
		if l.inBundle[table] == nil {
			l.inBundle[table] = map[string]bool{}
		}
		l.inBundle[table][id] = true
	}
	for _, o := range b.Organizations {
		add("organization", o.ID)
	}
	for _, x := range b.Locations {
		add("location", x.ID)
	}
	for _, x := range b.Services {
		add("service", x.ID)
	}
	for _, x := range b.ServiceAtLocations {
		add("service_at_location", x.ID)
	}
	for _, x := range b.Phones {
		add("phone", x.ID)
	}
	for i, r := range b.Records {
		add(r.Table, r.ID)
		l.byTable[r.Table] = append(l.byTable[r.Table], i)
	}
	l.total = len(b.Organizations) + len(b.Locations) + len(b.Addresses) + len(b.Services) + len(b.ServiceAtLocations) +
		len(b.Phones) + len(b.Records)
	if l.report != nil {
		l.report(0, l.total)
	}
	return l
}

// progress counts one saved record, telling the bundle's Progress every
// thousand and at the end.
func (l *linker) progress() {
	l.done++
	if l.report != nil && (l.done%1000 == 0 || l.done == l.total) {
		l.report(l.done, l.total)
	}
}

func (l *linker) exists(table, id string) (bool, error) {
	if l.inBundle[table][id] {
		return true, nil
	}
	key := table + "\x00" + id
	if found, ok := l.inDB[key]; ok {
		return found, nil
	}
	t := hsds.TableNamed(table)
	var n int
	if err := l.tx.QueryRowContext(l.ctx, `SELECT COUNT(*) FROM `+t.Table+` WHERE id = $1`, id).Scan(&n); err != nil {
		return false, saveError(table, "look up "+table+" "+id, err)
	}
	l.inDB[key] = n > 0
	return n > 0, nil
}

// optional returns the id to store for an optional reference: nil when it
// is empty, or, with loose links, when it refers to nothing known.
func (l *linker) optional(table, id string) (any, error) {
	if id == "" {
		return nil, nil
	}
	if !l.loose {
		return id, nil // the database's foreign key has the last word
	}
	ok, err := l.exists(table, id)
	if err != nil || !ok {
		if err == nil {
			l.unlinked++
		}
		return nil, err
	}
	return id, nil
}

// required checks a reference the record cannot do without.
func (l *linker) required(source, field, table, id string) error {
	if id == "" {
		return fmt.Errorf("%s: %s: is required", source, field)
	}
	ok, err := l.exists(table, id)
	if err != nil {
		return err
	}
	if !ok {
		return fmt.Errorf(
			"%s: %s: no %s with id %q in the import or the database",
			source,
			field,
			strings.ReplaceAll(table, "_", " "),
			id,
		)
	}
	return nil
}

// saveRecords upserts the bundle's records of the given tables, by id.
func (s *Store) saveRecords(
	ctx context.Context,
	tx *sql.Tx,
	l *linker,
	b *hsds.Bundle,
	c *Counts,
	tables ...string,
) error {
	for _, name := range tables {
		t := hsds.TableNamed(name)
		cols := []string{"id"}
		for _, col := range t.Columns[1:] {
			cols = append(cols, col.Name)
		}
		rows := newUpserts(ctx, tx, s.db.Engine, t.Table, cols, upsertTail(cols),
			func(source string, err error) error {
				return saveError(source, strings.ReplaceAll(name, "_", " "), err)
			})
		for _, i := range l.byTable[name] {
			r := b.Records[i]
			args := []any{r.ID}
			for _, col := range t.Columns[1:] {
				v := r.Values[col.Name]
				switch {
				case col.Ref != "" && t.MustBeFilled(col):
					if err := l.required(r.Source, col.Name, col.Ref, v); err != nil {
						return err
					}
					args = append(args, v)
				case col.Ref != "":
					id, err := l.optional(col.Ref, v)
					if err != nil {
						return err
					}
					args = append(args, id)
				case col.Kind == hsds.Number && v == "":
					args = append(args, nil)
				case col.Kind == hsds.Number:
					f, err := strconv.ParseFloat(v, 64)
					if err != nil {
						return fmt.Errorf("%s: %s: %q is not a number", r.Source, col.Name, v)
					}
					args = append(args, f)
				default:
					args = append(args, v)
				}
			}
			if err := rows.add(r.Source, args...); err != nil {
				return err
			}
			*c.of(name)++
			l.progress()
		}
		if err := rows.flush(); err != nil {
			return err
		}
	}
	return nil
}

// saveParents links organizations to their parents once all are saved, so
// that a parent may come after its child in the source. Those without a
// parent (most) are cleared a few hundred at a time.
func saveParents(ctx context.Context, tx *sql.Tx, l *linker, b *hsds.Bundle) error {
	var none []any
	clear := func() error {
		if len(none) == 0 {
			return nil
		}
		marks := make([]string, len(none))
		for i := range none {
			marks[i] = "$" + strconv.Itoa(i+1)
		}
		_, err := tx.ExecContext(ctx, `UPDATE organizations SET parent_organization_id = NULL
			WHERE parent_organization_id IS NOT NULL AND id IN (`+strings.Join(marks, ", ")+`)`, none...)
		none = none[:0]
		if err != nil {
			return saveError("organizations", "parent organizations", err)
		}
		return nil
	}
	for _, o := range b.Organizations {
		parent, err := l.optional("organization", o.ParentOrganizationID)
		if err != nil {
			return err
		}
		if parent == nil {
			if none = append(none, o.ID); len(none) == 500 {
				if err := clear(); err != nil {
					return err
				}
			}
			continue
		}
		if err := clear(); err != nil { // in order, should an organization come twice
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE organizations SET parent_organization_id = $1 WHERE id = $2`, parent, o.ID); err != nil {
			return saveError(o.Source, "parent organization", err)
		}
	}
	return clear()
}

// of returns the count of an HSDS table.
func (c *Counts) of(table string) *int {
	switch table {
	case "organization":
		return &c.Organizations
	case "location":
		return &c.Locations
	case "address":
		return &c.Addresses
	case "phone":
		return &c.Phones
	case "service":
		return &c.Services
	case "service_at_location":
		return &c.ServiceAtLocations
	case "taxonomy":
		return &c.Taxonomies
	case "taxonomy_term":
		return &c.TaxonomyTerms
	case "program":
		return &c.Programs
	case "contact":
		return &c.Contacts
	case "schedule":
		return &c.Schedules
	case "language":
		return &c.Languages
	case "service_area":
		return &c.ServiceAreas
	case "cost_option":
		return &c.CostOptions
	case "required_document":
		return &c.RequiredDocuments
	case "funding":
		return &c.Fundings
	case "accessibility":
		return &c.Accessibility
	case "organization_identifier":
		return &c.OrganizationIdentifiers
	case "attribute":
		return &c.Attributes
	case "metadata":
		return &c.Metadata
	case "meta_table_description":
		return &c.MetaTableDescriptions
	case "url":
		return &c.URLs
	case "unit":
		return &c.Units
	case "service_capacity":
		return &c.ServiceCapacities
	}
	panic("directory: no count for HSDS table " + table)
}

// hsdsString says the counts of the HSDS objects beyond the first six,
// those that are not zero.
func (c Counts) hsdsString() string {
	var parts []string
	for _, t := range hsds.Tables {
		switch t.Name {
		case "organization", "location", "address", "phone", "service", "service_at_location":
			continue
		}
		if n := *c.of(t.Name); n > 0 {
			parts = append(
				parts,
				fmt.Sprintf("%d %s", n, strings.ReplaceAll(strings.TrimSuffix(t.File, ".csv"), "_", " ")),
			)
		}
	}
	if c.Unlinked > 0 {
		references := "references"
		if c.Unlinked == 1 {
			references = "reference"
		}
		parts = append(parts, fmt.Sprintf("%d %s to records not found, left empty", c.Unlinked, references))
	}
	if len(parts) == 0 {
		return ""
	}
	return ", " + strings.Join(parts, ", ")
}
