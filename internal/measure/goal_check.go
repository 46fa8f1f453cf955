package measure

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"backbone/internal/account"
	"backbone/internal/errs"
)

// CheckGoal runs the SMART check on a draft goal, for those who may set its
// owner's goals (account.ManageMeasurement for an initiative's,
// account.SetOrganizationGoals for an organization's own), so that pages
// and the API judge a draft alike. See smart for how it judges. The input
// is not validated: a draft may be incomplete, but it names its owner.
func (s *Store) CheckGoal(ctx context.Context, actor account.Actor, in GoalInput) ([]Finding, error) {
	if err := s.checkOwner(ctx, actor, in.owner(), true); err != nil {
		return nil, err
	}
	return s.smart(ctx, in)
}

// GoalFindings runs the SMART check on a goal as saved (or one of its
// revisions), for those who may read its owner's goals.
func (s *Store) GoalFindings(ctx context.Context, actor account.Actor, g *Goal) ([]Finding, error) {
	in := g.input()
	if err := s.checkGoals(ctx, actor, in.owner(), false); err != nil {
		return nil, err
	}
	return s.smart(ctx, in)
}

// input is a saved goal as the SMART check reads it.
func (g *Goal) input() GoalInput {
	return GoalInput{InitiativeID: g.InitiativeID, OrganizationID: g.OrganizationID,
		Statement: g.Statement, IndicatorID: g.IndicatorID, Baseline: g.Baseline, BaselinePeriod: g.BaselinePeriod,
		Target: g.Target, Unit: g.Unit, StartsOn: g.StartsOn, DueOn: g.DueOn,
		OwnerOrganizationID: g.OwnerOrganizationID, AgendaItemID: g.AgendaItemID}
}

// smart is the SMART check of a goal, saved or not. Achievability is
// judged by the indicator's combined values for an initiative's goal, and
// by the organization's own values for an organization's own goal, which is
// relevant when its indicator is an initiative's shared one. An indicator
// or agenda item that is retired, unknown or not the goal's to use counts
// as none chosen: only the goal's owner's are read.
func (s *Store) smart(ctx context.Context, in GoalInput) ([]Finding, error) {
	own := in.OrganizationID != "" && in.InitiativeID == 0
	draft := GoalDraft{Statement: in.Statement, Baseline: in.Baseline, Target: in.Target, Unit: in.Unit,
		Starts: day(strings.TrimSpace(in.StartsOn)), Due: day(strings.TrimSpace(in.DueOn)), HigherIsBetter: true, Own: own}
	var history []Point
	if in.IndicatorID != 0 {
		ind, err := indicator(ctx, s.db, in.IndicatorID)
		switch {
		case errors.Is(err, errs.ErrNotFound):
			// none chosen
		case err != nil:
			return nil, err
		case ind.Archived,
			own && !isReporter(ind, in.OrganizationID),
			!own && ind.InitiativeID != in.InitiativeID:
			ind = nil
		}
		if ind != nil {
			draft.Indicator, draft.HigherIsBetter = ind.Name, ind.Direction != Lower
			if history, err = s.goalHistory(ctx, ind, own, in.OrganizationID); err != nil {
				return nil, err
			}
			if own {
				// The initiative whose shared indicator it is: the agenda
				// an organization's own goal serves.
				if err := s.db.QueryRowContext(ctx, `SELECT name FROM initiatives WHERE id = $1`, ind.InitiativeID).Scan(&draft.AgendaItem); err != nil {
					return nil, fmt.Errorf("find initiative %d: %w", ind.InitiativeID, err)
				}
			}
		}
	}
	if !own && in.AgendaItemID != 0 {
		var ini int64
		var title string
		err := s.db.QueryRowContext(ctx, `SELECT initiative_id, title FROM agenda_items WHERE id = $1 AND archived_at IS NULL`, in.AgendaItemID).Scan(&ini, &title)
		switch {
		case errors.Is(err, sql.ErrNoRows):
		case err != nil:
			return nil, fmt.Errorf("find agenda item %d: %w", in.AgendaItemID, err)
		case ini == in.InitiativeID:
			draft.AgendaItem = title
		}
	}
	return CheckSMART(draft, history), nil
}

// goalHistory is the past a goal on ind is judged by: the organization's
// own values for its own goal, else the combined values.
func (s *Store) goalHistory(ctx context.Context, ind *Indicator, own bool, orgID string) ([]Point, error) {
	if own {
		return s.ownHistory(ctx, ind, orgID)
	}
	series, err := rollups(ctx, s.db, ind.ID, "", "")
	if err != nil {
		return nil, err
	}
	return pointsOf(ind.Frequency, series), nil
}

// pointsOf is a series of values per period as points at the end of each
// period, as trends and forecasts read them; a period not of frequency f
// is left out.
func pointsOf(f Frequency, series []RollupPoint) []Point {
	var out []Point
	for _, p := range series {
		if per, err := ParsePeriodFor(f, p.Period); err == nil {
			out = append(out, Point{At: per.End(), Value: p.Value})
		}
	}
	return out
}
