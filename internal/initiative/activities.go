package initiative

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"
	"unicode"

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
	in.OrganizationID, in.Title, in.Description = strings.TrimSpace(in.OrganizationID), strings.TrimSpace(in.Title), strings.TrimSpace(in.Description)
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

// AddActivity records an activity of an active member organization.
// Guarded by account.EditInitiative.
func (s *Store) AddActivity(ctx context.Context, actor account.Actor, initiativeID int64, in ActivityInput) (*Activity, error) {
	if err := in.Normalize(); err != nil {
		return nil, err
	}
	var a *Activity
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		ini, err := s.get(ctx, tx, initiativeID)
		if err != nil {
			return err
		}
		if err := checkActivityLinks(ctx, tx, initiativeID, in, nil); err != nil {
			return err
		}
		now := s.now()
		var id int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO activities (initiative_id, organization_id, agenda_item_id, title, description,
			starts_on, ends_on, status, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id`,
			initiativeID, in.OrganizationID, nullableID(in.AgendaItemID), in.Title, in.Description, in.Starts, in.Ends, in.Status, now).Scan(&id); err != nil {
			return store.Classify(fmt.Errorf("add activity: %w", err))
		}
		if a, err = activity(ctx, tx, id); err != nil {
			return err
		}
		return recordChange(ctx, tx, actor, initiativeID, "activity_add",
			fmt.Sprintf("%s added the activity %q to %s", a.OrganizationName, a.Title, ini.Name), nil, a)
	})
	if err != nil {
		return nil, err
	}
	return a, nil
}

// UpdateActivity rewrites an activity. Moving it to another organization or
// agenda item checks the new one as AddActivity does; an activity of a
// member that has since left can still be closed. Guarded by
// account.EditInitiative.
func (s *Store) UpdateActivity(ctx context.Context, actor account.Actor, activityID int64, in ActivityInput) (*Activity, error) {
	if err := in.Normalize(); err != nil {
		return nil, err
	}
	var a *Activity
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		before, err := activity(ctx, tx, activityID)
		if err != nil {
			return err
		}
		if err := checkActivityLinks(ctx, tx, before.InitiativeID, in, before); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE activities SET organization_id = $1, agenda_item_id = $2, title = $3, description = $4,
			starts_on = $5, ends_on = $6, status = $7, updated_at = $8 WHERE id = $9`,
			in.OrganizationID, nullableID(in.AgendaItemID), in.Title, in.Description, in.Starts, in.Ends, in.Status, s.now(), activityID); err != nil {
			return store.Classify(fmt.Errorf("update activity %d: %w", activityID, err))
		}
		if a, err = activity(ctx, tx, activityID); err != nil {
			return err
		}
		summary := fmt.Sprintf("updated the activity %q of %s", a.Title, a.OrganizationName)
		if a.Status != before.Status {
			summary = fmt.Sprintf("marked the activity %q of %s %s", a.Title, a.OrganizationName, words(a.Status))
		}
		return recordChange(ctx, tx, actor, a.InitiativeID, "activity_update", summary, before, a)
	})
	if err != nil {
		return nil, err
	}
	return a, nil
}

// DeleteActivity removes an activity and its RACI letters; an activity
// that happened is better marked done or stopped. Guarded by
// account.EditInitiative.
func (s *Store) DeleteActivity(ctx context.Context, actor account.Actor, activityID int64) error {
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		before, err := activity(ctx, tx, activityID)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM activities WHERE id = $1`, activityID); err != nil {
			return store.Classify(fmt.Errorf("delete activity %d: %w", activityID, err))
		}
		return recordChange(ctx, tx, actor, before.InitiativeID, "activity_delete",
			fmt.Sprintf("deleted the activity %q of %s", before.Title, before.OrganizationName), before, nil)
	})
}

// checkActivityLinks checks that the organization is an active member and
// the agenda item a current item of the same initiative, unless they are
// the ones the activity already has.
func checkActivityLinks(ctx context.Context, q store.Querier, initiativeID int64, in ActivityInput, before *Activity) error {
	if before == nil || before.OrganizationID != in.OrganizationID {
		if _, err := mustBeActiveMember(ctx, q, initiativeID, in.OrganizationID, "organization_id"); err != nil {
			return err
		}
	}
	if in.AgendaItemID != 0 && (before == nil || before.AgendaItemID != in.AgendaItemID) {
		item, err := agendaItem(ctx, q, initiativeID, in.AgendaItemID)
		if errors.Is(err, errs.ErrNotFound) || (err == nil && item.ArchivedAt != nil) {
			return &errs.ValidationError{Fields: map[string]string{"agenda_item_id": "is not a current item of this initiative's common agenda"}}
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

// Activity returns one activity.
func (s *Store) Activity(ctx context.Context, activityID int64) (*Activity, error) {
	return activity(ctx, s.db, activityID)
}

// Activities returns an initiative's activities, by agenda item, then
// organization and title.
func (s *Store) Activities(ctx context.Context, initiativeID int64) ([]Activity, error) {
	if _, err := s.get(ctx, s.db, initiativeID); err != nil {
		return nil, err
	}
	return activities(ctx, s.db, initiativeID)
}

const activityColumns = `a.id, a.initiative_id, a.organization_id, o.name, COALESCE(a.agenda_item_id, 0), COALESCE(g.title, ''),
	a.title, a.description, a.starts_on, a.ends_on, a.status, a.created_at, a.updated_at
	FROM activities a JOIN organizations o ON o.id = a.organization_id LEFT JOIN agenda_items g ON g.id = a.agenda_item_id`

func scanActivity(row interface{ Scan(...any) error }) (Activity, error) {
	var a Activity
	var starts, ends sql.NullTime
	err := row.Scan(&a.ID, &a.InitiativeID, &a.OrganizationID, &a.OrganizationName, &a.AgendaItemID, &a.AgendaItemTitle,
		&a.Title, &a.Description, &starts, &ends, &a.Status, &a.CreatedAt, &a.UpdatedAt)
	a.Starts, a.Ends = dateOnly(timePtr(starts)), dateOnly(timePtr(ends))
	return a, err
}

func activity(ctx context.Context, q store.Querier, id int64) (*Activity, error) {
	a, err := scanActivity(q.QueryRowContext(ctx, `SELECT `+activityColumns+` WHERE a.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("activity %d: %w", id, errs.ErrNotFound)
	}
	if err != nil {
		return nil, store.Classify(fmt.Errorf("get activity %d: %w", id, err))
	}
	return &a, nil
}

func activities(ctx context.Context, q store.Querier, initiativeID int64) ([]Activity, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+activityColumns+` WHERE a.initiative_id = $1
		ORDER BY COALESCE(g.position, 1000000), lower(o.name), lower(a.title), a.id`, initiativeID)
	if err != nil {
		return nil, store.Classify(fmt.Errorf("list activities: %w", err))
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
	return out, store.Classify(rows.Err())
}

// ItemCoverage is who is doing what toward one agenda item.
type ItemCoverage struct {
	Item          AgendaItem `json:"item"`
	Activities    []Activity `json:"activities"`    // every activity toward the item, open or not
	Organizations []string   `json:"organizations"` // names of the members with an open activity on it
	Gap           bool       `json:"gap"`           // no open activity
	Overlaps      []Overlap  `json:"overlaps"`
}

// Coverage is the view of the mutually reinforcing activities against the
// common agenda: per item who does what, where members duplicate each
// other, and the items nobody works on.
type Coverage struct {
	Items      []ItemCoverage `json:"items"`
	Unassigned []Activity     `json:"unassigned"` // activities toward no current agenda item
	Gaps       []AgendaItem   `json:"gaps"`
	Overlaps   []Overlap      `json:"overlaps"`
}

// Coverage lays an initiative's activities over its current common agenda.
// Gaps are items with no planned or under-way activity; overlaps are found
// by FindOverlaps.
func (s *Store) Coverage(ctx context.Context, initiativeID int64) (*Coverage, error) {
	if _, err := s.get(ctx, s.db, initiativeID); err != nil {
		return nil, err
	}
	items, err := agendaItems(ctx, s.db, initiativeID)
	if err != nil {
		return nil, err
	}
	acts, err := activities(ctx, s.db, initiativeID)
	if err != nil {
		return nil, err
	}
	return buildCoverage(items, acts), nil
}

// buildCoverage is the pure part of Coverage.
func buildCoverage(items []AgendaItem, acts []Activity) *Coverage {
	c := &Coverage{Items: []ItemCoverage{}, Unassigned: []Activity{}, Gaps: []AgendaItem{}}
	index := map[int64]int{}
	for _, it := range items {
		index[it.ID] = len(c.Items)
		c.Items = append(c.Items, ItemCoverage{Item: it, Activities: []Activity{}, Organizations: []string{}, Overlaps: []Overlap{}})
	}
	var placed []Activity
	for _, a := range acts {
		i, ok := index[a.AgendaItemID]
		if !ok {
			c.Unassigned = append(c.Unassigned, a)
			continue
		}
		placed = append(placed, a)
		ic := &c.Items[i]
		ic.Activities = append(ic.Activities, a)
		if a.Open() && !oneOf(a.OrganizationName, ic.Organizations) {
			ic.Organizations = append(ic.Organizations, a.OrganizationName)
		}
	}
	c.Overlaps = FindOverlaps(placed)
	for _, o := range c.Overlaps {
		if i, ok := index[o.AgendaItemID]; ok {
			c.Items[i].Overlaps = append(c.Items[i].Overlaps, o)
		}
	}
	for i := range c.Items {
		if len(c.Items[i].Organizations) == 0 {
			c.Items[i].Gap = true
			c.Gaps = append(c.Gaps, c.Items[i].Item)
		}
	}
	return c
}

// Overlap is two member organizations doing what looks like the same thing
// toward the same agenda item.
type Overlap struct {
	AgendaItemID int64    `json:"agenda_item_id"`
	First        Activity `json:"first"`
	Second       Activity `json:"second"`
	SharedWords  []string `json:"shared_words"`
	Similarity   float64  `json:"similarity"`
}

// OverlapThreshold is the title similarity at or above which two activities
// count as overlapping.
const OverlapThreshold = 0.5

// FindOverlaps returns the pairs of open activities, of different
// organizations and toward the same agenda item, whose titles are similar
// (TitleSimilarity at least OverlapThreshold), in the order the activities
// are given.
func FindOverlaps(acts []Activity) []Overlap {
	out := []Overlap{}
	for i, a := range acts {
		if !a.Open() || a.AgendaItemID == 0 {
			continue
		}
		for _, b := range acts[i+1:] {
			if !b.Open() || b.AgendaItemID != a.AgendaItemID || b.OrganizationID == a.OrganizationID {
				continue
			}
			sim, shared := TitleSimilarity(a.Title, b.Title)
			if sim >= OverlapThreshold {
				out = append(out, Overlap{AgendaItemID: a.AgendaItemID, First: a, Second: b, SharedWords: shared, Similarity: sim})
			}
		}
	}
	return out
}

// TitleSimilarity measures how alike two activity titles are: the Jaccard
// index (shared words over all words) of their significant words, and the
// shared words themselves, sorted. Significant words are the title's runs
// of letters and digits, lowercased, without English stop words ("the",
// "for", "and", ...), made singular by their English ending (meals, classes,
// groceries) so that "meal" and "meals" match. Titles with no significant words are not similar to anything.
func TitleSimilarity(a, b string) (float64, []string) {
	wa, wb := significantWords(a), significantWords(b)
	if len(wa) == 0 || len(wb) == 0 {
		return 0, nil
	}
	shared := []string{}
	for w := range wa {
		if wb[w] {
			shared = append(shared, w)
		}
	}
	sort.Strings(shared)
	union := len(wa) + len(wb) - len(shared)
	return float64(len(shared)) / float64(union), shared
}

func significantWords(s string) map[string]bool {
	out := map[string]bool{}
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		if stopWords[w] {
			continue
		}
		out[singular(w)] = true
	}
	return out
}

// singular drops a regular English plural ending; irregular plurals stay
// as they are, which at worst misses an overlap.
func singular(w string) string {
	switch {
	case len(w) > 4 && strings.HasSuffix(w, "ies"):
		return w[:len(w)-3] + "y"
	case len(w) > 4 && (strings.HasSuffix(w, "sses") || strings.HasSuffix(w, "ches") || strings.HasSuffix(w, "shes") || strings.HasSuffix(w, "xes")):
		return w[:len(w)-2]
	case len(w) > 3 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && !strings.HasSuffix(w, "us"):
		return w[:len(w)-1]
	}
	return w
}

// stopWords are the English words too common to say what an activity is.
var stopWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`a an and are as at be by for from has have in into is it its of on or our
		over per so than that the their them they this to up via was we were will with within without your`) {
		m[w] = true
	}
	return m
}()
