package directory

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"backbone/internal/account"
	"backbone/internal/taxonomy/openeligibility"
)

// What a search form offers to choose from, read from the directory
// itself: the categories by taxonomy, the languages, the service areas and
// the cities.

// CategoryGroup is the categories (term names) of one taxonomy, named as
// the taxonomy is ("" for terms of none).
type CategoryGroup struct {
	Taxonomy   string   `json:"taxonomy"`
	Categories []string `json:"categories"`
}

// SearchCategoryGroups returns the names of the categories that services
// are filed under, by group: the built-in taxonomy's categories (filed
// directly or through a mapped keyword) as "Categories", its situations and
// the keywords kept as situations as "Who it serves", then the keywords no
// steward has mapped yet, by their taxonomy; the names in each by name in
// any case. A mapped keyword is not offered: its categories are.
func (s *Store) SearchCategoryGroups(ctx context.Context) ([]CategoryGroup, error) {
	rows, err := s.db.QueryContext(
		ctx,
		`SELECT grp, taxonomy, name FROM (
			SELECT DISTINCT CASE WHEN t.code LIKE 'human_situations%' THEN 2 ELSE 1 END AS grp, '' AS taxonomy, t.name
			FROM taxonomy_terms t WHERE t.id IN (SELECT term_id FROM service_categories)
			UNION SELECT 2, '', m.keyword FROM category_mappings m WHERE m.term_id = ''
				AND EXISTS (SELECT 1 FROM taxonomy_terms k JOIN attributes a ON a.taxonomy_term_id = k.id
					WHERE lower(k.name) = m.keyword_key)
			UNION SELECT DISTINCT 3, `+termTaxonomy+`, t.name
			FROM taxonomy_terms t `+termTaxonomyJoin+`
			WHERE coalesce(t.taxonomy_id, '') <> $1 AND EXISTS (SELECT 1 FROM attributes a WHERE a.taxonomy_term_id = t.id)
				AND NOT EXISTS (SELECT 1 FROM category_mappings m WHERE m.keyword_key = lower(t.name))) n
		ORDER BY grp, lower(taxonomy), taxonomy, lower(name), name`,
		openeligibility.TaxonomyID,
	)
	if err != nil {
		return nil, fmt.Errorf("list search categories: %w", err)
	}
	defer rows.Close()
	out := []CategoryGroup{}
	for rows.Next() {
		var grp int
		var taxonomy, name string
		if err := rows.Scan(&grp, &taxonomy, &name); err != nil {
			return nil, fmt.Errorf("list search categories: %w", err)
		}
		switch grp {
		case 1:
			taxonomy = "Categories"
		case 2:
			taxonomy = "Who it serves"
		}
		if n := len(out); n == 0 || out[n-1].Taxonomy != taxonomy {
			out = append(out, CategoryGroup{Taxonomy: taxonomy})
		}
		if c := &out[len(out)-1]; len(c.Categories) == 0 || c.Categories[len(c.Categories)-1] != name {
			c.Categories = append(c.Categories, name)
		}
	}
	return out, rows.Err()
}

// SearchChoices are what a search's filters can be given, from the
// directory itself, as a search form offers them.
type SearchChoices struct {
	Categories     []string        `json:"categories"`      // the names of CategoryGroups, each once, by name in any case
	CategoryGroups []CategoryGroup `json:"category_groups"` // SearchCategoryGroups
	Languages      []string        `json:"languages"`       // SearchLanguages
	Areas          []string        `json:"areas"`           // SearchAreas
	Cities         []string        `json:"cities"`          // the cities of the directory's addresses, places near takes (PlacePoint)
}

// SearchChoices gathers the categories, languages, service areas and
// cities that a search form offers, to someone who may search
// (account.SearchDirectory).
func (s *Store) SearchChoices(ctx context.Context, actor account.Actor) (*SearchChoices, error) {
	if err := s.rules.Check(ctx, actor, account.SearchDirectory, account.Platform); err != nil {
		return nil, err
	}

	c := &SearchChoices{}
	var err error
	if c.CategoryGroups, err = s.SearchCategoryGroups(ctx); err != nil {
		return nil, err
	}
	c.Categories = []string{}
	for _, g := range c.CategoryGroups {
		c.Categories = append(c.Categories, g.Categories...)
	}
	byName := func(a, b string) int {
		return cmp.Or(strings.Compare(strings.ToLower(a), strings.ToLower(b)), strings.Compare(a, b))
	}
	slices.SortFunc(c.Categories, byName)
	c.Categories = slices.Compact(c.Categories)
	if c.Languages, err = s.SearchLanguages(ctx); err != nil {
		return nil, err
	}
	if c.Areas, err = s.SearchAreas(ctx); err != nil {
		return nil, err
	}
	if c.Cities, err = names(s.distinctNames(ctx, "addresses", "city", "", maxChoices)); err != nil {
		return nil, err
	}
	return c, nil
}

// SearchLanguages returns the names of the languages that services (or
// their locations) are offered in, each once whatever its case, in order,
// for a search form's language list (at most maxChoices).
func (s *Store) SearchLanguages(ctx context.Context) ([]string, error) {
	return names(s.distinctNames(ctx, "languages", "name", "", maxChoices))
}

// SearchAreas returns the names of the service areas in the directory,
// each once whatever its case, in order, for a search form to suggest (the
// area filter takes a whole name; at most maxChoices).
func (s *Store) SearchAreas(ctx context.Context) ([]string, error) {
	return names(s.distinctNames(ctx, "service_areas", "name", "", maxChoices))
}

// maxChoices bounds the names a form is offered.
const maxChoices = 500

// keyedName is a name as one of its rows spells it, with its key, the
// name as the engine lower-cases it.
type keyedName struct{ key, name string }

func names(list []keyedName, err error) ([]string, error) {
	if err != nil {
		return nil, err
	}
	out := make([]string, len(list))
	for i, n := range list {
		out[i] = n.name
	}
	return out, nil
}

// distinctNames gives the distinct non-empty values of table's column, by
// lower(column), each as one of its rows spells it; with like (a LIKE
// pattern, such as store.LikePattern gives), only those whose lower-cased
// value matches it; at most limit of them (every one when limit is 0). The
// table's index on lower(column) is read one name at a time (each step the
// first name after the last), so the cost grows with the number of names,
// not of rows: a million services' service areas are read in a few
// hundred look-ups, not a scan and a sort of every row. (Neither engine
// skips through an index by itself for DISTINCT.)
func (s *Store) distinctNames(ctx context.Context, table, column, like string, limit int) ([]keyedName, error) {
	var a args
	query := fmt.Sprintf(`WITH RECURSIVE k (v) AS (
		SELECT (SELECT lower(%[2]s) FROM %[1]s WHERE lower(%[2]s) > '' ORDER BY lower(%[2]s) LIMIT 1)
		UNION ALL
		SELECT (SELECT lower(%[2]s) FROM %[1]s WHERE lower(%[2]s) > k.v ORDER BY lower(%[2]s) LIMIT 1) FROM k WHERE k.v IS NOT NULL)
		SELECT k.v, (SELECT %[2]s FROM %[1]s WHERE lower(%[2]s) = k.v LIMIT 1) FROM k WHERE k.v IS NOT NULL`, table, column)
	if like != "" {
		query += ` AND k.v LIKE ` + a.add(like) + ` ESCAPE '\'`
	}
	if limit > 0 {
		query += fmt.Sprintf(` LIMIT %d`, limit)
	}
	rows, err := s.db.QueryContext(ctx, query, a...)
	if err != nil {
		return nil, fmt.Errorf("list the names of %s: %w", table, err)
	}
	defer rows.Close()
	out := []keyedName{}
	for rows.Next() {
		var n keyedName
		if err := rows.Scan(&n.key, &n.name); err != nil {
			return nil, fmt.Errorf("list the names of %s: %w", table, err)
		}
		out = append(out, n)
	}
	return out, rows.Err()
}
