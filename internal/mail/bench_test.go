package mail_test

import (
	"context"
	"database/sql"
	"fmt"
	"testing"

	"backbone/internal/mail"
	"backbone/internal/store"
	"backbone/internal/testutil/mailpit"
	"backbone/internal/testutil/storetest"
)

// BenchmarkEnqueue10000 queues 10,000 messages for one event in one
// transaction, as a notification to everyone concerned would (target:
// under 2 s). Run on both engines:
//
//	go test ./internal/mail -run - -bench Enqueue10000 -benchtime 3x
func BenchmarkEnqueue10000(b *testing.B) {
	for _, engine := range []string{"sqlite", "postgres"} {
		b.Run(engine, func(b *testing.B) {
			var db *store.DB
			if engine == "sqlite" {
				db = storetest.SQLite(b)
			} else {
				db = storetest.Postgres(b)
			}
			ctx := context.Background()
			msgs := make([]mail.Message, 10000)
			for i := range msgs {
				m, err := mail.Compose(
					"test",
					fmt.Sprintf("person%d@example.org", i),
					db.Now(),
					mail.TestData{Sender: "bench"},
				)
				if err != nil {
					b.Fatal(err)
				}
				msgs[i] = m
			}
			b.ResetTimer()
			for range b.N {
				err := db.Tx(ctx, func(tx *sql.Tx) error {
					for _, m := range msgs {
						if _, err := mail.Enqueue(ctx, tx, m); err != nil {
							return err
						}
					}
					return nil
				})
				if err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(b.Elapsed().Seconds()/float64(b.N), "s/10000")
		})
	}
}

// BenchmarkDeliverMailpit sends 500 queued messages to a local Mailpit
// through one worker (target: at least 50 messages a second).
//
//	go test ./internal/mail -run - -bench DeliverMailpit -benchtime 1x
func BenchmarkDeliverMailpit(b *testing.B) {
	mp := mailpit.Start(b)
	ctx := context.Background()
	const n = 500
	for range b.N {
		b.StopTimer()
		db := storetest.SQLite(b)
		o, err := mail.NewOutbox(db, nil, mail.Options{SMTPURL: mp.SMTPURL(), MailFrom: "backbone@example.org"})
		if err != nil {
			b.Fatal(err)
		}
		err = db.Tx(ctx, func(tx *sql.Tx) error {
			for i := range n {
				m, err := mail.Compose(
					"test",
					fmt.Sprintf("p%d@example.org", i),
					db.Now(),
					mail.TestData{Sender: "bench"},
				)
				if err != nil {
					return err
				}
				if _, err := mail.Enqueue(ctx, tx, m); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
		w := newWorkerB(o)
		b.StartTimer()
		sent := 0
		for sent < n {
			c, err := w.RunOnce(ctx)
			if err != nil {
				b.Fatal(err)
			}
			if c == 0 {
				b.Fatalf("only %d of %d sent", sent, n)
			}
			sent += c
		}
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "msgs/s")
}
