package directory

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"backbone/internal/errs"
	"backbone/internal/store"
)

// The first phase of a search: the query as a person gave it, checked and
// completed (Check), and its text split into the words the full-text index
// is asked for (SearchTerms). Nothing here reads the database.

// SearchSorts are the orders a search can be sorted in.
var SearchSorts = []string{"relevance", "distance", "name"}

// Check validates and completes a query, naming each parameter that is
// wrong. A place in Near is resolved by Search, not here.
func (q *SearchQuery) Check() error {
	var v errs.ValidationError
	q.Text = strings.TrimSpace(q.Text)
	for _, p := range []*string{&q.Category, &q.Language, &q.Area, &q.Near} {
		*p = strings.TrimSpace(*p)
	}
	checkTexts(&v, map[string]string{"q": q.Text, "category": q.Category, "language": q.Language, "area": q.Area,
		"near": q.Near})
	if v.Has() {
		return v.OrNil()
	}
	if utf8.RuneCountInString(q.Text) > maxSearchText {
		v.Add("q", fmt.Sprintf("must be at most %d characters", maxSearchText))
	}
	if q.Near != "" && q.Lat == nil {
		if lat, lon, ok := parseLatLon(q.Near); ok {
			q.Lat, q.Lon = &lat, &lon
		} else if first, _, _ := strings.Cut(q.Near, ","); strings.Contains(q.Near, ",") && isNumber(first) {
			v.Add("near", "must be LAT,LON (such as 37.48,-122.23), or a place: a postal code, a city or a street address")
		}
	}
	if (q.Lat == nil) != (q.Lon == nil) {
		v.Add("near", "needs both a latitude and a longitude")
	}
	if q.Lat != nil && q.Lon != nil && (math.IsNaN(*q.Lat) || *q.Lat < -90 || *q.Lat > 90 ||
		math.IsNaN(*q.Lon) || *q.Lon < -180 || *q.Lon > 180) {
		v.Add("near", "latitude must be between -90 and 90 and longitude between -180 and 180")
	}
	if q.RadiusKm == 0 {
		q.RadiusKm = DefaultRadiusKm
	}
	if math.IsNaN(q.RadiusKm) || q.RadiusKm <= 0 || q.RadiusKm > MaxRadiusKm {
		v.Add("radius", fmt.Sprintf("must be more than 0 and at most %g km", MaxRadiusKm))
	}
	near := q.Lat != nil || q.Near != ""
	switch q.Sort {
	case "":
		// The best match: near a place, the nearest first, with the words
		// (if any) as a filter, as a "near me" search is read; else by
		// relevance to the words, else by name. Ranking by distance also
		// spares the text's relevance scores: at a million services a
		// broad word's scores cost SQLite 20 ms (bench/directory).
		switch {
		case near:
			q.Sort = "distance"
		case q.Text != "":
			q.Sort = "relevance"
		default:
			q.Sort = "name"
		}
	case "relevance", "name":
	case "distance":
		if !near {
			v.Add("sort", "distance needs near (a point or a place)")
		}
	default:
		v.Add("sort", "must be relevance, distance or name")
	}
	if q.Limit == 0 {
		q.Limit = DefaultSearchLimit
	}
	if q.Limit < 1 || q.Limit > MaxPageSize {
		v.Add("limit", fmt.Sprintf("must be between 1 and %d", MaxPageSize))
	}
	if q.Offset < 0 || q.Offset > MaxSearchOffset {
		v.Add("offset", fmt.Sprintf("must be between 0 and %d", MaxSearchOffset))
	}
	return v.OrNil()
}

// checkTexts adds to v a problem for each field whose text has one.
func checkTexts(v *errs.ValidationError, fields map[string]string) {
	for field, s := range fields {
		if p := errs.TextProblem(s); p != "" {
			v.Add(field, p)
		}
	}
}

// isNumber reports whether s (trimmed) is a decimal number.
func isNumber(s string) bool {
	_, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	return err == nil
}

// parseLatLon reads "LAT,LON".
func parseLatLon(s string) (lat, lon float64, ok bool) {
	a, b, found := strings.Cut(s, ",")
	if !found {
		return 0, 0, false
	}
	lat, err1 := strconv.ParseFloat(strings.TrimSpace(a), 64)
	lon, err2 := strconv.ParseFloat(strings.TrimSpace(b), 64)
	return lat, lon, err1 == nil && err2 == nil
}

// searchStopWords are left out of text queries: every service has them,
// and requiring them would only lose matches.
var searchStopWords = map[string]bool{
	"a":    true,
	"an":   true,
	"and":  true,
	"are":  true,
	"as":   true,
	"at":   true,
	"be":   true,
	"by":   true,
	"for":  true,
	"from": true,
	"in":   true,
	"is":   true,
	"it":   true,
	"of":   true,
	"on":   true,
	"or":   true,
	"the":  true,
	"to":   true,
	"with": true,
}

// foldAccents takes the accents off the Latin letters a directory in the
// Americas meets, as SQLite's remove_diacritics does to the index, so that
// "counséling" finds "counseling" on both engines. (PostgreSQL's english
// configuration keeps accents in the index: an accented word in a record
// is found there only as written.)
var foldAccents = strings.NewReplacer(
	"á",
	"a",
	"à",
	"a",
	"â",
	"a",
	"ä",
	"a",
	"ã",
	"a",
	"å",
	"a",
	"ç",
	"c",
	"é",
	"e",
	"è",
	"e",
	"ê",
	"e",
	"ë",
	"e",
	"í",
	"i",
	"ì",
	"i",
	"î",
	"i",
	"ï",
	"i",
	"ñ",
	"n",
	"ó",
	"o",
	"ò",
	"o",
	"ô",
	"o",
	"ö",
	"o",
	"õ",
	"o",
	"ú",
	"u",
	"ù",
	"u",
	"û",
	"u",
	"ü",
	"u",
	"ý",
	"y",
	"ÿ",
	"y",
)

// SearchTerms splits text into the lower-case words a search requires,
// without accents, stop words or punctuation (so no query syntax reaches an
// engine).
func SearchTerms(text string) []string {
	var out []string
	seen := map[string]bool{}
	notWord := func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }
	for _, w := range strings.FieldsFunc(foldAccents.Replace(strings.ToLower(text)), notWord) {
		if searchStopWords[w] || seen[w] {
			continue
		}
		seen[w] = true
		out = append(out, w)
	}
	return out
}

// ExpandSynonyms widens a query's words (SearchTerms) by the synonyms:
// where the words of a pair's phrase stand in the query, in order, they
// become one element that also matches each of their replacements' words
// (store.SearchAlternatives), the longest phrase first from the left. It
// returns the words and the pairs used.
func ExpandSynonyms(words []string, pairs []Synonym) ([]string, []Synonym) {
	type phrase struct {
		words []string
		pairs []Synonym
	}
	byPhrase := map[string]*phrase{}
	longest := 0
	for _, p := range pairs {
		pw := SearchTerms(p.Phrase)
		if len(pw) == 0 || len(SearchTerms(p.Replacement)) == 0 {
			continue
		}
		key := strings.Join(pw, " ")
		if byPhrase[key] == nil {
			byPhrase[key] = &phrase{words: pw}
		}
		byPhrase[key].pairs = append(byPhrase[key].pairs, p)
		longest = max(longest, len(pw))
	}
	if len(byPhrase) == 0 {
		return words, nil
	}
	var out []string
	var used []Synonym
	for i := 0; i < len(words); {
		var found *phrase
		for n := min(longest, len(words)-i); n > 0 && found == nil; n-- {
			found = byPhrase[strings.Join(words[i:i+n], " ")]
		}
		if found == nil {
			out = append(out, words[i])
			i++
			continue
		}
		alts := [][]string{found.words}
		seen := map[string]bool{strings.Join(found.words, " "): true}
		for _, p := range found.pairs {
			rw := SearchTerms(p.Replacement)
			if key := strings.Join(rw, " "); !seen[key] {
				seen[key] = true
				alts = append(alts, rw)
			}
			used = append(used, p)
		}
		out = append(out, store.SearchAlternatives(alts))
		i += len(found.words)
	}
	return out, used
}
