package directory_test

import (
	"context"
	"reflect"
	"testing"

	"backbone/internal/directory"
	"backbone/internal/testutil/storetest"
)

func TestSynthesize(t *testing.T) {
	a := directory.Synthesize(directory.SynthOptions{Services: 250, Seed: 42})
	b := directory.Synthesize(directory.SynthOptions{Services: 250, Seed: 42})
	if !reflect.DeepEqual(a, b) {
		t.Fatal("the same seed made different directories")
	}
	c := directory.Synthesize(directory.SynthOptions{Services: 250, Seed: 43})
	if reflect.DeepEqual(a.Services[0], c.Services[0]) {
		t.Fatal("another seed made the same directory")
	}
	if len(a.Services) != 250 || len(a.Organizations) < 60 || len(a.Locations) < len(a.Organizations) || len(a.ServiceAtLocations) != 250 {
		t.Fatalf("sizes: %d services, %d organizations, %d locations", len(a.Services), len(a.Organizations), len(a.Locations))
	}
	for _, l := range a.Locations {
		if *l.Latitude < 31 || *l.Latitude > 43.5 || *l.Longitude < -126 || *l.Longitude > -113 {
			t.Fatalf("location outside California: %v,%v", *l.Latitude, *l.Longitude)
		}
	}
	db := storetest.SQLite(t)
	counts, err := directory.NewStore(db).SaveBundle(context.Background(), actor, a)
	if err != nil {
		t.Fatal(err)
	}
	if counts.Services != 250 || counts.TaxonomyTerms != len(directory.SynthTerms) || counts.Schedules == 0 || counts.Languages < 250 || counts.Attributes < 250 {
		t.Fatalf("saved %+v", counts)
	}
}
