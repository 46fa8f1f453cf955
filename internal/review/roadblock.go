package review

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"backbone/internal/account"
	"backbone/internal/errs"
	"backbone/internal/store"
)

// Categories of roadblock: the four the practice names, then resources and
// the rest.
const (
	CategoryOwnPolicies      = "own_policies"
	CategoryProviderPolicies = "provider_policies"
	CategoryPersonalities    = "personalities"
	CategoryReluctance       = "reluctance"
	CategoryResources        = "resources"
	CategoryOther            = "other"
)

// Categories are the categories in the order a form offers them.
var Categories = []string{CategoryOwnPolicies, CategoryProviderPolicies, CategoryPersonalities, CategoryReluctance,
	CategoryResources, CategoryOther}

// CategoryWords say each category in words.
var CategoryWords = map[string]string{
	CategoryOwnPolicies:      "The agency's own policies and practices",
	CategoryProviderPolicies: "Another provider's policies",
	CategoryPersonalities:    "Personalities",
	CategoryReluctance:       "Reluctance to get involved",
	CategoryResources:        "Resources",
	CategoryOther:            "Other",
}

// Statuses of a roadblock. A proposed one was put forward by someone who
// may not record it themselves and waits to be accepted (open) or closed.
const (
	StatusProposed  = "proposed"
	StatusOpen      = "open"
	StatusMitigated = "mitigated"
	StatusClosed    = "closed"
)

// Statuses are the statuses in their order.
var Statuses = []string{StatusProposed, StatusOpen, StatusMitigated, StatusClosed}

// LikelihoodWords and ImpactWords say each level, 1 to 4, in words.
var (
	LikelihoodWords = [5]string{"", "Unlikely", "Possible", "Likely", "Almost certain"}
	ImpactWords     = [5]string{"", "Minor", "Moderate", "Major", "Severe"}
)

// Roadblock is something that may stand in the way of a subject, with how
// likely it is, how hard it would hit, what is done about it and who
// watches it.
type Roadblock struct {
	ID              int64     `json:"id"`
	Subject         Subject   `json:"subject"`
	Title           string    `json:"title"`
	Description     string    `json:"description"`
	Category        string    `json:"category"`
	CategoryWords   string    `json:"category_words"`
	Likelihood      int       `json:"likelihood"`
	LikelihoodWords string    `json:"likelihood_words"`
	Impact          int       `json:"impact"`
	ImpactWords     string    `json:"impact_words"`
	Mitigation      string    `json:"mitigation"`
	OwnerUserID     int64     `json:"owner_user_id,omitempty"`
	OwnerName       string    `json:"owner_name,omitempty"`
	ReviewOn        string    `json:"review_on,omitempty"` // YYYY-MM-DD
	Status          string    `json:"status"`
	CreatedAt       time.Time `json:"created_at"`
	UpdatedAt       time.Time `json:"updated_at"`
}

// Score is likelihood times impact, 1 to 16.
func (r Roadblock) Score() int { return r.Likelihood * r.Impact }

// RoadblockInput is what a person writes about a roadblock.
type RoadblockInput struct {
	SubjectKind string `json:"subject_kind"`
	SubjectID   int64  `json:"subject_id"`
	Title       string `json:"title"`
	Description string `json:"description"`
	Category    string `json:"category"`
	Likelihood  int    `json:"likelihood"`
	Impact      int    `json:"impact"`
	Mitigation  string `json:"mitigation"`
	OwnerUserID int64  `json:"owner_user_id"`
	ReviewOn    string `json:"review_on"`
	Status      string `json:"status"` // open when empty
}

// Normalize trims the input and checks it, field by field.
func (in *RoadblockInput) Normalize() error {
	v := &errs.ValidationError{}
	in.Title, in.Description = strings.TrimSpace(in.Title), strings.TrimSpace(in.Description)
	in.Mitigation, in.ReviewOn = strings.TrimSpace(in.Mitigation), strings.TrimSpace(in.ReviewOn)
	in.Category, in.Status = strings.TrimSpace(in.Category), strings.TrimSpace(in.Status)
	switch {
	case in.Title == "":
		v.Add("title", "is required: name the roadblock in a few words")
	case len(in.Title) > 200:
		v.Add("title", "must be at most 200 characters")
	}
	if len(in.Description) > 5000 {
		v.Add("description", "must be at most 5000 characters")
	}
	if len(in.Mitigation) > 5000 {
		v.Add("mitigation", "must be at most 5000 characters")
	}
	if _, ok := CategoryWords[in.Category]; !ok {
		v.Add("category", "must be one of "+strings.Join(Categories, ", "))
	}
	if in.Likelihood < 1 || in.Likelihood > 4 {
		v.Add("likelihood", "must be 1 (unlikely) to 4 (almost certain)")
	}
	if in.Impact < 1 || in.Impact > 4 {
		v.Add("impact", "must be 1 (minor) to 4 (severe)")
	}
	if in.ReviewOn != "" {
		if _, err := time.Parse(time.DateOnly, in.ReviewOn); err != nil {
			v.Add("review_on", "must be a date like 2027-03-31")
		}
	}
	if in.Status == "" {
		in.Status = StatusOpen
	}
	if !validStatus(in.Status) {
		v.Add("status", "must be one of "+strings.Join(Statuses, ", "))
	}
	return v.OrNil()
}

func validStatus(s string) bool {
	for _, st := range Statuses {
		if s == st {
			return true
		}
	}
	return false
}

// CreateRoadblock puts a roadblock on the register for its subject. Those
// who may edit the subject's roadblocks record it in the status they give
// (open when none); those who may only propose one (an initiative's
// partners) put it forward as proposed, whatever status they give.
func (s *Store) CreateRoadblock(ctx context.Context, actor account.Actor, in RoadblockInput) (*Roadblock, error) {
	sub, err := s.Subject(ctx, actor, strings.TrimSpace(in.SubjectKind), in.SubjectID)
	if err != nil {
		return nil, err
	}
	if !sub.CanEdit && !sub.CanPropose {
		return nil, fmt.Errorf("%s may not put roadblocks on %s %d: %w", actor.Label, sub.Kind, sub.ID,
			errs.ErrForbidden)
	}
	if err := in.Normalize(); err != nil {
		return nil, err
	}
	if !sub.CanEdit {
		in.Status = StatusProposed
	}
	var out *Roadblock
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		if err := s.checkOwner(ctx, tx, sub, in.OwnerUserID); err != nil {
			return err
		}
		now := s.now()
		var id int64
		err := tx.QueryRowContext(ctx, `INSERT INTO roadblocks (subject_kind, subject_id, initiative_id,
			organization_id, title, description, category, likelihood, impact, mitigation, owner_user_id, review_on,
			status, created_by, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15) RETURNING id`,
			sub.Kind, sub.ID, nullInt(sub.InitiativeID), nullString(sub.OrganizationID), in.Title, in.Description,
			in.Category, in.Likelihood, in.Impact, in.Mitigation, nullInt(in.OwnerUserID), in.ReviewOn, in.Status,
			actorID(actor), now).Scan(&id)
		if err != nil {
			return fmt.Errorf("create roadblock: %w", err)
		}
		if out, err = roadblock(ctx, tx, id); err != nil {
			return err
		}
		out.Subject = sub
		verb := "Recorded"
		if in.Status == StatusProposed {
			verb = "Proposed"
		}
		return record(ctx, tx, now, actor, sub, "roadblock_add", fmt.Sprintf("%s the roadblock %s on %s %s", verb,
			account.Quote(out.Title), strings.ToLower(sub.Label), account.Quote(sub.Title)), nil, out)
	})
	return out, err
}

// UpdateRoadblock rewrites a roadblock (its subject stays), for those who
// may edit its subject's roadblocks: accepting a proposed one, changing
// its levels, mitigation, owner, review date or status.
func (s *Store) UpdateRoadblock(ctx context.Context, actor account.Actor, id int64,
	in RoadblockInput) (*Roadblock, error) {
	before, err := s.Roadblock(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	if !before.Subject.CanEdit {
		return nil, fmt.Errorf("%s may not change roadblock %d: %w", actor.Label, id, errs.ErrForbidden)
	}
	if err := in.Normalize(); err != nil {
		return nil, err
	}
	var out *Roadblock
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		if err := s.checkOwner(ctx, tx, before.Subject, in.OwnerUserID); err != nil {
			return err
		}
		now := s.now()
		_, err := tx.ExecContext(ctx, `UPDATE roadblocks SET title = $1, description = $2, category = $3,
			likelihood = $4, impact = $5, mitigation = $6, owner_user_id = $7, review_on = $8, status = $9,
			updated_at = $10 WHERE id = $11`, in.Title, in.Description, in.Category, in.Likelihood, in.Impact,
			in.Mitigation, nullInt(in.OwnerUserID), in.ReviewOn, in.Status, now, id)
		if err != nil {
			return fmt.Errorf("update roadblock %d: %w", id, err)
		}
		if out, err = roadblock(ctx, tx, id); err != nil {
			return err
		}
		out.Subject = before.Subject
		summary := fmt.Sprintf("Updated the roadblock %s", account.Quote(out.Title))
		if out.Status != before.Status {
			summary = fmt.Sprintf("Marked the roadblock %s %s", account.Quote(out.Title), out.Status)
		}
		return record(ctx, tx, now, actor, before.Subject, "roadblock_update", summary, before, out)
	})
	return out, err
}

// closeRoadblock closes roadblock id of the subject inside a review's
// transaction. A roadblock already closed, or not of the subject (nor, for
// an initiative's review, of the initiative), is refused.
func closeRoadblock(ctx context.Context, tx *sql.Tx, at time.Time, actor account.Actor, sub Subject,
	id int64) (*Roadblock, error) {
	r, err := roadblock(ctx, tx, id)
	if errors.Is(err, errs.ErrNotFound) {
		return nil, &errs.ValidationError{Fields: map[string]string{"close_roadblocks": fmt.Sprintf(
			"no roadblock %d", id)}}
	}
	if err != nil {
		return nil, err
	}
	mine := r.Subject.Kind == sub.Kind && r.Subject.ID == sub.ID
	if sub.Kind == KindInitiative && r.Subject.InitiativeID == sub.ID {
		mine = true
	}
	switch {
	case !mine:
		return nil, &errs.ValidationError{Fields: map[string]string{"close_roadblocks": fmt.Sprintf(
			"roadblock %d is not one of this %s's", id, strings.ToLower(sub.Label))}}
	case r.Status == StatusClosed:
		return nil, &errs.ValidationError{Fields: map[string]string{"close_roadblocks": fmt.Sprintf(
			"roadblock %d is already closed", id)}}
	}
	if _, err := tx.ExecContext(ctx, `UPDATE roadblocks SET status = $1, updated_at = $2 WHERE id = $3`,
		StatusClosed, at, id); err != nil {
		return nil, fmt.Errorf("close roadblock %d: %w", id, err)
	}
	before := *r
	r.Status, r.UpdatedAt = StatusClosed, at
	return r, record(ctx, tx, at, actor, sub, "roadblock_update",
		fmt.Sprintf("Closed the roadblock %s at a review", account.Quote(r.Title)), before, r)
}

// checkOwner checks that a roadblock's owner is one of the people of its
// subject (see People).
func (s *Store) checkOwner(ctx context.Context, q store.Querier, sub Subject, userID int64) error {
	if userID == 0 {
		return nil
	}
	people, err := people(ctx, q, sub)
	if err != nil {
		return err
	}
	for _, p := range people {
		if p.ID == userID {
			return nil
		}
	}
	return &errs.ValidationError{Fields: map[string]string{"owner_user_id": fmt.Sprintf(
		"user %d is not one of the people of this %s", userID, strings.ToLower(sub.Label))}}
}

// Person is someone who may own a roadblock.
type Person struct {
	ID    int64  `json:"id"`
	Name  string `json:"name"`
	Email string `json:"email"`
}

// People returns those who may own a roadblock of the subject: the people
// with a role in its initiative and those of its active member
// organizations; for an organization's own goal, the organization's people.
func (s *Store) People(ctx context.Context, actor account.Actor, kind string, id int64) ([]Person, error) {
	sub, err := s.Subject(ctx, actor, kind, id)
	if err != nil {
		return nil, err
	}
	return people(ctx, s.db, sub)
}

func people(ctx context.Context, q store.Querier, sub Subject) ([]Person, error) {
	query, arg := `SELECT u.id, u.name, u.email FROM users u WHERE u.disabled_at IS NULL AND (
		u.id IN (SELECT user_id FROM initiative_roles WHERE initiative_id = $1)
		OR u.id IN (SELECT ms.user_id FROM memberships ms JOIN initiative_members m
			ON m.organization_id = ms.organization_id WHERE m.initiative_id = $1 AND m.status = 'active'))
		ORDER BY lower(u.name), u.id`, any(sub.InitiativeID)
	if sub.InitiativeID == 0 {
		query, arg = `SELECT u.id, u.name, u.email FROM users u JOIN memberships ms ON ms.user_id = u.id
			WHERE ms.organization_id = $1 AND u.disabled_at IS NULL ORDER BY lower(u.name), u.id`, sub.OrganizationID
	}
	rows, err := q.QueryContext(ctx, query, arg)
	if err != nil {
		return nil, fmt.Errorf("list people of %s %d: %w", sub.Kind, sub.ID, err)
	}
	defer rows.Close()
	out := []Person{}
	for rows.Next() {
		var p Person
		if err := rows.Scan(&p.ID, &p.Name, &p.Email); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// Roadblock returns roadblock id to those who may see its subject.
func (s *Store) Roadblock(ctx context.Context, actor account.Actor, id int64) (*Roadblock, error) {
	r, err := roadblock(ctx, s.db, id)
	if err != nil {
		return nil, err
	}
	if r.Subject, err = s.Subject(ctx, actor, r.Subject.Kind, r.Subject.ID); err != nil {
		return nil, err
	}
	return r, nil
}

const roadblockColumns = `r.id, r.subject_kind, r.subject_id, COALESCE(r.initiative_id, 0),
	COALESCE(r.organization_id, ''), r.title, r.description, r.category, r.likelihood, r.impact, r.mitigation,
	COALESCE(r.owner_user_id, 0), COALESCE(u.name, ''), r.review_on, r.status, r.created_at, r.updated_at
	FROM roadblocks r LEFT JOIN users u ON u.id = r.owner_user_id`

func scanRoadblock(row store.Scanner) (Roadblock, error) {
	var r Roadblock
	err := row.Scan(&r.ID, &r.Subject.Kind, &r.Subject.ID, &r.Subject.InitiativeID, &r.Subject.OrganizationID,
		&r.Title, &r.Description, &r.Category, &r.Likelihood, &r.Impact, &r.Mitigation, &r.OwnerUserID, &r.OwnerName,
		&r.ReviewOn, &r.Status, &r.CreatedAt, &r.UpdatedAt)
	r.CategoryWords = CategoryWords[r.Category]
	if r.Likelihood >= 1 && r.Likelihood <= 4 {
		r.LikelihoodWords = LikelihoodWords[r.Likelihood]
	}
	if r.Impact >= 1 && r.Impact <= 4 {
		r.ImpactWords = ImpactWords[r.Impact]
	}
	r.CreatedAt, r.UpdatedAt = r.CreatedAt.UTC(), r.UpdatedAt.UTC()
	return r, err
}

func roadblock(ctx context.Context, q store.Querier, id int64) (*Roadblock, error) {
	r, err := store.One(ctx, q, fmt.Sprintf("roadblock %d", id), scanRoadblock,
		`SELECT `+roadblockColumns+` WHERE r.id = $1`, id)
	if err != nil {
		return nil, err
	}
	return &r, nil
}

func itoa(id int64) string { return strconv.FormatInt(id, 10) }
