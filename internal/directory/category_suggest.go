package directory

import (
	"slices"
	"strings"
	"unicode"

	"backbone/internal/taxonomy/openeligibility"
)

// Suggestions of built-in categories for a keyword, by the words they
// share, each reduced to its stem so that "Libraries" meets "Library" and
// "Counseling" meets "Counselors". Pure functions over the embedded
// taxonomy; nothing here reads the database.

// CategorySuggestion is a built-in term suggested for a keyword.
type CategorySuggestion struct {
	TermID    string  `json:"term_id"`
	Name      string  `json:"name"`
	Path      string  `json:"path"`      // the term's levels below its root, "Food › Food Pantry"
	Situation bool    `json:"situation"` // a who-it-serves situation, not a service category
	Score     float64 `json:"score"`
}

// suggestWords are left out of keywords and term names: almost every
// category has them.
var suggestWords = map[string]bool{"service": true, "servic": true, "program": true, "help": true, "other": true,
	"general": true, "center": true, "support": true, "resourc": true, "inform": true, "referral": true}

// stem reduces an English word to a stem by stripping common suffixes: a
// small rule of a few suffixes, not a full Porter stemmer, enough to tell
// plurals and -ing/-ed/-ion forms of one word alike.
func stem(w string) string {
	for _, rule := range [][2]string{{"ies", "y"}, {"ied", "y"}, {"sses", "ss"}, {"ness", ""}, {"ments", ""},
		{"ment", ""}, {"ations", ""}, {"ation", ""}, {"ions", ""}, {"ion", ""}, {"ings", ""}, {"ing", ""},
		{"ors", ""}, {"ers", ""}, {"or", ""}, {"er", ""}, {"ances", ""}, {"ance", ""}, {"ences", ""}, {"ence", ""},
		{"als", ""}, {"al", ""}, {"ed", ""}, {"es", ""}, {"s", ""}, {"e", ""}} {
		if strings.HasSuffix(w, rule[0]) && len(w)-len(rule[0]) >= 3 && !strings.HasSuffix(w, "ss") {
			return strings.TrimSuffix(w, rule[0]) + rule[1]
		}
	}
	return w
}

// stems gives the stems of the words of s (letters and digits), in
// order, without stop words and the generic words of suggestWords.
func stems(s string) []string {
	var out []string
	notWord := func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }
	for _, w := range strings.FieldsFunc(foldAccents.Replace(strings.ToLower(s)), notWord) {
		if searchStopWords[w] || len(w) < 2 {
			continue
		}
		st := stem(w)
		if suggestWords[st] || suggestWords[w] || slices.Contains(out, st) {
			continue
		}
		out = append(out, st)
	}
	return out
}

// stemMatch reports whether a keyword's stem k matches a term's stem t:
// equal, or one a prefix of the other of at least five letters (a
// truncated keyword, "Transportatio").
func stemMatch(k, t string) bool {
	if k == t {
		return true
	}
	if len(k) >= 5 && strings.HasPrefix(t, k) || len(t) >= 5 && strings.HasPrefix(k, t) {
		return true
	}
	return false
}

// SuggestCategories scores every term of the taxonomy against keyword and
// returns the best (at most limit, best first, ties by path): a keyword
// stem found in the term's own name counts 2, one found only in the names
// of its parents 1, out of 2 per keyword stem; a term's name of stems the
// keyword does not have costs a little, so that "Food" prefers Food to
// Food Pantry.
func SuggestCategories(keyword string, terms []openeligibility.Term, limit int) []CategorySuggestion {
	ks := stems(keyword)
	if len(ks) == 0 {
		return nil
	}
	var out []CategorySuggestion
	for _, t := range terms {
		if len(t.Path) < 2 {
			continue // the roots are no category
		}
		own := stems(t.Name)
		var parents []string
		for _, p := range t.Path[1 : len(t.Path)-1] {
			parents = append(parents, stems(p)...)
		}
		score, matchedOwn := 0.0, 0
		for _, k := range ks {
			switch {
			case slices.ContainsFunc(own, func(s string) bool { return stemMatch(k, s) }):
				score += 2
				matchedOwn++
			case slices.ContainsFunc(parents, func(s string) bool { return stemMatch(k, s) }):
				score++
			}
		}
		if matchedOwn == 0 {
			continue
		}
		score = score/float64(2*len(ks)) - 0.05*float64(len(own)-matchedOwn)
		out = append(out, CategorySuggestion{TermID: t.ID, Name: t.Name, Path: strings.Join(t.Path[1:], " › "),
			Situation: t.Situation(), Score: score})
	}
	slices.SortStableFunc(out, func(a, b CategorySuggestion) int {
		if a.Score != b.Score {
			if a.Score > b.Score {
				return -1
			}
			return 1
		}
		return strings.Compare(a.Path, b.Path)
	})
	return out[:min(len(out), limit)]
}
