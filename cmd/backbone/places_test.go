package main

import (
	"path/filepath"
	"strings"
	"testing"

	"backbone/internal/testutil/storetest"
)

// TestImportPlaces: the backfill runs on both engines and says how many
// locations it placed: none after an import, which places them itself.
func TestImportPlaces(t *testing.T) {
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			db := filepath.Join(t.TempDir(), "b.db")
			if engine == "postgres" {
				db = storetest.SchemaURL(t, storetest.PostgresURL(t))
			}
			if code, _, stderr := runCLI(t, "", "import", "hsds", ohanaSample, "--db", db); code != 0 {
				t.Fatalf("import: %d %s", code, stderr)
			}
			code, out, stderr := runCLI(t, "", "import", "places", "--db", db)
			if code != 0 || !strings.Contains(out, "Placed 0 locations at their postal code or city") {
				t.Fatalf("import places: %d %q %q", code, out, stderr)
			}
		})
	}
}

// TestSettingsDistances: an administrator scripts the distance unit and
// the geocoder, and clears it.
func TestSettingsDistances(t *testing.T) {
	db := filepath.Join(t.TempDir(), "b.db")
	code, out, stderr := runCLI(t, "", "settings", "set", "--db", db, "--distance-unit", "km", "--geocoder-url",
		"https://nominatim.example.org")
	if code != 0 || !regexpFind(out, `distance-unit\s+km\n`) ||
		!regexpFind(out, `geocoder-url\s+https://nominatim.example.org\n`) {
		t.Fatalf("set: %d %q %q", code, out, stderr)
	}
	if code, _, stderr := runCLI(t, "", "settings", "set", "--db", db, "--distance-unit", "leagues"); code != 2 ||
		!strings.Contains(stderr, "--distance-unit must be auto, mi or km") {
		t.Fatalf("a wrong unit: %d %q", code, stderr)
	}
	code, out, _ = runCLI(t, "", "settings", "set", "--db", db, "--geocoder-url", "none")
	if code != 0 || !regexpFind(out, `distance-unit\s+km\n`) || strings.Contains(out, "nominatim") {
		t.Fatalf("cleared: %d %q", code, out)
	}
}
