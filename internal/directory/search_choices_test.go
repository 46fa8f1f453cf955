package directory_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"backbone/internal/store"
	"backbone/internal/testutil/storetest"
)

// TestSearchChoices: the languages and service areas a search form offers
// are every distinct name in the directory, once whatever its case, in
// order; empty names are not offered.
func TestSearchChoices(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s, b := synthStore(t, db, 200, 3)
		sid := b.Services[0].ID
		for _, q := range []string{
			`INSERT INTO languages (id, service_id, name, code) VALUES ('l-upper', '` + sid + `', 'SPANISH', 'es'), ('l-code', '` + sid + `', '', 'tl'), ('l-zulu', '` + sid + `', 'Zulu', 'zu')`,
			`INSERT INTO service_areas (id, service_id, name) VALUES ('a-lower', '` + sid + `', 'fresno'), ('a-none', '` + sid + `', ''), ('a-first', '` + sid + `', 'Aaa Valley')`,
		} {
			if _, err := db.ExecContext(ctx, q); err != nil {
				t.Fatal(err)
			}
		}
		for _, c := range []struct {
			table string
			list  func(context.Context) ([]string, error)
		}{{"languages", s.SearchLanguages}, {"service_areas", s.SearchAreas}} {
			got, err := c.list(ctx)
			if err != nil {
				t.Fatal(err)
			}
			var want []string // every name, lower-cased, by a plain DISTINCT
			rows, err := db.QueryContext(ctx, `SELECT DISTINCT lower(name) FROM `+c.table+` WHERE name <> '' ORDER BY 1`)
			if err != nil {
				t.Fatal(err)
			}
			for rows.Next() {
				var n string
				rows.Scan(&n)
				want = append(want, n)
			}
			rows.Close()
			lower := make([]string, len(got))
			for i, n := range got {
				lower[i] = strings.ToLower(n)
			}
			if len(want) < 3 || !slices.Equal(lower, want) {
				t.Fatalf("%s: %q, want (in any case) %q", c.table, got, want)
			}
		}
	})
}
