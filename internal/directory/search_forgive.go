package directory

import (
	"context"
	"fmt"
	"math/bits"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode"

	"backbone/internal/store"
	"backbone/internal/taxonomy/openeligibility"
)

// A search that forgives: besides the synonyms (ExpandSynonyms), a word of
// the text that is none of the directory's own words gets a "did you mean"
// from the closest of them, and a search with no results offers nearby
// categories and a wider radius.

// SearchOffers are what a search with no results offers instead.
type SearchOffers struct {
	// Categories are categories near the words or the category asked
	// for (in the built-in taxonomy: the categories whose names hold a
	// word of the query, their parents and siblings) that file services,
	// the most services first.
	Categories []CategoryOffer `json:"categories"`
	// WiderRadiusKm is twice the radius searched (at most MaxRadiusKm),
	// when near a point and the radius was below the largest; else 0.
	WiderRadiusKm float64 `json:"wider_radius_km,omitempty"`
}

// CategoryOffer is a category a search with no results offers.
type CategoryOffer struct {
	TermID   string `json:"term_id"`
	Name     string `json:"name"`
	Path     string `json:"path"`
	Services int    `json:"services"` // filed under it or a category below it
}

// maxCategoryOffers bounds the categories offered.
const maxCategoryOffers = 6

// forgive sets what a page of q's results offers beyond them: the text
// corrected (DidYouMean) and, with no results, the offers.
func (s *Store) forgive(ctx context.Context, q SearchQuery, pairs []Synonym, page *SearchPage) error {
	var corrected []string
	if q.Text != "" {
		v, err := s.vocabulary(ctx)
		if err != nil {
			return err
		}
		var corrections map[string]string
		page.DidYouMean, corrections = v.didYouMean(q.Text, pairs)
		for _, w := range corrections {
			corrected = append(corrected, w)
		}
	}
	if page.Total > 0 || len(page.Items) > 0 || q.Offset > 0 {
		return nil
	}
	offers := &SearchOffers{Categories: []CategoryOffer{}}
	if q.Lat != nil && q.RadiusKm < MaxRadiusKm {
		offers.WiderRadiusKm = min(2*q.RadiusKm, MaxRadiusKm)
	}
	words := append(SearchTerms(q.Text), corrected...)
	for _, p := range pairs {
		if slices.Contains(page.Synonyms, p) {
			words = append(words, SearchTerms(p.Replacement)...)
		}
	}
	var err error
	if offers.Categories, err = s.nearbyCategories(ctx, words, q.Category); err != nil {
		return err
	}
	page.Offers = offers
	return nil
}

// nearbyCategories are the built-in categories near words and category:
// those whose own names hold one of the words' stems (or that category
// names), their parents, siblings and children, that file services (by
// service_categories, with those of the categories below them), the most
// services first, at most maxCategoryOffers, without category itself.
func (s *Store) nearbyCategories(ctx context.Context, words []string, category string) ([]CategoryOffer, error) {
	terms, byID, err := builtInTerms()
	if err != nil {
		return nil, err
	}
	var ws []string
	for _, w := range words {
		ws = append(ws, stems(w)...)
	}
	matched := map[string]bool{}
	for _, t := range terms {
		if len(t.Path) < 2 {
			continue
		}
		if category != "" && (t.ID == category || strings.EqualFold(t.Name, category) ||
			strings.EqualFold(t.Slug, category)) {
			matched[t.ID] = true
			continue
		}
		for _, st := range stems(t.Name) {
			if slices.ContainsFunc(ws, func(w string) bool { return stemMatch(w, st) }) {
				matched[t.ID] = true
			}
		}
	}
	if len(matched) == 0 {
		return []CategoryOffer{}, nil
	}
	near := map[string]bool{}
	for id := range matched {
		near[id] = true
		if p := byID[id].ParentID; byID[p].ParentID != "" { // not a root
			near[p] = true
		}
	}
	for _, t := range terms {
		if matched[t.ParentID] || t.ParentID != "" && siblingOf(t, matched, byID) {
			near[t.ID] = true
		}
	}

	// The services filed under each term, then under each term and those
	// below it (parents come before their children, so children are
	// added up from the end).
	counts := map[string]int{}
	rows, err := s.db.QueryContext(
		ctx,
		`SELECT term_id, COUNT(DISTINCT service_id) FROM service_categories GROUP BY term_id`,
	)
	if err != nil {
		return nil, fmt.Errorf("nearby categories: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return nil, fmt.Errorf("nearby categories: %w", err)
		}
		counts[id] = n
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("nearby categories: %w", err)
	}
	for i := len(terms) - 1; i >= 0; i-- {
		if p := terms[i].ParentID; p != "" {
			counts[p] += counts[terms[i].ID]
		}
	}

	out := []CategoryOffer{}
	for id := range near {
		t := byID[id]
		if counts[id] == 0 || (category != "" && matched[id] && (t.ID == category ||
			strings.EqualFold(t.Name, category) || strings.EqualFold(t.Slug, category))) {
			continue
		}
		out = append(out, CategoryOffer{TermID: id, Name: t.Name, Path: strings.Join(t.Path[1:], " › "),
			Services: counts[id]})
	}
	slices.SortFunc(out, func(a, b CategoryOffer) int {
		if a.Services != b.Services {
			return b.Services - a.Services
		}
		return strings.Compare(a.Path, b.Path)
	})
	return out[:min(len(out), maxCategoryOffers)], nil
}

// siblingOf reports whether t shares a parent (not a root) with a matched
// term.
func siblingOf(t openeligibility.Term, matched map[string]bool, byID map[string]openeligibility.Term) bool {
	if byID[t.ParentID].ParentID == "" {
		return false // the roots' children are the sections: all siblings
	}
	for id := range matched {
		if byID[id].ParentID == t.ParentID {
			return true
		}
	}
	return false
}

// The vocabulary: the directory's own words, from its services' names,
// alternate names, descriptions and eligibility, its organizations' names
// and its taxonomy terms' names, each with how often it is written. It is
// read once per database and kept (vocabularies); read again, in the
// background, the old one serving meanwhile (so a search never waits for
// it but the first), when the directory has changed: when the directory's
// generation (store.DirectoryGeneration, moved in the same transaction as
// every write of services, organizations, categories, synonyms and
// imports, and by nothing else) differs from the one read before it, and
// it is older than vocabularyMinAge by the store's clock. The generation
// is one row read by its key at each search; it is the database's, so
// every instance sharing the database sees a change made on any of them.

// vocabularyMinAge bounds how often a vocabulary is read again while the
// directory is being edited: at most once a minute.
const vocabularyMinAge = time.Minute

type vocabulary struct {
	builtAt time.Time
	mark    int64                    // the directory's generation when it was read
	count   map[string]int           // each word, how many times it is written
	stems   map[string]bool          // the stems of the words (stem)
	byLen   map[int][]vocabularyWord // the words (of three letters or more) by length
}

type vocabularyCache struct {
	mu       sync.Mutex
	v        *vocabulary
	building bool
}

// vocabularies holds each database's vocabulary.
var vocabularies sync.Map // *store.DB → *vocabularyCache

// vocabulary gives the directory's vocabulary: read now if there is none
// yet, else the one kept, read again in the background when old.
func (s *Store) vocabulary(ctx context.Context) (*vocabulary, error) {
	c, _ := vocabularies.LoadOrStore(s.db, &vocabularyCache{})
	cache := c.(*vocabularyCache)
	cache.mu.Lock()
	defer cache.mu.Unlock()
	now := s.now()
	mark, err := store.DirectoryGeneration(ctx, s.db)
	if err != nil {
		return nil, fmt.Errorf("read the directory's words: %w", err)
	}
	if cache.v == nil {
		v, err := readVocabulary(ctx, s.db, now, mark)
		if err != nil {
			return nil, err
		}
		cache.v = v
		return v, nil
	}
	age := now.Sub(cache.v.builtAt)
	if mark != cache.v.mark && age >= vocabularyMinAge && !cache.building {
		cache.building = true
		go func() {
			v, err := readVocabulary(context.WithoutCancel(ctx), s.db, now, mark)
			cache.mu.Lock()
			defer cache.mu.Unlock()
			cache.building = false
			if err == nil {
				cache.v = v
			}
		}()
	}
	return cache.v, nil
}

// ForgetVocabulary drops the vocabulary kept for the store's database, so
// the next search reads it again (after an import, or in tests).
func (s *Store) ForgetVocabulary() {
	vocabularies.Delete(s.db)
}

// readVocabulary reads the directory's words.
func readVocabulary(ctx context.Context, db *store.DB, now time.Time, mark int64) (*vocabulary, error) {
	v := &vocabulary{
		builtAt: now,
		mark:    mark,
		count:   map[string]int{},
		stems:   map[string]bool{},
		byLen:   map[int][]vocabularyWord{},
	}
	for _, query := range []string{
		`SELECT sv.name || ' ' || sv.alternate_name || ' ' || sv.description || ' ' || sv.eligibility_description
			FROM services sv`,
		`SELECT name FROM organizations WHERE archived_at IS NULL`,
		`SELECT name FROM taxonomy_terms`,
	} {
		if err := v.read(ctx, db, query); err != nil {
			return nil, err
		}
	}
	for w := range v.count {
		v.stems[stem(w)] = true
		if n := len([]rune(w)); n >= 3 {
			v.byLen[n] = append(v.byLen[n], newVocabularyWord(w))
		}
	}
	for _, ws := range v.byLen { // a stable order for equal candidates
		slices.SortFunc(ws, func(a, b vocabularyWord) int { return strings.Compare(a.w, b.w) })
	}
	return v, nil
}

// read adds the words of each row of query's one column.
func (v *vocabulary) read(ctx context.Context, db *store.DB, query string) error {
	rows, err := db.QueryContext(ctx, query)
	if err != nil {
		return fmt.Errorf("read the directory's words: %w", err)
	}
	defer rows.Close()
	notWord := func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }
	for rows.Next() {
		var text string
		if err := rows.Scan(&text); err != nil {
			return fmt.Errorf("read the directory's words: %w", err)
		}
		for _, w := range strings.FieldsFunc(foldAccents.Replace(strings.ToLower(text)), notWord) {
			if !searchStopWords[w] {
				v.count[w]++
			}
		}
	}
	return rows.Err()
}

// known reports whether w is one of the directory's words, or has the stem
// of one.
func (v *vocabulary) known(w string) bool {
	return v.count[w] > 0 || v.stems[stem(w)]
}

// closest is the directory's word closest to w, within an edit distance
// of 1 (words of up to four letters) or 2: the nearest first, then one of
// the same first letter, then the most written; "" when none is.
func (v *vocabulary) closest(w string) string {
	q := newVocabularyWord(w)
	r := q.r
	limit := 1
	if len(r) > 4 {
		limit = 2
	}
	best, bestDist, bestFirst, bestCount := "", limit+1, false, 0
	for n := len(r) - limit; n <= len(r)+limit; n++ {
		for _, c := range v.byLen[n] {
			// Each edit adds or takes away at most one letter of those
			// a word holds: a cheap test that leaves out most words.
			if bits.OnesCount32(c.letters^q.letters) > 2*limit {
				continue
			}
			d := osaDistance(r, c.r, limit)
			if d > limit {
				continue
			}
			first := c.r[0] == r[0]
			count := v.count[c.w]
			better := d < bestDist || d == bestDist && (first && !bestFirst ||
				first == bestFirst && count > bestCount)
			if better {
				best, bestDist, bestFirst, bestCount = c.w, d, first, count
			}
		}
	}
	return best
}

// vocabularyWord is a word of the vocabulary, with its letters as runes
// and as a set (a bit for each of a to z, the other letters sharing six).
type vocabularyWord struct {
	w       string
	r       []rune
	letters uint32
}

func newVocabularyWord(w string) vocabularyWord {
	vw := vocabularyWord{w: w, r: []rune(w)}
	for _, c := range vw.r {
		if c >= 'a' && c <= 'z' {
			vw.letters |= 1 << (c - 'a')
		} else {
			vw.letters |= 1 << (26 + c%6)
		}
	}
	return vw
}

// didYouMean corrects the words of text that are none of the directory's
// words (nor stems of them, nor words of a synonym's phrase) and have a
// close one: text with them replaced, in its own case and punctuation,
// and the corrections (word → correction); "" when there is none.
func (v *vocabulary) didYouMean(text string, pairs []Synonym) (string, map[string]string) {
	phraseWords := map[string]bool{}
	for _, p := range pairs {
		for _, w := range SearchTerms(p.Phrase) {
			phraseWords[w] = true
		}
	}
	corrections := map[string]string{}
	for _, w := range SearchTerms(text) {
		if len([]rune(w)) < 3 || isDigits(w) || phraseWords[w] || v.known(w) {
			continue
		}
		if c := v.closest(w); c != "" {
			corrections[w] = c
		}
	}
	if len(corrections) == 0 {
		return "", nil
	}
	// The words of text in order, each replaced when corrected.
	var b strings.Builder
	word := []rune{}
	flush := func() {
		if len(word) > 0 {
			key := foldAccents.Replace(strings.ToLower(string(word)))
			if c, ok := corrections[key]; ok {
				b.WriteString(c)
			} else {
				b.WriteString(string(word))
			}
			word = word[:0]
		}
	}
	for _, r := range text {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			word = append(word, r)
			continue
		}
		flush()
		b.WriteRune(r)
	}
	flush()
	return b.String(), corrections
}

// isDigits reports whether w is all digits (a number is not misspelled).
func isDigits(w string) bool {
	return strings.IndexFunc(w, func(r rune) bool { return !unicode.IsDigit(r) }) < 0
}

// osaDistance is the optimal string alignment distance of a and b (an
// insertion, deletion, substitution or swap of two neighbours each costs
// one), or limit+1 once it must exceed limit.
func osaDistance(a, b []rune, limit int) int {
	if d := len(a) - len(b); d > limit || -d > limit {
		return limit + 1
	}
	prev2 := make([]int, len(b)+1)
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
			rowMin = min(rowMin, cur[j])
		}
		if rowMin > limit {
			return limit + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}
