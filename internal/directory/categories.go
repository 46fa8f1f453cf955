package directory

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"backbone/internal/account"
	"backbone/internal/errs"
	"backbone/internal/store"
	"backbone/internal/taxonomy/openeligibility"
)

// Categories a client can read: the built-in Open Eligibility taxonomy,
// and a steward's mapping of an import's keywords to it. A mapping is kept
// by the keyword in lower case (category_mappings), so that the keyword
// of the next import is mapped as soon as it is written; what a service is
// filed under in the built-in taxonomy is read through the view
// service_categories (migration 41). The keywords themselves stay, in
// their own taxonomy, and go out with an HSDS export as they came.

// Keyword is one distinct keyword of the directory (a term of a taxonomy
// other than the built-in one that some service is filed under), with its
// mapping and the suggestions for it.
type Keyword struct {
	Keyword  string `json:"keyword"` // as one of its terms spells it
	Key      string `json:"key"`     // in lower case: what the mapping is kept by
	Services int    `json:"services"`
	// Mapped are the built-in terms it is mapped to; Situation is true when
	// it is kept as a who-it-serves situation of its own. A keyword
	// neither mapped nor kept is not yet reviewed.
	Mapped      []CategorySuggestion `json:"mapped"`
	Situation   bool                 `json:"situation"`
	Suggestions []CategorySuggestion `json:"suggestions"`
}

// Reviewed reports whether a steward has decided the keyword.
func (k Keyword) Reviewed() bool { return k.Situation || len(k.Mapped) > 0 }

// CategoryMapping is a steward's decision on one keyword: the built-in
// terms it means, or (Situation, with no terms) a who-it-serves situation
// of its own. Neither clears the keyword's mapping.
type CategoryMapping struct {
	Keyword   string   `json:"keyword"`
	TermIDs   []string `json:"term_ids"`
	Situation bool     `json:"situation"`
}

// maxKeywords bounds the keywords the mapping screen lists.
const maxKeywords = 2000

// builtInTerms is the embedded taxonomy, by id.
func builtInTerms() ([]openeligibility.Term, map[string]openeligibility.Term, error) {
	terms, err := openeligibility.Terms()
	if err != nil {
		return nil, nil, err
	}
	byID := make(map[string]openeligibility.Term, len(terms))
	for _, t := range terms {
		byID[t.ID] = t
	}
	return terms, byID, nil
}

func suggestionOf(t openeligibility.Term) CategorySuggestion {
	return CategorySuggestion{
		TermID:    t.ID,
		Name:      t.Name,
		Path:      strings.Join(t.Path[1:], " › "),
		Situation: t.Situation(),
	}
}

// Keywords lists the directory's keywords by name in lower case, with how
// many services each files, its mapping and up to three suggestions, for
// whoever may read the mappings (account.ViewCategoryMappings).
func (s *Store) Keywords(ctx context.Context, actor account.Actor) ([]Keyword, error) {
	if err := s.rules.Check(ctx, actor, account.ViewCategoryMappings, account.Platform); err != nil {
		return nil, err
	}

	terms, byID, err := builtInTerms()
	if err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT lower(t.name), min(t.name), COUNT(DISTINCT a.link_id)
		FROM taxonomy_terms t JOIN attributes a ON a.taxonomy_term_id = t.id
		WHERE coalesce(t.taxonomy_id, '') <> $1 AND t.name <> ''
		GROUP BY lower(t.name) ORDER BY lower(t.name) LIMIT $2`, openeligibility.TaxonomyID, maxKeywords)
	if err != nil {
		return nil, fmt.Errorf("list keywords: %w", err)
	}
	out := []Keyword{}
	index := map[string]int{}
	for rows.Next() {
		var k Keyword
		if err := rows.Scan(&k.Key, &k.Keyword, &k.Services); err != nil {
			rows.Close()
			return nil, fmt.Errorf("list keywords: %w", err)
		}
		k.Mapped = []CategorySuggestion{}
		index[k.Key] = len(out)
		out = append(out, k)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list keywords: %w", err)
	}

	mappings, err := s.mappings(ctx, s.db)
	if err != nil {
		return nil, err
	}
	for _, m := range mappings {
		i, ok := index[m.key]
		if !ok {
			continue
		}
		if m.termID == "" {
			out[i].Situation = true
		} else if t, ok := byID[m.termID]; ok {
			out[i].Mapped = append(out[i].Mapped, suggestionOf(t))
		}
	}
	for i := range out {
		out[i].Suggestions = SuggestCategories(out[i].Keyword, terms, 3)
		if out[i].Suggestions == nil {
			out[i].Suggestions = []CategorySuggestion{}
		}
	}
	return out, nil
}

type mappingRow struct{ key, termID string }

func (s *Store) mappings(ctx context.Context, q store.Querier) ([]mappingRow, error) {
	rows, err := q.QueryContext(ctx, `SELECT keyword_key, term_id FROM category_mappings ORDER BY keyword_key, term_id`)
	if err != nil {
		return nil, fmt.Errorf("list category mappings: %w", err)
	}
	defer rows.Close()
	var out []mappingRow
	for rows.Next() {
		var m mappingRow
		if err := rows.Scan(&m.key, &m.termID); err != nil {
			return nil, fmt.Errorf("list category mappings: %w", err)
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// CategoryMappings returns every mapping kept, by keyword, whether or not
// the directory holds the keyword now (account.ViewCategoryMappings).
func (s *Store) CategoryMappings(ctx context.Context, actor account.Actor) ([]CategoryMapping, error) {
	if err := s.rules.Check(ctx, actor, account.ViewCategoryMappings, account.Platform); err != nil {
		return nil, err
	}

	rows, err := s.db.QueryContext(ctx, `SELECT keyword, term_id FROM category_mappings ORDER BY keyword_key, term_id`)
	if err != nil {
		return nil, fmt.Errorf("list category mappings: %w", err)
	}
	defer rows.Close()
	out := []CategoryMapping{}
	for rows.Next() {
		var keyword, termID string
		if err := rows.Scan(&keyword, &termID); err != nil {
			return nil, fmt.Errorf("list category mappings: %w", err)
		}
		if n := len(out); n == 0 || !strings.EqualFold(out[n-1].Keyword, keyword) {
			out = append(out, CategoryMapping{Keyword: keyword, TermIDs: []string{}})
		}
		if termID == "" {
			out[len(out)-1].Situation = true
		} else {
			out[len(out)-1].TermIDs = append(out[len(out)-1].TermIDs, termID)
		}
	}
	return out, rows.Err()
}

// MapKeywords replaces the mapping of each keyword given, in one
// transaction, audited, for the stewards (account.EditCategoryMappings):
// a keyword's terms must be the built-in taxonomy's; none and no Situation
// clears its mapping. It returns how many keywords it changed.
func (s *Store) MapKeywords(ctx context.Context, actor account.Actor, list []CategoryMapping) (int, error) {
	if err := s.rules.Check(ctx, actor, account.EditCategoryMappings, account.Platform); err != nil {
		return 0, err
	}

	_, byID, err := builtInTerms()
	if err != nil {
		return 0, err
	}
	var v errs.ValidationError
	for i := range list {
		m := &list[i]
		m.Keyword = strings.TrimSpace(m.Keyword)
		field := fmt.Sprintf("mappings[%d]", i)
		switch {
		case m.Keyword == "":
			v.Add(field+".keyword", "is required")
		case len(m.Keyword) > maxName:
			v.Add(field+".keyword", fmt.Sprintf("must be at most %d characters", maxName))
		case m.Situation && len(m.TermIDs) > 0:
			v.Add(field+".situation", "a keyword kept as a situation has no categories")
		}
		for _, id := range m.TermIDs {
			if _, ok := byID[id]; !ok {
				v.Add(field+".term_ids", fmt.Sprintf("%q is not a term of the %s taxonomy", id, openeligibility.Name))
			}
		}
	}
	if err := v.OrNil(); err != nil {
		return 0, err
	}

	now := s.now()
	changed := 0
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		if err := writeBuiltInTaxonomy(ctx, tx); err != nil {
			return err
		}
		for _, m := range list {
			var key string
			if err := tx.QueryRowContext(ctx, `SELECT lower($1)`, m.Keyword).Scan(&key); err != nil {
				return fmt.Errorf("map keyword %q: %w", m.Keyword, err)
			}
			before, err := idsOf(
				ctx,
				tx,
				`SELECT term_id FROM category_mappings WHERE keyword_key = $1 ORDER BY term_id`,
				key,
			)
			if err != nil {
				return fmt.Errorf("map keyword %q: %w", m.Keyword, err)
			}
			after := slices.Clone(m.TermIDs)
			if m.Situation {
				after = []string{""}
			}
			slices.Sort(after)
			after = slices.Compact(after)
			if slices.Equal(before, after) {
				continue
			}
			if _, err := tx.ExecContext(ctx, `DELETE FROM category_mappings WHERE keyword_key = $1`, key); err != nil {
				return fmt.Errorf("map keyword %q: %w", m.Keyword, err)
			}
			names := []string{}
			for _, id := range after {
				if _, err := tx.ExecContext(ctx, `INSERT INTO category_mappings (keyword_key, keyword, term_id, updated_at)
					VALUES ($1, $2, $3, $4)`, key, m.Keyword, id, now); err != nil {
					return fmt.Errorf("map keyword %q: %w", m.Keyword, err)
				}
				if id == "" {
					names = append(names, "a who-it-serves situation")
				} else {
					names = append(names, suggestionOf(byID[id]).Path)
				}
			}
			summary := "cleared the mapping of the keyword " + m.Keyword
			if len(names) > 0 {
				summary = "mapped the keyword " + m.Keyword + " to " + strings.Join(names, ", ")
			}
			if err := account.Record(ctx, tx, actor, account.Event{At: now, Action: "map", EntityType: "category_mapping",
				EntityID: key, Summary: summary, Before: before, After: after}); err != nil {
				return err
			}
			changed++
		}
		return nil
	})
	return changed, err
}

// ServiceCategory is a built-in category or situation a service is filed
// under, directly or through a mapped keyword.
type ServiceCategory struct {
	Name    string `json:"name"`
	Path    string `json:"path"`
	Section string `json:"section"` // its top-level section, such as "Food"
}

// serviceCategories reads the built-in categories of services (by id),
// and the situations: built-in ones and the keywords kept as situations.
func serviceCategories(ctx context.Context, q store.Querier, in func(col string) string,
	arg any) (categories map[string][]ServiceCategory, situations map[string][]string, err error) {
	_, byID, err := builtInTerms()
	if err != nil {
		return nil, nil, err
	}
	categories, situations = map[string][]ServiceCategory{}, map[string][]string{}
	rows, err := q.QueryContext(ctx, `SELECT service_id, term_id, '' FROM service_categories WHERE `+in("service_id")+`
		UNION SELECT a.link_id, '', min(k.name) FROM attributes a JOIN taxonomy_terms k ON k.id = a.taxonomy_term_id
		JOIN category_mappings m ON m.keyword_key = lower(k.name) AND m.term_id = ''
		WHERE `+in("a.link_id")+` GROUP BY a.link_id, lower(k.name)`, arg)
	if err != nil {
		return nil, nil, fmt.Errorf("categories of services: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, termID, keyword string
		if err := rows.Scan(&id, &termID, &keyword); err != nil {
			return nil, nil, fmt.Errorf("categories of services: %w", err)
		}
		t, ok := byID[termID]
		switch {
		case keyword != "":
			situations[id] = append(situations[id], keyword)
		case !ok:
		case t.Situation():
			situations[id] = append(situations[id], t.Name)
		case len(t.Path) >= 2:
			c := suggestionOf(t)
			categories[id] = append(categories[id], ServiceCategory{Name: t.Name, Path: c.Path, Section: t.Section()})
		}
	}
	for id := range categories {
		slices.SortFunc(categories[id], func(a, b ServiceCategory) int { return strings.Compare(a.Path, b.Path) })
	}
	for id := range situations {
		slices.SortFunc(
			situations[id],
			func(a, b string) int { return strings.Compare(strings.ToLower(a), strings.ToLower(b)) },
		)
		situations[id] = slices.Compact(situations[id])
	}
	return categories, situations, rows.Err()
}

// builtInCategoryTerms gives, for a category named by a built-in term (its
// id, slug or name, any case), the ids of the terms a service may be filed
// under to be in it: the term and those below it, and the keywords mapped
// to any of them. None when the name is no built-in term's.
func (s *Store) builtInCategoryTerms(ctx context.Context, category string) ([]string, error) {
	terms, _, err := builtInTerms()
	if err != nil {
		return nil, err
	}
	in := map[string]bool{}
	for _, t := range terms {
		if t.ID == category || strings.EqualFold(t.Slug, category) || strings.EqualFold(t.Name, category) {
			in[t.ID] = true
		}
	}
	if len(in) == 0 {
		return nil, nil
	}
	for _, t := range terms { // parents come before their children
		if in[t.ParentID] {
			in[t.ID] = true
		}
	}
	ids := make([]string, 0, len(in))
	for id := range in {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	keywords, err := idsOf(
		ctx,
		s.db,
		`SELECT k.id FROM category_mappings m JOIN taxonomy_terms k ON lower(k.name) = m.keyword_key
		WHERE `+store.InJSONList(s.db.Engine, "m.term_id", "$1")+` AND coalesce(k.taxonomy_id, '') <> $2`,
		jsonList(ids),
		openeligibility.TaxonomyID,
	)
	if err != nil {
		return nil, fmt.Errorf("the keywords of category %q: %w", category, err)
	}
	return append(ids, keywords...), nil
}

// writeBuiltInTaxonomy writes the built-in taxonomy and its terms into
// taxonomies and taxonomy_terms, unless they are there: the first mapping
// brings them, so that the service editor, the HSDS export and the API
// know the terms that services are now filed under.
func writeBuiltInTaxonomy(ctx context.Context, tx *sql.Tx) error {
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM taxonomies WHERE id = $1`,
		openeligibility.TaxonomyID).Scan(&n); err != nil || n > 0 {
		return err
	}
	terms, _, err := builtInTerms()
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO taxonomies (id, name, description, uri, version) VALUES ($1, $2, $3, `+
		`$4, $5)`,
		openeligibility.TaxonomyID, openeligibility.Name, "Human services and situations. "+openeligibility.Attribution,
		openeligibility.URI, openeligibility.Version); err != nil {
		return fmt.Errorf("write the %s taxonomy: %w", openeligibility.Name, err)
	}
	for _, t := range terms {
		var parent any
		if t.ParentID != "" {
			parent = t.ParentID
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO taxonomy_terms
			(id, code, name, parent_id, taxonomy, language, taxonomy_id)
			VALUES ($1, $2, $3, $4, $5, 'en', $6)`, t.ID, t.Slug, t.Name, parent, openeligibility.Name,
			openeligibility.TaxonomyID); err != nil {
			return fmt.Errorf("write the %s taxonomy: %w", openeligibility.Name, err)
		}
	}
	return nil
}

// categoriesOf gives one service's built-in categories and situations.
func categoriesOf(ctx context.Context, q store.Querier, id string) ([]ServiceCategory, []string, error) {
	categories, situations, err := serviceCategories(ctx, q, func(col string) string { return col + " = $1" }, id)
	if err != nil {
		return nil, nil, err
	}
	return append([]ServiceCategory{}, categories[id]...), append([]string{}, situations[id]...), nil
}
