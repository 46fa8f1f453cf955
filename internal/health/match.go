package health

import (
	"sort"
	"strings"
	"unicode"
)

// Suggestion is an offer that may meet a need, with why.
type Suggestion struct {
	Offer   Post     `json:"offer"`
	Need    Post     `json:"need"`
	Score   int      `json:"score"`
	Reasons []string `json:"reasons"`
	Words   []string `json:"words"` // the words both use
}

// Why says in one sentence why the two were matched.
func (s Suggestion) Why() string { return strings.Join(s.Reasons, "; ") }

// suggestionsPerNeed bounds the suggestions shown for one need.
const suggestionsPerNeed = 3

// Suggest matches open needs with open offers of other members, by
// category (worth 2) and by the words both use (1 each); a pair with
// neither is no match. Pairs in taken already (proposed or accepted) are
// left out. The best come first, at most suggestionsPerNeed per need.
func Suggest(posts []Post, taken map[[2]int64]bool) []Suggestion {
	var offers, needs []Post
	words := map[int64]map[string]bool{}
	for _, p := range posts {
		if p.Status != PostOpen {
			continue
		}
		words[p.ID] = wordSet(p.Title + " " + p.Details)
		if p.Side == SideOffer {
			offers = append(offers, p)
		} else {
			needs = append(needs, p)
		}
	}
	out := []Suggestion{}
	for _, n := range needs {
		var forNeed []Suggestion
		for _, o := range offers {
			if o.OrganizationID == n.OrganizationID || taken[[2]int64{o.ID, n.ID}] {
				continue
			}
			s := Suggestion{Offer: o, Need: n, Reasons: []string{}, Words: []string{}}
			if o.Category == n.Category {
				s.Score += 2
				s.Reasons = append(s.Reasons, "both are "+KindLabel(o.Category))
			}
			for w := range words[n.ID] {
				if words[o.ID][w] {
					s.Words = append(s.Words, w)
				}
			}
			sort.Strings(s.Words)
			if len(s.Words) > 0 {
				s.Score += len(s.Words)
				s.Reasons = append(s.Reasons, "both mention "+quoteWords(s.Words))
			}
			if s.Score > 0 {
				forNeed = append(forNeed, s)
			}
		}
		sort.SliceStable(forNeed, func(i, j int) bool { return forNeed[i].Score > forNeed[j].Score })
		if len(forNeed) > suggestionsPerNeed {
			forNeed = forNeed[:suggestionsPerNeed]
		}
		out = append(out, forNeed...)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Score > out[j].Score })
	return out
}

func quoteWords(ws []string) string {
	q := make([]string, len(ws))
	for i, w := range ws {
		q[i] = "“" + w + "”"
	}
	if len(q) == 1 {
		return q[0]
	}
	return strings.Join(q[:len(q)-1], ", ") + " and " + q[len(q)-1]
}

// stopWords are words too common to say two posts are about one thing.
var stopWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`the and for with our can has have who what when where will from that this
		are was were any all per its their them they you your one two need needs offer offers each some more
		able into out about also but not than then there use used using week weeks day days time would could
		a an of on in at to by or is be it we us as`) {
		stopWords[w] = true
	}
}

// wordSet is the words of a text that can say what it is about: lower
// case, three letters or more, not a stop word, a plural's s dropped
// ("rooms" and "room" meet; "tuesdays" and "tuesday").
func wordSet(text string) map[string]bool {
	out := map[string]bool{}
	for _, w := range strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}) {
		if len([]rune(w)) < 3 || stopWords[w] {
			continue
		}
		if len(w) > 3 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") {
			w = strings.TrimSuffix(w, "s")
		}
		if !stopWords[w] {
			out[w] = true
		}
	}
	return out
}
