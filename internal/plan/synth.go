package plan

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"

	"backbone/internal/store"
)

// SynthSpec sizes a synthetic community for measuring the signal check:
// organizations, ties between random pairs (each pair once), unit plans
// with one area on a tie each and its signal, and a closed survey wave
// rating some of the plans' pairs.
type SynthSpec struct {
	Organizations, Ties, Plans, Ratings int
	Seed                                uint64
}

// Synthesize writes the community of spec into an empty, migrated
// database, in one transaction. Every signal asks for collaboration and
// no tie or rating reaches it, so that each check reads every signal and
// meets none: the steady state the server checks after each change.
func Synthesize(ctx context.Context, db *store.DB, spec SynthSpec) error {
	r := rand.New(rand.NewPCG(spec.Seed, 7))
	now := db.Now()
	levels := []string{"awareness", "cooperation", "coordination"}
	statuses := []string{"active", "active", "developing", "strained"}
	org := func(i int) string { return fmt.Sprintf("o%06d", i) }
	return db.Tx(ctx, func(tx *sql.Tx) error {
		batch := func(table string, cols []store.Column, n int, row func(i int) []any) error {
			b, err := db.NewBatchInsert(ctx, tx, table, cols)
			if err != nil {
				return err
			}
			defer b.Close()
			for i := range n {
				if err := b.Add(row(i)...); err != nil {
					return err
				}
			}
			return b.Flush()
		}
		text := func(name string) store.Column { return store.Column{Name: name, Type: "text"} }
		integer := func(name string) store.Column { return store.Column{Name: name, Type: "bigint"} }
		when := func(name string) store.Column { return store.Column{Name: name, Type: "timestamptz"} }
		if err := batch("organizations", []store.Column{text("id"), text("name"), when("created_at"),
			when("updated_at")}, spec.Organizations, func(i int) []any {
			return []any{org(i), fmt.Sprintf("Organization %d", i), now, now}
		}); err != nil {
			return err
		}
		if err := batch("organization_sectors", []store.Column{text("organization_id"), text("sector")},
			spec.Organizations, func(i int) []any {
				return []any{org(i), []string{"food", "health", "housing"}[i%3]}
			}); err != nil {
			return err
		}
		type pair struct{ from, to int }
		seen := make(map[pair]bool, spec.Ties)
		pairs := make([]pair, 0, spec.Ties)
		for len(pairs) < spec.Ties {
			p := pair{r.IntN(spec.Organizations), r.IntN(spec.Organizations)}
			if p.from == p.to || seen[p] || seen[pair{p.to, p.from}] {
				continue
			}
			seen[p] = true
			pairs = append(pairs, p)
		}
		if err := batch("ties", []store.Column{text("id"), text("from_organization_id"), text("to_organization_id"),
			text("level"), text("status"), integer("version"), when("created_at"), when("updated_at")}, len(pairs),
			func(i int) []any {
				return []any{fmt.Sprintf("t%07d", i), org(pairs[i].from), org(pairs[i].to), levels[r.IntN(len(levels))],
					statuses[r.IntN(len(statuses))], 1, now, now}
			}); err != nil {
			return err
		}
		if err := batch("tie_versions", []store.Column{text("tie_id"), integer("version"),
			text("from_organization_id"), text("to_organization_id"), text("kinds"), text("level"), text("status"),
			text("since"), text("until"), text("notes"), when("recorded_at"), text("actor")}, len(pairs),
			func(i int) []any {
				return []any{fmt.Sprintf("t%07d", i), 1, org(pairs[i].from), org(pairs[i].to), "", "cooperation",
					"active", "", "", "", now, "synth"}
			}); err != nil {
			return err
		}
		var wave int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO survey_waves (name, opened_at, closed_at)
			VALUES ('Synthetic', $1, $1) RETURNING id`, now).Scan(&wave); err != nil {
			return fmt.Errorf("synthetic wave: %w", err)
		}
		if err := batch("plans", []store.Column{integer("id"), text("kind"), text("organization_id"), text("title"),
			when("created_at"), when("updated_at")}, spec.Plans, func(i int) []any {
			return []any{int64(i + 1), "unit", org(i % spec.Organizations), fmt.Sprintf("Plan %d", i), now, now}
		}); err != nil {
			return err
		}
		if err := batch("plan_areas", []store.Column{integer("id"), integer("plan_id"), text("kind"), text("title"),
			text("from_organization_id"), text("organization_id"), text("tie_id"), text("added_on"),
			when("created_at")}, spec.Plans, func(i int) []any {
			p := pairs[(i*7919)%len(pairs)]
			return []any{int64(i + 1), int64(i + 1), "tie", "Area", org(p.from), org(p.to),
				fmt.Sprintf("t%07d", (i*7919)%len(pairs)), "2026-01-01", now}
		}); err != nil {
			return err
		}
		if err := batch("plan_signals", []store.Column{integer("area_id"), text("kind"), text("level"),
			when("updated_at")}, spec.Plans, func(i int) []any {
			return []any{int64(i + 1), "tie_level", "collaboration", now}
		}); err != nil {
			return err
		}
		if db.Engine == store.Postgres {
			for _, t := range []string{"plans", "plan_areas"} {
				if _, err := tx.ExecContext(ctx, `SELECT setval(pg_get_serial_sequence('`+t+`', 'id'),
					(SELECT MAX(id) FROM `+t+`))`); err != nil {
					return fmt.Errorf("synthetic %s ids: %w", t, err)
				}
			}
		}
		n := min(spec.Ratings, spec.Plans, len(pairs))
		return batch("survey_ratings", []store.Column{integer("wave_id"), text("rater_organization_id"),
			text("rated_organization_id"), text("level"), when("updated_at")}, n, func(i int) []any {
			p := pairs[(i*7919)%len(pairs)]
			return []any{wave, org(p.to), org(p.from), "coordination", now}
		})
	})
}
