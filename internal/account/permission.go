package account

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"backbone/internal/errs"
	"backbone/internal/store"
)

// Action is something a user may be allowed to do.
type Action string

// The actions that Backbone checks. Every route names one of them.
const (
	ViewDirectory       Action = "directory.view"
	CreateOrganization  Action = "organization.create"
	EditOrganization    Action = "organization.edit"
	ArchiveOrganization Action = "organization.archive"
	ViewAudit           Action = "audit.view"
	ManageUsers         Action = "users.manage"
	ViewInitiative      Action = "initiative.view"
	EditInitiative      Action = "initiative.edit"
	ManageGovernance    Action = "initiative.governance"
	CreateInitiative    Action = "initiative.create"
	RecordTie           Action = "tie.record" // target: the organization the tie starts from
	// ActForOrganization is deciding for an organization in an initiative:
	// answering an invitation, leaving, voting, delegating its vote, signing
	// an agreement. Target: the organization. Its admins may.
	ActForOrganization Action = "organization.act"
	// SpeakForOrganization is taking part for an organization: commenting on
	// a proposal, recording its activities, answering a compatibility
	// assessment as the partner. Target: the organization. Its people may.
	SpeakForOrganization Action = "organization.speak"
	ImportTies           Action = "tie.import"
	// ViewOrganizationGoals is reading an organization's own goals and its
	// progress towards them: its people, and the directory's stewards.
	ViewOrganizationGoals Action = "organization.goals.view"
	// SetOrganizationGoals is writing and revising an organization's own
	// goals and milestones: its people (admins and staff).
	SetOrganizationGoals Action = "organization.goals.set"
	// RunNetworkAnalysis is starting an exact network analysis as a
	// background job: anyone who may view the network.
	RunNetworkAnalysis Action = "network.analysis.run"
	// ManageNetworkAnalysis is cancelling anyone's analysis job (a user may
	// always cancel their own): the directory's stewards.
	ManageNetworkAnalysis Action = "network.analysis.manage"
	// ConfigureNetwork is editing the relationship map's settings, such as
	// the sectors that service gaps are found in: the directory's stewards.
	ConfigureNetwork Action = "network.configure"
)

// Compatibility checks, between an initiative and a prospective partner.
// Their notes are candid ("leadership is unreliable"), so only the two
// sides read them.
const (
	// ListAssessments is asking for an initiative's compatibility checks:
	// anyone who may see the initiative, who is given those of them they
	// may view (ViewAssessment). Target: the initiative.
	ListAssessments Action = "assessment.list"
	// StartAssessment is opening a check with an organization: backbone
	// staff. Target: the initiative.
	StartAssessment Action = "assessment.start"
	// ViewAssessment is reading a check with both sides' answers and notes:
	// the initiative's backbone staff and the assessed organization's
	// people. Target: the initiative and the organization.
	ViewAssessment Action = "assessment.view"
	// AnswerForInitiative is answering a check as the initiative: backbone
	// staff. Target: the initiative.
	AnswerForInitiative Action = "assessment.answer.initiative"
	// AnswerForPartner is answering a check as the organization assessed:
	// its people. Target: the organization.
	AnswerForPartner Action = "assessment.answer.partner"
)

// Organization roles: what a user is to an organization they work for.
const (
	OrgAdmin = "admin" // keeps the organization's record and its people
	OrgStaff = "staff" // works there; acts for it in initiatives
)

// Initiative roles, as in the design: backbone staff run the initiative,
// partner leads act for their organization, members take part, viewers read.
const (
	InitiativeBackboneStaff = "backbone_staff"
	InitiativePartnerLead   = "partner_lead"
	InitiativeMember        = "member"
	InitiativeViewer        = "viewer"
)

// Target is what an action is done to: an organization, an initiative,
// both (an organization's part in an initiative), or (both empty) the
// platform as a whole.
type Target struct {
	OrganizationID string
	InitiativeID   int64
}

// OrgIn names an organization's part in an initiative as a target.
func OrgIn(orgID string, initiativeID int64) Target {
	return Target{OrganizationID: orgID, InitiativeID: initiativeID}
}

// Org names an organization as a target.
func Org(id string) Target { return Target{OrganizationID: id} }

// Initiative names an initiative as a target.
func Initiative(id int64) Target { return Target{InitiativeID: id} }

// Platform is the target of platform-wide actions.
var Platform = Target{}

// Facts are what a decision depends on, gathered from the database.
type Facts struct {
	PlatformRole     string
	OrgRole          string // the user's role in the target organization, or ""
	InitiativeRole   string // the user's role in the target initiative, or ""
	InitiativePublic bool
}

// Decide is the rule book: whether someone with these facts may take the
// action. It is a pure function so that the whole table of rules is tested
// in one place.
func Decide(f Facts, a Action) bool {
	if f.PlatformRole == RoleAdmin {
		return true
	}
	steward := f.PlatformRole == RoleSteward
	switch a {
	case ViewDirectory, RunNetworkAnalysis:
		return f.PlatformRole != ""
	case CreateOrganization, ArchiveOrganization:
		return steward
	case EditOrganization:
		return steward || f.OrgRole == OrgAdmin
	case RecordTie:
		// An organization's own people say how it relates to others.
		return steward || f.OrgRole == OrgAdmin || f.OrgRole == OrgStaff
	case ImportTies, ManageNetworkAnalysis, ConfigureNetwork:
		return steward
	case ActForOrganization:
		return f.OrgRole == OrgAdmin
	case SpeakForOrganization, SetOrganizationGoals:
		return f.OrgRole == OrgAdmin || f.OrgRole == OrgStaff
	case ViewOrganizationGoals:
		return steward || f.OrgRole == OrgAdmin || f.OrgRole == OrgStaff
	case ViewAudit, ManageUsers:
		return false
	case CreateInitiative:
		return steward
	case ViewInitiative:
		return f.InitiativePublic || f.InitiativeRole != ""
	case EditInitiative, ManageGovernance:
		return f.InitiativeRole == InitiativeBackboneStaff
	case ListAssessments:
		return f.InitiativePublic || f.InitiativeRole != ""
	case StartAssessment, AnswerForInitiative:
		return f.InitiativeRole == InitiativeBackboneStaff
	case ViewAssessment:
		return f.InitiativeRole == InitiativeBackboneStaff || f.OrgRole == OrgAdmin || f.OrgRole == OrgStaff
	case AnswerForPartner:
		return f.OrgRole == OrgAdmin || f.OrgRole == OrgStaff
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
	f := &Facts{PlatformRole: u.Role}
	if f.PlatformRole == RoleAdmin {
		return f, nil
	}
	if t.OrganizationID != "" {
		err := s.db.QueryRowContext(ctx, `SELECT role FROM memberships WHERE user_id = $1 AND organization_id = $2`, u.ID, t.OrganizationID).Scan(&f.OrgRole)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return nil, store.Classify(fmt.Errorf("check membership: %w", err))
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
		return "", false, store.Classify(fmt.Errorf("check initiative role: %w", err))
	}
	if role == "" && viaOrg > 0 {
		role = InitiativeMember
	}
	return role, public, nil
}

// Authorize returns nil when u may take action a on t, errs.ErrUnauthenticated
// when nobody is signed in, and errs.ErrForbidden otherwise.
func (s *Store) Authorize(ctx context.Context, u *User, a Action, t Target) error {
	if u == nil {
		return errs.ErrUnauthenticated
	}
	ok, err := s.Can(ctx, u, a, t)
	if err != nil {
		return err
	}
	if !ok {
		return fmt.Errorf("%s may not %s: %w", u.Email, a, errs.ErrForbidden)
	}
	return nil
}
