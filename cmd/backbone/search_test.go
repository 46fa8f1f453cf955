package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"backbone/internal/testutil/storetest"
)

func TestSearchCommand(t *testing.T) {
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			db := filepath.Join(t.TempDir(), "b.db")
			if engine == "postgres" {
				db = storetest.SchemaURL(t, storetest.PostgresURL(t))
			}
			if code, _, stderr := runCLI(t, "", "import", "hsds", ohanaSample, "--db", db); code != 0 {
				t.Fatalf("import: %s", stderr)
			}
			code, out, stderr := runCLI(t, "", "search", "meals", "--db", db)
			if code != 0 || !strings.Contains(out, "SERVICE") || !strings.Contains(out, "Meal") || !strings.Contains(out, "services") {
				t.Fatalf("search meals: %d %q %q", code, out, stderr)
			}
			code, out, stderr = runCLI(t, "", "search", "--near", "37.4772,-122.2132", "--radius", "5", "--format", "json", "--db", db)
			var page struct {
				Total int `json:"total"`
				Items []struct {
					DistanceKm *float64 `json:"distance_km"`
				} `json:"items"`
			}
			if code != 0 || json.Unmarshal([]byte(out), &page) != nil || page.Total == 0 || page.Items[0].DistanceKm == nil {
				t.Fatalf("search near: %d %q %q", code, out, stderr)
			}
			// Near a place the directory holds: its street address, with the city.
			code, out, stderr = runCLI(t, "", "search", "--near", "2600 Middlefield Road, Redwood City", "--radius", "1", "--db", db)
			if code != 0 || !strings.Contains(out, "Fair Oaks Adult Activity Center") {
				t.Fatalf("search near a street address: %d %q %q", code, out, stderr)
			}
			// Near a city the directory has no address in: the offline gazetteer.
			code, out, stderr = runCLI(t, "", "search", "--near", "Palo Alto", "--radius", "16", "--db", db)
			if code != 0 || !strings.Contains(out, "Redwood City") {
				t.Fatalf("search near Palo Alto: %d %q %q", code, out, stderr)
			}
			code, _, stderr = runCLI(t, "", "search", "--near", "Xanadu", "--db", db)
			if code == 0 || !strings.Contains(stderr, `"Xanadu" was not found`) {
				t.Fatalf("near an unknown place: %d %q", code, stderr)
			}
			code, _, stderr = runCLI(t, "", "search", "food", "--near", "100,100", "--db", db)
			if code == 0 || !strings.Contains(stderr, "near") {
				t.Fatalf("bad near: %d %q", code, stderr)
			}
			code, _, stderr = runCLI(t, "", "search", "food", "--format", "xml", "--db", db)
			if code != 2 || !strings.Contains(stderr, "--format") {
				t.Fatalf("bad format: %d %q", code, stderr)
			}
		})
	}
}
