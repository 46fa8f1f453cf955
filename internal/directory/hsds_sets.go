package directory

import (
	"context"
	"fmt"
	"strings"

	"backbone/internal/store"
)

// The HSDS API's lists of services and of services at locations, filtered.
//
// Each filter is a set of services that its own index gives (the services
// of an organization, of a taxonomy term, holding words, ...) and a test of
// one service. The first filter present, in the order of serviceSets (about
// the order of how few services each usually holds), drives: the count
// reads its set and tests each member against the others, and a page
// either gathers that set and sorts it by name, or walks every service by
// name testing each, whichever reads fewer rows. At a million services on
// SQLite, testing each service in name order (as every list did) took
// 2.7 s to count a taxonomy term's 33,000 services, 13 s for a word in most
// services, and did not finish in five minutes for a postal code.

// maxTaxonomyTokens is how many terms a taxonomy may have for SQLite's
// full-text index to gather its services (see serviceSets); a bigger one
// (the AIRS/211 taxonomy has about 9,000) tests each service.
const maxTaxonomyTokens = 500

// servicePageForm, when "gather" or "walk", makes every page of a filtered
// list take that form (tests read both).
var servicePageForm string

// serviceSet is one filter of services: ids selects the ids of the
// services that pass it (a column named id, each once), and test is the
// condition that the service whose id is the SQL expression id passes it.
type serviceSet struct {
	ids  string
	test func(id string) string
	// fts: the test probes SQLite's full-text index (see the page's form
	// in hsdsServiceList).
	fts bool
}

// noServices is the filters of a list that nothing can pass.
var noServices = []serviceSet{{ids: "SELECT so.id FROM services so WHERE 1 = 0", test: func(string) string { return "1 = 0" }}}

// serviceSets returns q's filters of services, in the order in which they
// drive a list (see above). A search with a taxonomy term looks for the
// term's token in the full-text index with the words, as Search does, so
// that a broad word and a broad term are one look-up. A term is any
// attribute whose link_id is the service's, whatever its link_entity says
// (the specification's own example data says "link_entity"), as the
// full-text index reads it.
//
// taxonomyTerms are the ids of the terms of q.TaxonomyID (when given), as
// hsdsServiceList reads them.
func serviceSets(q HSDSQuery, taxonomyTerms []string, e store.Engine, arg func(any) string) []serviceSet {
	var sets []serviceSet
	if q.OrganizationID != "" {
		p := arg(q.OrganizationID)
		sets = append(sets, serviceSet{ids: "SELECT so.id FROM services so WHERE so.organization_id = " + p,
			test: func(id string) string {
				return "EXISTS (SELECT 1 FROM services so WHERE so.id = " + id + " AND so.organization_id = " + p + ")"
			}})
	}
	if s := strings.TrimSpace(q.Search); s != "" {
		words := SearchTerms(s)
		var tokens []string
		if q.TaxonomyTermID != "" {
			tokens = []string{store.CategoryToken(q.TaxonomyTermID)}
		}
		if len(words) == 0 {
			// Only stop words or punctuation: nothing can match.
			return noServices
		}
		text, terms := store.SearchQueryText(e, words, tokens, nil)
		tp, mp := arg(text), ""
		if terms != "" {
			mp = arg(terms)
		}
		matches := store.SearchTextMatches(e, tp, mp, "", false, nil)
		set := serviceSet{ids: "SELECT m.service_id AS id FROM (" + matches + ") m"}
		if store.FullTextTestsOne(e) {
			// A test of one service reads its postings by rowid; a set of
			// every match would be built first (4.7 s for 900,000).
			set.fts = true
			set.test = func(id string) string {
				return "EXISTS (" + store.SearchTextMatches(e, tp, mp, "", false, func(sid string) string { return sid + " = " + id }) + ")"
			}
		} else {
			set.test = func(id string) string { return id + " IN (" + set.ids + ")" }
		}
		sets = append(sets, set)
	} else if q.TaxonomyTermID != "" {
		p := arg(q.TaxonomyTermID)
		sets = append(sets, serviceSet{
			ids: "SELECT DISTINCT a.link_id AS id FROM attributes a WHERE a.taxonomy_term_id = " + p + "",
			test: func(id string) string {
				return "EXISTS (SELECT 1 FROM attributes a WHERE a.taxonomy_term_id = " + p + " AND a.link_id = " + id + ")"
			}})
	}
	if q.TaxonomyID != "" {
		if len(taxonomyTerms) == 0 {
			// A taxonomy of no terms (or none such) files no service.
			return noServices
		}
		p := arg(q.TaxonomyID)
		test := func(id string) string {
			return `EXISTS (SELECT 1 FROM attributes a JOIN taxonomy_terms tt ON tt.id = a.taxonomy_term_id
				WHERE a.link_id = ` + id + ` AND tt.taxonomy_id = ` + p + ")"
		}
		// A taxonomy's services are most often all of them: gathered from
		// the attributes and made distinct, a million took SQLite 8.5 s,
		// and testing each service 2-3 s. On SQLite the full-text index
		// gives them at once, by its terms' tokens (0.4-0.6 s for a
		// million): a taxonomy of up to maxTaxonomyTokens terms. A test of
		// one service stays the look-up of its attributes.
		ids := "SELECT so.id FROM services so WHERE " + test("so.id")
		if store.FullTextHoldsPlaces(e) && len(taxonomyTerms) <= maxTaxonomyTokens {
			tokens := make([]string, len(taxonomyTerms))
			for i, t := range taxonomyTerms {
				tokens[i] = store.CategoryToken(t)
			}
			text, _ := store.SearchQueryText(e, nil, tokens, nil)
			ids = "SELECT m.service_id AS id FROM (" + store.SearchTextMatches(e, arg(text), "", "", false, nil) + ") m"
		}
		sets = append(sets, serviceSet{ids: ids, test: test})
	}
	if !q.ModifiedAfter.IsZero() {
		p := arg(q.ModifiedAfter.UTC())
		sets = append(sets, serviceSet{ids: "SELECT so.id FROM services so WHERE so.updated_at >= " + p,
			test: func(id string) string {
				return "EXISTS (SELECT 1 FROM services so WHERE so.id = " + id + " AND so.updated_at >= " + p + ")"
			}})
	}
	return sets
}

// hsdsServiceList returns the total and one page of ids of a filtered list
// of services (resource "service", ids of services) or of services at
// locations ("service_at_location", their ids), by name, then id.
func (s *Store) hsdsServiceList(ctx context.Context, resource string, q HSDSQuery) (int, []string, error) {
	var args []any
	arg := func(v any) string { args = append(args, v); return fmt.Sprintf("$%d", len(args)) }
	var taxonomyTerms []string
	if q.TaxonomyID != "" {
		var err error
		if taxonomyTerms, err = idsOf(ctx, s.db, `SELECT id FROM taxonomy_terms WHERE taxonomy_id = $1 ORDER BY id`, q.TaxonomyID); err != nil {
			return 0, nil, fmt.Errorf("list %s: the taxonomy's terms: %w", resource, err)
		}
	}
	sets := serviceSets(q, taxonomyTerms, s.db.Engine, arg)
	atLocations := resource == "service_at_location"
	var postcode string // the condition on an address's postal code
	if atLocations && q.PostalCode != "" {
		postcode = store.PostalCodeIs(s.db.Engine, "ad.postal_code", q.PostalCode, arg)
	}
	if len(sets) == 0 && postcode == "" {
		// Filters that say nothing (a search of spaces): every service.
		sets = []serviceSet{{ids: "SELECT so.id FROM services so", test: func(string) string { return "1 = 1" }}}
	}
	published := func(id string) string { return id + " NOT IN (" + archivedServices + ")" }
	// tests are the conditions that the service whose id is id is
	// published and passes each of sets.
	tests := func(id string, sets []serviceSet) []string {
		cond := []string{published(id)}
		for _, f := range sets {
			cond = append(cond, f.test(id))
		}
		return cond
	}
	// The services at locations with an address in the postal code.
	atPostcode := `(SELECT DISTINCT x.id AS xid, x.service_id FROM addresses ad CROSS JOIN service_at_locations x
		WHERE ` + postcode + ` AND x.location_id = ad.location_id) dx`

	// The count: the driving set, each member tested against the others.
	var count string
	switch {
	case postcode != "":
		count = "SELECT COUNT(*) FROM " + atPostcode + " WHERE " + strings.Join(tests("dx.service_id", sets), " AND ")
	case atLocations:
		count = "SELECT COUNT(*) FROM (" + sets[0].ids + ") d CROSS JOIN service_at_locations x WHERE " +
			strings.Join(append(tests("d.id", sets[1:]), "x.service_id = d.id"), " AND ")
	default:
		count = "SELECT COUNT(*) FROM (" + sets[0].ids + ") d WHERE " + strings.Join(tests("d.id", sets[1:]), " AND ")
	}
	var total int
	if err := s.db.QueryRowContext(ctx, count, args...).Scan(&total); err != nil {
		return 0, nil, fmt.Errorf("count %s: %w", resource, err)
	}
	if q.Limit <= 0 || q.Offset >= total {
		return total, nil, nil
	}

	// The page: gather the driving set and sort it, or walk the services by
	// name testing each, whichever reads fewer rows. A walk reads about
	// (offset + limit) x services / total services to fill the page; a
	// full-text test costs SQLite as much as gathering twenty rows (0.1 ms
	// against 5 us at a million services), and up to a hundred with a
	// term's token, so up to 50,000 matches (0.25 s) are always gathered.
	small, weight := 2000.0, 1.0
	for _, f := range sets {
		if f.fts {
			small, weight = 50000, 20
		}
	}
	gather := postcode != "" || float64(total) <= small
	switch {
	case servicePageForm == "gather":
		gather = true
	case servicePageForm == "walk":
		gather = postcode != ""
	case !gather:
		all, err := s.CountServices(ctx)
		if err != nil {
			return 0, nil, err
		}
		walk := float64(q.Offset+q.Limit) * float64(all) / float64(total)
		gather = float64(total) <= walk*weight
	}
	id, order := "s.id", "lower(s.name), s.id"
	var from string
	var cond []string
	switch {
	case postcode != "":
		id, order = "dx.xid", "lower(s.name), s.id, dx.xid"
		from, cond = atPostcode+" CROSS JOIN services s", append(tests("s.id", sets), "s.id = dx.service_id")
	case gather:
		from, cond = "("+sets[0].ids+") d CROSS JOIN services s", append(tests("s.id", sets[1:]), "s.id = d.id")
	default:
		from, cond = "services s", tests("s.id", sets)
	}
	if atLocations && postcode == "" {
		id, order = "x.id", "lower(s.name), s.id, x.id"
		from += " CROSS JOIN service_at_locations x"
		cond = append(cond, "x.service_id = s.id")
	}
	ids, err := idsOf(ctx, s.db, "SELECT "+id+" FROM "+from+" WHERE "+strings.Join(cond, " AND ")+
		" ORDER BY "+order+" LIMIT "+arg(q.Limit)+" OFFSET "+arg(q.Offset), args...)
	if err != nil {
		return 0, nil, fmt.Errorf("list %s: %w", resource, err)
	}
	return total, ids, nil
}
