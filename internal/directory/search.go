package directory

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"backbone/internal/account"
	"backbone/internal/store"
)

// SearchQuery is what a person looks for in the directory. Every field is
// optional; with none set, every active service is listed by name.
type SearchQuery struct {
	Text     string // free text, matched with stemming against names, terms, descriptions and eligibility
	Category string // a taxonomy term, by id, code or name (any case)
	Language string // a language the service is offered in, by code ("es") or name ("Spanish")
	Area     string // a service area, by name (any case)
	// Near is "LAT,LON" or a place found among the directory's own
	// addresses: a postal code, a city or a street address (the middle of
	// its located addresses; see PlacePoint); Lat and Lon may be set
	// instead.
	Near     string
	Lat, Lon *float64
	RadiusKm float64 // how far from Near; DefaultRadiusKm when zero
	// OpenNow keeps services with a schedule open at At (now when zero),
	// read in At's own time zone; see openNowFilter for the fields honoured.
	OpenNow bool
	At      time.Time
	// Sort is "distance" (needs Near; the default near a point, the words
	// only filtering), "relevance" (the default with text alone) or "name".
	Sort   string
	Limit  int // page size, DefaultSearchLimit when zero
	Offset int
}

// SearchResult is one service found, with what a list of results shows.
type SearchResult struct {
	ServiceID        string `json:"service_id"`
	ServiceName      string `json:"service_name"`
	OrganizationID   string `json:"organization_id"`
	OrganizationName string `json:"organization_name"`
	Description      string `json:"description"`
	// Score is the text relevance, higher is better; 0 without text or
	// sorted by distance.
	Score      float64  `json:"score"`
	DistanceKm *float64 `json:"distance_km,omitempty"` // to the nearest location, when searching near a point
	// Distance is DistanceKm in the page's DistanceUnit (see InUnit).
	Distance     *float64 `json:"distance,omitempty"`
	LocationName string   `json:"location_name"`
	Address      string   `json:"address"` // the street address of the (nearest) location, on one line
	Latitude     *float64 `json:"latitude,omitempty"`
	Longitude    *float64 `json:"longitude,omitempty"`
	// ApproximateLocation is true when the (nearest) location's point is
	// the centroid of its postal code or city (places_approximate.go).
	ApproximateLocation bool `json:"approximate_location"`
	// Phones are the service's own, then those of its (nearest) location
	// that belong to no service; voice lines first.
	Phones []PhoneInput `json:"phones"`
	// Hours are the service's own schedules and those of its (nearest)
	// location, as a flyer says them (sayHours).
	Hours []string `json:"hours"`
}

// SearchPage is one page of results.
type SearchPage struct {
	Items  []SearchResult `json:"items"`
	Total  int            `json:"total"`
	Limit  int            `json:"limit"`
	Offset int            `json:"offset"`
	// Capped is true when Total is a lower bound: more than Total services
	// match. Searches without text or near are counted only up to
	// SearchTotalCap (or the end of the page asked for, when further);
	// text without near, up to SearchCandidateCap (see RankedCapped).
	// When false, Total is the exact number of results.
	Capped bool `json:"capped"`
	// RankedCapped is true when more than SearchCandidateCap services
	// matched the text (and the filters), so only the first
	// SearchCandidateCap of them in index order were ranked: a better
	// match may be missing. Near a point, Total then counts only those.
	RankedCapped bool `json:"ranked_capped"`
	// Near is the point searched around, resolved from a place when one
	// was given.
	NearLat *float64 `json:"near_latitude,omitempty"`
	NearLon *float64 `json:"near_longitude,omitempty"`
	// DistanceUnit is the unit of the results' Distance: "mi" or "km"
	// (the directory's setting; see InUnit).
	DistanceUnit string `json:"distance_unit,omitempty"`
	// Synonyms, DidYouMean and Offers forgive a search: see search_forgive.go.
	Synonyms   []Synonym     `json:"synonyms,omitempty"`     // the pairs whose phrase the text held, also tried
	DidYouMean string        `json:"did_you_mean,omitempty"` // the text, its words unknown to the directory corrected
	Offers     *SearchOffers `json:"offers,omitempty"`       // with no results: nearby categories, a wider radius
}

// Search limits and defaults.
const (
	DefaultSearchLimit = 20
	DefaultRadiusKm    = 10.0
	MaxRadiusKm        = 500.0
	MaxSearchOffset    = 10000
	maxSearchText      = 200
	// SearchCandidateCap bounds how many text matches are ranked: a word
	// found in most services would otherwise have every one of them scored
	// (seconds at a million services), and a broad one (in 300,000 of
	// them) costs 4-5 µs a score on SQLite (bm25 reads each match's
	// column sizes), so 20 ms per 5,000. The filters apply first; past the
	// cap, the first SearchCandidateCap matches that pass them, in index
	// order, are ranked: results stay relevant to the words, but a better
	// match further on may be missed. Page.RankedCapped says when that
	// happened. A directory of tens of thousands of services reaches it
	// only with its broadest words.
	SearchCandidateCap = 2500
	// SearchTotalCap bounds how far results are counted: past it (or past
	// the page asked for, when that is further) a search answers "more than
	// N" (Page.Capped) instead of counting every result, which would cost
	// as much as ranking them all.
	SearchTotalCap = 1000
)

// Search finds services, for someone who may search the directory
// (account.SearchDirectory). The plan depends on what is asked:
//   - near a point: the points of services in the bounding box of the
//     circle (a spatial index, migration 16) are the candidates; text and a
//     category, when given, are looked for by the full-text index among
//     the services in the grid cells around the box (store.BoxCells), the
//     text matches scored (at most SearchCandidateCap); each remaining
//     service gets its exact haversine distance to its nearest point, and
//     those beyond the radius go;
//   - text without near: the engine's full-text index gives the candidates
//     that hold the words and the category (at most SearchCandidateCap,
//     see there) and pass the other filters, with their scores;
//   - otherwise every active service is a candidate.
//
// The other filters apply to the candidates. Results are in a stable
// order: by score (best first), then id; by distance first when sorted by
// distance; by name and id when sorted by name. Only services of active
// (not archived) organizations are found.
//
// With text or near, the candidates are few enough to be counted exactly:
// they are filtered once (by id, without reading the services), counted,
// and only the page's rows are read (unless sorted by name). Ties are
// broken by id rather than name so that the page can be cut before any
// service is read. Without text or near (a whole directory listed by
// name, or one category), the page is read as the engine sorts it and the
// results are counted only as far as SearchTotalCap: Page.Capped then
// says "more than Total".
func (s *Store) Search(ctx context.Context, actor account.Actor, q SearchQuery) (*SearchPage, error) {
	if err := s.rules.Check(ctx, actor, account.SearchDirectory, account.Platform); err != nil {
		return nil, err
	}

	if err := q.Check(); err != nil {
		return nil, err
	}
	if q.At.IsZero() {
		// Opening hours are written in local time.
		q.At = s.now().In(time.Local)
	}
	if err := s.resolveNear(ctx, &q); err != nil {
		return nil, err
	}

	words := SearchTerms(q.Text)
	page := &SearchPage{Items: []SearchResult{}, Limit: q.Limit, Offset: q.Offset, NearLat: q.Lat, NearLon: q.Lon}
	if q.Text != "" && len(words) == 0 {
		return page, nil // only stop words or punctuation: nothing can match
	}
	var pairs []Synonym
	if len(words) > 0 {
		var err error
		if pairs, err = s.synonyms(ctx); err != nil {
			return nil, err
		}
		words, page.Synonyms = ExpandSynonyms(words, pairs)
	}

	// A category is resolved first, to its terms' ids: with text or near
	// the full-text index then finds the category's services together with
	// the words or the cells around the point (see searchSQL).
	var terms []string
	if q.Category != "" {
		var err error
		if terms, err = s.categoryTerms(ctx, q.Category); err != nil {
			return nil, err
		}
		if len(terms) == 0 {
			return page, nil // no such category: nothing can match
		}
	}

	total, candidates, err := s.readPage(ctx, q, words, terms, page)
	if err != nil {
		return nil, err
	}
	if err := s.countResults(ctx, q, words, terms, page, total, candidates); err != nil {
		return nil, err
	}
	if err := s.addResultDetails(ctx, page.Items, q.Lat, q.Lon); err != nil {
		return nil, err
	}
	if err := s.forgive(ctx, q, pairs, page); err != nil {
		return nil, err
	}
	return page, nil
}

// resolveNear finds the point that a place in q.Near names (PlacePoint),
// when q has no point yet; a place the directory does not know is a
// validation error.
func (s *Store) resolveNear(ctx context.Context, q *SearchQuery) error {
	if q.Near == "" || q.Lat != nil {
		return nil
	}
	lat, lon, ok, err := s.PlacePoint(ctx, q.Near)
	if err != nil {
		return err
	}
	if !ok {
		return placeNotFound(q.Near)
	}
	q.Lat, q.Lon = &lat, &lon
	return nil
}

// readPage reads the page's results into page.Items, with the number of
// results and of text candidates that each of its rows carries.
func (s *Store) readPage(ctx context.Context, q SearchQuery, words, terms []string,
	page *SearchPage) (total, candidates int, err error) {
	query, a := s.searchSQL(q, words, terms, searchPage)
	rows, err := s.db.QueryKept(ctx, query, store.PlanEachTime(s.db.Engine, a)...)
	if err != nil {
		return 0, 0, fmt.Errorf("search services: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var r SearchResult
		var km *float64
		if err := rows.Scan(&r.ServiceID, &r.ServiceName, &r.OrganizationID, &r.OrganizationName, &r.Description,
			&r.Score, &km, &total, &candidates); err != nil {
			return 0, 0, fmt.Errorf("search services: %w", err)
		}
		if km != nil {
			d := math.Round(*km*100) / 100
			r.DistanceKm = &d
		}
		page.Items = append(page.Items, r)
	}
	if err := rows.Err(); err != nil {
		return 0, 0, fmt.Errorf("search services: %w", err)
	}
	return total, candidates, nil
}

// countResults sets the page's Total, Capped and RankedCapped, from what
// its rows carried (total, candidates) when they can say, else by counting
// (searchCount). An unbounded search (no text, no near) asked for one row
// more than the page, to tell whether there are more: it is taken off.
func (s *Store) countResults(ctx context.Context, q SearchQuery, words, terms []string, page *SearchPage,
	total, candidates int) error {
	bounded := len(words) > 0 || q.Lat != nil
	more := !bounded && len(page.Items) > q.Limit
	if more {
		page.Items = page.Items[:q.Limit]
	}
	switch {
	case bounded && len(page.Items) > 0:
		page.Total = total
	case !bounded && !more && (len(page.Items) > 0 || q.Offset == 0):
		page.Total = q.Offset + len(page.Items) // the last page: the count is known
	default:
		// Past the last page, or a full page of an unbounded search.
		limit := max(SearchTotalCap, q.Offset+q.Limit+1)
		n, c, err := s.searchCount(ctx, q, words, terms, limit)
		if err != nil {
			return err
		}
		page.Total, candidates = n, c
		if !bounded {
			page.Total, page.Capped = min(n, limit), n > limit
		}
	}

	// The text matches that pass the filters are gathered up to
	// SearchCandidateCap + 1: one more says there were more than the cap.
	if len(words) > 0 && candidates > SearchCandidateCap {
		page.RankedCapped = true
		if q.Lat == nil {
			page.Total, page.Capped = SearchCandidateCap, true
		}
	}
	return nil
}

// searchCount counts the results of q (when unbounded, up to limit+1),
// and the text candidates (for RankedCapped).
func (s *Store) searchCount(ctx context.Context, q SearchQuery, words, terms []string,
	limit int) (n, candidates int, err error) {
	q.Offset, q.Limit = 0, limit
	query, a := s.searchSQL(q, words, terms, searchCount)
	if err := s.db.QueryRowContext(ctx, query, store.PlanEachTime(s.db.Engine, a)...).Scan(&n, &candidates); err != nil {
		return 0, 0, fmt.Errorf("count search results: %w", err)
	}
	return n, candidates, nil
}

// categoryTerms gives the ids of the taxonomy terms a category filter
// names: by id, code or name, in any case (each by its own index,
// migration 18).
func (s *Store) categoryTerms(ctx context.Context, category string) ([]string, error) {
	ids, err := idsOf(ctx, s.db,
		`SELECT id FROM taxonomy_terms WHERE id = $1 OR lower(code) = $2 OR lower(name) = $2 ORDER BY id`,
		category, strings.ToLower(category))
	if err != nil {
		return nil, fmt.Errorf("search services: the category: %w", err)
	}
	builtIn, err := s.builtInCategoryTerms(ctx, category)
	if err != nil {
		return nil, err
	}
	ids = append(ids, builtIn...)
	slices.Sort(ids)
	return slices.Compact(ids), nil
}
