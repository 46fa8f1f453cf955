package directory_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"backbone/internal/directory"
	"backbone/internal/hsds"
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

// BenchmarkFindServiceDuplicates lists the probable duplicate services of a
// state's directory (60,000 services of about 15,000 organizations), 300
// of which were imported twice in their organization under a name written
// otherwise ("… Program", in capitals) with a phone of their own: each
// service, phone and address where a service is offered is read once and
// filed under its keys; a name many organizations share ("Food Pantry") is
// compared within each organization only. On SQLite, and on PostgreSQL with
// BACKBONE_TEST_POSTGRES.
func BenchmarkFindServiceDuplicates(b *testing.B) {
	for _, engine := range []string{"sqlite", "postgres"} {
		b.Run(engine, func(b *testing.B) {
			db := benchDB(b, engine)
			ctx := context.Background()
			s := directory.NewStore(db)
			bundle := directory.Synthesize(directory.SynthOptions{Services: 60000, Seed: 7})
			for i, sv := range bundle.Services[:300] {
				number := fmt.Sprintf("(415) 555-%04d", i)
				bundle.Phones = append(bundle.Phones, hsds.PhoneRecord{ID: sv.ID + "-phone", ServiceID: sv.ID,
					Number: number})
				sv.ID += "-again"
				sv.Name = strings.ToUpper(sv.Name) + " Program"
				bundle.Services = append(bundle.Services, sv)
				bundle.Phones = append(bundle.Phones, hsds.PhoneRecord{ID: sv.ID + "-phone", ServiceID: sv.ID,
					Number: strings.NewReplacer("(", "", ")", "", " ", ".").Replace(number)})
			}
			if _, err := s.SaveBundle(ctx, actor, bundle); err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			for b.Loop() {
				pairs, total, err := s.FindServiceDuplicates(ctx, actor, 200)
				if err != nil || total < 300 || len(pairs) != 200 || !pairs[0].SameOrganization {
					b.Fatalf("%d services: %d pairs, %v", len(bundle.Services), total, err)
				}
			}
		})
	}
}
