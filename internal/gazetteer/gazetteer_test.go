package gazetteer

import (
	"math"
	"slices"
	"testing"
)

func mustUS(t testing.TB) *Gazetteer {
	t.Helper()
	g, err := US()
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-6 }

func TestPostalCode(t *testing.T) {
	g := mustUS(t)
	for _, tc := range []struct {
		code     string
		ok       bool
		lat, lon float64
	}{
		{"94063", true, 37.493306, -122.195606},
		{"94063-1234", true, 37.493306, -122.195606},
		{" 10001 ", true, 40.75065, -73.997293},
		{"00000", false, 0, 0},
		{"9406", false, 0, 0},
	} {
		p, ok := g.PostalCode(tc.code)
		if ok != tc.ok || (ok && (!near(p.Lat, tc.lat) || !near(p.Lon, tc.lon))) {
			t.Errorf("PostalCode(%q) = %v, %v; want %v, %v %v", tc.code, p, ok, tc.ok, tc.lat, tc.lon)
		}
	}
	if len(g.zips) != 33791 {
		t.Errorf("%d postal codes, want 33791", len(g.zips))
	}
}

func TestPlaces(t *testing.T) {
	g := mustUS(t)
	pa := g.Places("palo  ALTO")
	if len(pa) != 2 || pa[0].State != "CA" || pa[1].State != "PA" {
		t.Fatalf("Places(Palo Alto) = %v, want CA and PA", pa)
	}
	p, ok := g.Place("Palo Alto", "Pennsylvania")
	if !ok || p.State != "PA" || !near(p.Lat, 40.68731) {
		t.Errorf("Place(Palo Alto, Pennsylvania) = %v, %v", p, ok)
	}
	if _, ok := g.Place("Palo Alto", "TX"); ok {
		t.Error("Palo Alto, TX found")
	}
	if p, ok := g.Place("Redwood City", "ca"); !ok || !near(p.Lon, -122.23635) {
		t.Errorf("Place(Redwood City, ca) = %v, %v", p, ok)
	}
	if ps := g.Places("St. Louis"); len(ps) == 0 {
		t.Error("St. Louis not found as Saint Louis")
	}
	if got := g.Names(g.Suggest("Palo Alot", 3)); !slices.Contains(got, "Palo Alto") {
		t.Errorf("Suggest(Palo Alot) = %v, want Palo Alto among them", got)
	}
	if got := g.Suggest("zzzzqq", 3); got != nil {
		t.Errorf("Suggest(zzzzqq) = %v, want none", got)
	}
}

func TestStateCode(t *testing.T) {
	for in, want := range map[string]string{"ca": "CA", "California": "CA", " new  york ": "NY", "Narnia": ""} {
		if got := StateCode(in); got != want {
			t.Errorf("StateCode(%q) = %q, want %q", in, got, want)
		}
	}
}

// BenchmarkPostalCode and BenchmarkPlace measure a lookup once the
// gazetteer is read; BenchmarkRead measures reading it (once a process).
func BenchmarkPostalCode(b *testing.B) {
	g := mustUS(b)
	for b.Loop() {
		if _, ok := g.PostalCode("94063"); !ok {
			b.Fatal("94063 not found")
		}
	}
}

func BenchmarkPlace(b *testing.B) {
	g := mustUS(b)
	for b.Loop() {
		if _, ok := g.Place("Palo Alto", "CA"); !ok {
			b.Fatal("Palo Alto not found")
		}
	}
}

func BenchmarkRead(b *testing.B) {
	for b.Loop() {
		if _, err := Read(usData); err != nil {
			b.Fatal(err)
		}
	}
}
