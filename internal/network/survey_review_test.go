package network_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"backbone/internal/account"
	"backbone/internal/errs"
	"backbone/internal/network"
	"backbone/internal/store"
	"backbone/internal/testutil/storetest"
)

func TestSuggest(t *testing.T) {
	side := func(level string, strained bool) *network.Side {
		return &network.Side{Level: level, Strained: strained}
	}
	rec := func(level, status string) []*network.Tie { return []*network.Tie{{Level: level, Status: status}} }
	cases := []struct {
		name          string
		a, b          *network.Side
		recorded      []*network.Tie
		level, status string
		differs       bool
	}{
		{"nobody answered", nil, nil, rec("coordination", "active"), "", "", false},
		{
			"both agree with the record",
			side("coordination", false),
			side("coordination", false),
			rec("coordination", "active"),
			"coordination",
			"active",
			false,
		},
		{
			"the lower of two answers",
			side("collaboration", false),
			side("cooperation", false),
			rec("collaboration", "active"),
			"cooperation",
			"active",
			true,
		},
		{
			"one says none",
			side("none", false),
			side("coordination", false),
			rec("coordination", "active"),
			"none",
			"ended",
			true,
		},
		{
			"one says strained",
			side("cooperation", true),
			nil,
			rec("cooperation", "active"),
			"cooperation",
			"strained",
			true,
		},
		{
			"strained stays strained",
			side("awareness", true),
			side("awareness", false),
			rec("awareness", "strained"),
			"awareness",
			"strained",
			false,
		},
		{
			"nobody says strained",
			side("awareness", false),
			nil,
			rec("awareness", "strained"),
			"awareness",
			"active",
			true,
		},
		{
			"developing stays developing",
			side("awareness", false),
			nil,
			rec("awareness", "developing"),
			"awareness",
			"developing",
			false,
		},
		{"a new tie", side("cooperation", false), nil, nil, "cooperation", "active", true},
		{"none and nothing recorded", side("none", false), side("none", false), nil, "none", "ended", false},
	}
	for _, c := range cases {
		level, status, differs := network.Suggest(network.PairScore{AtoB: c.a, BtoA: c.b}, c.recorded)
		if level != c.level || status != c.status || differs != c.differs {
			t.Errorf("%s: %q %q %v, want %q %q %v", c.name, level, status, differs, c.level, c.status, c.differs)
		}
	}
}

// TestSurveyReview is the case a user found: closing a survey had made a
// strained tie active, ended a referral tie recorded since 2017 on one
// respondent's "none", and doubled every pair. Now closing writes nothing
// and a coordinator keeps or updates each tie the answers differ on.
func TestSurveyReview(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := network.NewStore(db)
		ids := orgs(t, db, "Family Service", "Salvation Army", "Samaritan House", "County Agency")
		family, army, samaritan, county := ids[0], ids[1], ids[2], ids[3]
		strained, err := s.CreateTie(
			ctx,
			actor,
			network.TieInput{FromID: family, ToID: army, Kinds: []string{"referral"},
				Level: "awareness", Status: "strained", Since: "2022-04-01",
				Notes: "Referrals went unanswered after staff changes."},
			"",
		)
		if err != nil {
			t.Fatal(err)
		}
		referral, err := s.CreateTie(
			ctx,
			actor,
			network.TieInput{FromID: samaritan, ToID: county, Kinds: []string{"referral"},
				Level: "coordination", Status: "active", Since: "2017-09-01"},
			"",
		)
		if err != nil {
			t.Fatal(err)
		}
		w, links, err := s.CreateWave(ctx, actor, network.WaveInput{Name: "Autumn 2026", OrganizationIDs: ids})
		if err != nil {
			t.Fatal(err)
		}
		token := map[string]string{}
		for _, l := range links {
			token[l.OrganizationID] = l.Token
		}
		answer := func(rater string, ratings ...network.Rating) {
			t.Helper()
			if err := s.SaveResponse(ctx, token[rater], network.Response{Ratings: ratings}); err != nil {
				t.Fatal(err)
			}
		}
		answer(family, network.Rating{RatedID: army, Level: "awareness"})
		answer(army, network.Rating{RatedID: family, Level: "awareness", Strained: true})
		answer(
			samaritan,
			network.Rating{RatedID: county, Level: "coordination"},
			network.Rating{RatedID: family, Level: "cooperation"},
		)
		answer(
			county,
			network.Rating{RatedID: samaritan, Level: "none"},
			network.Rating{RatedID: family, Level: "cooperation"},
		)
		sv, err := s.Respondent(ctx, token[army])
		if err != nil || sv.Ratings[1].RatedID != family || !sv.Ratings[1].Strained {
			t.Fatalf("the strain answer is not kept: %v %+v", err, sv)
		}

		var conflict *errs.ConflictError
		if _, err := s.DecideChange(ctx, actor, w.ID, network.TieDecision{AID: samaritan, BID: county,
			Decision: "keep"}); !errors.As(
			err,
			&conflict,
		) {
			t.Fatalf("a decision on an open survey: %v", err)
		}
		if got, err := s.SuggestedChanges(ctx, actor, w.ID); err != nil || len(got) != 0 {
			t.Fatalf("an open survey suggests: %v %+v", err, got)
		}
		res, err := s.CloseWave(ctx, actor, w.ID)
		if err != nil || res.Suggestions != 3 {
			t.Fatalf("close: %v %+v", err, res)
		}
		page, _ := s.ListTies(ctx, network.TieFilter{Status: "all"})
		if page.Total != 2 {
			t.Fatalf("closing wrote ties: %+v", page.Items)
		}
		for _, tie := range page.Items {
			if tie.Version != 1 {
				t.Fatalf("closing changed %+v", tie)
			}
		}

		// Family–Army agrees with the record now that strain is asked.
		// Samaritan–County: one says none. Samaritan–Family and
		// County–Family: nothing recorded, both see cooperation.
		got, err := s.SuggestedChanges(ctx, actor, w.ID)
		if err != nil || len(got) != 3 {
			t.Fatalf("suggestions: %v %+v", err, got)
		}
		var sc *network.Suggestion
		for i := range got {
			if got[i].Recorded != nil && len(got[i].Recorded) == 1 && got[i].Recorded[0].ID == referral.ID {
				sc = &got[i]
			}
		}
		if sc == nil || sc.Level != "none" || sc.Status != "ended" || sc.Decision != "" ||
			!strings.Contains(
				sc.Summary,
				"recorded: coordination, active, since 2017-09-01",
			) || !strings.Contains(sc.Summary, "says none") {
			t.Fatalf("the referral tie's suggestion %+v", sc)
		}

		var v *errs.ValidationError
		if _, err := s.DecideChange(ctx, actor, w.ID, network.TieDecision{AID: family, BID: army,
			Decision: "update"}); !errors.As(
			err,
			&v,
		) {
			t.Fatalf("a pair with nothing to change: %v", err)
		}
		if _, err := s.DecideChange(ctx, actor, w.ID, network.TieDecision{AID: samaritan, BID: county, Decision: "maybe",
			Level: "best"}); !errors.As(
			err,
			&v,
		) ||
			v.Fields["decision"] == "" ||
			v.Fields["level"] == "" {
			t.Fatalf("a bad decision: %v", err)
		}
		member := account.Actor{UserID: 999, Label: "someone"}
		if _, err := s.DecideChange(ctx, member, w.ID, network.TieDecision{AID: samaritan, BID: county, Decision: "keep"}); err == nil {
			t.Fatal("someone who does not coordinate the survey decided")
		}

		// Keep: the tie stays as it is.
		kept, err := s.DecideChange(
			ctx,
			actor,
			w.ID,
			network.TieDecision{AID: county, BID: samaritan, Decision: "keep"},
		)
		if err != nil || kept.Decision != "keep" || kept.DecidedAt == nil {
			t.Fatalf("keep: %v %+v", err, kept)
		}
		if tie, _ := s.Tie(ctx, actor, referral.ID); tie.Version != 1 || tie.Status != "active" {
			t.Fatalf("kept tie changed: %+v", tie)
		}
		if _, err := s.DecideChange(ctx, actor, w.ID, network.TieDecision{AID: samaritan, BID: county,
			Decision: "update"}); !errors.As(
			err,
			&conflict,
		) {
			t.Fatalf("decided twice: %v", err)
		}

		// Update: a new tie between Samaritan House and Family Service.
		upd, err := s.DecideChange(
			ctx,
			actor,
			w.ID,
			network.TieDecision{AID: samaritan, BID: family, Decision: "update", Note: "confirmed by phone"},
		)
		if err != nil || upd.Decision != "update" || len(upd.Recorded) != 1 || upd.Recorded[0].Level != "cooperation" {
			t.Fatalf("update: %v %+v", err, upd)
		}
		hist, _ := s.TieHistory(ctx, actor, upd.Recorded[0].ID)
		if len(hist) != 1 || !strings.Contains(hist[0].ChangeNote, "Autumn 2026") ||
			!strings.Contains(hist[0].ChangeNote, "confirmed by phone") {
			t.Fatalf("history %+v", hist)
		}
		if strained, _ := s.Tie(ctx, actor, strained.ID); strained.Status != "strained" || strained.Version != 1 {
			t.Fatalf("the strained tie changed: %+v", strained)
		}
		var audited int
		if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_events WHERE entity_type = 'survey_wave' AND action = 'review'`).
			Scan(&audited); err != nil ||
			audited != 2 {
			t.Fatalf("audited decisions: %v %d", err, audited)
		}
	})
}

// TestSurveyReviewEnds updates a tie to ended: the earlier version stays in
// its history and the map's until is the day the survey closed. A tie that
// had ended and runs again loses its until.
func TestSurveyReviewEnds(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := network.NewStore(db)
		ids := orgs(t, db, "Samaritan House", "County Agency")
		tie, err := s.CreateTie(
			ctx,
			actor,
			network.TieInput{FromID: ids[0], ToID: ids[1], Level: "coordination", Since: "2017-09-01"},
			"",
		)
		if err != nil {
			t.Fatal(err)
		}
		w, links, err := s.CreateWave(ctx, actor, network.WaveInput{Name: "Autumn 2026", OrganizationIDs: ids})
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range links {
			other := ids[0]
			if l.OrganizationID == other {
				other = ids[1]
			}
			if err := s.SaveResponse(ctx, l.Token, network.Response{Ratings: []network.Rating{{RatedID: other, Level: "none"}}}); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := s.CloseWave(ctx, actor, w.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.DecideChange(ctx, actor, w.ID, network.TieDecision{AID: ids[0], BID: ids[1], Decision: "update"}); err != nil {
			t.Fatal(err)
		}
		now, _ := s.Tie(ctx, actor, tie.ID)
		if now.Status != "ended" || now.Level != "coordination" || now.Until != db.Now().UTC().Format("2006-01-02") ||
			now.Since != "2017-09-01" {
			t.Fatalf("ended tie %+v", now)
		}
		hist, _ := s.TieHistory(ctx, actor, tie.ID)
		if len(hist) != 2 || hist[1].Status != "active" || hist[1].SupersededAt == nil {
			t.Fatalf("history %+v", hist)
		}

		// Both say they work together again.
		w2, links, err := s.CreateWave(ctx, actor, network.WaveInput{Name: "Spring 2027", OrganizationIDs: ids})
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range links {
			other := ids[0]
			if l.OrganizationID == other {
				other = ids[1]
			}
			if err := s.SaveResponse(ctx, l.Token, network.Response{Ratings: []network.Rating{{RatedID: other, Level: "cooperation"}}}); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := s.CloseWave(ctx, actor, w2.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.DecideChange(ctx, actor, w2.ID, network.TieDecision{AID: ids[1], BID: ids[0], Decision: "update"}); err != nil {
			t.Fatal(err)
		}
		again, _ := s.Tie(ctx, actor, tie.ID)
		if again.Status != "active" || again.Level != "cooperation" || again.Until != "" || again.Version != 3 {
			t.Fatalf("running again %+v", again)
		}
	})
}
