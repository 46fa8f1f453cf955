package network

import (
	"backbone/internal/directory"
	"math"
	"strings"
	"testing"
)

func TestHaversine(t *testing.T) {
	// San Mateo to Redwood City, about 12 km.
	if d := directory.Haversine(37.5630, -122.3255, 37.4852, -122.2364); math.Abs(d-11.6) > 0.5 {
		t.Fatalf("San Mateo to Redwood City: %.1f km", d)
	}
	if d := directory.Haversine(1, 1, 1, 1); d != 0 {
		t.Fatalf("same point: %v", d)
	}
}

func TestFindGaps(t *testing.T) {
	org := func(id, name string, lat, lon float64, sectors ...string) *orgInfo {
		o := &orgInfo{Org: Org{ID: id, Name: name, Sectors: sectors}}
		if lat != 0 {
			o.place = place{lat: []float64{lat}, lon: []float64{lon}}
		}
		return o
	}
	all := map[string]*orgInfo{
		"me":    org("me", "Samaritan House", 37.56, -122.32, "food"),
		"clin":  org("clin", "Free Clinic", 37.48, -122.23, "health"),
		"far":   org("far", "Far Clinic", 38.50, -121.50, "health"),
		"nogeo": org("nogeo", "Clinic Somewhere", 0, 0, "health"),
		"house": org("house", "Housing Now", 37.57, -122.33, "housing"),
		"legal": org("legal", "Legal Aid", 37.60, -122.40, "legal"),
	}
	ties := []*Tie{
		{FromID: "me", ToID: "house", Status: "active", Level: "collaboration"},  // strong: housing covered
		{FromID: "legal", ToID: "me", Status: "active", Level: "coordination"},   // strong, either direction
		{FromID: "me", ToID: "clin", Status: "developing", Level: "cooperation"}, // weak: health still a gap
	}
	gaps := findGaps([]string{"me"}, ties, all, plain("food", "health", "housing", "legal", "education"))
	if len(gaps) != 2 || gaps[0].Sector != "health" || gaps[1].Sector != "education" {
		t.Fatalf("gaps %+v", gaps)
	}
	c := gaps[0].Candidates
	if len(c) != 3 || c[0].ID != "clin" || !c[0].Tied || c[1].ID != "far" || c[2].ID != "nogeo" || c[2].DistanceKm != nil {
		t.Fatalf("health candidates %+v", c)
	}
	if len(gaps[1].Candidates) != 0 {
		t.Fatalf("education has no candidates: %+v", gaps[1])
	}
	// An initiative's members cover their own sectors.
	gaps = findGaps([]string{"me", "clin"}, ties, all, plain("food", "health", "legal"))
	if len(gaps) != 0 {
		t.Fatalf("initiative gaps %+v", gaps)
	}
}

// plain is a list of gap sectors each matching the directory sector of its name.
func plain(names ...string) []GapSector {
	out := make([]GapSector, len(names))
	for i, n := range names {
		out[i] = GapSector{Name: n, Matches: []string{n}}
	}
	return out
}

// A renamed sector that gathers two directory sectors is covered by either.
func TestFindGapsWithConfiguredSectors(t *testing.T) {
	all := map[string]*orgInfo{
		"me":  {Org: Org{ID: "me", Name: "Samaritan House", Sectors: []string{"food"}}},
		"mh":  {Org: Org{ID: "mh", Name: "Mind Matters", Sectors: []string{"mental health"}}},
		"su":  {Org: Org{ID: "su", Name: "Recovery Now", Sectors: []string{"substance use"}}},
		"law": {Org: Org{ID: "law", Name: "Legal Aid", Sectors: []string{"legal"}}},
	}
	ties := []*Tie{{FromID: "me", ToID: "law", Status: "active", Level: "collaboration"}}
	sectors := []GapSector{{Name: "Behavioral health", Matches: []string{"mental health", "substance use"}}, {Name: "Justice and legal", Matches: []string{"legal", "justice"}}}
	gaps := findGaps([]string{"me"}, ties, all, sectors)
	if len(gaps) != 1 || gaps[0].Sector != "Behavioral health" || len(gaps[0].Candidates) != 2 {
		t.Fatalf("gaps %+v", gaps)
	}
	if _, err := NormalizeGapSectors([]GapSector{{Name: "Health", Matches: []string{"healthcare"}}}); err == nil || !strings.Contains(err.Error(), "sectors[0].matches") {
		t.Fatalf("unknown directory sector: %v", err)
	}
	if _, err := NormalizeGapSectors([]GapSector{{Name: "A", Matches: []string{"food"}}, {Name: "a", Matches: []string{"food"}}}); err == nil || !strings.Contains(err.Error(), "sectors[1].name") {
		t.Fatalf("duplicate name: %v", err)
	}
	if _, err := NormalizeGapSectors([]GapSector{{}}); err == nil || !strings.Contains(err.Error(), "sectors") {
		t.Fatalf("empty list: %v", err)
	}
}
