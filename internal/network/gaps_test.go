package network

import (
	"backbone/internal/directory"
	"math"
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
	gaps := findGaps([]string{"me"}, ties, all, []string{"food", "health", "housing", "legal", "education"})
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
	gaps = findGaps([]string{"me", "clin"}, ties, all, []string{"food", "health", "legal"})
	if len(gaps) != 0 {
		t.Fatalf("initiative gaps %+v", gaps)
	}
}
