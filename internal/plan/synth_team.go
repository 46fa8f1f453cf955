package plan

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"backbone/internal/store"
)

// TeamSpec sizes a synthetic organization for measuring the supervisor's
// page: People working in Units units of one parent organization, each
// with PlansEach plans of one area and ActionsEach actions.
type TeamSpec struct {
	People, Units, PlansEach, ActionsEach int
}

// SynthesizeTeam writes the organization of spec into an empty, migrated
// database, in one transaction, and returns the id of its director: the
// admin of the parent organization, who supervises every unit. User 2 is
// the admin of the first unit. A quarter of the actions are overdue, and
// every fifth area's signal was met a week ago.
func SynthesizeTeam(ctx context.Context, db *store.DB, spec TeamSpec) (director int64, err error) {
	now := db.Now()
	plans, actions := spec.People*spec.PlansEach, spec.People*spec.PlansEach*spec.ActionsEach
	unit := func(i int) string { return fmt.Sprintf("unit%03d", i) }
	err = db.Tx(ctx, func(tx *sql.Tx) error {
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
		if err := batch("organizations", []store.Column{text("id"), text("name"), text("parent_organization_id"),
			when("created_at"), when("updated_at")}, spec.Units+1, func(i int) []any {
			if i == 0 {
				return []any{"parent", "The agency", nil, now, now}
			}
			return []any{unit(i - 1), fmt.Sprintf("Unit %d", i), "parent", now, now}
		}); err != nil {
			return err
		}
		// User 1 directs the agency; users 2.. work in the units, user 2
		// keeping the first.
		if err := batch("users", []store.Column{integer("id"), text("email"), text("name"), text("password_hash"),
			when("created_at"), when("updated_at")}, spec.People+1, func(i int) []any {
			return []any{int64(i + 1), fmt.Sprintf("p%d@example.org", i), fmt.Sprintf("Person %d", i), "x", now, now}
		}); err != nil {
			return err
		}
		if err := batch("memberships", []store.Column{integer("user_id"), text("organization_id"), text("role"),
			when("created_at")}, spec.People+1, func(i int) []any {
			switch i {
			case 0:
				return []any{int64(1), "parent", "admin", now}
			case 1:
				return []any{int64(2), unit(0), "admin", now}
			}
			return []any{int64(i + 1), unit((i - 1) % spec.Units), "staff", now}
		}); err != nil {
			return err
		}
		if err := batch("plans", []store.Column{integer("id"), text("kind"), integer("user_id"), text("title"),
			when("created_at"), when("updated_at")}, plans, func(i int) []any {
			return []any{int64(i + 1), "person", int64(2 + i/spec.PlansEach), fmt.Sprintf("Plan %d", i), now, now}
		}); err != nil {
			return err
		}
		if err := batch("plan_areas", []store.Column{integer("id"), integer("plan_id"), text("kind"), text("title"),
			text("sector"), text("added_on"), when("created_at")}, plans, func(i int) []any {
			return []any{int64(i + 1), int64(i + 1), "gap", "No strong tie in housing", "housing", "2026-01-01", now}
		}); err != nil {
			return err
		}
		week := now.Add(-7 * 24 * time.Hour)
		if err := batch("plan_signals", []store.Column{integer("area_id"), text("kind"), text("description"),
			when("met_at"), text("evidence"), when("updated_at")}, plans, func(i int) []any {
			if i%5 == 0 {
				return []any{int64(i + 1), "manual", "A shelter takes our referrals", week, "Ticked", now}
			}
			return []any{int64(i + 1), "manual", "A shelter takes our referrals", nil, "", now}
		}); err != nil {
			return err
		}
		keys := []string{"work_together", "seek_mentors", "identify_resources", "share_information"}
		if err := batch("plan_actions", []store.Column{integer("id"), integer("plan_id"), integer("area_id"),
			text("strategy"), text("title"), integer("owner_id"), text("due_on"), text("status"), when("created_at"),
			when("updated_at")}, actions, func(i int) []any {
			p := i / spec.ActionsEach
			due := now.AddDate(0, 0, 30-(i%4)*12).Format(time.DateOnly) // the last of four is overdue
			return []any{int64(i + 1), int64(p + 1), int64(p + 1), keys[i%len(keys)], fmt.Sprintf("Step %d", i),
				int64(2 + p/spec.PlansEach), due, "planned", now, now}
		}); err != nil {
			return err
		}
		if db.Engine == store.Postgres {
			for _, t := range []string{"users", "plans", "plan_areas", "plan_actions"} {
				if _, err := tx.ExecContext(ctx, `SELECT setval(pg_get_serial_sequence('`+t+`', 'id'),
					(SELECT MAX(id) FROM `+t+`))`); err != nil {
					return fmt.Errorf("synthetic %s ids: %w", t, err)
				}
			}
		}
		return nil
	})
	return 1, err
}
