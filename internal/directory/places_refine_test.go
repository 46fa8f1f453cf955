package directory_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"backbone/internal/account"
	"backbone/internal/directory"
	"backbone/internal/geocode"
	"backbone/internal/store"
	"backbone/internal/testutil/storetest"
)

// standIn is a geocoder that knows some addresses and counts the questions.
type standIn struct {
	known map[string]geocode.Point
	asked []string
}

func (g *standIn) Search(_ context.Context, address, country string) (geocode.Point, bool, error) {
	g.asked = append(g.asked, country+"|"+address)
	p, ok := g.known[address]
	return p, ok, nil
}

// TestRefineLocations: approximately placed locations are placed at their
// street addresses by the geocoder, marked exact; an address it does not
// know stays approximate and is not asked again; at most limit addresses
// are asked a run.
func TestRefineLocations(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := directory.NewStore(db)
		o := addPlacesOrganization(t, s, "Refined")
		addPlacedLocation(t, db, o.ID, "a", "2600 Middlefield Road", "Redwood City", "CA", "94063", nil, nil)
		addPlacedLocation(t, db, o.ID, "b", "1 Nowhere Lane", "Redwood City", "CA", "94063", nil, nil)
		addPlacedLocation(t, db, o.ID, "c", "5 Exact Way", "Menlo Park", "CA", "94025", 37.45, -122.18)
		if n, err := s.LocateApproximately(ctx, actor); err != nil || n != 2 {
			t.Fatalf("placed %d, %v", n, err)
		}

		g := &standIn{known: map[string]geocode.Point{"2600 Middlefield Road, Redwood City, CA 94063": {Lat: 37.4787,
			Lon: -122.2215}}}
		if n, err := s.RefineLocations(ctx, g, 1); err != nil || n != 1 || len(g.asked) != 1 {
			t.Fatalf("first run: %d %v, asked %v", n, err, g.asked)
		}
		if n, err := s.RefineLocations(ctx, g, 10); err != nil || n != 0 || len(g.asked) != 2 ||
			g.asked[1] != "us|1 Nowhere Lane, Redwood City, CA 94063" {
			t.Fatalf("second run: %d %v, asked %v", n, err, g.asked)
		}
		if n, err := s.RefineLocations(ctx, g, 10); err != nil || n != 0 || len(g.asked) != 2 {
			t.Fatalf("third run asked again: %d %v, asked %v", n, err, g.asked)
		}
		a, err := s.Location(ctx, actor, "a")
		if err != nil || a.CoordinatesApproximate || *a.Latitude != 37.4787 {
			t.Fatalf("refined: %+v %v", a, err)
		}
		b, err := s.Location(ctx, actor, "b")
		if err != nil || !b.CoordinatesApproximate {
			t.Fatalf("not found stays approximate: %+v %v", b, err)
		}
		// The backfill leaves the refined point alone.
		if _, err := s.LocateApproximately(ctx, actor); err != nil {
			t.Fatal(err)
		}
		if a, _ = s.Location(ctx, actor, "a"); a.CoordinatesApproximate || *a.Latitude != 37.4787 {
			t.Fatalf("after the backfill: %+v", a)
		}
	})
}

// TestRefineTask: the background task asks nothing without a geocoder in
// the settings, and the Nominatim stand-in the settings name once they do.
func TestRefineTask(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		asked := 0
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			asked++
			if r.UserAgent() != geocode.UserAgent ||
				r.URL.Query().Get("q") != "2600 Middlefield Road, Redwood City, CA 94063" {
				http.Error(w, "unexpected", http.StatusBadRequest)
				return
			}
			w.Write([]byte(`[{"lat":"37.4787","lon":"-122.2215"}]`))
		}))
		defer srv.Close()

		s := directory.NewStore(db)
		o := addPlacesOrganization(t, s, "Task")
		addPlacedLocation(t, db, o.ID, "a", "2600 Middlefield Road", "Redwood City", "CA", "94063", nil, nil)
		if _, err := s.LocateApproximately(ctx, actor); err != nil {
			t.Fatal(err)
		}
		task := directory.RefineTask(s)
		if err := task.Run(ctx, time.Time{}); err != nil || asked != 0 {
			t.Fatalf("without a geocoder: %v, asked %d", err, asked)
		}
		accounts := account.NewStore(db)
		set := account.DefaultSettings
		set.GeocoderURL = srv.URL
		if _, err := accounts.SaveSettings(ctx, actor, set); err != nil {
			t.Fatal(err)
		}
		if err := task.Run(ctx, time.Time{}); err != nil || asked != 1 {
			t.Fatalf("with a geocoder: %v, asked %d", err, asked)
		}
		if a, err := s.Location(ctx, actor, "a"); err != nil || a.CoordinatesApproximate || *a.Latitude != 37.4787 {
			t.Fatalf("refined: %+v %v", a, err)
		}
	})
}
