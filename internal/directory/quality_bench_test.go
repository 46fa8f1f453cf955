package directory_test

import (
	"context"
	"testing"

	"backbone/internal/account"
	"backbone/internal/directory"
)

// BenchmarkQualityReport reads the data-quality report of a directory of
// 60,000 services (a state's 211), as the stewards' page does: the report
// is computed on read, so this is what each read costs. On SQLite, and
// on PostgreSQL with BACKBONE_TEST_POSTGRES.
func BenchmarkQualityReport(b *testing.B) {
	for _, engine := range []string{"sqlite", "postgres"} {
		b.Run(engine, func(b *testing.B) {
			db := benchDB(b, engine)
			ctx := context.Background()
			s := directory.NewStore(db)
			if _, err := s.SaveBundle(ctx, account.SystemActor("bench"),
				directory.Synthesize(directory.SynthOptions{Services: 60000, Seed: 3})); err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			for b.Loop() {
				r, err := s.QualityReport(ctx, account.SystemActor("bench"), directory.QualityFilter{})
				if err != nil {
					b.Fatal(err)
				}
				b.ReportMetric(float64(r.Total), "problems")
			}
		})
	}
}
