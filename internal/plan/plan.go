// Package plan keeps action plans: a person's, a unit's or an initiative's
// plan for the relationships that are challenging or missing. A plan has
// three columns, as the training handout does: the areas (a strained or
// developing tie, a tie not yet made, a sector gap), the strategies and
// actions for each, and how one will know it worked: a success signal that
// Backbone checks by itself against the tie history, the survey waves, the
// service gaps and the indicators.
package plan

import (
	"strings"
	"time"

	"backbone/internal/account"
	"backbone/internal/initiative"
	"backbone/internal/store"
)

// Plan is an action plan with what it holds.
type Plan struct {
	ID             int64      `json:"id"`
	Kind           string     `json:"kind"` // person, unit or initiative (account.PlanOf...)
	UserID         int64      `json:"user_id,omitempty"`
	OwnerName      string     `json:"owner_name"` // the person, the unit or the initiative
	OrganizationID string     `json:"organization_id,omitempty"`
	InitiativeID   int64      `json:"initiative_id,omitempty"`
	Title          string     `json:"title"`
	Purpose        string     `json:"purpose"`
	StartsOn       string     `json:"starts_on"`
	EndsOn         string     `json:"ends_on"`
	Status         string     `json:"status"` // open or closed
	Debrief        string     `json:"debrief"`
	ClosedAt       *time.Time `json:"closed_at"`
	CreatedAt      time.Time  `json:"created_at"`
	UpdatedAt      time.Time  `json:"updated_at"`
	Areas          []Area     `json:"areas"`
	Shares         []Person   `json:"shared_with"`
}

// Closed reports whether the plan is closed.
func (p *Plan) Closed() bool { return p.Status == StatusClosed }

// Target is the plan as the rule book names it.
func (p *Plan) Target() account.Target {
	return account.PlanTarget(p.ID, p.OrganizationID, p.InitiativeID)
}

// The statuses of a plan.
const (
	StatusOpen   = "open"
	StatusClosed = "closed"
)

// Person is someone a plan names: an owner of an action, someone it is
// shared with.
type Person struct {
	ID    int64  `json:"id"`
	Name  string `json:"name"`
	Email string `json:"email"`
}

// The kinds of area.
const (
	AreaTie   = "tie"    // a strained or developing tie
	AreaNoTie = "no_tie" // no tie yet with an organization
	AreaGap   = "gap"    // a sector gap
)

// Area is a relationship a plan works on, with the state of its tie on the
// day it was added and today.
type Area struct {
	ID                 int64     `json:"id"`
	PlanID             int64     `json:"plan_id"`
	Kind               string    `json:"kind"`
	Title              string    `json:"title"`
	FromOrganizationID string    `json:"from_organization_id,omitempty"`
	FromName           string    `json:"from_name,omitempty"`
	OrganizationID     string    `json:"organization_id,omitempty"`
	OrganizationName   string    `json:"organization_name,omitempty"`
	Sector             string    `json:"sector,omitempty"`
	AddedOn            string    `json:"added_on"`
	Then               *TieState `json:"tie_then"` // the tie when the area was added; nil when there was none
	Now                *TieState `json:"tie_now"`  // the tie today; nil when there is none
	Signal             *Signal   `json:"signal"`
	Actions            []Action  `json:"actions"`
}

// TieState is a tie at one moment: which tie, which version, its level and
// status.
type TieState struct {
	TieID   string `json:"tie_id"`
	Version int    `json:"version"`
	Level   string `json:"level"`
	Status  string `json:"status"`
	On      string `json:"on,omitempty"` // the day this state was read (for the state when added)
}

// The statuses of an action.
var ActionStatuses = []string{"planned", "in_progress", "done", "dropped"}

// Action is a step a plan takes in an area, under one strategy.
type Action struct {
	ID                   int64  `json:"id"`
	AreaID               int64  `json:"area_id"`
	Strategy             string `json:"strategy"`
	StrategyName         string `json:"strategy_name"`
	Title                string `json:"title"`
	OwnerID              int64  `json:"owner_id,omitempty"`
	OwnerName            string `json:"owner_name"`
	DueOn                string `json:"due_on"`
	Status               string `json:"status"`
	ActivityID           int64  `json:"activity_id,omitempty"`
	ActivityInitiativeID int64  `json:"activity_initiative_id,omitempty"`
	Overdue              bool   `json:"overdue"`
}

// StatusLabel is how a page names the action's status.
func (a Action) StatusLabel() string { return strings.ReplaceAll(a.Status, "_", " ") }

// Store keeps plans. It adds promoted actions to initiatives through the
// initiative store, so that the activity's own rule applies.
type Store struct {
	db          *store.DB
	rules       *account.Store
	initiatives *initiative.Store
}

// NewStore returns the plan store over db.
func NewStore(db *store.DB, initiatives *initiative.Store) *Store {
	return &Store{db: db, rules: account.NewStore(db), initiatives: initiatives}
}

func (s *Store) now() time.Time { return s.db.Now() }

func (s *Store) today() string { return s.now().UTC().Format(time.DateOnly) }

type querier = store.Querier
