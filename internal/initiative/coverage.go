package initiative

import (
	"context"
	"sort"
	"strings"
	"unicode"
)

// The mutually reinforcing activities laid over the common agenda: who
// does what toward each item, the items nobody works on, and members who
// seem to duplicate each other.

// ItemCoverage is who is doing what toward one agenda item.
type ItemCoverage struct {
	Item          AgendaItem `json:"item"`
	Activities    []Activity `json:"activities"`    // every activity toward the item, open or not
	Organizations []string   `json:"organizations"` // names of the members with an open activity on it
	Gap           bool       `json:"gap"`           // no open activity
	Overlaps      []Overlap  `json:"overlaps"`
}

// Coverage is the view of the mutually reinforcing activities against the
// common agenda: per item who does what, where members duplicate each
// other, and the items nobody works on.
type Coverage struct {
	Items      []ItemCoverage `json:"items"`
	Unassigned []Activity     `json:"unassigned"` // activities toward no current agenda item
	Gaps       []AgendaItem   `json:"gaps"`
	Overlaps   []Overlap      `json:"overlaps"`
}

// Coverage lays an initiative's activities over its current common agenda.
// Gaps are items with no planned or under-way activity; overlaps are found
// by FindOverlaps.
func (s *Store) Coverage(ctx context.Context, initiativeID int64) (*Coverage, error) {
	if _, err := s.get(ctx, s.db, initiativeID); err != nil {
		return nil, err
	}
	items, err := agendaItems(ctx, s.db, initiativeID)
	if err != nil {
		return nil, err
	}
	acts, err := activities(ctx, s.db, initiativeID)
	if err != nil {
		return nil, err
	}
	return buildCoverage(items, acts), nil
}

// buildCoverage is the pure part of Coverage.
func buildCoverage(items []AgendaItem, acts []Activity) *Coverage {
	c := &Coverage{Items: []ItemCoverage{}, Unassigned: []Activity{}, Gaps: []AgendaItem{}}
	index := map[int64]int{}
	for _, it := range items {
		index[it.ID] = len(c.Items)
		c.Items = append(
			c.Items,
			ItemCoverage{Item: it, Activities: []Activity{}, Organizations: []string{}, Overlaps: []Overlap{}},
		)
	}
	var placed []Activity
	for _, a := range acts {
		i, ok := index[a.AgendaItemID]
		if !ok {
			c.Unassigned = append(c.Unassigned, a)
			continue
		}
		placed = append(placed, a)
		ic := &c.Items[i]
		ic.Activities = append(ic.Activities, a)
		if a.Open() && !oneOf(a.OrganizationName, ic.Organizations) {
			ic.Organizations = append(ic.Organizations, a.OrganizationName)
		}
	}
	c.Overlaps = FindOverlaps(placed)
	for _, o := range c.Overlaps {
		if i, ok := index[o.AgendaItemID]; ok {
			c.Items[i].Overlaps = append(c.Items[i].Overlaps, o)
		}
	}
	for i := range c.Items {
		if len(c.Items[i].Organizations) == 0 {
			c.Items[i].Gap = true
			c.Gaps = append(c.Gaps, c.Items[i].Item)
		}
	}
	return c
}

// Overlap is two member organizations doing what looks like the same thing
// toward the same agenda item.
type Overlap struct {
	AgendaItemID int64    `json:"agenda_item_id"`
	First        Activity `json:"first"`
	Second       Activity `json:"second"`
	SharedWords  []string `json:"shared_words"`
	Similarity   float64  `json:"similarity"`
}

// OverlapThreshold is the title similarity at or above which two activities
// count as overlapping.
const OverlapThreshold = 0.5

// FindOverlaps returns the pairs of open activities, of different
// organizations and toward the same agenda item, whose titles are similar
// (TitleSimilarity at least OverlapThreshold), in the order the activities
// are given.
func FindOverlaps(acts []Activity) []Overlap {
	out := []Overlap{}
	for i, a := range acts {
		if !a.Open() || a.AgendaItemID == 0 {
			continue
		}
		for _, b := range acts[i+1:] {
			if !b.Open() || b.AgendaItemID != a.AgendaItemID || b.OrganizationID == a.OrganizationID {
				continue
			}
			sim, shared := TitleSimilarity(a.Title, b.Title)
			if sim >= OverlapThreshold {
				out = append(
					out,
					Overlap{AgendaItemID: a.AgendaItemID, First: a, Second: b, SharedWords: shared, Similarity: sim},
				)
			}
		}
	}
	return out
}

// TitleSimilarity measures how alike two activity titles are: the Jaccard
// index (shared words over all words) of their significant words, and the
// shared words themselves, sorted. Significant words are the title's runs
// of letters and digits, lowercased, without English stop words ("the",
// "for", "and", ...), made singular by their English ending (meals, classes,
// groceries) so that "meal" and "meals" match. Titles with no significant words are not similar to anything.
func TitleSimilarity(a, b string) (float64, []string) {
	wa, wb := significantWords(a), significantWords(b)
	if len(wa) == 0 || len(wb) == 0 {
		return 0, nil
	}
	shared := []string{}
	for w := range wa {
		if wb[w] {
			shared = append(shared, w)
		}
	}
	sort.Strings(shared)
	union := len(wa) + len(wb) - len(shared)
	return float64(len(shared)) / float64(union), shared
}

func significantWords(s string) map[string]bool {
	out := map[string]bool{}
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		if stopWords[w] {
			continue
		}
		out[singular(w)] = true
	}
	return out
}

// singular drops a regular English plural ending; irregular plurals stay
// as they are, which at worst misses an overlap.
func singular(w string) string {
	switch {
	case len(w) > 4 && strings.HasSuffix(w, "ies"):
		return w[:len(w)-3] + "y"
	case len(w) > 4 && (strings.HasSuffix(w, "sses") || strings.HasSuffix(w, "ches") || strings.HasSuffix(w, "shes") || strings.HasSuffix(w, "xes")):
		return w[:len(w)-2]
	case len(w) > 3 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && !strings.HasSuffix(w, "us"):
		return w[:len(w)-1]
	}
	return w
}

// stopWords are the English words too common to say what an activity is.
var stopWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`a an and are as at be by for from has have in into is it its of on or our
		over per so than that the their them they this to up via was we were will with within without your`) {
		m[w] = true
	}
	return m
}()
