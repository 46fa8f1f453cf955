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
