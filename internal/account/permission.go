package account

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"backbone/internal/errs"
)

// Action is an operation a user may be allowed to carry out. Every
// operation has one, named in the rule book: the rules_*.go files, one per
// area, each with its actions and the function that decides them.
type Action string

// Organization roles: what a user is to an organization they work for.
const (
	OrgAdmin = "admin" // keeps the organization's record and its people
	OrgStaff = "staff" // works there; acts for it in initiatives
)

// Initiative roles, as in the design: backbone staff run the initiative,
// partner leads act for their organization in it, members take part,
// viewers read.
const (
	InitiativeBackboneStaff = "backbone_staff"
	InitiativePartnerLead   = "partner_lead"
	InitiativeMember        = "member"
	InitiativeViewer        = "viewer"
)

// Target is what an action is done to: an organization, an initiative,
// both (an organization's part in an initiative), or (both empty) the
// platform as a whole. AuthorID names the user who made the record acted
// on, for the rules that let its author do more (withdrawing one's own
// proposal).
type Target struct {
	OrganizationID string
	InitiativeID   int64
	AuthorID       int64
	PlanID         int64 // an action plan (PlanTarget)
}

// Org names an organization as a target.
func Org(id string) Target { return Target{OrganizationID: id} }

// Initiative names an initiative as a target.
func Initiative(id int64) Target { return Target{InitiativeID: id} }

// OrgIn names an organization's part in an initiative as a target.
func OrgIn(orgID string, initiativeID int64) Target {
	return Target{OrganizationID: orgID, InitiativeID: initiativeID}
}

// Platform is the target of platform-wide actions.
var Platform = Target{}

// Facts are what a decision depends on, gathered from the database.
type Facts struct {
	PlatformRole     string
	OrgRole          string // the user's role in the target organization, or ""
	InitiativeRole   string // the user's role in the target initiative, or ""
	InitiativePublic bool
	Author           bool // the user made the target record
	// On the platform as a whole (no organization or initiative named):
	// AdminOfAnOrganization says the user is an admin of some organization,
	// and OrganizationAdminsStart that the settings let organizations'
	// admins start initiatives (StartersOrganizationAdmins).
	AdminOfAnOrganization   bool
	OrganizationAdminsStart bool
	// WorksSomewhere says the user is an admin or staff of some organization.
	WorksSomewhere bool
	// On a plan (PlanTarget): its kind, and whether the user owns it (a
	// person's plan), it is shared with them, or they supervise its owner
	// (admin of an organization the owner works for, or of its parent).
	PlanKind       string
	PlanOwner      bool
	PlanShared     bool
	PlanSupervisor bool
}

// Derived facts that several areas' rules share.
func (f Facts) steward() bool        { return f.PlatformRole == RoleSteward }
func (f Facts) signedIn() bool       { return f.PlatformRole != "" }
func (f Facts) orgPerson() bool      { return f.OrgRole == OrgAdmin || f.OrgRole == OrgStaff }
func (f Facts) backbone() bool       { return f.InitiativeRole == InitiativeBackboneStaff }
func (f Facts) seesInitiative() bool { return f.InitiativePublic || f.InitiativeRole != "" }

// areaRules are the rule book's chapters. Each decides the actions of its
// area and says it knows them; an action no chapter knows is refused.
var areaRules = []func(f Facts, a Action) (allowed, known bool){
	decideDirectory, decideNetwork, decideInitiative, decideGovernance, decideMeasure, decideAccounts, decideFeeds,
	decideMerge,
	decideNotifications,
	decideWebhooks,
	decideMeeting,
	decideCategories,
	decideQuality,
	decideReview,
	decideHealth,
	decidePlan,
}

// Decide is the rule book: whether someone with these facts may take the
// action. It is a pure function so that the whole table of rules is tested
// in one place. A platform admin may do anything.
func Decide(f Facts, a Action) bool {
	if f.PlatformRole == RoleAdmin {
		return true
	}
	for _, decide := range areaRules {
		if allowed, known := decide(f, a); known {
			return allowed
		}
	}
	return false
}

// Can reports whether u may take action a on target t. A nil or disabled
// user may do nothing.
func (s *Store) Can(ctx context.Context, u *User, a Action, t Target) (bool, error) {
	f, err := s.facts(ctx, u, t)
	if err != nil || f == nil {
		return false, err
	}
	return Decide(*f, a), nil
}

// Check is the rule book applied where an operation is carried out: nil
// when actor may take action a on t. A command's actor may do anything;
// nobody signed in gets errs.ErrUnauthenticated. Someone refused an action
// on an initiative they may not even see gets errs.ErrNotFound, so that a
// private initiative does not betray that it exists; anyone else refused
// gets errs.ErrForbidden.
func (s *Store) Check(ctx context.Context, actor Actor, a Action, t Target) error {
	if actor.System {
		return nil
	}
	if actor.User == nil {
		return errs.ErrUnauthenticated
	}
	f, err := s.facts(ctx, actor.User, t)
	if err != nil {
		return err
	}
	if f != nil && Decide(*f, a) {
		return nil
	}
	if t.InitiativeID != 0 && (f == nil || !Decide(*f, ViewInitiative)) {
		return fmt.Errorf("initiative %d: %w", t.InitiativeID, errs.ErrNotFound)
	}
	return fmt.Errorf("%s may not %s: %w", actor.User.Email, a, errs.ErrForbidden)
}

// May reports whether actor may take action a on t: what a page asks to
// decide which buttons to show. The operation itself checks again.
func (s *Store) May(ctx context.Context, actor Actor, a Action, t Target) (bool, error) {
	err := s.Check(ctx, actor, a, t)
	switch {
	case err == nil:
		return true, nil
	case errors.Is(err, errs.ErrForbidden), errors.Is(err, errs.ErrNotFound), errors.Is(err, errs.ErrUnauthenticated):
		return false, nil
	}
	return false, err
}

// facts gathers what the rule book needs to decide for u on t; nil when u
// is nobody or disabled, who may do nothing.
func (s *Store) facts(ctx context.Context, u *User, t Target) (*Facts, error) {
	if u == nil || u.Disabled() {
		return nil, nil
	}
	f := &Facts{PlatformRole: u.Role, Author: t.AuthorID != 0 && t.AuthorID == u.ID}
	if f.PlatformRole == RoleAdmin {
		return f, nil
	}
	if t.OrganizationID != "" {
		err := s.db.QueryRowContext(ctx, `SELECT role FROM memberships WHERE user_id = $1 AND organization_id = $2`, u.ID, t.OrganizationID).Scan(&f.OrgRole)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return nil, fmt.Errorf("check membership: %w", err)
		}
	}
	if t.OrganizationID == "" && t.InitiativeID == 0 {
		var starters string
		var adminOf, memberOf int
		err := s.db.QueryRowContext(ctx, `SELECT COALESCE((SELECT value FROM settings WHERE key = $1), ''),
			(SELECT COUNT(*) FROM memberships WHERE user_id = $2 AND role = $3),
			(SELECT COUNT(*) FROM memberships WHERE user_id = $2)`,
			settingInitiativeStarters, u.ID, OrgAdmin).Scan(&starters, &adminOf, &memberOf)
		if err != nil {
			return nil, fmt.Errorf("check platform facts: %w", err)
		}
		f.OrganizationAdminsStart, f.AdminOfAnOrganization = starters == StartersOrganizationAdmins, adminOf > 0
		f.WorksSomewhere = memberOf > 0
	}
	if t.PlanID != 0 {
		if err := s.planFacts(ctx, u.ID, t.PlanID, f); err != nil {
			return nil, err
		}
	}
	if t.InitiativeID != 0 {
		var err error
		f.InitiativeRole, f.InitiativePublic, err = s.initiativeFacts(ctx, u.ID, t.InitiativeID)
		if err != nil {
			return nil, err
		}
	}
	return f, nil
}

// planRelation is what a query of plans p reads of what user $1 is to each
// (with $2 the organization admin role): owner (1 or 0), the shares with the
// user, and the organizations of the owner the user is an admin of, or of
// whose parent they are; setPlanRelation turns it into facts. Shared by
// planFacts (one plan) and plansMay (many at once).
const planRelation = `CASE WHEN p.user_id = $1 THEN 1 ELSE 0 END,
	(SELECT COUNT(*) FROM plan_shares sh WHERE sh.plan_id = p.id AND sh.user_id = $1),
	(SELECT COUNT(*) FROM memberships theirs JOIN organizations o ON o.id = theirs.organization_id
		JOIN memberships mine ON mine.user_id = $1 AND mine.role = $2
			AND (mine.organization_id = o.id OR mine.organization_id = o.parent_organization_id)
		WHERE theirs.user_id = p.user_id)`

func setPlanRelation(f *Facts, owner, shared, supervises int) {
	f.PlanOwner, f.PlanShared, f.PlanSupervisor = owner > 0, shared > 0, f.PlanKind == PlanOfPerson && supervises > 0
}

// planFacts finds what the user is to a plan, in one query.
func (s *Store) planFacts(ctx context.Context, userID, planID int64, f *Facts) error {
	var owner, shared, supervises int
	err := s.db.QueryRowContext(ctx, `SELECT p.kind, `+planRelation+` FROM plans p WHERE p.id = $3`,
		userID, OrgAdmin, planID).Scan(&f.PlanKind, &owner, &shared, &supervises)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("check plan %d: %w", planID, err)
	}
	setPlanRelation(f, owner, shared, supervises)
	return nil
}

// initiativeFacts finds the user's role in an initiative: one given to the
// user directly, or else "member" when the user works for an organization
// that is an active member of it.
func (s *Store) initiativeFacts(ctx context.Context, userID, initiativeID int64) (role string, public bool, err error) {
	var viaOrg int
	err = s.db.QueryRowContext(ctx, `SELECT i.is_public,
			COALESCE((SELECT r.role FROM initiative_roles r WHERE r.initiative_id = i.id AND r.user_id = $1), ''),
			(SELECT COUNT(*) FROM initiative_members m JOIN memberships ms ON ms.organization_id = m.organization_id
				WHERE m.initiative_id = i.id AND m.status = 'active' AND ms.user_id = $1)
		FROM initiatives i WHERE i.id = $2`, userID, initiativeID).Scan(&public, &role, &viaOrg)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("check initiative role: %w", err)
	}
	if role == "" && viaOrg > 0 {
		role = InitiativeMember
	}
	return role, public, nil
}
