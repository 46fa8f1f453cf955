// Package demo loads the demo community that `backbone serve --demo` shows:
// real San Mateo County organizations and services from the Ohana API's
// sample data (embedded), a few county agencies written for the demo, an
// initiative on aging well, and one login for each kind of user.
package demo

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"time"

	"backbone/internal/account"
	"backbone/internal/directory"
	"backbone/internal/errs"
	"backbone/internal/hsds"
	"backbone/internal/initiative"
	"backbone/internal/measure"
	"backbone/internal/meeting"
	"backbone/internal/network"
	"backbone/internal/store"
)

//go:embed data/ohana-smc
var data embed.FS

// Password is the one password of every demo login. The demo is for trying
// Backbone out; never load it into a database that holds real people.
const Password = "backbone-demo"

// InitiativeName names the demo initiative; its presence means the demo is loaded.
const InitiativeName = "Aging Well in San Mateo County"

// Login is a demo user, as the start page lists them.
type Login struct {
	Email       string
	Password    string
	Role        string
	Description string
}

// Result is what Load made.
type Result struct {
	InitiativeID int64
	Imported     directory.Counts
	Logins       []Login
}

// Loaded reports whether the demo is already in the database.
func Loaded(ctx context.Context, db *store.DB) (bool, error) {
	_, err := initiative.NewStore(db).ByName(ctx, InitiativeName)
	if errors.Is(err, errs.ErrNotFound) {
		return false, nil
	}
	return err == nil, err
}

// fixtures are the Ohana sample's test organizations, left out of the demo.
var fixtures = map[string]bool{"Fake Org": true, "Admin Test Org": true, "Example Agency": true}

// profiles give the Ohana organizations what Ohana does not have: a
// mission, in their own descriptions' words, and sectors.
var profiles = map[string]struct {
	mission string
	sectors []string
}{
	"Peninsula Family Service": {"To strengthen the community by giving children, families and older adults the support and tools to realize their full potential and lead healthy, stable lives.",
		[]string{"child and family", "older adults", "employment", "income support", "mental health"}},
	"Peninsula Volunteers": {"To raise funds for and provide services that enhance and enrich the lives of seniors.",
		[]string{"older adults", "food", "health"}},
	"Redwood City Public Library": {"To inspire learning through literacy programs, support for school success, access to technology, and welcoming places that connect the community with a love of reading and learning.",
		[]string{"education", "community", "government"}},
	"Salvation Army": {"To meet people's basic needs through food distribution, disaster relief, rehabilitation centers and programs for children.",
		[]string{"food", "substance use", "faith", "child and family"}},
	"Samaritan House": {"To meet the immediate and basic needs of low-income families and individuals in San Mateo County: food, clothing, shelter, health care, worker resources and counseling.",
		[]string{"food", "housing", "health", "employment", "income support"}},
}

// agencies are the organizations such a partnership also has, written for
// the demo: public agencies and a funder, described in general terms.
var agencies = []directory.OrganizationInput{
	{Name: "San Mateo County Health",
		Description: "The county's health department: public health, behavioral health and recovery services, aging and adult services, and the county's medical center and clinics.",
		Mission:     "To protect and improve the health of the people of San Mateo County.",
		Sectors:     []string{"government", "health", "mental health", "older adults"}},
	{Name: "San Mateo County Human Services Agency",
		Description: "The county agency that administers public assistance and social services, such as CalFresh food benefits, Medi-Cal enrollment, employment services and child and family services.",
		Mission:     "To help county residents meet their basic needs and reach stability and self-sufficiency.",
		Sectors:     []string{"government", "income support", "food", "employment", "child and family"}},
	{Name: "Redwood City School District",
		Description: "The public school district for elementary and middle school students in Redwood City.",
		Mission:     "To give every student the education to succeed.",
		Sectors:     []string{"education", "government", "child and family"}},
	{Name: "Silicon Valley Community Foundation",
		Description: "A community foundation that holds charitable funds and makes grants to nonprofit organizations serving San Mateo and Santa Clara counties.",
		Mission:     "To strengthen the common good by bringing donors and grants to the community's needs.",
		Sectors:     []string{"philanthropy"}},
}

// members are the demo initiative's organizations besides its backbone.
var members = []struct{ name, role, status string }{
	{"Peninsula Family Service", "core_partner", "active"},
	{"Peninsula Volunteers", "core_partner", "active"},
	{"Samaritan House", "core_partner", "active"},
	{"San Mateo County Human Services Agency", "core_partner", "active"},
	{"Redwood City Public Library", "supporting_partner", "active"},
	{"Salvation Army", "supporting_partner", "active"},
	{"Redwood City School District", "community", "active"},
}

// invitedFunder is invited to the demo initiative and has not answered yet,
// so the members page shows an open invitation.
const invitedFunder = "Silicon Valley Community Foundation"

const (
	backboneName = "San Mateo County Health"
	partnerName  = "Samaritan House"
)

// users are the demo logins and what each is given.
var users = []struct {
	Login
	name, platformRole, orgAdminOf, initiativeRole string
}{
	{Login{"admin@example.org", Password, "Platform admin", "Can do everything, including managing users and reading the audit log."},
		"Demo Admin", account.RoleAdmin, "", ""},
	{Login{"steward@example.org", Password, "Directory steward", "Keeps the shared directory: adds, edits and archives any organization."},
		"Demo Steward", account.RoleSteward, "", ""},
	{Login{"coordinator@example.org", Password, "Initiative coordinator", "Backbone staff of " + InitiativeName + " at " + backboneName + "."},
		"Demo Coordinator", account.RoleMember, backboneName, account.InitiativeBackboneStaff},
	{Login{"partner@example.org", Password, "Partner organization staff", "Keeps the record of " + partnerName + ", an active member of the initiative."},
		"Demo Partner", account.RoleMember, partnerName, ""},
}

// Logins returns the demo logins, for saying how to sign in to a demo
// loaded earlier.
func Logins() []Login {
	out := make([]Login, len(users))
	for i, u := range users {
		out[i] = u.Login
	}
	return out
}

// SignInHint is the line the sign-in page shows when the demo is on.
func SignInHint() string {
	var emails []string
	for _, l := range Logins() {
		emails = append(emails, l.Email)
	}
	return "This is a demo. Sign in as " + strings.Join(emails, ", ") + " with the password " + Password + "."
}

// Load writes the demo community. Call it only when Loaded is false: it
// adds, and a second run would find its own names taken. The options are
// those of the account store that adds the logins (their password cost).
func Load(ctx context.Context, db *store.DB, accountOpts ...account.Option) (*Result, error) {
	actor := account.SystemActor("demo")
	dir := directory.NewStore(db)
	sample, err := fs.Sub(data, "data/ohana-smc")
	if err != nil {
		return nil, err
	}
	bundle, err := hsds.ReadOhana(sample)
	if err != nil {
		return nil, fmt.Errorf("demo data: %w", err)
	}
	var skip []string
	for _, o := range bundle.Organizations {
		if fixtures[o.Name] {
			skip = append(skip, o.ID)
		}
	}
	bundle = bundle.Without(skip...)
	res := &Result{}
	if res.Imported, err = dir.SaveBundle(ctx, actor, bundle); err != nil {
		return nil, fmt.Errorf("demo import: %w", err)
	}

	ids := map[string]string{} // organization name → id
	for _, rec := range bundle.Organizations {
		p, ok := profiles[rec.Name]
		if !ok {
			return nil, fmt.Errorf("demo: no mission written for %q", rec.Name)
		}
		o, err := dir.Organization(ctx, rec.ID)
		if err != nil {
			return nil, err
		}
		in := directory.InputOf(o)
		in.Mission, in.Sectors = p.mission, p.sectors
		if _, err := dir.UpdateOrganization(ctx, actor, o.ID, o.Version, in); err != nil {
			return nil, fmt.Errorf("demo: profile of %s: %w", rec.Name, err)
		}
		ids[rec.Name] = o.ID
	}
	for _, in := range agencies {
		o, err := dir.CreateOrganization(ctx, actor, "", in)
		if err != nil {
			return nil, fmt.Errorf("demo: add %s: %w", in.Name, err)
		}
		ids[o.Name] = o.ID
	}
	if err := loadNeighbours(ctx, dir, network.NewStore(db), actor, ids); err != nil {
		return nil, err
	}

	initiatives := initiative.NewStore(db)
	in, err := initiatives.Create(ctx, actor, initiative.Input{
		Name: InitiativeName,
		ProblemStatement: "Many older adults in San Mateo County live alone, far from family, on fixed incomes. " +
			"Isolation, not having enough good food, and the strain on the family members who care for them wear down their health " +
			"and independence. The services that help exist, but they are spread across many agencies and nonprofits that do not always " +
			"know of each other, so people find them late or not at all.",
		Vision: "Every older adult in San Mateo County is connected to other people, has enough healthy food, " +
			"and can age at home with the support they and their caregivers need.",
		CommonAgenda: "1. Reach isolated older adults: share referrals between senior centers, libraries, clinics and meal programs, " +
			"so that whoever meets an isolated person can connect them to the rest.\n" +
			"2. Food security: coordinate home-delivered meals, congregate meals, brown-bag groceries and CalFresh enrollment so that nobody falls between them.\n" +
			"3. Support caregivers: make adult day services, peer counseling and respite easy to find, and ask caregivers what is missing.\n" +
			"4. Measure together: agree on a few shared indicators, report them every quarter, and review progress as a partnership.",
		Geography:              "San Mateo County, California",
		BackboneOrganizationID: ids[backboneName],
		Status:                 "active",
		IsPublic:               true,
	})
	if err != nil {
		return nil, fmt.Errorf("demo: initiative: %w", err)
	}
	res.InitiativeID = in.ID
	for _, m := range members {
		if err := initiatives.AddMember(ctx, actor, in.ID, ids[m.name], m.role, m.status); err != nil {
			return nil, fmt.Errorf("demo: add %s to the initiative: %w", m.name, err)
		}
	}

	accounts := account.NewStore(db, accountOpts...)
	people := map[string]*account.User{} // email → user
	for _, l := range users {
		u, err := accounts.CreateUser(ctx, actor, account.NewUser{Email: l.Email, Name: l.name, Password: l.Password, Role: l.platformRole})
		if err != nil {
			return nil, fmt.Errorf("demo: user %s: %w", l.Email, err)
		}
		if l.orgAdminOf != "" {
			if err := accounts.SetMembership(ctx, actor, u.ID, ids[l.orgAdminOf], account.OrgAdmin); err != nil {
				return nil, fmt.Errorf("demo: %s at %s: %w", l.Email, l.orgAdminOf, err)
			}
		}
		if l.initiativeRole != "" {
			if err := initiatives.SetUserRole(ctx, actor, in.ID, u.ID, l.initiativeRole); err != nil {
				return nil, fmt.Errorf("demo: %s in the initiative: %w", l.Email, err)
			}
		}
		res.Logins = append(res.Logins, l.Login)
		people[l.Email] = u
	}
	// The contributions come first, so that the updates feed opens on the
	// workspace's news rather than on a long list of entries.
	err = loadContributions(ctx, db, in.ID, ids, account.UserActor(people["coordinator@example.org"], ""))
	if err != nil {
		return nil, fmt.Errorf("demo: contributions: %w", err)
	}
	if err := loadWorkspace(ctx, db, in.ID, ids, people); err != nil {
		return nil, fmt.Errorf("demo: %w", err)
	}
	if err := loadMeasures(ctx, db, in.ID, ids, account.UserActor(people["coordinator@example.org"], "")); err != nil {
		return nil, fmt.Errorf("demo: measures: %w", err)
	}
	if err := loadSurvey(ctx, db, in.ID, ids, account.UserActor(people["coordinator@example.org"], "")); err != nil {
		return nil, fmt.Errorf("demo: survey: %w", err)
	}
	if err := loadReviews(ctx, db, in.ID, account.UserActor(people["coordinator@example.org"], "")); err != nil {
		return nil, fmt.Errorf("demo: roadblocks and reviews: %w", err)
	}
	if err := loadPlan(ctx, db, ids, account.UserActor(people["partner@example.org"], "")); err != nil {
		return nil, fmt.Errorf("demo: plan: %w", err)
	}
	return res, nil
}

// agenda is the demo's common agenda, item by item, as its text says it.
var agenda = []initiative.AgendaItemInput{
	{Title: "Reach isolated older adults", Description: "Share referrals between senior centers, libraries, clinics and meal programs, so that whoever meets an isolated person can connect them to the rest."},
	{Title: "Food security", Description: "Coordinate home-delivered meals, congregate meals, brown-bag groceries and CalFresh enrollment so that nobody falls between them."},
	{Title: "Support caregivers", Description: "Make adult day services, peer counseling and respite easy to find, and ask caregivers what is missing."},
	{Title: "Measure together", Description: "Agree on a few shared indicators, report them every quarter, and review progress as a partnership."},
}

// demoActivity is one member's activity toward an agenda item (by its
// place, from 0) with its RACI letters (organization name → letter).
type demoActivity struct {
	org, title, description, status string
	item                            int
	startMonths, endMonths          int // from the day the demo is loaded; 0 for no end
	raci                            map[string]string
}

// activities are the demo's mutually reinforcing activities: two members
// deliver meals to the same homebound seniors (an overlap), nobody works on
// measuring together yet (a gap), and Samaritan House's new meal route has
// nobody accountable (a RACI flag).
var activities = []demoActivity{
	{org: "Peninsula Volunteers", item: 0, title: "Friendly visitor phone calls for isolated seniors", status: "under_way", startMonths: -10,
		description: "Trained volunteers call isolated seniors twice a week and pass on any need they hear about.",
		raci:        map[string]string{"Peninsula Volunteers": "R", backboneName: "A", "Peninsula Family Service": "I"}},
	{org: "Redwood City Public Library", item: 0, title: "Library outreach to homebound readers", status: "under_way", startMonths: -6,
		description: "Books and large-print materials delivered to homebound readers, with a referral card for the partners' services.",
		raci:        map[string]string{"Redwood City Public Library": "R", backboneName: "A", "Peninsula Volunteers": "C"}},
	{org: backboneName, item: 0, title: "One referral line for isolated older adults", status: "planned", startMonths: 1, endMonths: 13,
		description: "A single number that any partner's staff can call to connect an isolated older adult with the right service.",
		raci:        map[string]string{backboneName: "A", "San Mateo County Human Services Agency": "R", "Redwood City Public Library": "I"}},
	{org: "Peninsula Volunteers", item: 1, title: "Home-delivered meals for seniors", status: "under_way", startMonths: -24,
		description: "Meals on Wheels: a hot lunch delivered on weekdays to seniors who cannot shop or cook.",
		raci:        map[string]string{"Peninsula Volunteers": "R", backboneName: "A", "Samaritan House": "C"}},
	{org: "Samaritan House", item: 1, title: "Home-delivered meals for homebound seniors", status: "planned", startMonths: 2,
		description: "A new weekly meal route for homebound seniors on the coast side.",
		raci:        map[string]string{"Samaritan House": "R", "Peninsula Volunteers": "C"}},
	{org: "San Mateo County Human Services Agency", item: 1, title: "CalFresh enrollment help at senior centers", status: "under_way", startMonths: -4, endMonths: 8,
		description: "Eligibility workers hold monthly sign-up hours at senior centers.",
		raci:        map[string]string{"San Mateo County Human Services Agency": "R", backboneName: "A", "Samaritan House": "I"}},
	{org: "Salvation Army", item: 1, title: "Brown-bag groceries in Redwood City", status: "under_way", startMonths: -12,
		description: "A bag of groceries every other week for low-income seniors.",
		raci:        map[string]string{"Salvation Army": "R", "Samaritan House": "A", "Peninsula Volunteers": "I"}},
	{org: "Peninsula Family Service", item: 2, title: "Adult day services with caregiver respite", status: "under_way", startMonths: -18,
		description: "Day programs for older adults, so that family caregivers can work or rest.",
		raci:        map[string]string{"Peninsula Family Service": "R", backboneName: "A", "Peninsula Volunteers": "C"}},
	{org: "Peninsula Family Service", item: 2, title: "Peer counseling for caregivers", status: "planned", startMonths: 1, endMonths: 7,
		description: "Trained older volunteers listen to and support family caregivers.",
		raci:        map[string]string{"Peninsula Family Service": "R", backboneName: "A", "Redwood City School District": "I"}},
}

// responsibilities are what each member organization has taken on.
var responsibilities = map[string][]string{
	backboneName:                             {"Convene the partners every month and keep the shared workspace up to date", "Collect the shared indicators each quarter", "Run the referral line for isolated older adults"},
	"Peninsula Family Service":               {"Adult day services and respite for caregivers", "Peer counseling"},
	"Peninsula Volunteers":                   {"Home-delivered meals", "Friendly visitor calls"},
	"Samaritan House":                        {"Food and clothing for low-income older adults", "Refer seniors with no meal support to the meal programs"},
	"San Mateo County Human Services Agency": {"CalFresh and Medi-Cal enrollment for older adults"},
	"Redwood City Public Library":            {"Outreach to homebound readers", "Host community information sessions"},
	"Salvation Army":                         {"Brown-bag groceries"},
	"Redwood City School District":           {"Bring students and families to intergenerational events"},
}

// ties are how the demo organizations work together, in the mapping
// exercise's terms.
var ties = []struct {
	from, to, level, status, since, notes string
	kinds                                 []string
}{
	{backboneName, "San Mateo County Human Services Agency", "collaboration", "active", "2019-07-01", "Shared intake for aging and adult services.", []string{"joint_programming", "data_sharing", "formal_agreement"}},
	{backboneName, "Peninsula Family Service", "coordination", "active", "2020-01-15", "County contract for adult day services.", []string{"funding", "referral"}},
	{backboneName, "Peninsula Volunteers", "coordination", "active", "2018-05-01", "", []string{"funding", "referral"}},
	{"Peninsula Volunteers", "Samaritan House", "cooperation", "strained", "2021-03-01", "Both plan meal routes in the same neighborhoods; the routes need sorting out.", []string{"referral", "information_sharing"}},
	{"Samaritan House", "San Mateo County Human Services Agency", "coordination", "active", "2017-09-01", "", []string{"referral"}},
	{"Salvation Army", "Samaritan House", "cooperation", "active", "2019-11-01", "Share food donations when one has too much.", []string{"information_sharing"}},
	{"Redwood City Public Library", "Peninsula Volunteers", "awareness", "developing", "2024-02-01", "First talks about library visits with the meal drivers.", []string{"information_sharing"}},
	{"Redwood City Public Library", "Redwood City School District", "collaboration", "active", "2016-08-15", "", []string{"joint_programming"}},
	{"Silicon Valley Community Foundation", "Samaritan House", "coordination", "active", "2015-01-01", "Annual grant for food programs.", []string{"funding"}},
	{"Silicon Valley Community Foundation", "Peninsula Family Service", "cooperation", "developing", "2024-06-01", "A first grant under discussion.", []string{"funding"}},
	{"Peninsula Family Service", "Salvation Army", "awareness", "strained", "2022-04-01", "Referrals went unanswered after staff changes.", []string{"referral"}},
	{"San Mateo County Human Services Agency", "Redwood City School District", "cooperation", "developing", "2023-09-01", "", []string{"referral", "information_sharing"}},
}

// loadWorkspace fills the demo initiative's workspace: the open invitation,
// the agenda and activities with their RACI letters, responsibilities and
// people, the governance framework, an agreement, a proposal, and the ties
// between the organizations.
func loadWorkspace(ctx context.Context, db *store.DB, initiativeID int64, ids map[string]string, people map[string]*account.User) error {
	s := initiative.NewStore(db)
	coordinator := account.UserActor(people["coordinator@example.org"], "")
	partner := account.UserActor(people["partner@example.org"], "")
	now := db.Now()
	month := func(n int) *time.Time {
		t := now.AddDate(0, n, 0)
		return &t
	}

	if err := s.Invite(ctx, coordinator, initiativeID, ids[invitedFunder], "funder"); err != nil {
		return fmt.Errorf("invite %s: %w", invitedFunder, err)
	}
	items := make([]*initiative.AgendaItem, len(agenda))
	for i, a := range agenda {
		var err error
		if items[i], err = s.AddAgendaItem(ctx, coordinator, initiativeID, a); err != nil {
			return fmt.Errorf("agenda item %q: %w", a.Title, err)
		}
	}
	for _, a := range activities {
		actor := coordinator
		if a.org == partnerName {
			actor = partner
		}
		in := initiative.ActivityInput{OrganizationID: ids[a.org], AgendaItemID: items[a.item].ID, Title: a.title,
			Description: a.description, Status: a.status, Starts: month(a.startMonths)}
		if a.endMonths != 0 {
			in.Ends = month(a.endMonths)
		}
		act, err := s.AddActivity(ctx, actor, initiativeID, in)
		if err != nil {
			return fmt.Errorf("activity %q: %w", a.title, err)
		}
		for org, letter := range a.raci {
			if ids[org] == "" || letter == "" {
				continue
			}
			letters := initiative.RACIInput{OrganizationID: ids[org], Letter: letter}
			if _, err := s.SetRACI(ctx, coordinator, initiativeID, act.ID, letters); err != nil {
				return fmt.Errorf("RACI of %q for %s: %w", a.title, org, err)
			}
		}
	}
	for org, list := range responsibilities {
		if err := s.SetOrganizationResponsibilities(ctx, coordinator, initiativeID, ids[org], list); err != nil {
			return fmt.Errorf("responsibilities of %s: %w", org, err)
		}
	}
	for _, p := range []initiative.PersonInput{
		{UserID: people["coordinator@example.org"].ID, OrganizationID: ids[backboneName], JobRole: "administrator",
			Responsibilities: []string{"Coordinates the initiative and chairs the monthly partner meeting", "Keeps the governance framework and the agreements"}},
		{UserID: people["partner@example.org"].ID, OrganizationID: ids[partnerName], JobRole: "supervisor",
			Responsibilities: []string{"Supervises Samaritan House's case managers for older adults", "Reports Samaritan House's numbers each quarter"}},
	} {
		if err := s.SetPerson(ctx, coordinator, initiativeID, p); err != nil {
			return fmt.Errorf("person %d: %w", p.UserID, err)
		}
	}

	gov, err := s.SaveGovernance(ctx, coordinator, initiativeID, initiative.GovernanceInput{
		DecisionRule: initiative.RuleMajority, QuorumPercent: 60, ThresholdPercent: 50,
		ConflictSteps: []initiative.ConflictStep{
			{Description: "The partners who disagree talk it through directly, within two weeks.", Mediator: "The partners themselves"},
			{Description: "If that does not settle it, the backbone coordinator meets both sides and proposes a way forward.", Mediator: "Backbone coordinator, San Mateo County Health"},
			{Description: "If it is still open, the question goes to the monthly partner meeting for a vote under the decision rule.", Mediator: "Chair of the partner meeting"},
		},
		MeetingCadence: "monthly",
		Channels: []initiative.Channel{
			{What: "Partner meeting", HowOften: "Monthly, first Tuesday", Who: "One lead from each member organization"},
			{What: "Email update from the backbone", HowOften: "Every two weeks", Who: "All partner staff"},
			{What: "Quarterly progress review", HowOften: "Quarterly", Who: "Partner leads and the funder"},
		},
		Reason: "First framework, agreed at the launch meeting.",
	})
	if err != nil {
		return fmt.Errorf("governance: %w", err)
	}
	mou, err := s.CreateAgreement(ctx, coordinator, initiativeID, initiative.AgreementInput{
		Title: "Meal referrals between Samaritan House and Peninsula Volunteers", Kind: "mou",
		Parties: []string{ids[partnerName], ids["Peninsula Volunteers"]}, EffectiveOn: month(-1), EndsOn: month(11), RenewalReminderDays: 60,
	})
	if err != nil {
		return fmt.Errorf("agreement: %w", err)
	}
	_, err = s.SignAgreement(ctx, partner, initiativeID, mou.ID, ids[partnerName], "Demo Partner, Samaritan House")
	if err != nil {
		return fmt.Errorf("sign agreement: %w", err)
	}
	p, err := s.Propose(ctx, coordinator, initiativeID, initiative.ProposalInput{
		Title:      "Adopt three shared indicators for the first year",
		Body:       "Every partner reports, each quarter: the number of older adults reached, the number receiving regular meals, and the number of caregivers supported. The backbone collects them and shows one dashboard.",
		ProposedBy: ids[backboneName], Rule: gov.Rule(), Deadline: now.AddDate(0, 0, 7),
	})
	if err != nil {
		return fmt.Errorf("proposal: %w", err)
	}
	err = s.Vote(ctx, coordinator, initiativeID, p.ID, ids[backboneName], initiative.ChoiceYes,
		"Three is few enough to report every quarter.")
	if err != nil {
		return fmt.Errorf("vote: %w", err)
	}
	err = s.Vote(ctx, partner, initiativeID, p.ID, ids[partnerName], initiative.ChoiceYes, "We already count the first two.")
	if err != nil {
		return fmt.Errorf("vote: %w", err)
	}

	if err := loadCheckIn(ctx, db, s, coordinator, initiativeID); err != nil {
		return err
	}

	net := network.NewStore(db)
	for _, t := range ties {
		if _, err := net.CreateTie(ctx, account.SystemActor("demo"), network.TieInput{FromID: ids[t.from], ToID: ids[t.to], Kinds: t.kinds,
			Level: t.level, Status: t.status, Since: t.since, Notes: t.notes}, "recorded for the demo"); err != nil {
			return fmt.Errorf("tie %s → %s: %w", t.from, t.to, err)
		}
	}
	return nil
}

// loadCheckIn schedules the partners' monthly check-in, on the first
// Tuesday since last month, and records the one already held: who came and
// the minutes. Its invitations wait in the outbox, as the Mail page shows.
func loadCheckIn(ctx context.Context, db *store.DB, s *initiative.Store, coordinator account.Actor,
	initiativeID int64) error {
	meetings := meeting.NewStore(db, s, measure.NewStore(db))
	last := db.Now().AddDate(0, -1, 0)
	first := time.Date(last.Year(), last.Month(), 1, 10, 0, 0, 0, time.UTC)
	for first.Weekday() != time.Tuesday {
		first = first.AddDate(0, 0, 1)
	}
	members, err := s.Members(ctx, initiativeID)
	if err != nil {
		return err
	}
	var orgs []string
	for _, m := range members {
		if m.Status == "active" {
			orgs = append(orgs, m.OrganizationID)
		}
	}
	m, err := meetings.Schedule(ctx, coordinator, initiativeID, meeting.Input{Kind: meeting.KindCheckIn,
		Title: "Monthly partner meeting", Start: first.Format("2006-01-02T15:04"), Repeat: "monthly",
		DurationMinutes: 90, Place: "San Mateo County Health, 225 37th Ave, room 100",
		VideoURL:      "https://meet.example.org/aging-well",
		Description:   "One lead from each member organization. Bring your numbers and one story.",
		Organizations: orgs})
	if err != nil {
		return fmt.Errorf("check-in: %w", err)
	}
	statuses := map[int64]string{}
	n := 0
	for _, v := range m.Invitees {
		if !v.Organization() {
			continue
		}
		statuses[v.ID] = meeting.Present
		if n%4 == 3 {
			statuses[v.ID] = meeting.Regrets
		}
		n++
	}
	if _, err := meetings.RecordAttendance(ctx, coordinator, initiativeID, m.ID, m.StartsAt, statuses); err != nil {
		return fmt.Errorf("check-in attendance: %w", err)
	}
	_, err = meetings.SaveMinutes(ctx, coordinator, initiativeID, m.ID, m.StartsAt,
		"Welcomed the partners and agreed the decision rule.\n"+
			"The three shared indicators go to a vote this month; every partner reports each quarter.\n"+
			"Samaritan House and Peninsula Volunteers will draft the meal referral MOU.")
	if err != nil {
		return fmt.Errorf("check-in minutes: %w", err)
	}
	return nil
}
