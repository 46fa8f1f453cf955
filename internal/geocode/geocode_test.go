package geocode

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

// TestSearch: a Nominatim stand-in is asked with the address, the country,
// jsonv2 and Backbone's User-Agent; a second request waits out the rest of
// the second; nothing found and a bad answer are told apart.
func TestSearch(t *testing.T) {
	var agents, queries []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		agents = append(agents, r.UserAgent())
		queries = append(queries, r.URL.RawQuery)
		if r.URL.Path != "/search" || r.URL.Query().Get("format") != "jsonv2" {
			http.Error(w, "bad request", http.StatusBadRequest)
			return
		}
		switch r.URL.Query().Get("q") {
		case "2600 Middlefield Road, Redwood City, CA 94063":
			w.Write([]byte(`[{"lat":"37.4787","lon":"-122.2215","display_name":"2600, Middlefield Road"}]`))
		case "broken":
			w.Write([]byte(`[{"lat":"north","lon":"-122"}]`))
		default:
			w.Write([]byte(`[]`))
		}
	}))
	defer srv.Close()

	c, err := New(srv.URL+"/", srv.Client())
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)
	var slept []time.Duration
	c.Now = func() time.Time { return now }
	c.Sleep = func(_ context.Context, d time.Duration) error { slept = append(slept, d); now = now.Add(d); return nil }

	ctx := context.Background()
	p, ok, err := c.Search(ctx, "2600 Middlefield Road, Redwood City, CA 94063", "us")
	if err != nil || !ok || p.Lat != 37.4787 || p.Lon != -122.2215 {
		t.Fatalf("found: %v %v %v", p, ok, err)
	}
	now = now.Add(300 * time.Millisecond)
	if _, ok, err := c.Search(ctx, "1 Nowhere Lane", "us"); ok || err != nil {
		t.Fatalf("nothing found: %v %v", ok, err)
	}
	if len(slept) != 1 || slept[0] != 700*time.Millisecond {
		t.Errorf("waits %v, want one of 700ms", slept)
	}
	if _, _, err := c.Search(ctx, "broken", ""); err == nil {
		t.Error("a bad answer is no error")
	}
	if agents[0] != UserAgent || queries[1] != "countrycodes=us&format=jsonv2&limit=1&q=1+Nowhere+Lane" {
		t.Errorf("asked %q with %q", queries, agents)
	}
	if _, err := New("ftp://example.org", nil); err == nil {
		t.Error("an ftp geocoder is accepted")
	}
}
