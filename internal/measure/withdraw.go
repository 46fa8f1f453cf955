package measure

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"backbone/internal/account"
	"backbone/internal/errs"
)

// maxWithdrawReason bounds the reason given for a withdrawal, as a note.
const maxWithdrawReason = 2000

// WithdrawMeasurement withdraws an organization's current value of an
// indicator of the initiative for a period, for the organization's people
// and the initiative's backbone staff (account.WithdrawMeasurement), saying
// why. Nothing is deleted: the value is kept in the history, marked
// withdrawn with who, when and why, and it no longer counts in the period's
// roll-up (brought up to date in the same transaction), the dashboard or
// the late reports. A milestone it helped reach stays reached. Reporting
// the period again starts its next revision. It returns the withdrawn
// measurement.
func (s *Store) WithdrawMeasurement(ctx context.Context, actor account.Actor, initiativeID, indicatorID int64,
	orgID, period, reason string) (*Measurement, error) {
	orgID, reason = strings.TrimSpace(orgID), strings.TrimSpace(reason)
	if err := s.rules.Check(ctx, actor, account.WithdrawMeasurement, account.OrgIn(orgID, initiativeID)); err != nil {
		return nil, err
	}
	v := &errs.ValidationError{}
	switch n := utf8.RuneCountInString(reason); {
	case n == 0:
		v.Add("reason", "is required: say why the value is wrong, for whoever reads the history")
	case n > maxWithdrawReason:
		v.Add("reason", fmt.Sprintf("must be at most %d characters (it has %d)", maxWithdrawReason, n))
	case errs.TextProblem(reason) != "":
		v.Add("reason", errs.TextProblem(reason))
	}
	if err := v.OrNil(); err != nil {
		return nil, err
	}

	var out *Measurement
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		if err := s.lockIndicators(ctx, tx, `id = $1`, indicatorID); err != nil {
			return err
		}
		ind, err := reportedIndicator(ctx, tx, initiativeID, indicatorID)
		if err != nil {
			return err
		}
		p, err := ParsePeriodFor(ind.Frequency, period)
		if err != nil {
			return &errs.ValidationError{Fields: map[string]string{"period": err.Error()}}
		}

		var id int64
		var value float64
		var name string
		err = tx.QueryRowContext(ctx, `SELECT m.id, m.value, o.name FROM measurements m
			JOIN organizations o ON o.id = m.organization_id
			WHERE m.indicator_id = $1 AND m.period = $2 AND m.organization_id = $3 AND m.superseded_at IS NULL`,
			ind.ID, p.String(), orgID).Scan(&id, &value, &name)
		if errors.Is(err, sql.ErrNoRows) {
			return &errs.ValidationError{Fields: map[string]string{"period": fmt.Sprintf(
				"this organization has no value of %s for %s to withdraw", account.Quote(ind.Name), p)}}
		}
		if err != nil {
			return fmt.Errorf("find measurement: %w", err)
		}

		now := s.now()
		uid, label := actorColumns(actor)
		res, err := tx.ExecContext(ctx, `UPDATE measurements SET superseded_at = $1, withdrawn_at = $1,
			withdrawn_user_id = $2, withdrawn_by = $3, withdrawn_reason = $4 WHERE id = $5 AND superseded_at IS NULL`,
			now, uid, label, reason, id)
		if err != nil {
			return fmt.Errorf("withdraw measurement: %w", err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return changedMeanwhile()
		}
		if _, err := refreshRollup(ctx, tx, ind, p.String(), now); err != nil {
			return err
		}
		if out, err = measurementByID(ctx, tx, id); err != nil {
			return err
		}
		return recordChange(ctx, tx, now, actor, ind.InitiativeID, "measurement_withdraw",
			fmt.Sprintf("Withdrew %s's value of %s for %s (%s): %s", name, account.Quote(ind.Name), p, FormatNumber(value), reason),
			out, nil)
	})
	return out, err
}
