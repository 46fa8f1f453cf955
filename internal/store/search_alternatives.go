package store

import "strings"

// A search's words may hold alternatives: a word of the query that a
// synonym widens (such as "rent help", also tried as "rental assistance")
// is one element of the words that matches when any one of its
// alternatives does, each alternative a list of words that must all match.
// SearchQueryText writes them as the engine's OR of ANDs.

// searchAlternativeSep and searchAlternativeWordSep mark the alternatives
// within one element of the words: neither is a letter or a digit, so no
// word of SearchTerms holds them.
const (
	searchAlternativeSep     = "|"
	searchAlternativeWordSep = " "
)

// SearchAlternatives makes one element of a search's words that matches
// when the words of any one of alts all match. Each alternative's words are
// letters and digits only, as SearchTerms gives them; an alternative of no
// words is left out.
func SearchAlternatives(alts [][]string) string {
	var out []string
	for _, a := range alts {
		if len(a) > 0 {
			out = append(out, strings.Join(a, searchAlternativeWordSep))
		}
	}
	return strings.Join(out, searchAlternativeSep)
}

// SearchAlternativesOf splits an element of a search's words into its
// alternatives (a plain word is one alternative of one word).
func SearchAlternativesOf(w string) [][]string {
	var out [][]string
	for _, a := range strings.Split(w, searchAlternativeSep) {
		out = append(out, strings.Split(a, searchAlternativeWordSep))
	}
	return out
}

// searchWords writes words for an engine: each word as render gives it,
// joined by and; an element with alternatives as the or of its
// alternatives, each the and of its words, in parentheses.
func searchWords(words []string, render func(string) string, and, or string) string {
	out := make([]string, len(words))
	for i, w := range words {
		if !strings.Contains(w, searchAlternativeSep) && !strings.Contains(w, searchAlternativeWordSep) {
			out[i] = render(w)
			continue
		}
		alts := SearchAlternativesOf(w)
		parts := make([]string, len(alts))
		for j, a := range alts {
			each := make([]string, len(a))
			for k, x := range a {
				each[k] = render(x)
			}
			parts[j] = "(" + strings.Join(each, and) + ")"
		}
		out[i] = "(" + strings.Join(parts, or) + ")"
	}
	return strings.Join(out, and)
}
