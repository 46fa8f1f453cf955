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

	"backbone/internal/account"
	"backbone/internal/directory"
	"backbone/internal/errs"
	"backbone/internal/initiative"
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
	{"Salvation Army", "supporting_partner", "invited"},
	{"Silicon Valley Community Foundation", "funder", "active"},
	{"Redwood City School District", "community", "invited"},
}

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
// adds, and a second run would find its own names taken.
func Load(ctx context.Context, db *store.DB) (*Result, error) {
	actor := account.SystemActor("demo")
	dir := directory.NewStore(db)
	sample, err := fs.Sub(data, "data/ohana-smc")
	if err != nil {
		return nil, err
	}
	bundle, err := directory.ReadOhana(sample)
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

	accounts := account.NewStore(db)
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
	}
	return res, nil
}
