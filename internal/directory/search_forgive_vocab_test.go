package directory

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// wordsVocabulary is a vocabulary of n made-up words of 3 to 12 letters,
// with "food" and "pantry" written often.
func wordsVocabulary(n int) *vocabulary {
	r := rand.New(rand.NewPCG(1, 2))
	v := &vocabulary{count: map[string]int{"food": 900, "pantry": 400, "fold": 3, "fodder": 2},
		stems: map[string]bool{}, byLen: map[int][]vocabularyWord{}}
	for len(v.count) < n {
		w := make([]byte, 3+r.IntN(10))
		for i := range w {
			w[i] = byte('a' + r.IntN(26))
		}
		v.count[string(w)] += 1 + r.IntN(5)
	}
	for w := range v.count {
		v.stems[stem(w)] = true
		v.byLen[len(w)] = append(v.byLen[len(w)], newVocabularyWord(w))
	}
	for _, ws := range v.byLen {
		slices.SortFunc(ws, func(a, b vocabularyWord) int { return strings.Compare(a.w, b.w) })
	}
	return v
}

func TestClosestWord(t *testing.T) {
	v := wordsVocabulary(1000)
	for _, c := range []struct{ w, want string }{
		{"fod", "food"},      // one letter left out; "fold" is as near but less written
		{"fooood", "food"},   // two more
		{"pnatry", "pantry"}, // two swapped
		{"pantyr", "pantry"},
		{"ood", "food"}, // another first letter is allowed, ranked after
	} {
		if got := v.closest(c.w); got != c.want {
			t.Errorf("closest(%q) = %q, want %q", c.w, got, c.want)
		}
	}
	if d := osaDistance([]rune("kitten"), []rune("sitting"), 2); d != 3 {
		t.Errorf("kitten, sitting: %d", d)
	}
	if d := osaDistance([]rune("ab"), []rune("ba"), 2); d != 1 {
		t.Errorf("a swap: %d", d)
	}
}

// BenchmarkDidYouMean is the look-up of two misspelled words among a
// vocabulary of 50,000 words (a large county directory's own words are
// about 20,000).
func BenchmarkDidYouMean(b *testing.B) {
	v := wordsVocabulary(50000)
	for b.Loop() {
		if got, _ := v.didYouMean("fod pantyr", nil); got != "food pantry" {
			b.Fatal(got)
		}
	}
}
