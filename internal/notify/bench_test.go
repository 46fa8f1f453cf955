package notify_test

import (
	"context"
	"database/sql"
	"fmt"
	"testing"
	"time"

	"backbone/internal/account"
	"backbone/internal/notify"
	"backbone/internal/store"
	"backbone/internal/testutil/storetest"
)

// people adds n people who work for the organization "big", in batches.
func people(b *testing.B, db *store.DB, n int) {
	b.Helper()
	ctx := context.Background()
	now := db.Now()
	if _, err := db.ExecContext(ctx, `INSERT INTO organizations (id, name, created_at, updated_at)
		VALUES ('big', 'A big agency', $1, $1)`, now); err != nil {
		b.Fatal(err)
	}
	var ini int64
	if err := db.QueryRowContext(ctx, `INSERT INTO initiatives (name, backbone_organization_id, status, is_public,
		time_zone, created_at, updated_at) VALUES ('Bay Area Hub', 'big', 'active', TRUE, '', $1, $1) RETURNING id`,
		now).Scan(&ini); err != nil || ini != 1 {
		b.Fatalf("initiative %d: %v", ini, err)
	}
	err := db.Tx(ctx, func(tx *sql.Tx) error {
		for start := 0; start < n; start += 500 {
			k := min(500, n-start)
			args := make([]any, 0, 5*k)
			for i := range k {
				args = append(args, fmt.Sprintf("person%d@example.org", start+i), fmt.Sprintf("Person %d", start+i),
					"x", now, now)
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO users (email, name, password_hash, created_at, updated_at)
				VALUES `+store.Values(db.Engine, k, 5), args...); err != nil {
				return err
			}
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO memberships (user_id, organization_id, role, created_at)
			SELECT id, 'big', 'staff', $1 FROM users WHERE email LIKE 'person%'`, now)
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
}

func engines(b *testing.B, fn func(b *testing.B, db *store.DB)) {
	for _, engine := range []string{"sqlite", "postgres"} {
		b.Run(engine, func(b *testing.B) {
			if engine == "sqlite" {
				fn(b, storetest.SQLite(b))
			} else {
				fn(b, storetest.Postgres(b))
			}
		})
	}
}

// BenchmarkEventTo10000 is one event (an invitation to an organization of
// 10,000 people) turned into 10,000 notifications and 10,000 e-mails
// queued at once, in one transaction (target: under 2 s):
//
//	go test ./internal/notify -run - -bench EventTo10000 -benchtime 3x
func BenchmarkEventTo10000(b *testing.B) {
	engines(b, func(b *testing.B, db *store.DB) {
		ctx := context.Background()
		people(b, db, 10000)
		s := notify.NewStore(db, account.NewStore(db), "https://backbone.example.org", time.UTC)
		b.ResetTimer()
		for i := range b.N {
			e := account.AuditEvent{ID: int64(i + 1), At: db.Now(), Action: "member_invite", EntityType: "initiative",
				EntityID: "1", Summary: "invited A big agency to join the Bay Area Hub as a core partner",
				After: `{"organization_id":"big"}`}
			if err := db.Tx(ctx, func(tx *sql.Tx) error { return s.HandleEvent(ctx, tx, e) }); err != nil {
				b.Fatal(err)
			}
		}
		b.StopTimer()
		var mails int
		_ = db.QueryRowContext(ctx, `SELECT COUNT(*) FROM mail_outbox`).Scan(&mails)
		if mails != 10000*b.N {
			b.Fatalf("%d e-mails queued, want %d", mails, 10000*b.N)
		}
		b.ReportMetric(b.Elapsed().Seconds()/float64(b.N), "s/10000")
	})
}

// BenchmarkDigest10000 is a daily digest run for 10,000 people with three
// notifications each (target: under 30 s):
//
//	go test ./internal/notify -run - -bench Digest10000 -benchtime 3x
func BenchmarkDigest10000(b *testing.B) {
	engines(b, func(b *testing.B, db *store.DB) {
		ctx := context.Background()
		people(b, db, 10000)
		s := notify.NewStore(db, account.NewStore(db), "https://backbone.example.org", time.UTC)
		var elapsed time.Duration
		for i := range b.N {
			b.StopTimer()
			if _, err := db.ExecContext(ctx, `DELETE FROM notifications`); err != nil {
				b.Fatal(err)
			}
			for k := range 3 {
				_, err := db.ExecContext(ctx, `INSERT INTO notifications
					(user_id, kind, dedupe, subject, link, created_at, delivery)
					SELECT id, 'report_late', $1, 'Samaritan House''s report of Families housed for 2026-11 is late',
					'/initiatives/1/report', $2, 'daily' FROM users WHERE email LIKE 'person%'`,
					fmt.Sprintf("run%d-%d", i, k), db.Now())
				if err != nil {
					b.Fatal(err)
				}
			}
			b.StartTimer()
			start := time.Now()
			n, err := s.Digest(ctx, notify.Daily)
			elapsed += time.Since(start)
			if err != nil || n != 10000 {
				b.Fatalf("Digest = %d, %v", n, err)
			}
		}
		b.ReportMetric(elapsed.Seconds()/float64(b.N), "s/10000")
	})
}
