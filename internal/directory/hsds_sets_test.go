package directory_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"backbone/internal/directory"
	"backbone/internal/store"
	"backbone/internal/testutil/storetest"
)

// TestHSDSServiceListFilters checks every filter of the HSDS API's lists of
// services and of services at locations, alone and together, against the
// plain reading of each (sets of ids read whole), on both engines and with
// either form of page (gathering the first filter's set and sorting it, or
// walking every service by name): the same total and, page by page, the
// same ids in the same order.
func TestHSDSServiceListFilters(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s, _ := synthStore(t, db, 500, 3)
		strs := func(q string, args ...any) []string { t.Helper(); return column(t, db, q, args...) }
		set := func(q string, args ...any) map[string]bool {
			m := map[string]bool{}
			for _, v := range strs(q, args...) {
				m[v] = true
			}
			return m
		}
		one := func(q string, args ...any) string { t.Helper(); return strs(q, args...)[0] }

		// An archived organization; a third of the services changed later.
		archivedOrg := one(`SELECT organization_id FROM services ORDER BY id LIMIT 1 OFFSET 7`)
		if _, err := db.ExecContext(ctx, `UPDATE organizations SET archived_at = $1 WHERE id = $2`, db.Now(), archivedOrg); err != nil {
			t.Fatal(err)
		}
		term := one(`SELECT taxonomy_term_id FROM attributes GROUP BY taxonomy_term_id ORDER BY COUNT(*) DESC, taxonomy_term_id LIMIT 1`)
		rare := one(`SELECT taxonomy_term_id FROM attributes GROUP BY taxonomy_term_id ORDER BY COUNT(*), taxonomy_term_id LIMIT 1`)
		taxonomy := one(`SELECT taxonomy_id FROM taxonomy_terms WHERE id = $1`, term)
		// A second taxonomy of three terms: a part of the directory.
		small := "tx-small"
		if _, err := db.ExecContext(ctx, `INSERT INTO taxonomies (id, name) VALUES ($1, 'Small')`, small); err != nil {
			t.Fatal(err)
		}
		if _, err := db.ExecContext(ctx, `UPDATE taxonomy_terms SET taxonomy_id = $1
			WHERE id IN (SELECT id FROM taxonomy_terms WHERE id <> $2 ORDER BY id LIMIT 3)`, small, term); err != nil {
			t.Fatal(err)
		}
		later := time.Date(2031, 1, 1, 0, 0, 0, 0, time.UTC)
		if _, err := db.ExecContext(ctx, `UPDATE services SET updated_at = $1 WHERE id IN (SELECT id FROM services ORDER BY lower(name) LIMIT 170)`, later); err != nil {
			t.Fatal(err)
		}
		org := one(`SELECT organization_id FROM services GROUP BY organization_id ORDER BY COUNT(*) DESC, organization_id LIMIT 1`)
		postcode := one(`SELECT postal_code FROM addresses GROUP BY postal_code ORDER BY COUNT(*) DESC, postal_code LIMIT 1`)
		// Two of its addresses written with an extension (a ZIP+4), which
		// the filter finds; one of another code made into one that starts
		// with it and no hyphen, which it does not.
		for _, set := range []struct{ code, where string }{{postcode + "-0042", "postal_code = $2 ORDER BY id LIMIT 2"},
			{postcode + "7", "postal_code <> $2 ORDER BY id LIMIT 1"}} {
			if _, err := db.ExecContext(ctx, `UPDATE addresses SET postal_code = $1 WHERE id IN (SELECT id FROM addresses WHERE `+set.where+`)`,
				set.code, postcode); err != nil {
				t.Fatal(err)
			}
		}

		// The plain readings.
		services := strs(`SELECT id FROM services ORDER BY lower(name), id`)
		type sal struct{ id, service string }
		var sals []sal
		rows, err := db.QueryContext(ctx, `SELECT x.id, x.service_id FROM services s JOIN service_at_locations x ON x.service_id = s.id ORDER BY lower(s.name), s.id, x.id`)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var v sal
			rows.Scan(&v.id, &v.service)
			sals = append(sals, v)
		}
		rows.Close()
		archived := set(`SELECT id FROM services WHERE organization_id = $1`, archivedOrg)
		// Each reading is made once: keep asks them for every service.
		termSets := map[string]map[string]bool{}
		withTerm := func(id string) map[string]bool {
			if _, ok := termSets[id]; !ok {
				termSets[id] = set(`SELECT link_id FROM attributes WHERE taxonomy_term_id = $1`, id)
			}
			return termSets[id]
		}
		inTaxonomy := map[string]map[string]bool{}
		for _, id := range []string{taxonomy, small, "no-such-taxonomy"} {
			inTaxonomy[id] = set(`SELECT a.link_id FROM attributes a JOIN taxonomy_terms tt ON tt.id = a.taxonomy_term_id WHERE tt.taxonomy_id = $1`, id)
		}
		ofOrg := set(`SELECT id FROM services WHERE organization_id = $1`, org)
		changed := set(`SELECT id FROM services WHERE updated_at >= $1`, later)
		atPostcode := map[string]bool{}
		rows, err = db.QueryContext(ctx, `SELECT x.id, ad.postal_code FROM addresses ad JOIN service_at_locations x ON x.location_id = ad.location_id`)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var id, code string
			rows.Scan(&id, &code)
			if code == postcode || strings.HasPrefix(code, postcode+"-") {
				atPostcode[id] = true
			}
		}
		rows.Close()
		matches := map[string]map[string]bool{}
		matching := func(words string) map[string]bool {
			if len(directory.SearchTerms(words)) == 0 {
				return nil
			}
			if _, ok := matches[words]; !ok {
				text, _ := store.SearchQueryText(db.Engine, directory.SearchTerms(words), nil, nil)
				matches[words] = set(`SELECT m.service_id FROM (`+
					store.SearchTextMatches(db.Engine, "$1", "", "", false, nil)+`) m`, text)
			}
			return matches[words]
		}
		if len(withTerm(term)) < 20 || len(archived) == 0 || len(atPostcode) == 0 || len(ofOrg) < 2 ||
			len(inTaxonomy[small]) < 20 || len(inTaxonomy[small]) > len(services)/2 {
			t.Fatalf("fixture: %d with the term, %d archived, %d at the postcode, %d of the organization, %d in the small taxonomy",
				len(withTerm(term)), len(archived), len(atPostcode), len(ofOrg), len(inTaxonomy[small]))
		}

		queries := []directory.HSDSQuery{
			{}, {Search: "  "}, {Search: "community"}, {Search: "legal aid"}, {Search: "the"}, {TaxonomyTermID: term}, {TaxonomyTermID: rare}, {TaxonomyTermID: "no-such-term"},
			{TaxonomyID: taxonomy}, {OrganizationID: org}, {ModifiedAfter: later}, {PostalCode: postcode},
			{Search: "community", TaxonomyTermID: term}, {Search: "community", OrganizationID: org}, {TaxonomyTermID: term, ModifiedAfter: later},
			{Search: "services", TaxonomyID: taxonomy, ModifiedAfter: later}, {PostalCode: postcode, TaxonomyTermID: term},
			{PostalCode: postcode, Search: "community"}, {OrganizationID: org, ModifiedAfter: later, TaxonomyTermID: term},
			{TaxonomyID: small}, {TaxonomyID: "no-such-taxonomy"}, {TaxonomyID: small, Search: "community"}, {TaxonomyID: small, ModifiedAfter: later},
			{TaxonomyID: small, OrganizationID: org}, {TaxonomyID: small, PostalCode: postcode}, {TaxonomyID: taxonomy, TaxonomyTermID: rare},
		}
		for _, q := range queries {
			keep := func(id string) bool {
				ok := !archived[id]
				if strings.TrimSpace(q.Search) != "" {
					ok = ok && matching(q.Search)[id]
				}
				if q.TaxonomyTermID != "" {
					ok = ok && withTerm(q.TaxonomyTermID)[id]
				}
				if q.TaxonomyID != "" {
					ok = ok && inTaxonomy[q.TaxonomyID][id]
				}
				if q.OrganizationID != "" {
					ok = ok && ofOrg[id]
				}
				if !q.ModifiedAfter.IsZero() {
					ok = ok && changed[id]
				}
				return ok
			}
			for _, resource := range []string{"service", "service_at_location"} {
				if resource == "service" && q.PostalCode != "" {
					continue
				}
				var want []string
				if resource == "service" {
					for _, id := range services {
						if keep(id) {
							want = append(want, id)
						}
					}
				} else {
					for _, x := range sals {
						if keep(x.service) && (q.PostalCode == "" || atPostcode[x.id]) {
							want = append(want, x.id)
						}
					}
				}
				for _, form := range []string{"", "gather", "walk"} {
					restore := directory.SetServicePageForm(form)
					name := fmt.Sprintf("%s %+v %s", resource, q, form)
					var got []string
					for offset := 0; ; offset += 40 {
						pq := q
						pq.Limit, pq.Offset = 40, offset
						page, err := s.HSDSList(ctx, resource, pq, directory.HSDSMinimal, false)
						if err != nil {
							t.Fatalf("%s: %v", name, err)
						}
						if page.Total != len(want) {
							t.Fatalf("%s: total %d, want %d", name, page.Total, len(want))
						}
						for _, o := range page.Objects {
							got = append(got, o["id"].(string))
						}
						if len(page.Objects) < 40 {
							break
						}
					}
					if !slices.Equal(got, want) {
						t.Fatalf("%s: %d ids, want %d:\n%s\nwant\n%s", name, len(got), len(want), strings.Join(got, " "), strings.Join(want, " "))
					}
					restore()
				}
			}
		}
	})
}
