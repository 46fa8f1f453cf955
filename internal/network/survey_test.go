package network_test

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"

	"backbone/internal/errs"
	"backbone/internal/initiative"
	"backbone/internal/network"
	"backbone/internal/store"
	"backbone/internal/testutil/storetest"
)

func ip(n int) *int { return &n }

func near(p *float64, want float64) bool { return p != nil && math.Abs(*p-want) < 1e-9 }

func TestSurveyWave(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := network.NewStore(db)
		ids := orgs(t, db, "Samaritan House", "County Health", "Food Bank")
		var v *errs.ValidationError
		if _, _, err := s.CreateWave(ctx, actor, network.WaveInput{Name: " ", OrganizationIDs: ids[:1], ClosesAt: "2020-01-01"}); !errors.As(err, &v) ||
			v.Fields["name"] == "" || v.Fields["organization_ids"] == "" || v.Fields["closes_at"] == "" {
			t.Fatalf("invalid wave: %v", err)
		}
		if _, _, err := s.CreateWave(ctx, actor, network.WaveInput{Name: "x", OrganizationIDs: []string{ids[0], "nope"}}); !errors.As(err, &v) {
			t.Fatalf("unknown organization: %v", err)
		}
		closes := db.Now().AddDate(0, 0, 14).Format("2006-01-02")
		w, links, err := s.CreateWave(ctx, actor, network.WaveInput{Name: "Spring 2026", OrganizationIDs: ids, ClosesAt: closes})
		if err != nil {
			t.Fatal(err)
		}
		if w.Participants != 3 || w.Responded != 0 || w.ClosesAt != closes || len(links) != 3 || links[0].OrganizationName != "County Health" {
			t.Fatalf("wave %+v links %+v", w, links)
		}
		token := map[string]string{}
		for _, l := range links {
			if len(l.Token) < 30 {
				t.Fatalf("short token %q", l.Token)
			}
			token[l.OrganizationName] = l.Token
		}
		var stored int
		if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM survey_participants WHERE token_hash = $1`, links[0].Token).Scan(&stored); err != nil || stored != 0 {
			t.Fatalf("the token is stored as it is: %v %d", err, stored)
		}
		if _, err := s.Respondent(ctx, "not-a-token"); !errors.Is(err, errs.ErrNotFound) {
			t.Fatalf("bad token: %v", err)
		}
		sv, err := s.Respondent(ctx, token["Samaritan House"])
		if err != nil {
			t.Fatal(err)
		}
		if sv.Participant.OrganizationID != ids[0] || len(sv.Others) != 2 || len(sv.Ratings) != 2 || sv.Ratings[0].RatedName != "County Health" || sv.Ratings[0].Answered() {
			t.Fatalf("survey %+v", sv)
		}

		// Validation names the rating and field.
		err = s.SaveResponse(ctx, token["Samaritan House"], network.Response{RespondentEmail: "nope", Ratings: []network.Rating{
			{RatedID: ids[1], Level: "cooperation", TrustOpen: ip(5)},
			{RatedID: ids[0], Level: "friends"},
			{RatedID: ids[2], TrustReliable: ip(2)},
		}})
		if !errors.As(err, &v) || v.Fields["ratings[0].trust_open"] == "" || v.Fields["ratings[1].organization_id"] == "" ||
			v.Fields["ratings[1].level"] == "" || v.Fields["ratings[2].level"] == "" || v.Fields["respondent_email"] == "" {
			t.Fatalf("invalid response: %v", err)
		}
		// A partial save, then the rest.
		if err := s.SaveResponse(ctx, token["Samaritan House"], network.Response{RespondentName: "Ana", Ratings: []network.Rating{
			{RatedID: ids[1], Level: "coordination", TrustReliable: ip(4), TrustMission: ip(3), TrustOpen: nil, ValueInfluence: ip(2), ValueInvolvement: ip(3), ValueResources: ip(4), Resources: "nurses"},
		}}); err != nil {
			t.Fatal(err)
		}
		ps, err := s.Participants(ctx, actor, w.ID)
		if err != nil || len(ps) != 3 || ps[2].OrganizationName != "Samaritan House" || ps[2].RespondedAt == nil || ps[2].Answered != 1 || ps[2].Expected != 2 || ps[2].RespondentName != "Ana" {
			t.Fatalf("progress: %v %+v", err, ps)
		}
		if err := s.SaveResponse(ctx, token["Samaritan House"], network.Response{RespondentName: "Ana", Ratings: []network.Rating{
			{RatedID: ids[2], Level: "none"},
		}}); err != nil {
			t.Fatal(err)
		}
		sv, _ = s.Respondent(ctx, token["Samaritan House"])
		if sv.Ratings[0].Level != "coordination" || sv.Ratings[0].TrustOpen != nil || *sv.Ratings[0].TrustReliable != 4 || sv.Ratings[0].Resources != "nurses" || sv.Ratings[1].Level != "none" {
			t.Fatalf("saved ratings %+v", sv.Ratings)
		}
		if err := s.SaveResponse(ctx, token["County Health"], network.Response{Ratings: []network.Rating{
			{RatedID: ids[0], Level: "collaboration", TrustReliable: ip(2), TrustMission: ip(2), TrustOpen: ip(2), ValueInfluence: ip(4), ValueInvolvement: ip(4), ValueResources: ip(4)},
		}}); err != nil {
			t.Fatal(err)
		}

		// Remind the one that has not answered: a new link, the old one stops working.
		rem, err := s.Remind(ctx, actor, w.ID, nil)
		if err != nil || len(rem) != 1 || rem[0].OrganizationName != "Food Bank" {
			t.Fatalf("remind: %v %+v", err, rem)
		}
		if _, err := s.Respondent(ctx, token["Food Bank"]); !errors.Is(err, errs.ErrNotFound) {
			t.Fatalf("old link after a reminder: %v", err)
		}
		if _, err := s.Respondent(ctx, rem[0].Token); err != nil {
			t.Fatal(err)
		}
		ps, _ = s.Participants(ctx, actor, w.ID)
		if ps[1].RemindedAt == nil || ps[0].RemindedAt != nil {
			t.Fatalf("reminded: %+v", ps)
		}

		rep, err := s.WaveReport(ctx, actor, w.ID)
		if err != nil || rep.Wave.Responded != 2 {
			t.Fatalf("report: %v %+v", err, rep)
		}
		// Samaritan House is rated by County Health: trust 2, value 4.
		for _, o := range rep.Results.Organizations {
			if o.Name == "Samaritan House" && (!near(o.TrustReceived, 2) || !near(o.ValueReceived, 4) || !near(o.TrustGiven, 3.5) || o.Rated != 2) {
				t.Errorf("Samaritan House scores %+v", o)
			}
		}

		// Closing writes no tie: the answers suggest one change, for review.
		old, err := s.CreateTie(ctx, actor, network.TieInput{FromID: ids[0], ToID: ids[1], Kinds: []string{"referral"}, Level: "awareness", Status: "developing"}, "")
		if err != nil {
			t.Fatal(err)
		}
		res, err := s.CloseWave(ctx, actor, w.ID)
		if err != nil || res.Suggestions != 1 || !res.Wave.Closed() {
			t.Fatalf("close: %v %+v", err, res)
		}
		tie, _ := s.Tie(ctx, actor, old.ID)
		if tie.Level != "awareness" || tie.Status != "developing" || tie.Version != 1 {
			t.Fatalf("closing changed the tie %+v", tie)
		}
		page, _ := s.ListTies(ctx, network.TieFilter{Status: "all"})
		if page.Total != 1 {
			t.Fatalf("ties after closing: %+v", page.Items)
		}
		var conflict *errs.ConflictError
		if err := s.SaveResponse(ctx, token["County Health"], network.Response{}); !errors.As(err, &conflict) || !strings.Contains(conflict.Message, "closed") {
			t.Fatalf("answer after closing: %v", err)
		}
		if _, err := s.CloseWave(ctx, actor, w.ID); !errors.As(err, &conflict) {
			t.Fatalf("close twice: %v", err)
		}

		// A second wave for an initiative's active members, compared with the first.
		inits := initiative.NewStore(db)
		in, err := inits.Create(ctx, actor, initiative.Input{Name: "Peninsula Partners", BackboneOrganizationID: ids[0]})
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range ids[1:] {
			if err := inits.AddMember(ctx, actor, in.ID, o, "core_partner", "active"); err != nil {
				t.Fatal(err)
			}
		}
		outsider := orgs(t, db, "Outside Org")[0]
		if _, _, err := s.CreateWave(ctx, actor, network.WaveInput{Name: "x", InitiativeID: in.ID, OrganizationIDs: []string{ids[1], outsider}}); !errors.As(err, &v) ||
			!strings.Contains(v.Fields["organization_ids"], "Outside Org is not an active member") {
			t.Fatalf("a non-member in an initiative's wave: %v", err)
		}
		w2, links2, err := s.CreateWave(ctx, actor, network.WaveInput{Name: "Autumn 2026", InitiativeID: in.ID})
		if err != nil || w2.InitiativeName != "Peninsula Partners" || len(links2) < 2 {
			t.Fatalf("initiative wave: %v %+v %+v", err, w2, links2)
		}
		for _, l := range links2 {
			if l.OrganizationID == ids[0] {
				if err := s.SaveResponse(ctx, l.Token, network.Response{Ratings: []network.Rating{
					{RatedID: ids[1], Level: "collaboration", TrustReliable: ip(4), TrustMission: ip(4), TrustOpen: ip(4)},
					{RatedID: ids[2], Level: "cooperation"},
				}}); err != nil {
					t.Fatal(err)
				}
			}
		}
		waves, err := s.Waves(ctx, actor)
		if err != nil || len(waves) != 2 || waves[0].ID != w2.ID {
			t.Fatalf("waves: %v %+v", err, waves)
		}
		if len(links2) == 3 {
			cmp, err := s.CompareWaves(ctx, actor, w.ID, w2.ID)
			if err != nil {
				t.Fatal(err)
			}
			if len(cmp.NewTies) != 1 || cmp.NewTies[0].LevelAfter != "cooperation" {
				t.Fatalf("new ties %+v", cmp.NewTies)
			}
		}
		if _, err := s.CompareWaves(ctx, actor, w.ID, 999); !errors.Is(err, errs.ErrNotFound) {
			t.Fatalf("compare with a missing wave: %v", err)
		}
	})
}

func TestScores(t *testing.T) {
	cases := []struct {
		r            network.Rating
		trust, value float64 // -1 for none
	}{
		{network.Rating{}, -1, -1},
		{network.Rating{TrustReliable: ip(4), TrustMission: ip(2), TrustOpen: ip(3)}, 3, -1},
		{network.Rating{TrustOpen: ip(1), ValueResources: ip(4)}, 1, 4},
		{network.Rating{ValueInfluence: ip(1), ValueInvolvement: ip(2)}, -1, 1.5},
	}
	for i, c := range cases {
		for name, got := range map[string]*float64{"trust": network.TrustScore(c.r), "value": network.ValueScore(c.r)} {
			want := c.trust
			if name == "value" {
				want = c.value
			}
			if (want < 0 && got != nil) || (want >= 0 && !near(got, want)) {
				t.Errorf("case %d %s = %v, want %v", i, name, got, want)
			}
		}
	}
}

func rating(from, to, level string, trust, value int) network.WaveRating {
	r := network.WaveRating{RaterID: from, RaterName: strings.ToUpper(from), Rating: network.Rating{RatedID: to, RatedName: strings.ToUpper(to), Level: level}}
	if trust > 0 {
		r.TrustReliable, r.TrustMission, r.TrustOpen = ip(trust), ip(trust), ip(trust)
	}
	if value > 0 {
		r.ValueInfluence, r.ValueInvolvement, r.ValueResources = ip(value), ip(value), ip(value)
	}
	return r
}

func TestSummarizeAndCompare(t *testing.T) {
	three := []network.Org{{ID: "a", Name: "A"}, {ID: "b", Name: "B"}, {ID: "c", Name: "C"}}
	a := network.Summarize(three, []network.WaveRating{
		rating("a", "b", "cooperation", 2, 3),
		rating("b", "a", "coordination", 4, 1),
		rating("a", "c", "awareness", 0, 2),
		rating("c", "b", "", 4, 4), // no level: left out
	})
	cases := []struct {
		id                         string
		trustIn, valueIn, trustOut float64
	}{
		{"a", 4, 1, 2}, {"b", 2, 3, 4}, {"c", -1, 2, -1},
	}
	for _, c := range cases {
		var o network.OrgScore
		for _, x := range a.Organizations {
			if x.ID == c.id {
				o = x
			}
		}
		check := func(name string, got *float64, want float64) {
			if (want < 0 && got != nil) || (want >= 0 && !near(got, want)) {
				t.Errorf("%s %s = %v, want %v", c.id, name, got, want)
			}
		}
		check("trust received", o.TrustReceived, c.trustIn)
		check("value received", o.ValueReceived, c.valueIn)
		check("trust given", o.TrustGiven, c.trustOut)
	}
	if len(a.Pairs) != 2 || a.Pairs[0].AID != "a" || a.Pairs[0].BID != "b" || a.Pairs[0].Level != "coordination" ||
		!near(a.Pairs[0].Trust, 3) || !near(a.Pairs[0].Value, 2) || a.Pairs[0].AtoB.Level != "cooperation" || a.Pairs[0].BtoA.Level != "coordination" {
		t.Fatalf("pairs %+v", a.Pairs)
	}
	if !near(a.Trust, 3) || !near(a.Value, 2) {
		t.Fatalf("overall %v %v", *a.Trust, *a.Value)
	}

	// Wave B: a–b closer and trusted more, a–c gone, b–c new, d joins.
	four := append(append([]network.Org{}, three...), network.Org{ID: "d", Name: "D"})
	b := network.Summarize(four, []network.WaveRating{
		rating("a", "b", "collaboration", 4, 4),
		rating("a", "c", "none", 0, 0),
		rating("b", "c", "cooperation", 3, 3),
		rating("d", "a", "awareness", 1, 1),
	})
	c := network.CompareResults(a, b)
	if len(c.Organizations) != 4 || c.Organizations[3].ID != "d" || c.Organizations[3].InA || !c.Organizations[3].InB {
		t.Fatalf("organizations %+v", c.Organizations)
	}
	if o := c.Organizations[1]; o.ID != "b" || !near(o.TrustReceived.Change, 2) || !near(o.ValueReceived.Change, 1) {
		t.Fatalf("b changed %+v", o)
	}
	if o := c.Organizations[0]; !near(o.TrustReceived.Change, -3) {
		t.Fatalf("a changed %+v", o)
	}
	byPair := map[string]network.PairChange{}
	for _, p := range c.Pairs {
		byPair[p.AID+p.BID] = p
	}
	if p := byPair["ab"]; p.LevelBefore != "coordination" || p.LevelAfter != "collaboration" || p.LevelChange != 1 || !near(p.Trust.Change, 1) {
		t.Fatalf("a–b %+v", p)
	}
	if p := byPair["ac"]; p.LevelChange != -1 || p.LevelAfter != "none" {
		t.Fatalf("a–c %+v", p)
	}
	if len(c.NewTies) != 1 || c.NewTies[0].AID != "b" || c.NewTies[0].BID != "c" {
		t.Fatalf("new ties %+v", c.NewTies)
	}
	if len(c.LostTies) != 1 || c.LostTies[0].AID != "a" || c.LostTies[0].BID != "c" {
		t.Fatalf("lost ties %+v", c.LostTies)
	}
	// d was not asked in A, so its tie to a is neither new nor lost.
	if p := byPair["ad"]; p.LevelAfter != "awareness" || p.LevelChange != 0 {
		t.Fatalf("a–d %+v", p)
	}
	empty := network.CompareResults(network.Summarize(nil, nil), network.Summarize(nil, nil))
	if len(empty.Pairs) != 0 || empty.Trust.Change != nil {
		t.Fatalf("empty %+v", empty)
	}
}
