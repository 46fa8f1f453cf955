package directory

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"backbone/internal/store"
)

// hsdsOrganizationSearch returns the total and one page of ids of the
// organizations that hold q.Search's words (SearchTerms gives them), on
// SQLite, by name. Filtered as a set (gathered, then sorted), a word in a
// quarter of 250,000 organizations took 0.47 s, for the count and again
// for the page. Instead the count comes from the full-text index alone,
// less the few archived organizations that match; and a page gathers the
// matches only when they are few, and otherwise walks the organizations
// by name testing each (a test reads one organization's postings), as the
// services' lists choose (hsdsServiceList).
func (s *Store) hsdsOrganizationSearch(ctx context.Context, q HSDSQuery) (int, []string, error) {
	var args []any
	arg := func(v any) string { args = append(args, v); return "$" + strconv.Itoa(len(args)) }
	text, _ := store.SearchQueryText(s.db.Engine, SearchTerms(q.Search), nil, nil)
	match := arg(text)
	gathered := `(SELECT n.organization_id AS id FROM organization_names n JOIN organization_words_fts f ON f.rowid = n.docid
		WHERE organization_words_fts MATCH ` + match + `) m CROSS JOIN organizations x`
	cond := []string{"x.archived_at IS NULL"}
	count := `SELECT (` + store.OrganizationWordsCount(match) + `) - (SELECT COUNT(*) FROM organizations ao
		WHERE ao.archived_at IS NOT NULL AND ` + store.OrganizationWordsEach("ao", match) + `)`
	if !q.ModifiedAfter.IsZero() {
		cond = append(cond, "x.updated_at >= "+arg(q.ModifiedAfter.UTC()))
		count = `SELECT COUNT(*) FROM ` + gathered + ` WHERE x.id = m.id AND ` + strings.Join(cond, " AND ")
	}
	var total int
	if err := s.db.QueryRowContext(ctx, count, args...).Scan(&total); err != nil {
		return 0, nil, fmt.Errorf("count organizations: %w", err)
	}
	if q.Limit <= 0 || q.Offset >= total {
		return total, nil, nil
	}
	// A test of one organization costs what gathering 30-160 matches does
	// (0.2-0.6 ms, against 3-7 us a match, at 250,000 organizations):
	// gather when that reads fewer rows, a test counting as 40.
	gather := servicePageForm == "gather"
	if servicePageForm == "" {
		all, err := s.CountOrganizations(ctx)
		if err != nil {
			return 0, nil, err
		}
		gather = float64(total) <= float64(q.Offset+q.Limit)*float64(all)/float64(total)*40
	}
	from := "organizations x"
	if gather {
		from, cond = gathered, append(cond, "x.id = m.id")
	} else {
		cond = append(cond, store.OrganizationWordsEach("x", match))
	}
	ids, err := idsOf(ctx, s.db, `SELECT x.id FROM `+from+` WHERE `+strings.Join(cond, " AND ")+
		` ORDER BY lower(x.name), x.id LIMIT `+arg(q.Limit)+` OFFSET `+arg(q.Offset), args...)
	if err != nil {
		return 0, nil, fmt.Errorf("list organizations: %w", err)
	}
	return total, ids, nil
}
