package directory

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"backbone/internal/errs"
	"backbone/internal/hsds"
	"backbone/internal/store"
)

// HSDSQuery selects the records of an HSDS API list. Only the fields that
// apply to the kind of record listed are read.
type HSDSQuery struct {
	Search         string    // services and organizations: words, found by the full-text index as Search finds them; taxonomies and terms: part of a name, description or code, any case
	TaxonomyTermID string    // services with an attribute of this term
	TaxonomyID     string    // services with an attribute of a term of this taxonomy; terms of this taxonomy
	OrganizationID string    // services of this organization
	ModifiedAfter  time.Time // records changed here at or after this time
	PostalCode     string    // service at locations whose location has an address with this postal code
	ParentID       string    // taxonomy terms under this term
	TopOnly        bool      // taxonomy terms with no parent
	Version        string    // the HSDS version of the objects: hsds.V30 (when empty) or hsds.V31
	Limit, Offset  int
}

// HSDSForm says how much of each object an HSDS API list carries.
type HSDSForm int

// The forms of an HSDS API object, as the specification's compiled schemas
// draw them.
const (
	HSDSListed  HSDSForm = iota // its own fields and the one-to-one objects it points at (service_list.json)
	HSDSMinimal                 // a service's id, name, status and last_modified
	HSDSFull                    // fully nested, as the detail endpoint returns it
)

// HSDSPage is one page of HSDS objects, with the total across all pages.
type HSDSPage struct {
	Total   int
	Objects []map[string]any
}

// hsdsList is how one kind of record is selected: the root table, the FROM
// clause (aliased so that filters can name its columns) and the filters that
// apply to it.
type hsdsList struct {
	table string // the HSDS resource, such as "service"
	from  string
	order string
	where func(q HSDSQuery, e store.Engine, arg func(any) string) []string
	// all, when set, counts the list unfiltered, as a sync client pages
	// through it, more cheaply than from the list's FROM.
	all string
	// bySets: the list filtered is hsdsServiceList's (services, services
	// at locations); where then only says what is published.
	bySets bool
}

// publishedService is the condition that a service (alias s) is in the
// open directory: archived organizations and their services are not. The
// archived organizations are few (found by their partial index), so
// this reads no organization per service: as a join to every service's
// organization, counting a million services took 0.75 s on SQLite.
const publishedService = "s.organization_id NOT IN (SELECT ao.id FROM organizations ao WHERE ao.archived_at IS NOT NULL)"

// countPublishedServices counts the services in the open directory: all
// of them less the archived organizations' (few, by their partial index).
const countPublishedServices = `SELECT (SELECT COUNT(*) FROM services) - (SELECT COUNT(*) FROM (` + archivedServices + `) a)`

func textFilter(alias string, q HSDSQuery, arg func(any) string, cols ...string) []string {
	s := strings.TrimSpace(q.Search)
	if s == "" {
		return nil
	}
	p := arg(store.LikePattern(s))
	parts := make([]string, len(cols))
	for i, c := range cols {
		parts[i] = fmt.Sprintf(`lower(%s.%s) LIKE %s ESCAPE '\'`, alias, c, p)
	}
	return []string{"(" + strings.Join(parts, " OR ") + ")"}
}

var hsdsLists = map[string]hsdsList{
	"service": {table: "service", order: "lower(s.name), s.id",
		from:   "services s",
		all:    countPublishedServices,
		bySets: true,
		where:  func(HSDSQuery, store.Engine, func(any) string) []string { return []string{publishedService} }},
	// Services first, then each one's services at locations (CROSS JOIN
	// keeps SQLite to that order): a page reads services by their name
	// index, and the count reads services at locations by their index on
	// the service. From service at locations, SQLite looked each one's
	// service up, then sorted them all (0.8-0.9 s at 100,000).
	"service_at_location": {table: "service_at_location", order: "lower(s.name), s.id, x.id",
		from: "services s CROSS JOIN service_at_locations x",
		// Every service at a location but those of the archived
		// organizations' services, by the index on the service: from each
		// service it read them all (1.75 s at a million services on SQLite).
		all:    `SELECT COUNT(*) FROM service_at_locations x WHERE x.service_id NOT IN (` + archivedServices + `)`,
		bySets: true,
		where: func(HSDSQuery, store.Engine, func(any) string) []string {
			return []string{publishedService, "x.service_id = s.id"}
		}},
	"organization": {table: "organization", order: "lower(x.name), x.id", from: "organizations x",
		where: func(q HSDSQuery, e store.Engine, arg func(any) string) []string {
			where := []string{"x.archived_at IS NULL"}
			if strings.TrimSpace(q.Search) != "" {
				// Words, as services are searched: only stop words or
				// punctuation match nothing.
				words, cond := SearchTerms(q.Search), "1 = 0"
				if len(words) > 0 {
					cond = store.OrganizationWords(e, "x", words, arg)
				}
				where = append(where, cond)
			}
			if !q.ModifiedAfter.IsZero() {
				where = append(where, "x.updated_at >= "+arg(q.ModifiedAfter.UTC()))
			}
			return where
		}},
	"taxonomy": {table: "taxonomy", order: "lower(x.name), x.id", from: "taxonomies x",
		where: func(q HSDSQuery, _ store.Engine, arg func(any) string) []string {
			return textFilter("x", q, arg, "name", "description")
		}},
	"taxonomy_term": {table: "taxonomy_term", order: "lower(x.name), x.id", from: "taxonomy_terms x",
		where: func(q HSDSQuery, _ store.Engine, arg func(any) string) []string {
			where := textFilter("x", q, arg, "name", "description", "code")
			if q.TaxonomyID != "" {
				where = append(where, "x.taxonomy_id = "+arg(q.TaxonomyID))
			}
			if q.ParentID != "" {
				where = append(where, "x.parent_id = "+arg(q.ParentID))
			}
			if q.TopOnly {
				where = append(where, "x.parent_id IS NULL")
			}
			return where
		}},
}

// rootAlias is the alias of the listed table in a list's FROM clause.
func (l hsdsList) rootAlias() string {
	if l.table == "service" {
		return "s"
	}
	return "x"
}

// HSDSList returns one page of the published records of an HSDS resource
// ("service", "service_at_location", "organization", "taxonomy" or
// "taxonomy_term") that match q, each as the HSDS API object of the given
// form. fullServices nests whole services in a full organization, rather
// than their own fields only.
func (s *Store) HSDSList(
	ctx context.Context,
	resource string,
	q HSDSQuery,
	form HSDSForm,
	fullServices bool,
) (*HSDSPage, error) {
	l, ok := hsdsLists[resource]
	if !ok {
		return nil, fmt.Errorf("hsds list: unknown resource %q", resource)
	}
	var total int
	var ids []string
	var err error
	unfiltered := q == HSDSQuery{Limit: q.Limit, Offset: q.Offset, Version: q.Version}
	switch {
	case l.bySets && !unfiltered:
		total, ids, err = s.hsdsServiceList(ctx, resource, q)
	case resource == "organization" && store.OrganizationWordsCounted(s.db.Engine) && len(SearchTerms(q.Search)) > 0:
		total, ids, err = s.hsdsOrganizationSearch(ctx, q)
	default:
		total, ids, err = s.hsdsPlainList(ctx, l, resource, q, unfiltered)
	}
	if err != nil {
		return nil, err
	}
	page := &HSDSPage{Total: total, Objects: []map[string]any{}}
	if len(ids) > 0 {
		page.Objects, err = s.hsdsObjects(ctx, resource, ids, form, fullServices, q.Version)
	}
	return page, err
}

// hsdsPlainList returns the total and one page of ids of a list by its
// FROM and filters (unfiltered: counted by its all query when it has one).
func (s *Store) hsdsPlainList(
	ctx context.Context,
	l hsdsList,
	resource string,
	q HSDSQuery,
	unfiltered bool,
) (int, []string, error) {
	var args []any
	arg := func(v any) string { args = append(args, v); return "$" + strconv.Itoa(len(args)) }
	cond := "1=1"
	if where := l.where(q, s.db.Engine, arg); len(where) > 0 {
		cond = strings.Join(where, " AND ")
	}
	count, countArgs := `SELECT COUNT(*) FROM `+l.from+` WHERE `+cond, args
	if l.all != "" && unfiltered {
		count, countArgs = l.all, nil
	}
	var total int
	if err := s.db.QueryRowContext(ctx, count, countArgs...).Scan(&total); err != nil {
		return 0, nil, fmt.Errorf("count %s: %w", resource, err)
	}
	if q.Limit <= 0 || q.Offset >= total {
		return total, nil, nil
	}
	ids, err := idsOf(ctx, s.db, `SELECT `+l.rootAlias()+`.id FROM `+l.from+` WHERE `+cond+` ORDER BY `+l.order+
		` LIMIT `+arg(q.Limit)+` OFFSET `+arg(q.Offset), args...)
	if err != nil {
		return 0, nil, fmt.Errorf("list %s: %w", resource, err)
	}
	return total, ids, nil
}

// HSDSObject returns the fully nested HSDS API object of one published
// record of resource, or errs.ErrNotFound. fullServices nests whole services
// in an organization, rather than their own fields only.
func (s *Store) HSDSObject(ctx context.Context, resource, id string, fullServices bool) (map[string]any, error) {
	return s.HSDSObjectIn(ctx, resource, id, hsds.V30, fullServices)
}

// HSDSObjectIn returns the object as HSDSObject does, in an HSDS version
// (hsds.Versions).
func (s *Store) HSDSObjectIn(
	ctx context.Context,
	resource, id, version string,
	fullServices bool,
) (map[string]any, error) {
	l, ok := hsdsLists[resource]
	if !ok {
		return nil, fmt.Errorf("hsds object: unknown resource %q", resource)
	}
	var args []any
	arg := func(v any) string { args = append(args, v); return "$" + strconv.Itoa(len(args)) }
	cond := append(l.where(HSDSQuery{}, s.db.Engine, arg), l.rootAlias()+".id = "+arg(id))
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+l.from+` WHERE `+strings.Join(cond, " AND "), args...).Scan(&n); err != nil {
		return nil, fmt.Errorf("find %s %q: %w", resource, id, err)
	}
	if n == 0 {
		return nil, fmt.Errorf("%s %q: %w", resource, id, errs.ErrNotFound)
	}
	objects, err := s.hsdsObjects(ctx, resource, []string{id}, HSDSFull, fullServices, version)
	if err != nil {
		return nil, err
	}
	if len(objects) == 0 {
		return nil, fmt.Errorf("%s %q: %w", resource, id, errs.ErrNotFound)
	}
	return objects[0], nil
}

// hsdsObjects builds the objects of the given ids, in that order, loading
// only the rows they nest.
func (s *Store) hsdsObjects(ctx context.Context, resource string, ids []string, form HSDSForm,
	fullServices bool, version string) ([]map[string]any, error) {
	var out []map[string]any
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		l := &hsdsLoader{ctx: ctx, q: tx, d: hsds.NewDataset()}
		l.d.Version = version
		roots, err := l.fetch(resource, "id", ids)
		if err != nil {
			return err
		}

		// Services nested in an organization carry their own fields only,
		// unless asked for whole: an organization can have thousands.
		var ancestors []string
		if resource == "organization" && !fullServices {
			ancestors = []string{"service"}
		}
		switch form {
		case HSDSFull:
			err = hsds.FetchNested(l.fetch, resource, roots, ancestors)
			if err == nil && ancestors != nil {
				_, err = l.fetch("service", "organization_id", ids)
			}
		default:
			err = hsds.FetchListed(l.fetch, resource, roots)
		}
		if err != nil {
			return err
		}

		for _, id := range ids {
			row, ok := l.d.Row(resource, id)
			if !ok {
				continue
			}
			out = append(out, hsdsObject(l.d, resource, row, form, ancestors))
		}
		return nil
	})
	return out, err
}

// hsdsObject is the object of a row in the given form. ancestors, for a
// full organization, holds "service" when its services are to be listed
// with their own fields only.
func hsdsObject(d *hsds.Dataset, resource string, row map[string]string, form HSDSForm,
	ancestors []string) map[string]any {
	switch form {
	case HSDSFull:
		obj := d.Object(resource, row, ancestors)
		if services := d.Linked("service", "organization_id", row["id"]); ancestors != nil && len(services) > 0 {
			list := make([]map[string]any, len(services))
			for i, sv := range services {
				list[i] = d.Flat("service", sv)
			}
			obj["services"] = list
		}
		return obj
	case HSDSMinimal:
		obj := map[string]any{"id": row["id"], "name": row["name"], "status": row["status"]}
		if row["last_modified"] != "" {
			obj["last_modified"] = row["last_modified"]
		}
		return obj
	}
	return d.Listed(resource, row)
}

// hsdsLoader fills a Dataset with only the rows that some objects nest,
// so that one page of the API reads a few rows rather than the directory.
type hsdsLoader struct {
	ctx     context.Context
	q       store.Querier
	d       *hsds.Dataset
	fetched map[string]bool // table + "." + column + "=" + value already read
}

// maxInList bounds the ids in one IN (...) list.
const maxInList = 500

// fetch returns the rows of table whose column holds one of values, in id
// order per value, reading from the database only what it has not read yet.
// A fetch by a column other than id links the rows by it (Dataset.Link),
// as Object finds them.
func (l *hsdsLoader) fetch(table, column string, values []string) ([]map[string]string, error) {
	if l.fetched == nil {
		l.fetched = map[string]bool{}
	}
	t := hsds.TableNamed(table)
	link := table + "." + column
	var missing []string
	seen := map[string]bool{}
	for _, v := range values {
		if v == "" || seen[v] {
			continue
		}
		seen[v] = true
		if !l.fetched[link+"="+v] {
			l.fetched[link+"="+v] = true
			missing = append(missing, v)
		}
	}
	sort.Strings(missing)
	cols := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		cols[i] = c.Name
	}
	for len(missing) > 0 {
		chunk := missing[:min(len(missing), maxInList)]
		missing = missing[len(chunk):]
		marks := make([]string, len(chunk))
		args := make([]any, len(chunk))
		for i, v := range chunk {
			marks[i], args[i] = "$"+strconv.Itoa(i+1), v
		}
		rows, err := l.q.QueryContext(l.ctx, `SELECT `+strings.Join(cols, ", ")+` FROM `+t.Table+
			` WHERE `+column+` IN (`+strings.Join(marks, ", ")+`) ORDER BY id`, args...)
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", t.Table, err)
		}
		err = scanHSDSRows(rows, t, func(row map[string]string) {
			l.d.Add(table, row)
			if column != "id" {
				l.d.Link(table, column, row)
			}
		})
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", t.Table, err)
		}
	}
	var out []map[string]string
	for v := range seen {
		if column == "id" {
			if row, ok := l.d.Row(table, v); ok {
				out = append(out, row)
			}
		} else {
			out = append(out, l.d.Linked(table, column, v)...)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i]["id"] < out[j]["id"] })
	return out, nil
}

// scanHSDSRows reads rows of t's columns into maps of field to text, for
// the export (loadTable) and the API's objects (fetch) alike: numbers in
// their shortest form, NULL as absent.
func scanHSDSRows(rows *sql.Rows, t *hsds.Table, each func(map[string]string)) error {
	defer rows.Close()
	for rows.Next() {
		texts := make([]sql.NullString, len(t.Columns))
		nums := make([]sql.NullFloat64, len(t.Columns))
		dest := make([]any, len(t.Columns))
		for i, c := range t.Columns {
			if c.Kind == hsds.Number && c.Name != "extension" {
				dest[i] = &nums[i]
			} else {
				dest[i] = &texts[i]
			}
		}
		if err := rows.Scan(dest...); err != nil {
			return err
		}
		row := make(map[string]string, len(t.Columns))
		for i, c := range t.Columns {
			switch {
			case c.Kind == hsds.Number && c.Name != "extension":
				if nums[i].Valid {
					row[c.Name] = strconv.FormatFloat(nums[i].Float64, 'f', -1, 64)
				}
			case texts[i].Valid:
				row[c.Name] = texts[i].String
			}
		}
		each(row)
	}
	return rows.Err()
}
