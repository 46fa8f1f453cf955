package initiative

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"backbone/internal/account"
	"backbone/internal/errs"
	"backbone/internal/store"
)

// ActivityStatuses are where an activity stands. Planned and under-way
// activities are the open ones: they count toward an agenda item's
// coverage and their RACI letters are checked.
var ActivityStatuses = []string{"planned", "under_way", "done", "stopped"}

// Activity is one member organization's part of the mutually reinforcing
// activities: what it does, toward which agenda item, when.
type Activity struct {
	ID               int64      `json:"id"`
	InitiativeID     int64      `json:"initiative_id"`
	OrganizationID   string     `json:"organization_id"`
	OrganizationName string     `json:"organization_name"`
	AgendaItemID     int64      `json:"agenda_item_id"` // 0 when it serves no one item
	AgendaItemTitle  string     `json:"agenda_item_title"`
	Title            string     `json:"title"`
	Description      string     `json:"description"`
	Starts           *time.Time `json:"starts_on"`
	Ends             *time.Time `json:"ends_on"`
	Status           string     `json:"status"`
	CreatedAt        time.Time  `json:"created_at"`
	UpdatedAt        time.Time  `json:"updated_at"`
}

// Open reports whether the activity is planned or under way.
func (a Activity) Open() bool { return a.Status == "planned" || a.Status == "under_way" }

// ActivityInput is what a member writes about one of its activities. Dates
// keep only their day.
type ActivityInput struct {
	OrganizationID string     `json:"organization_id"`
	AgendaItemID   int64      `json:"agenda_item_id"`
	Title          string     `json:"title"`
	Description    string     `json:"description"`
	Starts         *time.Time `json:"starts_on"`
	Ends           *time.Time `json:"ends_on"`
	Status         string     `json:"status"` // planned when empty
}

// Normalize trims the input and checks it, field by field.
func (in *ActivityInput) Normalize() error {
	in.OrganizationID, in.Title, in.Description = strings.TrimSpace(
		in.OrganizationID,
	), strings.TrimSpace(
		in.Title,
	), strings.TrimSpace(
		in.Description,
	)
	in.Status = strings.ToLower(strings.TrimSpace(in.Status))
	if in.Status == "" {
		in.Status = "planned"
	}
	in.Starts, in.Ends = dateOnly(in.Starts), dateOnly(in.Ends)
	var v errs.ValidationError
	if in.OrganizationID == "" {
		v.Add("organization_id", "is required")
	}
	if in.Title == "" {
		v.Add("title", "is required")
	}
	checkLength(&v, "title", in.Title, maxName)
	checkLength(&v, "description", in.Description, maxText)
	if !oneOf(in.Status, ActivityStatuses) {
		v.Add("status", "must be one of "+strings.Join(ActivityStatuses, ", "))
	}
	if in.Starts != nil && in.Ends != nil && in.Ends.Before(*in.Starts) {
		v.Add("ends_on", "must not be before the start date")
	}
	if in.AgendaItemID < 0 {
		v.Add("agenda_item_id", "is not an agenda item")
	}
	return v.OrNil()
}

// AddActivity records an activity of an active member organization: for
// backbone staff, and for the organization's own people
// (account.RecordActivity). The input is checked before the rule, since the
// organization it names decides who may record it.
func (s *Store) AddActivity(
	ctx context.Context,
	actor account.Actor,
	initiativeID int64,
	in ActivityInput,
) (*Activity, error) {
	if err := s.CheckActivity(ctx, actor, initiativeID, &in); err != nil {
		return nil, err
	}
	var a *Activity
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		var err error
		a, err = s.AddActivityIn(ctx, tx, actor, initiativeID, in)
		return err
	})
	if err != nil {
		return nil, err
	}
	return a, nil
}

// CheckActivity normalizes an activity to be added and checks that actor
// may record it (see AddActivity), before a transaction that adds it with
// AddActivityIn.
func (s *Store) CheckActivity(ctx context.Context, actor account.Actor, initiativeID int64, in *ActivityInput) error {
	if err := s.rules.Check(ctx, actor, account.ViewInitiative, account.Initiative(initiativeID)); err != nil {
		return err
	}
	if err := in.Normalize(); err != nil {
		return err
	}
	return s.rules.Check(ctx, actor, account.RecordActivity, account.OrgIn(in.OrganizationID, initiativeID))
}

// AddActivityIn writes an activity that CheckActivity passed inside the
// caller's transaction, with its audit event, so that it lands together
// with what caused it (an action agreed at a meeting).
func (s *Store) AddActivityIn(ctx context.Context, tx *sql.Tx, actor account.Actor, initiativeID int64,
	in ActivityInput) (*Activity, error) {
	ini, err := s.get(ctx, tx, initiativeID)
	if err != nil {
		return nil, err
	}
	if err := checkActivityLinks(ctx, tx, initiativeID, in, nil); err != nil {
		return nil, err
	}
	now := s.now()
	var id int64
	if err := tx.QueryRowContext(ctx, `INSERT INTO activities (initiative_id, organization_id, agenda_item_id, title,
		description, starts_on, ends_on, status, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id`,
		initiativeID, in.OrganizationID, nullableID(in.AgendaItemID), in.Title, in.Description, in.Starts, in.Ends,
		in.Status, now).Scan(&id); err != nil {
		return nil, fmt.Errorf("add activity: %w", err)
	}
	a, err := activity(ctx, tx, initiativeID, id)
	if err != nil {
		return nil, err
	}
	return a, s.recordChange(ctx, tx, actor, initiativeID, "activity_add",
		fmt.Sprintf("%s added the activity %s to %s", a.OrganizationName, account.Quote(a.Title), ini.Name), nil, a)
}

// UpdateActivity rewrites activity activityID of the initiative, for
// whoever may record its organization's activities (account.RecordActivity);
// moving it to another organization needs the same right there. Moving it
// to another organization or agenda item checks the new one as AddActivity
// does; an activity of a member that has since left can still be closed.
func (s *Store) UpdateActivity(ctx context.Context, actor account.Actor, initiativeID, activityID int64,
	in ActivityInput) (*Activity, error) {
	before, err := s.activityToRecord(ctx, actor, initiativeID, activityID)
	if err != nil {
		return nil, err
	}
	if err := in.Normalize(); err != nil {
		return nil, err
	}
	if in.OrganizationID != before.OrganizationID {
		recorder := account.OrgIn(in.OrganizationID, initiativeID)
		if err := s.rules.Check(ctx, actor, account.RecordActivity, recorder); err != nil {
			return nil, err
		}
	}
	var a *Activity
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		if err := sameOrganization(ctx, tx, before); err != nil {
			return err
		}
		if err := checkActivityLinks(ctx, tx, initiativeID, in, before); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE activities SET organization_id = $1, agenda_item_id = $2, title = $3, description = $4,
			starts_on = $5, ends_on = $6, status = $7, updated_at = $8 WHERE initiative_id = $9 AND id = $10`,
			in.OrganizationID, nullableID(in.AgendaItemID), in.Title, in.Description, in.Starts, in.Ends, in.Status,
			s.now(), initiativeID, activityID); err != nil {
			return fmt.Errorf("update activity %d: %w", activityID, err)
		}
		if a, err = activity(ctx, tx, initiativeID, activityID); err != nil {
			return err
		}
		summary := fmt.Sprintf("updated the activity %s of %s", account.Quote(a.Title), a.OrganizationName)
		if a.Status != before.Status {
			summary = fmt.Sprintf("marked the activity %s of %s %s", account.Quote(a.Title), a.OrganizationName, words(a.Status))
		}
		return s.recordChange(ctx, tx, actor, a.InitiativeID, "activity_update", summary, before, a)
	})
	if err != nil {
		return nil, err
	}
	return a, nil
}

// DeleteActivity removes activity activityID of the initiative and its RACI
// letters, and returns what it was; an activity that happened is better
// marked done or stopped. For whoever may record its organization's
// activities (account.RecordActivity), who take back what they recorded by
// mistake.
func (s *Store) DeleteActivity(ctx context.Context, actor account.Actor, initiativeID,
	activityID int64) (*Activity, error) {
	before, err := s.activityToRecord(ctx, actor, initiativeID, activityID)
	if err != nil {
		return nil, err
	}
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		if err := sameOrganization(ctx, tx, before); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM activities WHERE initiative_id = $1 AND id = $2`,
			initiativeID, activityID); err != nil {
			return fmt.Errorf("delete activity %d: %w", activityID, err)
		}
		return s.recordChange(ctx, tx, actor, initiativeID, "activity_delete",
			fmt.Sprintf("deleted the activity %s of %s", account.Quote(before.Title), before.OrganizationName), before, nil)
	})
	if err != nil {
		return nil, err
	}
	return before, nil
}

// activityToRecord reads activity activityID of the initiative for actor to
// change: they must see the initiative, and may record its organization's
// activities (account.RecordActivity).
func (s *Store) activityToRecord(ctx context.Context, actor account.Actor, initiativeID,
	activityID int64) (*Activity, error) {
	a, err := s.Activity(ctx, actor, initiativeID, activityID)
	if err != nil {
		return nil, err
	}
	if err := s.rules.Check(ctx, actor, account.RecordActivity, account.OrgIn(a.OrganizationID, a.InitiativeID)); err != nil {
		return nil, err
	}
	return a, nil
}

// sameOrganization checks, inside the change's transaction, that the
// activity still belongs to the organization the rule was asked about: one
// moved meanwhile is a conflict, to be tried again.
func sameOrganization(ctx context.Context, tx *sql.Tx, checked *Activity) error {
	now, err := activity(ctx, tx, checked.InitiativeID, checked.ID)
	if err != nil {
		return err
	}
	if now.OrganizationID != checked.OrganizationID {
		return &errs.ConflictError{Message: fmt.Sprintf("the activity %s was just moved to %s: reload it and try again",
			account.Quote(now.Title), now.OrganizationName)}
	}
	return nil
}

// RecordableMembers returns the member organizations, of any status, whose
// activities actor may record and change (account.RecordActivity): every
// member for backbone staff, their own organizations for a member's
// people.
func (s *Store) RecordableMembers(ctx context.Context, actor account.Actor, initiativeID int64) ([]Member, error) {
	if err := s.rules.Check(ctx, actor, account.ViewInitiative, account.Initiative(initiativeID)); err != nil {
		return nil, err
	}
	ms, err := members(ctx, s.db, initiativeID, "")
	if err != nil {
		return nil, err
	}
	out := []Member{}
	for _, m := range ms {
		ok, err := s.rules.May(ctx, actor, account.RecordActivity, account.OrgIn(m.OrganizationID, initiativeID))
		if err != nil {
			return nil, err
		}
		if ok {
			out = append(out, m)
		}
	}
	return out, nil
}

// checkActivityLinks checks that the organization is an active member and
// the agenda item a current item of the same initiative, unless they are
// the ones the activity already has.
func checkActivityLinks(
	ctx context.Context,
	q store.Querier,
	initiativeID int64,
	in ActivityInput,
	before *Activity,
) error {
	if before == nil || before.OrganizationID != in.OrganizationID {
		if _, err := mustBeActiveMember(ctx, q, initiativeID, in.OrganizationID, "organization_id"); err != nil {
			return err
		}
	}
	if in.AgendaItemID != 0 && (before == nil || before.AgendaItemID != in.AgendaItemID) {
		item, err := agendaItem(ctx, q, initiativeID, in.AgendaItemID)
		if errors.Is(err, errs.ErrNotFound) || (err == nil && item.ArchivedAt != nil) {
			return &errs.ValidationError{
				Fields: map[string]string{"agenda_item_id": "is not a current item of this initiative's common agenda"},
			}
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func nullableID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// Activity returns activity activityID of the initiative to whoever may see
// the initiative (account.ViewInitiative); an activity of another
// initiative is not found.
func (s *Store) Activity(ctx context.Context, actor account.Actor, initiativeID, activityID int64) (*Activity, error) {
	if err := s.rules.Check(ctx, actor, account.ViewInitiative, account.Initiative(initiativeID)); err != nil {
		return nil, err
	}
	return activity(ctx, s.db, initiativeID, activityID)
}

// Activities returns an initiative's activities, by agenda item, then
// organization and title, for whoever has the initiative from View.
func (s *Store) Activities(ctx context.Context, initiativeID int64) ([]Activity, error) {
	if _, err := s.get(ctx, s.db, initiativeID); err != nil {
		return nil, err
	}
	return activities(ctx, s.db, initiativeID)
}

const activityColumns = `a.id, a.initiative_id, a.organization_id, o.name, COALESCE(a.agenda_item_id, 0), COALESCE(g.title, ''),
	a.title, a.description, a.starts_on, a.ends_on, a.status, a.created_at, a.updated_at
	FROM activities a JOIN organizations o ON o.id = a.organization_id LEFT JOIN agenda_items g ON g.id = a.agenda_item_id`

func scanActivity(row store.Scanner) (Activity, error) {
	var a Activity
	var starts, ends sql.NullTime
	err := row.Scan(&a.ID, &a.InitiativeID, &a.OrganizationID, &a.OrganizationName, &a.AgendaItemID, &a.AgendaItemTitle,
		&a.Title, &a.Description, &starts, &ends, &a.Status, &a.CreatedAt, &a.UpdatedAt)
	a.Starts, a.Ends = dateOnly(timePtr(starts)), dateOnly(timePtr(ends))
	return a, err
}

// activity reads activity id of the initiative; one of another initiative
// is not found.
func activity(ctx context.Context, q store.Querier, initiativeID, id int64) (*Activity, error) {
	a, err := store.One(ctx, q, fmt.Sprintf("activity %d of initiative %d", id, initiativeID), scanActivity,
		`SELECT `+activityColumns+` WHERE a.initiative_id = $1 AND a.id = $2`, initiativeID, id)
	if err != nil {
		return nil, err
	}
	return &a, nil
}

func activities(ctx context.Context, q store.Querier, initiativeID int64) ([]Activity, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+activityColumns+` WHERE a.initiative_id = $1
		ORDER BY COALESCE(g.position, 1000000), lower(o.name), lower(a.title), a.id`, initiativeID)
	if err != nil {
		return nil, fmt.Errorf("list activities: %w", err)
	}
	defer rows.Close()
	out := []Activity{}
	for rows.Next() {
		a, err := scanActivity(rows)
		if err != nil {
			return nil, fmt.Errorf("list activities: %w", err)
		}
		out = append(out, a)
	}
	return out, rows.Err()
}
