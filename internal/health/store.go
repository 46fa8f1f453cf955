package health

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"backbone/internal/account"
	"backbone/internal/errs"
	"backbone/internal/initiative"
	"backbone/internal/store"
)

// Store keeps an initiative's contributions, benefits, offers and needs, and
// works out its balance. Each method checks the rule book first.
type Store struct {
	db    *store.DB
	rules *account.Store
}

// NewStore returns the health store over db.
func NewStore(db *store.DB) *Store {
	return &Store{db: db, rules: account.NewStore(db)}
}

func (s *Store) now() time.Time { return s.db.Now() }

// record writes an audit event of the initiative, which its updates feed
// shows.
func (s *Store) record(ctx context.Context, q store.Querier, actor account.Actor, initiativeID int64,
	action, summary string, before, after any) error {
	return account.Record(ctx, q, actor, account.Event{At: s.now(), Action: action, EntityType: "initiative",
		EntityID: fmt.Sprint(initiativeID), Summary: summary, Before: before, After: after})
}

// activeMember returns the name of an active member of the initiative, or
// a validation error on field naming what the organization is.
func activeMember(ctx context.Context, q store.Querier, initiativeID int64, orgID, field string) (string, error) {
	var name, status string
	err := q.QueryRowContext(ctx, `SELECT o.name, m.status FROM initiative_members m
		JOIN organizations o ON o.id = m.organization_id
		WHERE m.initiative_id = $1 AND m.organization_id = $2`, initiativeID, orgID).Scan(&name, &status)
	if errors.Is(err, sql.ErrNoRows) {
		return "", &errs.ValidationError{Fields: map[string]string{field: fmt.Sprintf(
			"%q is not a member of this initiative", orgID)}}
	}
	if err != nil {
		return "", fmt.Errorf("read member %s: %w", orgID, err)
	}
	if status != "active" {
		return "", &errs.ValidationError{Fields: map[string]string{field: fmt.Sprintf(
			"%s is not an active member (it is %s)", name, status)}}
	}
	return name, nil
}

// limitOf is a LIMIT for at most n rows, all when n is negative.
func limitOf(n int) int64 {
	if n < 0 {
		return 1 << 62
	}
	return int64(n)
}

// Member is an active member of an initiative, as forms offer it.
type Member struct {
	OrganizationID   string `json:"organization_id"`
	OrganizationName string `json:"organization_name"`
}

// ActiveMembers returns the initiative's active members by name, to
// whoever may see the initiative.
func (s *Store) ActiveMembers(ctx context.Context, actor account.Actor, initiativeID int64) ([]Member, error) {
	if err := s.rules.Check(ctx, actor, account.ViewContributions, account.Initiative(initiativeID)); err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT m.organization_id, o.name FROM initiative_members m
		JOIN organizations o ON o.id = m.organization_id WHERE m.initiative_id = $1 AND m.status = 'active'
		ORDER BY o.name, o.id`, initiativeID)
	if err != nil {
		return nil, fmt.Errorf("read members: %w", err)
	}
	defer rows.Close()
	out := []Member{}
	for rows.Next() {
		var m Member
		if err := rows.Scan(&m.OrganizationID, &m.OrganizationName); err != nil {
			return nil, fmt.Errorf("read members: %w", err)
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

func nullUser(a account.Actor) any {
	if a.UserID == 0 {
		return nil
	}
	return a.UserID
}

func actorLabel(a account.Actor) string {
	if a.Label == "" {
		return "system"
	}
	return a.Label
}

const contributionColumns = `c.id, c.initiative_id, c.organization_id, o.name, c.entry, c.kind, c.period,
	c.quantity, c.unit, c.money_value, c.description, c.evidence_note, c.evidence_url, c.recorded_by_label,
	c.recorded_at, c.confirmed_by_label, c.confirmed_at
	FROM contributions c JOIN organizations o ON o.id = c.organization_id`

func scanContribution(row store.Scanner) (Contribution, error) {
	var c Contribution
	var value sql.NullFloat64
	var confirmed sql.NullTime
	err := row.Scan(&c.ID, &c.InitiativeID, &c.OrganizationID, &c.OrganizationName, &c.Entry, &c.Kind, &c.Period,
		&c.Quantity, &c.Unit, &value, &c.Description, &c.EvidenceNote, &c.EvidenceURL, &c.RecordedBy,
		&c.RecordedAt, &c.ConfirmedBy, &confirmed)
	if err != nil {
		return c, err
	}
	c.RecordedAt = c.RecordedAt.UTC()
	if value.Valid {
		v := value.Float64
		c.MoneyValue = &v
	}
	if confirmed.Valid {
		t := confirmed.Time.UTC()
		c.ConfirmedAt = &t
	}
	return c, nil
}

func getContribution(ctx context.Context, q store.Querier, initiativeID, id int64) (Contribution, error) {
	c, err := scanContribution(q.QueryRowContext(ctx, `SELECT `+contributionColumns+`
		WHERE c.id = $1 AND c.initiative_id = $2`, id, initiativeID))
	if errors.Is(err, sql.ErrNoRows) {
		return c, fmt.Errorf("contribution %d: %w", id, errs.ErrNotFound)
	}
	if err != nil {
		return c, fmt.Errorf("read contribution %d: %w", id, err)
	}
	return c, nil
}

// Record keeps a pledge or a delivery of an active member, for someone who
// records for that organization (account.RecordContribution). Entries
// backbone staff record stay unconfirmed like any other until confirmed.
func (s *Store) Record(ctx context.Context, actor account.Actor, initiativeID int64,
	in ContributionInput) (*Contribution, error) {
	if err := s.checkFor(ctx, actor, account.RecordContribution, initiativeID, in.OrganizationID); err != nil {
		return nil, err
	}
	in, err := in.normalize()
	if err != nil {
		return nil, err
	}

	var out Contribution
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		name, err := activeMember(ctx, tx, initiativeID, in.OrganizationID, "organization_id")
		if err != nil {
			return err
		}
		var id int64
		err = tx.QueryRowContext(ctx, `INSERT INTO contributions (initiative_id, organization_id, entry, kind,
			period, quantity, unit, money_value, description, evidence_note, evidence_url, recorded_by,
			recorded_by_label, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
			RETURNING id`, initiativeID, in.OrganizationID, in.Entry, in.Kind, in.Period, in.Quantity, in.Unit,
			in.MoneyValue, in.Description, in.EvidenceNote, in.EvidenceURL, nullUser(actor), actorLabel(actor),
			s.now()).Scan(&id)
		if err != nil {
			return fmt.Errorf("record contribution: %w", err)
		}
		if out, err = getContribution(ctx, tx, initiativeID, id); err != nil {
			return err
		}
		verb := "pledged"
		if in.Entry == EntryDelivery {
			verb = "delivered"
		}
		return s.record(ctx, tx, actor, initiativeID, "contribution_"+in.Entry,
			fmt.Sprintf("%s %s %s of %s for %s", name, verb, out.Amount(), KindLabel(in.Kind), out.PeriodWords()),
			nil, out)
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// checkFor checks an action done for an organization of the initiative,
// asking for the organization when none is named.
func (s *Store) checkFor(ctx context.Context, actor account.Actor, a account.Action, initiativeID int64,
	orgID string) error {
	if orgID == "" {
		if err := s.rules.Check(ctx, actor, account.ViewContributions, account.Initiative(initiativeID)); err != nil {
			return err
		}
		return &errs.ValidationError{Fields: map[string]string{"organization_id": "is required: the member " +
			"organization it is for"}}
	}
	return s.rules.Check(ctx, actor, a, account.OrgIn(orgID, initiativeID))
}

// Confirm marks an entry as confirmed by backbone staff
// (account.ConfirmContribution), who saw its evidence. Confirming it again
// is a conflict.
func (s *Store) Confirm(ctx context.Context, actor account.Actor, initiativeID, id int64) (*Contribution, error) {
	if err := s.rules.Check(ctx, actor, account.ConfirmContribution, account.Initiative(initiativeID)); err != nil {
		return nil, err
	}
	var out Contribution
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		before, err := getContribution(ctx, tx, initiativeID, id)
		if err != nil {
			return err
		}
		if before.Confirmed() {
			return &errs.ConflictError{Message: fmt.Sprintf("this entry was confirmed by %s on %s",
				before.ConfirmedBy, before.ConfirmedAt.Format(time.DateOnly))}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE contributions SET confirmed_by = $1, confirmed_by_label = $2,
			confirmed_at = $3 WHERE id = $4`, nullUser(actor), actorLabel(actor), s.now(), id); err != nil {
			return fmt.Errorf("confirm contribution %d: %w", id, err)
		}
		if out, err = getContribution(ctx, tx, initiativeID, id); err != nil {
			return err
		}
		return s.record(ctx, tx, actor, initiativeID, "contribution_confirm",
			fmt.Sprintf("Confirmed: %s %s %s of %s for %s", out.OrganizationName, out.Entry, out.Amount(),
				KindLabel(out.Kind), out.PeriodWords()), before, out)
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// Contributions returns an initiative's entries, the latest period first,
// to whoever may see the initiative (account.ViewContributions).
func (s *Store) Contributions(ctx context.Context, actor account.Actor, initiativeID int64) ([]Contribution, error) {
	if err := s.rules.Check(ctx, actor, account.ViewContributions, account.Initiative(initiativeID)); err != nil {
		return nil, err
	}
	return s.contributions(ctx, initiativeID)
}

func (s *Store) contributions(ctx context.Context, initiativeID int64) ([]Contribution, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+contributionColumns+` WHERE c.initiative_id = $1
		ORDER BY c.period DESC, o.name, c.id`, initiativeID)
	if err != nil {
		return nil, fmt.Errorf("list contributions: %w", err)
	}
	defer rows.Close()
	out := []Contribution{}
	for rows.Next() {
		c, err := scanContribution(rows)
		if err != nil {
			return nil, fmt.Errorf("list contributions: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// RecentContributions returns at most limit of an initiative's entries, the
// unconfirmed first and then the latest period, and how many there are in
// all; to whoever may see the initiative.
func (s *Store) RecentContributions(ctx context.Context, actor account.Actor, initiativeID int64,
	limit int) ([]Contribution, int, error) {
	if err := s.rules.Check(ctx, actor, account.ViewContributions, account.Initiative(initiativeID)); err != nil {
		return nil, 0, err
	}
	var total int
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM contributions WHERE initiative_id = $1`,
		initiativeID).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count contributions: %w", err)
	}
	rows, err := s.db.QueryContext(ctx, `SELECT `+contributionColumns+` WHERE c.initiative_id = $1
		ORDER BY CASE WHEN c.confirmed_at IS NULL THEN 0 ELSE 1 END, c.period DESC, c.id DESC LIMIT $2`,
		initiativeID, limit)
	if err != nil {
		return nil, 0, fmt.Errorf("list contributions: %w", err)
	}
	defer rows.Close()
	out := []Contribution{}
	for rows.Next() {
		c, err := scanContribution(rows)
		if err != nil {
			return nil, 0, fmt.Errorf("list contributions: %w", err)
		}
		out = append(out, c)
	}
	return out, total, rows.Err()
}

// HourRate returns the dollars an hour of staff time is valued at in the
// initiative, 0 when none is set; for whoever may see the initiative.
func (s *Store) HourRate(ctx context.Context, actor account.Actor, initiativeID int64) (float64, error) {
	if err := s.rules.Check(ctx, actor, account.ViewContributions, account.Initiative(initiativeID)); err != nil {
		return 0, err
	}
	return s.hourRate(ctx, s.db, initiativeID)
}

func (s *Store) hourRate(ctx context.Context, q store.Querier, initiativeID int64) (float64, error) {
	var rate float64
	err := q.QueryRowContext(ctx, `SELECT hour_rate FROM contribution_rates WHERE initiative_id = $1`,
		initiativeID).Scan(&rate)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("read hour rate: %w", err)
	}
	return rate, nil
}

// SetHourRate sets the dollars an hour of staff time is valued at (0 for
// none), for backbone staff (account.SetContributionRate).
func (s *Store) SetHourRate(ctx context.Context, actor account.Actor, initiativeID int64, rate float64) error {
	if err := s.rules.Check(ctx, actor, account.SetContributionRate, account.Initiative(initiativeID)); err != nil {
		return err
	}
	if rate < 0 || rate > 100000 || rate != rate {
		return &errs.ValidationError{Fields: map[string]string{"hour_rate": "must be 0 (none) or more dollars, " +
			"at most 100,000"}}
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		before, err := s.hourRate(ctx, tx, initiativeID)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM contribution_rates WHERE initiative_id = $1`,
			initiativeID); err != nil {
			return fmt.Errorf("set hour rate: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO contribution_rates (initiative_id, hour_rate, updated_at)
			VALUES ($1, $2, $3)`, initiativeID, rate, s.now()); err != nil {
			return fmt.Errorf("set hour rate: %w", err)
		}
		return s.record(ctx, tx, actor, initiativeID, "contribution_rate",
			fmt.Sprintf("An hour of staff time is valued at %s", Amount(rate, UnitDollars)),
			map[string]float64{"hour_rate": before}, map[string]float64{"hour_rate": rate})
	})
}

// RecordBenefit keeps what a member reports it received, for someone who
// records for that organization (account.RecordContribution).
func (s *Store) RecordBenefit(ctx context.Context, actor account.Actor, initiativeID int64,
	in BenefitInput) (*Benefit, error) {
	if err := s.checkFor(ctx, actor, account.RecordContribution, initiativeID, in.OrganizationID); err != nil {
		return nil, err
	}
	in, err := in.normalize()
	if err != nil {
		return nil, err
	}
	var out Benefit
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		name, err := activeMember(ctx, tx, initiativeID, in.OrganizationID, "organization_id")
		if err != nil {
			return err
		}
		out = Benefit{InitiativeID: initiativeID, OrganizationID: in.OrganizationID, OrganizationName: name,
			Kind: in.Kind, Period: in.Period, Amount: in.Amount, Note: in.Note, RecordedBy: actorLabel(actor),
			RecordedAt: s.now().UTC()}
		err = tx.QueryRowContext(ctx, `INSERT INTO contribution_benefits (initiative_id, organization_id, kind,
			period, amount, note, recorded_by, recorded_by_label, recorded_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`, initiativeID, in.OrganizationID, in.Kind,
			in.Period, in.Amount, in.Note, nullUser(actor), actorLabel(actor), out.RecordedAt).Scan(&out.ID)
		if err != nil {
			return fmt.Errorf("record benefit: %w", err)
		}
		return s.record(ctx, tx, actor, initiativeID, "benefit_record", fmt.Sprintf("%s received %s for %s",
			name, out.AmountWords(), out.PeriodWords()), nil, out)
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// Benefits returns the benefits members reported, the latest period first,
// to whoever may see the initiative.
func (s *Store) Benefits(ctx context.Context, actor account.Actor, initiativeID int64) ([]Benefit, error) {
	if err := s.rules.Check(ctx, actor, account.ViewContributions, account.Initiative(initiativeID)); err != nil {
		return nil, err
	}
	return s.benefits(ctx, initiativeID, -1)
}

// RecentBenefits returns at most limit of the benefits members reported,
// the latest first, to whoever may see the initiative.
func (s *Store) RecentBenefits(ctx context.Context, actor account.Actor, initiativeID int64,
	limit int) ([]Benefit, error) {
	if err := s.rules.Check(ctx, actor, account.ViewContributions, account.Initiative(initiativeID)); err != nil {
		return nil, err
	}
	return s.benefits(ctx, initiativeID, limit)
}

// benefits reads the initiative's benefits, at most limit (all when
// negative).
func (s *Store) benefits(ctx context.Context, initiativeID int64, limit int) ([]Benefit, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT b.id, b.initiative_id, b.organization_id, o.name, b.kind,
		b.period, b.amount, b.note, b.recorded_by_label, b.recorded_at
		FROM contribution_benefits b JOIN organizations o ON o.id = b.organization_id
		WHERE b.initiative_id = $1 ORDER BY b.period DESC, b.id DESC LIMIT $2`, initiativeID, limitOf(limit))
	if err != nil {
		return nil, fmt.Errorf("list benefits: %w", err)
	}
	defer rows.Close()
	out := []Benefit{}
	for rows.Next() {
		var b Benefit
		if err := rows.Scan(&b.ID, &b.InitiativeID, &b.OrganizationID, &b.OrganizationName, &b.Kind, &b.Period,
			&b.Amount, &b.Note, &b.RecordedBy, &b.RecordedAt); err != nil {
			return nil, fmt.Errorf("list benefits: %w", err)
		}
		b.RecordedAt = b.RecordedAt.UTC()
		out = append(out, b)
	}
	return out, rows.Err()
}

// Balance works out the initiative's balance for whoever may see it
// (account.ViewContributions): each member's share of what was given beside
// its vote, the benefits it reported, the indicators it reports and how
// partners rated its value in the latest closed survey wave; and the
// alerts.
func (s *Store) Balance(ctx context.Context, actor account.Actor, initiativeID int64) (*Balance, error) {
	if err := s.rules.Check(ctx, actor, account.ViewContributions, account.Initiative(initiativeID)); err != nil {
		return nil, err
	}
	in := balanceInput{InitiativeID: initiativeID, Now: s.now(), Indicators: map[string]int{},
		Ratings: map[string]rating{}}
	var err error
	if in.Members, err = s.memberFacts(ctx, initiativeID); err != nil {
		return nil, err
	}
	if in.Contributions, err = s.ledger(ctx, initiativeID); err != nil {
		return nil, err
	}
	if in.Benefits, err = s.benefitSums(ctx, initiativeID); err != nil {
		return nil, err
	}
	if in.HourRate, err = s.hourRate(ctx, s.db, initiativeID); err != nil {
		return nil, err
	}
	if err := s.indicatorCounts(ctx, initiativeID, in.Indicators); err != nil {
		return nil, err
	}
	if in.Wave, err = s.ratings(ctx, initiativeID, in.Ratings); err != nil {
		return nil, err
	}
	return computeBalance(in), nil
}

// memberFacts reads the initiative's members, active first, by name.
func (s *Store) memberFacts(ctx context.Context, initiativeID int64) ([]memberFacts, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT m.organization_id, o.name, m.role, m.status
		FROM initiative_members m JOIN organizations o ON o.id = m.organization_id
		WHERE m.initiative_id = $1 AND (m.status IN ('active', 'left') OR EXISTS (SELECT 1 FROM contributions c
			WHERE c.initiative_id = m.initiative_id AND c.organization_id = m.organization_id))
		ORDER BY CASE WHEN m.status = 'active' THEN 0 ELSE 1 END, o.name, o.id`, initiativeID)
	if err != nil {
		return nil, fmt.Errorf("read members: %w", err)
	}
	defer rows.Close()
	out := []memberFacts{}
	for rows.Next() {
		var m memberFacts
		if err := rows.Scan(&m.ID, &m.Name, &m.Role, &m.Status); err != nil {
			return nil, fmt.Errorf("read members: %w", err)
		}
		m.Voter = m.Status == "active" && initiative.VotingRole(m.Role)
		out = append(out, m)
	}
	return out, rows.Err()
}

// ledger reads the initiative's entries as the balance needs them.
func (s *Store) ledger(ctx context.Context, initiativeID int64) ([]ledgerEntry, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT organization_id, entry, kind, period, unit, quantity, money_value,
		CASE WHEN confirmed_at IS NULL THEN 0 ELSE 1 END FROM contributions WHERE initiative_id = $1`, initiativeID)
	if err != nil {
		return nil, fmt.Errorf("read contributions: %w", err)
	}
	defer rows.Close()
	out := []ledgerEntry{}
	for rows.Next() {
		var e ledgerEntry
		var value sql.NullFloat64
		var confirmed int
		if err := rows.Scan(&e.OrganizationID, &e.Entry, &e.Kind, &e.Period, &e.Unit, &e.Quantity, &value,
			&confirmed); err != nil {
			return nil, fmt.Errorf("read contributions: %w", err)
		}
		if value.Valid {
			v := value.Float64
			e.MoneyValue = &v
		}
		e.Confirmed = confirmed == 1
		out = append(out, e)
	}
	return out, rows.Err()
}

// benefitSums adds up each member's benefits by kind.
func (s *Store) benefitSums(ctx context.Context, initiativeID int64) ([]Benefit, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT organization_id, kind, SUM(amount) FROM contribution_benefits
		WHERE initiative_id = $1 GROUP BY organization_id, kind`, initiativeID)
	if err != nil {
		return nil, fmt.Errorf("add up benefits: %w", err)
	}
	defer rows.Close()
	out := []Benefit{}
	for rows.Next() {
		var b Benefit
		if err := rows.Scan(&b.OrganizationID, &b.Kind, &b.Amount); err != nil {
			return nil, fmt.Errorf("add up benefits: %w", err)
		}
		out = append(out, b)
	}
	return out, rows.Err()
}

// indicatorCounts counts, per organization, the initiative's indicators in
// use that it has a current value of.
func (s *Store) indicatorCounts(ctx context.Context, initiativeID int64, out map[string]int) error {
	rows, err := s.db.QueryContext(ctx, `SELECT m.organization_id, COUNT(DISTINCT m.indicator_id)
		FROM measurements m JOIN indicators i ON i.id = m.indicator_id
		WHERE i.initiative_id = $1 AND i.archived_at IS NULL AND m.superseded_at IS NULL
		GROUP BY m.organization_id`, initiativeID)
	if err != nil {
		return fmt.Errorf("count indicators reported: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var org string
		var n int
		if err := rows.Scan(&org, &n); err != nil {
			return fmt.Errorf("count indicators reported: %w", err)
		}
		out[org] = n
	}
	return rows.Err()
}

// ratings reads how partners rated each organization's value in the
// initiative's latest closed survey wave: each rating is the mean of a
// partner's answers on influence, involvement and resources. It returns
// the wave's name, "" when there is none.
func (s *Store) ratings(ctx context.Context, initiativeID int64, out map[string]rating) (string, error) {
	var waveID int64
	var name string
	err := s.db.QueryRowContext(ctx, `SELECT id, name FROM survey_waves
		WHERE initiative_id = $1 AND closed_at IS NOT NULL ORDER BY closed_at DESC, id DESC LIMIT 1`,
		initiativeID).Scan(&waveID, &name)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("read the latest survey wave: %w", err)
	}
	rows, err := s.db.QueryContext(ctx, `SELECT rated_organization_id, value_influence, value_involvement,
		value_resources FROM survey_ratings WHERE wave_id = $1 AND level <> ''`, waveID)
	if err != nil {
		return "", fmt.Errorf("read survey ratings: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var org string
		var vals [3]sql.NullInt64
		if err := rows.Scan(&org, &vals[0], &vals[1], &vals[2]); err != nil {
			return "", fmt.Errorf("read survey ratings: %w", err)
		}
		sum, n := 0.0, 0
		for _, v := range vals {
			if v.Valid {
				sum += float64(v.Int64)
				n++
			}
		}
		if n == 0 {
			continue
		}
		r := out[org]
		r.Sum += sum / float64(n)
		r.Count++
		out[org] = r
	}
	return name, rows.Err()
}
