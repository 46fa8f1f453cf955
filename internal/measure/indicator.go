// Package measure keeps shared measurement: the indicators partners agree
// on, who reports each, the goals with every revision, the measurements with
// every correction, the roll-ups that dashboards read, stories and
// milestones. It is the domain and store layer; pages and handlers live
// elsewhere.
package measure

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"backbone/internal/account"
	"backbone/internal/errs"
	"backbone/internal/store"
)

// Store reads and writes shared measurement. Each of its operations takes
// the actor and asks the rule book (the account.ViewMeasurement family of
// actions) before it reads or writes; a record of an initiative is read
// through that initiative, so that one of another is not found.
type Store struct {
	db *store.DB
	// now is the clock; tests may replace it.
	now   func() time.Time
	rules *account.Store
}

// NewStore returns a store on db.
func NewStore(db *store.DB) *Store {
	return &Store{db: db, now: db.Now, rules: account.NewStore(db)}
}

// viewable checks that actor may read the initiative's measurement
// (account.ViewMeasurement) and that the initiative exists: those the rules
// let do anything may name one that does not, and a list of nothing would
// hide it.
func (s *Store) viewable(ctx context.Context, actor account.Actor, initiativeID int64) error {
	if err := s.rules.Check(ctx, actor, account.ViewMeasurement, account.Initiative(initiativeID)); err != nil {
		return err
	}
	return initiativeExists(ctx, s.db, initiativeID)
}

// The directions: is a higher or a lower value better.
const (
	Higher = "higher"
	Lower  = "lower"
)

// The ways partners' numbers for one period combine.
const (
	Sum             = "sum"
	Average         = "average"
	WeightedAverage = "weighted_average"
	Latest          = "latest"
	Min             = "min"
	Max             = "max"
)

// Aggregations lists the ways numbers combine.
var Aggregations = []string{Sum, Average, WeightedAverage, Latest, Min, Max}

// Indicator is a measure the partners agree to report.
type Indicator struct {
	ID           int64     `json:"id"`
	InitiativeID int64     `json:"initiative_id"`
	Name         string    `json:"name"`
	Definition   string    `json:"definition"`
	Unit         string    `json:"unit"`
	Direction    string    `json:"direction"`
	Aggregation  string    `json:"aggregation"`
	Frequency    Frequency `json:"frequency"`
	Source       string    `json:"source"`
	WeightLabel  string    `json:"weight_label,omitempty"` // what the weight of a weighted average is (clients served, ...)
	Minimum      *float64  `json:"minimum"`                // the smallest value a report may give; nil for no bound
	Maximum      *float64  `json:"maximum"`                // the largest value a report may give; nil for no bound
	Reporters    []string  `json:"reporters"`              // organization ids, sorted
	Archived     bool      `json:"archived"`
	CreatedAt    time.Time `json:"created_at"`
	UpdatedAt    time.Time `json:"updated_at"`
}

// IndicatorInput is what a person writes to create or change an indicator.
type IndicatorInput struct {
	Name        string
	Definition  string
	Unit        string
	Direction   string
	Aggregation string
	Frequency   Frequency
	Source      string
	WeightLabel string
	Minimum     *float64 // the allowed range of a reported value; nil for no bound
	Maximum     *float64
	Reporters   []string // organization ids: active members of the initiative
}

// Normalize trims the input and checks it, field by field.
func (in *IndicatorInput) Normalize() error {
	v := &errs.ValidationError{}
	in.Name = strings.TrimSpace(in.Name)
	in.Definition = strings.TrimSpace(in.Definition)
	in.Unit = strings.TrimSpace(in.Unit)
	in.Source = strings.TrimSpace(in.Source)
	in.WeightLabel = strings.TrimSpace(in.WeightLabel)
	in.Direction = strings.ToLower(strings.TrimSpace(in.Direction))
	in.Aggregation = strings.ToLower(strings.TrimSpace(in.Aggregation))
	in.Frequency = Frequency(strings.ToLower(strings.TrimSpace(string(in.Frequency))))
	switch {
	case in.Name == "":
		v.Add("name", "is required")
	case len(in.Name) > 200:
		v.Add("name", "must be at most 200 characters")
	}
	if in.Definition == "" {
		v.Add("definition", "is required: say exactly what is counted, so every partner counts the same thing")
	}
	if in.Direction == "" {
		in.Direction = Higher
	}
	if in.Direction != Higher && in.Direction != Lower {
		v.Add("direction", "must be higher or lower (which is better)")
	}
	if in.Aggregation == "" {
		in.Aggregation = Sum
	}
	if !oneOf(in.Aggregation, Aggregations) {
		v.Add("aggregation", "must be one of "+strings.Join(Aggregations, ", "))
	}
	if in.Frequency == "" {
		in.Frequency = Monthly
	}
	if !in.Frequency.Valid() {
		v.Add("frequency", "must be monthly, quarterly, semiannual or annual")
	}
	if in.Aggregation == WeightedAverage && in.WeightLabel == "" {
		v.Add(
			"weight_label",
			"is required for a weighted average: say what weighs each partner's number (such as clients served)",
		)
	}
	in.checkRange(v)
	seen := map[string]bool{}
	var reporters []string
	for _, r := range in.Reporters {
		r = strings.TrimSpace(r)
		if r != "" && !seen[r] {
			seen[r] = true
			reporters = append(reporters, r)
		}
	}
	sort.Strings(reporters)
	in.Reporters = reporters
	return v.OrNil()
}

func oneOf(s string, list []string) bool {
	for _, x := range list {
		if s == x {
			return true
		}
	}
	return false
}

const indicatorColumns = `id, initiative_id, name, definition, unit, direction, aggregation, frequency, source, weight_label, minimum, maximum, archived_at,
	created_at, updated_at`

func scanIndicator(row store.Scanner) (*Indicator, error) {
	var ind Indicator
	var archived sql.NullTime
	var minimum, maximum sql.NullFloat64
	var freq string
	if err := row.Scan(&ind.ID, &ind.InitiativeID, &ind.Name, &ind.Definition, &ind.Unit, &ind.Direction, &ind.Aggregation,
		&freq, &ind.Source, &ind.WeightLabel, &minimum, &maximum, &archived, &ind.CreatedAt, &ind.UpdatedAt); err != nil {
		return nil, err
	}
	if minimum.Valid {
		ind.Minimum = &minimum.Float64
	}
	if maximum.Valid {
		ind.Maximum = &maximum.Float64
	}
	ind.Frequency = Frequency(freq)
	ind.Archived = archived.Valid
	ind.CreatedAt, ind.UpdatedAt = ind.CreatedAt.UTC(), ind.UpdatedAt.UTC()
	return &ind, nil
}

// CreateIndicator adds an indicator to an initiative, for its backbone
// staff (account.ManageMeasurement).
func (s *Store) CreateIndicator(
	ctx context.Context,
	actor account.Actor,
	initiativeID int64,
	in IndicatorInput,
) (*Indicator, error) {
	if err := s.rules.Check(ctx, actor, account.ManageMeasurement, account.Initiative(initiativeID)); err != nil {
		return nil, err
	}
	if err := in.Normalize(); err != nil {
		return nil, err
	}
	var out *Indicator
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		if err := initiativeExists(ctx, tx, initiativeID); err != nil {
			return err
		}
		if err := checkReporters(ctx, tx, initiativeID, in.Reporters); err != nil {
			return err
		}
		now := s.now()
		var id int64
		err := tx.QueryRowContext(ctx, `INSERT INTO indicators (initiative_id, name, definition, unit, direction, aggregation, frequency, source, weight_label, minimum, maximum, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12) RETURNING id`,
			initiativeID, in.Name, in.Definition, in.Unit, in.Direction, in.Aggregation, string(in.Frequency), in.Source, in.WeightLabel,
			in.Minimum, in.Maximum, now).
			Scan(&id)
		if store.IsUniqueViolation(err) {
			return nameTaken(in.Name)
		}
		if err != nil {
			return fmt.Errorf("create indicator: %w", err)
		}
		if err := writeReporters(ctx, tx, id, in.Reporters); err != nil {
			return err
		}
		if out, err = indicator(ctx, tx, id); err != nil {
			return err
		}
		return recordChange(
			ctx,
			tx,
			s.now(),
			actor,
			initiativeID,
			"indicator_create",
			fmt.Sprintf("Added the indicator “%s”", in.Name),
			nil,
			out,
		)
	})
	return out, err
}

// UpdateIndicator changes indicator id of the initiative, for its backbone
// staff (account.ManageMeasurement). Its frequency cannot change once
// measurements exist (their periods would no longer fit); a change of
// aggregation recomputes the combined values of its roll-ups.
func (s *Store) UpdateIndicator(ctx context.Context, actor account.Actor, initiativeID, id int64,
	in IndicatorInput) (*Indicator, error) {
	if err := s.rules.Check(ctx, actor, account.ManageMeasurement, account.Initiative(initiativeID)); err != nil {
		return nil, err
	}
	if err := in.Normalize(); err != nil {
		return nil, err
	}
	var out *Indicator
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		if err := s.lockIndicators(ctx, tx, `id = $1`, id); err != nil {
			return err
		}
		before, err := indicatorOf(ctx, tx, initiativeID, id)
		if err != nil {
			return err
		}
		if in.Frequency != before.Frequency {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM rollups WHERE indicator_id = $1`, id).Scan(&n); err != nil {
				return fmt.Errorf("count roll-ups: %w", err)
			}
			if n > 0 {
				return &errs.ValidationError{Fields: map[string]string{"frequency": fmt.Sprintf(
					"cannot change from %s: measurements are already reported for %d periods; add a new indicator instead",
					before.Frequency,
					n,
				)}}
			}
		}
		if err := checkReporters(ctx, tx, before.InitiativeID, in.Reporters); err != nil {
			return err
		}
		_, err = tx.ExecContext(
			ctx,
			`UPDATE indicators SET name = $1, definition = $2, unit = $3, direction = $4, aggregation = $5, frequency = $6,
			source = $7, weight_label = $8, minimum = $9, maximum = $10, updated_at = $11 WHERE id = $12`,
			in.Name,
			in.Definition,
			in.Unit,
			in.Direction,
			in.Aggregation,
			string(in.Frequency),
			in.Source,
			in.WeightLabel,
			in.Minimum,
			in.Maximum,
			s.now(),
			id,
		)
		if store.IsUniqueViolation(err) {
			return nameTaken(in.Name)
		}
		if err != nil {
			return fmt.Errorf("update indicator: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM indicator_reporters WHERE indicator_id = $1`, id); err != nil {
			return fmt.Errorf("update reporters: %w", err)
		}
		if err := writeReporters(ctx, tx, id, in.Reporters); err != nil {
			return err
		}
		if in.Aggregation != before.Aggregation {
			if err := recombine(ctx, tx, id, in.Aggregation); err != nil {
				return err
			}
		}
		if out, err = indicator(ctx, tx, id); err != nil {
			return err
		}
		return recordChange(
			ctx,
			tx,
			s.now(),
			actor,
			out.InitiativeID,
			"indicator_update",
			fmt.Sprintf("Changed the indicator “%s”", out.Name),
			before,
			out,
		)
	})
	return out, err
}

// ArchiveIndicator retires indicator id of the initiative, for its
// backbone staff (account.ManageMeasurement): it keeps its measurements but
// is no longer reported or listed as due.
func (s *Store) ArchiveIndicator(ctx context.Context, actor account.Actor, initiativeID, id int64) error {
	if err := s.rules.Check(ctx, actor, account.ManageMeasurement, account.Initiative(initiativeID)); err != nil {
		return err
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		before, err := indicatorOf(ctx, tx, initiativeID, id)
		if err != nil {
			return err
		}
		if before.Archived {
			return nil
		}
		if _, err := tx.ExecContext(ctx, `UPDATE indicators SET archived_at = $1, updated_at = $1 WHERE id = $2`, s.now(), id); err != nil {
			return fmt.Errorf("archive indicator: %w", err)
		}
		return recordChange(
			ctx,
			tx,
			s.now(),
			actor,
			before.InitiativeID,
			"indicator_archive",
			fmt.Sprintf("Retired the indicator “%s”", before.Name),
			before,
			nil,
		)
	})
}

// Indicator returns indicator id of the initiative with its reporters, to
// whoever may see the initiative (account.ViewMeasurement); one of another
// initiative is not found.
func (s *Store) Indicator(ctx context.Context, actor account.Actor, initiativeID, id int64) (*Indicator, error) {
	if err := s.rules.Check(ctx, actor, account.ViewMeasurement, account.Initiative(initiativeID)); err != nil {
		return nil, err
	}
	return indicatorOf(ctx, s.db, initiativeID, id)
}

// indicatorOf reads indicator id of the initiative; one of another
// initiative is not found.
func indicatorOf(ctx context.Context, q store.Querier, initiativeID, id int64) (*Indicator, error) {
	return readIndicator(ctx, q, id, `initiative_id = $1 AND id = $2`, initiativeID, id)
}

// indicator reads indicator id, whatever its initiative: for checks that
// compare its initiative with the one they expect.
func indicator(ctx context.Context, q store.Querier, id int64) (*Indicator, error) {
	return readIndicator(ctx, q, id, `id = $1`, id)
}

func readIndicator(ctx context.Context, q store.Querier, id int64, where string, args ...any) (*Indicator, error) {
	ind, err := store.One(ctx, q, fmt.Sprintf("indicator %d", id), scanIndicator,
		`SELECT `+indicatorColumns+` FROM indicators WHERE `+where, args...)
	if err != nil {
		return nil, err
	}
	rows, err := q.QueryContext(
		ctx,
		`SELECT organization_id FROM indicator_reporters WHERE indicator_id = $1 ORDER BY organization_id`,
		id,
	)
	if err != nil {
		return nil, fmt.Errorf("list reporters: %w", err)
	}
	defer rows.Close()
	ind.Reporters = []string{}
	for rows.Next() {
		var org string
		if err := rows.Scan(&org); err != nil {
			return nil, err
		}
		ind.Reporters = append(ind.Reporters, org)
	}
	return ind, rows.Err()
}

// Indicators lists an initiative's indicators (retired ones too when
// withArchived), by name, to whoever may see the initiative
// (account.ViewMeasurement).
func (s *Store) Indicators(ctx context.Context, actor account.Actor, initiativeID int64,
	withArchived bool) ([]*Indicator, error) {
	if err := s.viewable(ctx, actor, initiativeID); err != nil {
		return nil, err
	}
	return indicators(ctx, s.db, initiativeID, withArchived)
}

func indicators(ctx context.Context, q store.Querier, initiativeID int64, withArchived bool) ([]*Indicator, error) {
	where := ` AND archived_at IS NULL`
	if withArchived {
		where = ""
	}
	rows, err := q.QueryContext(
		ctx,
		`SELECT id FROM indicators WHERE initiative_id = $1`+where+` ORDER BY lower(name), id`,
		initiativeID,
	)
	if err != nil {
		return nil, fmt.Errorf("list indicators: %w", err)
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, err
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	byID, err := indicatorsByID(ctx, q, ids)
	if err != nil {
		return nil, err
	}
	var out []*Indicator
	for _, id := range ids {
		if ind := byID[id]; ind != nil {
			out = append(out, ind)
		}
	}
	return out, nil
}

func nameTaken(name string) error {
	return &errs.ConflictError{
		Field:   "name",
		Message: fmt.Sprintf("this initiative already has an indicator named %s", account.Quote(name)),
	}
}

func initiativeExists(ctx context.Context, q store.Querier, id int64) error {
	var n int
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM initiatives WHERE id = $1`, id).Scan(&n); err != nil {
		return fmt.Errorf("find initiative %d: %w", id, err)
	}
	if n == 0 {
		return fmt.Errorf("initiative %d: %w", id, errs.ErrNotFound)
	}
	return nil
}

// checkReporters checks that every reporter is an active member organization.
func checkReporters(ctx context.Context, q store.Querier, initiativeID int64, orgs []string) error {
	for _, org := range orgs {
		var status string
		err := q.QueryRowContext(ctx, `SELECT status FROM initiative_members WHERE initiative_id = $1 AND organization_id = $2`, initiativeID, org).
			Scan(&status)
		if errors.Is(err, sql.ErrNoRows) || (err == nil && status != "active") {
			return &errs.ValidationError{
				Fields: map[string]string{
					"reporters": fmt.Sprintf("%q is not an active member organization of this initiative", org),
				},
			}
		}
		if err != nil {
			return fmt.Errorf("check reporter %q: %w", org, err)
		}
	}
	return nil
}

func writeReporters(ctx context.Context, tx *sql.Tx, id int64, orgs []string) error {
	for _, org := range orgs {
		if _, err := tx.ExecContext(ctx, `INSERT INTO indicator_reporters (indicator_id, organization_id) VALUES ($1, $2)`, id, org); err != nil {
			return fmt.Errorf("add reporter %q: %w", org, err)
		}
	}
	return nil
}

// recordChange writes the audit event for a change to an initiative's
// measurement, inside its transaction, so the initiative's feed shows it.
func recordChange(
	ctx context.Context,
	q store.Querier,
	at time.Time,
	actor account.Actor,
	initiativeID int64,
	action, summary string,
	before, after any,
) error {
	return account.Record(
		ctx,
		q,
		actor,
		account.Event{At: at, Action: action, EntityType: "initiative", EntityID: fmt.Sprint(initiativeID),
			Summary: summary, Before: before, After: after},
	)
}

// actorColumns are the user id (NULL when no user acted) and the label that
// history tables keep for who made a change.
func actorColumns(actor account.Actor) (userID any, label string) {
	if actor.UserID != 0 {
		userID = actor.UserID
	}
	if label = actor.Label; label == "" {
		label = "system"
	}
	return userID, label
}
