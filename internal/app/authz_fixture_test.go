package app_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"backbone/internal/account"
	"backbone/internal/app"
	"backbone/internal/config"
	"backbone/internal/directory"
	"backbone/internal/health"
	"backbone/internal/initiative"
	"backbone/internal/mail"
	"backbone/internal/measure"
	"backbone/internal/meeting"
	"backbone/internal/network"
	"backbone/internal/plan"
	"backbone/internal/review"
	"backbone/internal/store"
	"backbone/internal/testutil/storetest"
	"backbone/internal/webhook"
)

// matrixFixture is the world the matrix's requests meet: one organization
// with its people, services, location, goal and tie (X); a private
// initiative (I) with its backbone organization (B), a member organization
// (M) and a record of every kind; a person for each persona; and what the
// requests need to be theirs (session cookies, API tokens, a survey link).
type matrixFixture struct {
	values   map[string]string // "{segment}/{param}" → the path value
	sessions map[string]string // persona → session cookie
	tokens   map[string]string // persona → API token
}

// csrf is the token every form of the matrix carries, in its cookie and its
// field (the double submit the web checks).
const csrf = "matrix-csrf-token-0123456789abcdef0123456789"

// buildMatrixFixture fills db with the matrix's world.
func buildMatrixFixture(t testing.TB, db *store.DB) *matrixFixture {
	t.Helper()
	ctx, sys := context.Background(), account.SystemActor("matrix")
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	accounts, dir := account.NewStore(db), directory.NewStore(db)
	inits, net, meas := initiative.NewStore(db), network.NewStore(db), measure.NewStore(db)
	fx := &matrixFixture{values: map[string]string{}, sessions: map[string]string{}, tokens: map[string]string{}}

	org := func(id, name, sector string) string {
		t.Helper()
		_, err := dir.CreateOrganization(
			ctx,
			sys,
			id,
			directory.OrganizationInput{Name: name, Description: name + " serves the county.",
				Sectors: []string{sector}},
		)
		must(err)
		return id
	}
	x, m := org("x-clinic", "Harbor Clinic", "health"), org("m-meals", "Meals Together", "food")
	b, z := org("b-county", "County Health", "health"), org("z-fund", "Community Fund", "philanthropy")

	users := map[string]*account.User{}
	for _, p := range personas[1:] {
		role := account.RoleMember
		switch p.key {
		case "admin":
			role = account.RoleAdmin
		case "steward":
			role = account.RoleSteward
		}
		u, err := accounts.CreateUser(
			ctx,
			sys,
			account.NewUser{Email: p.key + "@example.org", Name: p.title, Password: "matrix password 1", Role: role},
		)
		must(err)
		users[p.key] = u
	}
	must(accounts.SetMembership(ctx, sys, users["orgadmin"].ID, x, account.OrgAdmin))
	must(accounts.SetMembership(ctx, sys, users["orgstaff"].ID, x, account.OrgStaff))
	must(accounts.SetMembership(ctx, sys, users["lead"].ID, m, account.OrgStaff))
	must(accounts.SetMembership(ctx, sys, users["partner"].ID, m, account.OrgStaff))

	in, err := inits.Create(ctx, sys, initiative.Input{Name: "Aging Well", BackboneOrganizationID: b, Status: "active"})
	must(err)
	must(inits.AddMember(ctx, sys, in.ID, m, "core_partner", "active"))
	must(inits.Invite(ctx, sys, in.ID, x, "supporting_partner")) // the organization's admin answers
	_ = z
	must(inits.SetUserRole(ctx, sys, in.ID, users["backbone"].ID, account.InitiativeBackboneStaff))
	must(inits.SetUserRole(ctx, sys, in.ID, users["lead"].ID, account.InitiativePartnerLead))
	must(inits.SetUserRole(ctx, sys, in.ID, users["viewer"].ID, account.InitiativeViewer))

	for key, u := range users {
		secret, _, err := accounts.CreateSession(ctx, u, 24*time.Hour, "127.0.0.1", "matrix")
		must(err)
		fx.sessions[key] = secret
		token, _, err := accounts.CreateToken(ctx, sys, u.Email, "matrix", 0)
		must(err)
		fx.tokens[key] = token
	}

	// The organization's own records: a place, a service there filed under
	// a category, a proposed update.
	_, err = db.ExecContext(ctx, `INSERT INTO taxonomies (id, name) VALUES ('tx', 'Services');
		INSERT INTO taxonomy_terms (id, name, taxonomy_id) VALUES ('tx-health', 'Health care', 'tx')`)
	must(err)
	loc, err := dir.CreateLocation(
		ctx,
		sys,
		x,
		directory.LocationInput{Name: "Main site", Address: directory.AddressInput{
			Address1: "1 Harbor Way", City: "San Mateo", StateProvince: "CA", PostalCode: "94401", Country: "US"}},
	)
	must(err)
	svc, err := dir.CreateService(
		ctx,
		sys,
		x,
		directory.ServiceInput{Name: "Walk-in clinic", Description: "Care without an appointment.",
			Status: "active", LocationIDs: []string{loc.ID}, TaxonomyTermIDs: []string{"tx-health"}},
	)
	must(err)
	var sal string
	must(db.QueryRowContext(ctx, `SELECT id FROM service_at_locations WHERE service_id = $1`, svc.ID).Scan(&sal))
	prop, err := dir.ProposeOrganizationUpdate(
		ctx,
		account.UserActor(users["orgstaff"], ""),
		x,
		0,
		directory.OrganizationInput{
			Name:        "Harbor Clinic",
			Description: "Harbor Clinic serves the whole county.",
			Sectors:     []string{"health"},
		},
		"",
	)
	must(err)
	tie, err := net.CreateTie(
		ctx,
		sys,
		network.TieInput{FromID: x, ToID: m, Kinds: []string{"referral"}, Level: "cooperation"},
		"",
	)
	must(err)

	// The initiative's records.
	item, err := inits.AddAgendaItem(
		ctx,
		sys,
		in.ID,
		initiative.AgendaItemInput{Title: "Meals for every homebound adult"},
	)
	must(err)
	act, err := inits.AddActivity(
		ctx,
		sys,
		in.ID,
		initiative.ActivityInput{
			OrganizationID: m,
			AgendaItemID:   item.ID,
			Title:          "Weekend meal packs",
			Status:         "under_way",
		},
	)
	must(err)
	gov, err := inits.SaveGovernance(
		ctx,
		sys,
		in.ID,
		initiative.GovernanceInput{DecisionRule: initiative.RuleMajority, QuorumPercent: 50,
			ThresholdPercent: 50, MeetingCadence: "monthly", Reason: "First framework.",
			ConflictSteps: []initiative.ConflictStep{
				{Description: "The partners talk it through.", Mediator: "The partners"},
			},
			Channels: []initiative.Channel{
				{What: "Partner meeting", HowOften: "Monthly", Who: "One lead from each member"},
			}},
	)
	must(err)
	must(
		inits.SetPerson(
			ctx,
			sys,
			in.ID,
			initiative.PersonInput{UserID: users["lead"].ID, OrganizationID: m, JobRole: "supervisor"},
		),
	)
	effective := db.Now().AddDate(0, -1, 0)
	agr, err := inits.CreateAgreement(
		ctx,
		sys,
		in.ID,
		initiative.AgreementInput{Title: "Meal referrals", Kind: "mou", Parties: []string{b, m},
			EffectiveOn: &effective},
	)
	must(err)
	must(
		inits.AttachDocument(
			ctx,
			sys,
			in.ID,
			agr.ID,
			"mou.pdf",
			"application/pdf",
			strings.NewReader("%PDF-1.4 a signed MOU"),
		),
	)
	proposal, err := inits.Propose(
		ctx,
		account.UserActor(users["lead"], ""),
		in.ID,
		initiative.ProposalInput{Title: "Pool our referral lists",
			ProposedBy: m, Rule: gov.Rule(), Deadline: db.Now().AddDate(0, 0, 7)},
	)
	must(err)
	asmt, err := inits.StartAssessment(ctx, sys, in.ID, x)
	must(err)
	ind, err := meas.CreateIndicator(
		ctx,
		sys,
		in.ID,
		measure.IndicatorInput{Name: "Meals delivered", Definition: "Meals delivered in the month.",
			Unit: "meals", Direction: measure.Higher, Aggregation: measure.Sum, Frequency: measure.Monthly,
			Reporters: []string{m}},
	)
	must(err)
	baseline, target := 100.0, 200.0
	goal, err := meas.CreateGoal(
		ctx,
		sys,
		measure.GoalInput{InitiativeID: in.ID, Statement: "Deliver 200 meals a month", IndicatorID: ind.ID,
			Baseline: &baseline, Target: &target, Unit: "meals", StartsOn: "2026-01-01", DueOn: "2027-12-31"},
	)
	must(err)
	own, err := meas.CreateGoal(
		ctx,
		sys,
		measure.GoalInput{OrganizationID: x, Statement: "See 50 walk-in patients a week", Unit: "patients",
			Target: &target, DueOn: "2027-12-31"},
	)
	must(err)
	wave, links, err := net.CreateWave(
		ctx,
		sys,
		network.WaveInput{Name: "Spring survey", InitiativeID: in.ID, OrganizationIDs: []string{b, m},
			ClosesAt: db.Now().AddDate(0, 0, 14).Format(time.DateOnly)},
	)
	must(err)
	release := net.HoldJobs()
	job, err := net.StartAnalysisJob(ctx, account.UserActor(users["member"], ""), network.MapFilter{})
	must(err)
	must(net.StopJobs(ctx)) // the fixture's job stays as it was recorded
	release()

	// A message that failed, which platform admins may send again.
	msg, err := mail.Compose("test", "someone@example.org", db.Now(), mail.TestData{Sender: "cli"})
	must(err)
	mailID, err := mail.Enqueue(ctx, db, msg)
	must(err)
	_, err = db.ExecContext(
		ctx,
		`UPDATE mail_outbox SET status = 'failed', attempts = 1, last_error = '550 5.1.1 No such user' WHERE id = $1`,
		mailID,
	)
	must(err)

	// A channel of the initiative, with a test delivery.
	hooks := webhook.New(db, accounts)
	hook, _, err := hooks.Create(ctx, sys, in.ID, webhook.Input{Name: "Partners' chat", Format: webhook.FormatSlack,
		URL: "https://hooks.slack.com/services/T0/B0/fixture"})
	must(err)
	hookTest, err := hooks.SendTest(ctx, sys, in.ID, hook.ID)
	must(err)

	// A weekly check-in that met a week ago, to which the partner
	// organization (and so the partner lead and the partner) is invited.
	meetings := meeting.NewStore(db, inits, meas).WithSite("http://backbone.test", "")
	checkIn, err := meetings.Schedule(ctx, sys, in.ID, meeting.Input{Title: "Partners' check-in", Repeat: "weekly",
		Start: db.Now().AddDate(0, 0, -14).Format(time.DateOnly) + "T10:00", Organizations: []string{m}})
	must(err)
	var invitation string
	must(db.QueryRowContext(ctx, `SELECT text_body FROM mail_outbox WHERE to_address = 'partner@example.org'`).
		Scan(&invitation))
	_, rsvpToken, _ := strings.Cut(invitation, meeting.RSVPPath)
	rsvpToken, _, _ = strings.Cut(rsvpToken, "\n")
	heldAt := checkIn.StartsAt.UTC().Format("20060102T150405Z")

	// Duplicates of the fund: one merged into it (the merge's record, which
	// stewards may undo), one still to merge or dismiss.
	dup := org("z-fund-dup", "Community Fund, Inc.", "philanthropy")
	old := org("z-fund-old", "The Community Fund LLC", "philanthropy")
	merged, err := dir.MergeOrganizations(ctx, sys, directory.MergeInput{KeepID: z, MergeID: old})
	must(err)

	// A roadblock on the initiative, its quarterly review cadence and a
	// review held.
	reviews := review.NewStore(db, inits, meas)
	rb, err := reviews.CreateRoadblock(ctx, sys, review.RoadblockInput{SubjectKind: review.KindInitiative,
		SubjectID: in.ID, Title: "Partners keep their own intake forms", Category: review.CategoryProviderPolicies,
		Likelihood: 3, Impact: 3})
	must(err)
	_, err = reviews.SetSchedule(ctx, sys, review.KindInitiative, in.ID,
		review.ScheduleInput{Cadence: review.Quarterly})
	must(err)
	rv, err := reviews.RecordReview(ctx, sys, review.ReviewInput{SubjectKind: review.KindInitiative,
		SubjectID: in.ID, Participants: []string{"The backbone staff"}, Findings: "On track."})
	must(err)
	// The clinic written twice, merged into the first (the merge's record).
	clinicAgain, err := dir.CreateService(ctx, sys, x, directory.ServiceInput{Name: "Walk-in Clinic Services",
		Status: "active"})
	must(err)
	serviceMerged, err := dir.MergeServices(ctx, sys, directory.MergeInput{KeepID: svc.ID, MergeID: clinicAgain.ID})
	must(err)

	id := func(n int64) string { return fmt.Sprint(n) }
	fx.values["subjects/{kind}"], fx.values["initiative/{subject}"] = review.KindInitiative, id(in.ID)
	fx.values["roadblocks/{roadblock}"], fx.values["reviews/{review}"] = id(rb.ID), id(rv.ID)
	fx.values["merges/{id}"] = id(merged.ID)
	fx.values["service-merges/{id}"] = id(serviceMerged.ID)
	fx.values["value/{z}"], fx.values["value/{dup}"] = z, dup
	fx.values["meetings/{meeting}"], fx.values["held/{at}"], fx.values["rsvp/{token}"] = id(
		checkIn.ID,
	), heldAt, rsvpToken
	fx.values["value/{at}"] = heldAt
	fx.values["skips/{at}"] = checkIn.Next.UTC().Format("20060102T150405Z") // the next meeting, to come
	for k, v := range map[string]string{
		"channels/{channel}": id(hook.ID), "webhooks/{webhook}": id(hook.ID), "deliveries/{delivery}": id(hookTest.ID),
		"mail/{id}":          id(mailID),
		"organizations/{id}": x, "services/{id}": svc.ID, "services/{service}": svc.ID, "locations/{id}": loc.ID,
		"locations/{location}": loc.ID, "ties/{id}": tie.ID, "proposals/{id}": id(prop.ID),
		"initiatives/{id}": id(in.ID), "members/{org}": m, "responsibilities/{org}": m, "agenda/{item}": id(item.ID),
		"activities/{activity}": id(act.ID), "people/{user}": id(users["lead"].ID), "agreements/{agreement}": id(agr.ID),
		"decisions/{proposal}": id(proposal.ID), "proposals/{proposal}": id(proposal.ID), "compatibility/{assessment}": id(asmt.ID),
		"assessments/{assessment}": id(asmt.ID), "answer/{side}": initiative.SidePartner, "indicators/{indicator}": id(ind.ID),
		"goals/{goal}": id(goal.ID), "surveys/{id}": id(wave.ID), "surveys/{survey}": id(wave.ID), "survey/{token}": links[0].Token,
		"jobs/{id}": id(job.ID), "analysis-jobs/{id}": id(job.ID),
		"users/{person}": id(users["lead"].ID), "people/{person}": id(users["orgstaff"].ID), "roles/{person}": id(users["viewer"].ID),
	} {
		fx.values[k] = v
	}
	// The partner lead's calendar links: their own calendar, and one to the
	// initiative, which its backbone staff may revoke too.
	calendarSecret, _, err := accounts.CreateFeedLink(ctx, account.UserActor(users["lead"], ""), 0)
	must(err)
	feedSecret, leadLink, err := accounts.CreateFeedLink(ctx, account.UserActor(users["lead"], ""), in.ID)
	must(err)
	fx.values["calendar/{file}"] = calendarSecret + ".ics"
	fx.values["feeds/{link}"], fx.values["feeds/{id}"] = id(leadLink.ID), id(leadLink.ID)
	fx.values["value/{feedtoken}"] = feedSecret
	fx.values["own-goals/{goal}"] = id(own.ID)
	fx.values["invited/{org}"] = x

	// Partnership health: an unconfirmed delivery of the member; the
	// member's offer and the backbone's need, and a match the backbone
	// proposed, which the member (the offering side) answers.
	hs := health.NewStore(db)
	entry, err := hs.Record(ctx, sys, in.ID, health.ContributionInput{OrganizationID: m, Entry: "delivery",
		Kind: "in_kind", Period: "2026-Q3", Quantity: 120, Unit: "meals"})
	must(err)
	offer, err := hs.Post(ctx, sys, in.ID, health.PostInput{OrganizationID: m, Side: "offer", Category: "space",
		Title: "Meeting room on Tuesdays"})
	must(err)
	need, err := hs.Post(ctx, sys, in.ID, health.PostInput{OrganizationID: b, Side: "need", Category: "space",
		Title: "A room for a Tuesday class"})
	must(err)
	match, err := hs.ProposeMatch(ctx, sys, in.ID, offer.ID, need.ID)
	must(err)
	fx.values["contributions/{entry}"] = fmt.Sprint(entry.ID)
	fx.values["contributions/{contribution}"] = fmt.Sprint(entry.ID)
	fx.values["offers/{post}"] = fmt.Sprint(offer.ID)
	fx.values["matches/{match}"] = fmt.Sprint(match.ID)
	fx.values["value/{offer}"], fx.values["value/{need}"] = fmt.Sprint(offer.ID), fmt.Sprint(need.ID)
	for k, v := range map[string]string{"{x}": x, "{m}": m, "{b}": b, "{i}": id(in.ID), "{item}": id(item.ID), "{ind}": id(ind.ID),
		"{period}": measure.LastClosed(measure.Monthly, db.Now()).String(), "{deadline}": db.Now().AddDate(0, 0, 10).Format(time.DateOnly)} {
		fx.values["value/"+k] = v
	}
	// The initiative member's own plan on the tie, shared with the viewer,
	// who suggested a change.
	plans := plan.NewStore(db, inits)
	partner := account.UserActor(users["partner"], "")
	mine, err := plans.Create(ctx, partner, plan.Input{Title: "Mend the clinic tie"})
	must(err)
	area, err := plans.AddArea(ctx, partner, mine.ID, plan.AreaInput{Kind: plan.AreaTie, TieID: tie.ID})
	must(err)
	action, err := plans.AddAction(ctx, partner, mine.ID, plan.ActionInput{AreaID: area.ID, Strategy: "seek_mentors",
		Title: "Ask for an introduction"})
	must(err)
	_, err = plans.Share(ctx, partner, mine.ID, users["viewer"].Email)
	must(err)
	suggestion, err := plans.Comment(ctx, account.UserActor(users["viewer"], ""), mine.ID, "suggestion", "Call first")
	must(err)
	fx.values["plans/{plan}"], fx.values["areas/{area}"] = id(mine.ID), id(area.ID)
	fx.values["actions/{action}"], fx.values["feedback/{feedback}"] = id(action.ID), id(suggestion.ID)
	fx.values["shares/{user}"], fx.values["strategies/{strategy}"] = id(users["viewer"].ID), "work_together"
	fx.values["hsds-service_at_locations/{id}"] = sal
	fx.values["hsds-taxonomies/{id}"] = "tx"
	fx.values["hsds-taxonomy_terms/{id}"] = "tx-health"
	return fx
}

// fill puts the fixture's values in a route's pattern; an organization's
// goal is its own one, an initiative's goal the initiative's.
func (fx *matrixFixture) fill(pattern string) (string, error) {
	pattern = strings.TrimSuffix(pattern, "{$}")
	parts := strings.Split(pattern, "/")
	for i, p := range parts {
		if !strings.HasPrefix(p, "{") || i == 0 {
			continue
		}
		key := parts[i-1] + "/" + p
		switch {
		case key == "goals/{goal}" && strings.Contains(pattern, "/organizations/{id}/goals/"):
			key = "own-goals/{goal}"
		case key == "members/{org}" && strings.HasSuffix(pattern, "/respond"):
			key = "invited/{org}"
		}
		if strings.HasPrefix(pattern, "/hsds/") {
			key = hsdsKey(parts[i-1])
		}
		v, ok := fx.values[key]
		if !ok {
			return "", fmt.Errorf("the matrix's fixture has no value for %s in %s", key, pattern)
		}
		parts[i] = url.PathEscape(v)
	}
	return strings.Join(parts, "/"), nil
}

// hsdsKey is the fixture value an HSDS resource's {id} takes.
func hsdsKey(resource string) string {
	switch resource {
	case "services":
		return "services/{id}"
	case "organizations":
		return "organizations/{id}"
	}
	return "hsds-" + resource + "/{id}"
}

// request makes route r's request as persona p: an empty form (with the
// CSRF token) or an empty JSON object for a write, the persona's session
// cookie or API token.
func (fx *matrixFixture) request(r row, p string) (*http.Request, error) {
	path, err := fx.fill(r.pattern)
	if err != nil {
		return nil, err
	}
	in := fx.input(r)
	if in.query != "" {
		path += "?" + in.query
	}
	write := r.method != http.MethodGet && r.method != http.MethodHead
	var req *http.Request
	switch {
	case r.surface == "web" && write:
		req = httptest.NewRequest(r.method, path, strings.NewReader(in.values().Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	case r.surface == "api" && write:
		body := in.json
		if body == "" {
			body = "{}"
		}
		req = httptest.NewRequest(r.method, path, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
	default:
		req = httptest.NewRequest(r.method, path, nil)
	}
	if p == "anyone" {
		if r.surface == "web" {
			req.AddCookie(&http.Cookie{Name: "backbone_csrf", Value: csrf})
		}
		return req, nil
	}
	switch r.surface {
	case "web":
		req.AddCookie(&http.Cookie{Name: "backbone_session", Value: fx.sessions[p]})
		req.AddCookie(&http.Cookie{Name: "backbone_csrf", Value: csrf})
	case "api":
		req.Header.Set("Authorization", "Bearer "+fx.tokens[p])
	}
	return req, nil
}

// matrixWorld is a running Backbone over a copy of the fixture, which it
// can put back as it was after a request changed it.
type matrixWorld struct {
	fx      *matrixFixture
	handler http.Handler
	reset   func() // puts the fixture back as it was
	close   func()
}

// newMatrixWorld builds the fixture on the engine and serves it.
func newMatrixWorld(t *testing.T, engine string) *matrixWorld {
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	serve := func(db *store.DB) *app.App {
		a, err := app.New(config.Default(), db, logger)
		if err != nil {
			t.Fatal(err)
		}
		a.Network.HoldJobs() // analyses started by the matrix never run
		return a
	}
	stop := func(a *app.App) {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = a.Close(ctx)
	}
	if engine == "postgres" {
		db := storetest.Postgres(t)
		fx := buildMatrixFixture(t, db)
		snap, err := snapshotPostgres(db)
		if err != nil {
			t.Fatal(err)
		}
		a := serve(db)
		return &matrixWorld{fx: fx, handler: a.Handler(),
			reset: func() {
				if err := snap.restore(db); err != nil {
					t.Fatal(err)
				}
			},
			close: func() { stop(a) }}
	}

	// SQLite: the fixture is copied to a file, which each reset puts back
	// through SQLite's backup API, under the running app.
	db := storetest.SQLite(t)
	fx := buildMatrixFixture(t, db)
	snapshot := filepath.Join(t.TempDir(), "fixture.db")
	if _, err := db.ExecContext(context.Background(), `VACUUM INTO '`+snapshot+`'`); err != nil {
		t.Fatal(err)
	}
	a := serve(db)
	return &matrixWorld{fx: fx, handler: a.Handler(),
		reset: func() {
			if err := restoreSQLite(db, snapshot); err != nil {
				t.Fatal(err)
			}
		},
		close: func() { stop(a) }}
}

// runMatrix sends every row's request as every persona and returns what
// each got, putting the fixture back after each request that changed it.
func runMatrix(t *testing.T, engine string, rows []row) map[string]map[string]string {
	w := newMatrixWorld(t, engine)
	defer w.close()
	got := map[string]map[string]string{}
	resets := 0
	for _, r := range rows {
		got[r.String()] = map[string]string{}
		for _, p := range personas {
			req, err := w.fx.request(r, p.key)
			if err != nil {
				t.Fatal(err)
			}
			res := serve(w.handler, req)
			o := outcome(r.surface, res)
			if r.surface == "web" && (r.pattern == "/logout" || r.pattern == "/login") && o == signIn {
				o = allowed // the sign-in form's own answers: sent to sign in again, or a wrong password
			}
			got[r.String()][p.key] = o
			if o == allowed && changed(r.method, res) {
				w.reset()
				resets++
			}
		}
	}
	t.Logf("%d rows × %d personas; the fixture was put back %d times", len(rows), len(personas), resets)
	return got
}
