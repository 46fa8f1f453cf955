package api

import (
	"context"
	"fmt"
	"io"
	"maps"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"backbone/internal/account"
	"backbone/internal/directory"
	"backbone/internal/initiative"
	"backbone/internal/store"
	"backbone/internal/testutil/storetest"
)

// The workspace fixture, on top of newTestApp's: River Alliance (1) gets
//   - members river (backbone, active), lake (core partner, active) and
//     harbor (supporting partner, invited); grove is in the directory only;
//   - users staff (backbone staff of River Alliance), harbor (admin of
//     harbor) and lake (admin of lake), with tokens of those names;
//   - agenda items {item} and {item2}, river's activity {activity}, the
//     member's job role, two governance versions (majority 50%), proposals
//     {proposal} (open), {late} (deadline passed) and {delegated} (lake
//     gave its vote to river), agreement {agreement} (river and lake, with a
//     document) and a compatibility check {assessment} with harbor.
//
// Quiet Circle (3) keeps its decision log public.
func newWorkApp(t testing.TB, db *store.DB) *testApp {
	t.Helper()
	return serveTestApp(db, storetest.Fixture(t, db, "work", buildWorkApp))
}

// buildWorkApp writes the workspace fixture, on a copy of newTestApp's.
func buildWorkApp(t testing.TB, db *store.DB) apiFixture {
	base := storetest.Fixture(t, db, "api", buildTestApp)
	app := apiFixture{tokens: maps.Clone(base.tokens), vars: maps.Clone(base.vars)}
	ctx := context.Background()
	sys := account.SystemActor("test")
	accounts, dir, inits := testAccounts(db), directory.NewStore(db), initiative.NewStore(db)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	for id, name := range map[string]string{"lake": "Lakeside Youth Center", "grove": "Grove Family Clinic"} {
		_, err := dir.CreateOrganization(
			ctx,
			sys,
			id,
			directory.OrganizationInput{Name: name, Description: "A partner"},
		)
		must(err)
	}
	users := map[string]*account.User{}
	for _, name := range []string{"staff", "harbor", "lake"} {
		u, err := accounts.CreateUser(
			ctx,
			sys,
			account.NewUser{Email: name + "@work.example.org", Name: "The " + name + " person",
				Password: "correct horse battery", Role: account.RoleMember},
		)
		must(err)
		secret, _, err := accounts.CreateToken(ctx, sys, u.Email, "tests", 0)
		must(err)
		app.tokens[name], users[name] = secret, u
	}
	member, err := accounts.UserByEmail(ctx, "member@example.org")
	must(err)
	must(inits.SetUserRole(ctx, sys, 1, users["staff"].ID, account.InitiativeBackboneStaff))
	must(accounts.SetMembership(ctx, sys, users["harbor"].ID, harborID, account.OrgAdmin))
	must(accounts.SetMembership(ctx, sys, users["lake"].ID, "lake", account.OrgAdmin))
	must(inits.AddMember(ctx, sys, 1, "lake", "core_partner", "active"))
	must(inits.Invite(ctx, sys, 1, harborID, "supporting_partner"))

	item, err := inits.AddAgendaItem(ctx, sys, 1, initiative.AgendaItemInput{Title: "Every family has enough food"})
	must(err)
	item2, err := inits.AddAgendaItem(ctx, sys, 1, initiative.AgendaItemInput{Title: "Stable housing for all"})
	must(err)
	act, err := inits.AddActivity(
		ctx,
		sys,
		1,
		initiative.ActivityInput{OrganizationID: riverID, AgendaItemID: item.ID, Title: "Weekend meal packs"},
	)
	must(err)
	must(
		inits.SetPerson(
			ctx,
			sys,
			1,
			initiative.PersonInput{UserID: member.ID, OrganizationID: riverID, JobRole: "administrator",
				Responsibilities: []string{"Keep the pantry schedule"}},
		),
	)

	gov := initiative.GovernanceInput{
		DecisionRule:     initiative.RuleMajority,
		QuorumPercent:    40,
		ThresholdPercent: 50,
		MeetingCadence:   "monthly",
		ConflictSteps: []initiative.ConflictStep{
			{Description: "Talk it through at the next meeting", Mediator: "The backbone director"},
		},
	}
	_, err = inits.SaveGovernance(ctx, sys, 1, gov)
	must(err)
	gov.QuorumPercent, gov.Reason = 50, "Half the members must take part"
	g, err := inits.SaveGovernance(ctx, sys, 1, gov)
	must(err)

	propose := func(title string) *initiative.Proposal {
		p, err := inits.Propose(ctx, sys, 1, initiative.ProposalInput{Title: title, ProposedBy: riverID, Rule: g.Rule(),
			Deadline: db.Now().Add(7 * 24 * time.Hour)})
		must(err)
		return p
	}
	open, late, delegated := propose(
		"Adopt the shared intake form",
	), propose(
		"Extend pantry hours",
	), propose(
		"Join the county food council",
	)
	_, err = db.ExecContext(ctx, `UPDATE proposals SET deadline = $1 WHERE id = $2`, db.Now().Add(-time.Hour), late.ID)
	must(err)
	must(inits.Delegate(ctx, sys, 1, delegated.ID, "lake", riverID))

	start := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	end := time.Date(2030, 12, 31, 0, 0, 0, 0, time.UTC)
	agr, err := inits.CreateAgreement(
		ctx,
		sys,
		1,
		initiative.AgreementInput{Title: "Data-sharing agreement", Kind: "data_sharing",
			Parties: []string{riverID, "lake"}, EffectiveOn: &start, EndsOn: &end},
	)
	must(err)
	must(inits.AttachDocument(ctx, sys, 1, agr.ID, "dsa.txt", "text/plain", strings.NewReader("We share data.")))
	asmt, err := inits.StartAssessment(ctx, sys, 1, harborID)
	must(err)
	must(inits.SetDecisionLogPublic(ctx, sys, 3, true))
	_, lakeLink, err := accounts.CreateFeedLink(ctx, account.UserActor(users["lake"], ""), 0)
	must(err)
	_, memberLink, err := accounts.CreateFeedLink(ctx, account.UserActor(member, ""), 1)
	must(err)

	for k, v := range map[string]int64{"{item}": item.ID, "{item2}": item2.ID, "{activity}": act.ID, "{proposal}": open.ID, "{late}": late.ID,
		"{delegated}": delegated.ID, "{agreement}": agr.ID, "{assessment}": asmt.ID, "{memberuser}": member.ID,
		"{staffuser}": users["staff"].ID,
		"{lakelink}":  lakeLink.ID, "{memberlink}": memberLink.ID} {
		app.vars[k] = fmt.Sprint(v)
	}
	return app
}

// runWorkScenarios runs the scenarios on every engine. A scenario that
// reads, or that must be refused (and so change nothing), runs in turn on
// one fixture shared per engine; a write that must succeed gets its own
// fresh fixture. Building a PostgreSQL fixture takes seconds, so sharing
// keeps the tables fast, and a refused write that did change something
// would show in the scenarios after it. {names} are replaced in the body too.
func runWorkScenarios(t *testing.T, scenarios []scenario) {
	t.Helper()
	for _, eng := range engines {
		t.Run(eng.name, func(t *testing.T) {
			t.Parallel()
			var shared *testApp
			for _, s := range scenarios {
				if s.Method == "GET" || s.ExpectedStatus >= 400 {
					if shared == nil {
						shared = newWorkApp(t, eng.open(t))
					}
					t.Run(s.Name, func(t *testing.T) { s.withVars(shared).run(t, shared) })
					continue
				}
				t.Run(s.Name, func(t *testing.T) {
					t.Parallel()
					app := newWorkApp(t, eng.open(t))
					s.withVars(app).run(t, app)
				})
			}
		})
	}
}

// withVars replaces the fixture's {names} in the scenario's body and in
// what its answer must and must not hold.
func (s scenario) withVars(app *testApp) scenario {
	if s.MakeBody != nil {
		s.Body = s.MakeBody(app.vars)
	}
	// The scenario's slices are shared by every engine's and day's run:
	// replace in copies.
	s.ExpectedContent = slices.Clone(s.ExpectedContent)
	s.NotExpectedContent = slices.Clone(s.NotExpectedContent)
	for i := range s.ExpectedContent {
		for k, v := range app.vars {
			s.ExpectedContent[i] = strings.ReplaceAll(s.ExpectedContent[i], k, v)
		}
	}
	for i := range s.NotExpectedContent {
		for k, v := range app.vars {
			s.NotExpectedContent[i] = strings.ReplaceAll(s.NotExpectedContent[i], k, v)
		}
	}
	for k, v := range app.vars {
		s.Body = strings.ReplaceAll(s.Body, k, v)
	}
	return s
}

// call makes one request and returns the status and body, for tests that
// take several steps on one app.
func call(t *testing.T, app *testApp, method, url, token, body string) (int, string) {
	t.Helper()
	for k, v := range app.vars {
		url, body = strings.ReplaceAll(url, k, v), strings.ReplaceAll(body, k, v)
	}
	req := httptest.NewRequest(method, url, strings.NewReader(body))
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Authorization", "Bearer "+app.tokens[token])
	rec := httptest.NewRecorder()
	app.handler.ServeHTTP(rec, req)
	out, _ := io.ReadAll(rec.Body)
	return rec.Code, string(out)
}

// eachEngine runs a multi-step test on a fresh workspace on every engine.
func eachEngine(t *testing.T, fn func(t *testing.T, app *testApp)) {
	for _, eng := range engines {
		t.Run(eng.name, func(t *testing.T) {
			t.Parallel()
			fn(t, newWorkApp(t, eng.open(t)))
		})
	}
}
