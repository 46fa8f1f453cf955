package network_test

import (
	"context"
	"errors"
	"testing"

	"backbone/internal/account"
	"backbone/internal/errs"
	"backbone/internal/network"
	"backbone/internal/store"
	"backbone/internal/testutil/storetest"
)

// TestSurveyWaveRules: a wave of any list of organizations is coordinated
// by the stewards; an initiative's wave by the stewards and the
// initiative's backbone staff. Coordinating is opening, finding, reading,
// reminding, closing and comparing; to an outsider a private initiative's
// wave is not found. Respondents answer through their link, with no
// account.
func TestSurveyWaveRules(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		c := newCommunity(t, db)
		anyList := network.WaveInput{Name: "County", OrganizationIDs: c.orgs[:3]}
		ofInitiative := network.WaveInput{Name: "Peninsula", InitiativeID: c.in}

		try(t, "open a wave of any list", []who{
			{"a steward", c.steward, nil},
			{"the initiative's backbone staff", c.backbone, errs.ErrForbidden},
			{"an organization's staff", c.staff, errs.ErrForbidden},
			{"nobody signed in", c.nobody, errs.ErrUnauthenticated},
		}, func(a account.Actor) error { _, _, err := c.s.CreateWave(ctx, a, anyList); return err })

		initiativeCoordinators := []who{
			{"the initiative's backbone staff", c.backbone, nil},
			{"a steward", c.steward, nil},
			{"a member's partner lead", c.lead, errs.ErrForbidden},
			{"an outsider", c.outsider, errs.ErrNotFound},
			{"nobody signed in", c.nobody, errs.ErrUnauthenticated},
		}
		try(t, "open an initiative's wave", initiativeCoordinators, func(a account.Actor) error {
			_, _, err := c.s.CreateWave(ctx, a, ofInitiative)
			return err
		})

		waves, err := c.s.Waves(ctx, c.steward)
		if err != nil || len(waves) != 3 {
			t.Fatalf("the steward's waves: %v %d, want 3", err, len(waves))
		}
		platform, mine := waves[2], waves[0] // newest first: the backbone's, the steward's, then the list's
		if platform.InitiativeID != 0 || mine.InitiativeID != c.in {
			t.Fatalf("waves %+v %+v", platform, mine)
		}
		for _, l := range []struct {
			name  string
			actor account.Actor
			want  int
		}{
			{"a steward", c.steward, 3}, {"the backbone staff", c.backbone, 2},
			{"a partner lead", c.lead, 0}, {"an outsider", c.outsider, 0},
		} {
			if got, err := c.s.Waves(ctx, l.actor); err != nil || len(got) != l.want {
				t.Errorf("%s finds %d waves (%v), want %d", l.name, len(got), err, l.want)
			}
		}
		if _, err := c.s.Waves(ctx, c.nobody); !errors.Is(err, errs.ErrUnauthenticated) {
			t.Errorf("nobody signed in lists the waves: %v", err)
		}

		platformCoordinators := []who{
			{"a steward", c.steward, nil},
			{"the initiative's backbone staff", c.backbone, errs.ErrForbidden},
			{"an outsider", c.outsider, errs.ErrForbidden},
			{"nobody signed in", c.nobody, errs.ErrUnauthenticated},
		}
		for _, w := range []struct {
			wave   *network.Wave
			people []who
		}{{platform, platformCoordinators}, {mine, initiativeCoordinators}} {
			try(t, "read "+w.wave.Name, w.people, func(a account.Actor) error {
				_, err := c.s.WaveReport(ctx, a, w.wave.ID)
				return err
			})
			try(t, "read who answered "+w.wave.Name, w.people, func(a account.Actor) error {
				_, err := c.s.Participants(ctx, a, w.wave.ID)
				return err
			})
			try(t, "remind for "+w.wave.Name, w.people, func(a account.Actor) error {
				_, err := c.s.Remind(ctx, a, w.wave.ID, nil)
				return err
			})
		}
		try(t, "compare two of the initiative's waves", initiativeCoordinators, func(a account.Actor) error {
			_, err := c.s.CompareWaves(ctx, a, waves[1].ID, mine.ID)
			return err
		})
		try(t, "compare the initiative's wave with one of any list", []who{
			{"a steward", c.steward, nil},
			{"the initiative's backbone staff", c.backbone, errs.ErrForbidden},
		}, func(a account.Actor) error { _, err := c.s.CompareWaves(ctx, a, platform.ID, mine.ID); return err })

		// A wave closes once: those refused try first.
		try(t, "close the initiative's wave", []who{
			{"a member's partner lead", c.lead, errs.ErrForbidden},
			{"an outsider", c.outsider, errs.ErrNotFound},
			{"nobody signed in", c.nobody, errs.ErrUnauthenticated},
			{"the initiative's backbone staff", c.backbone, nil},
		}, func(a account.Actor) error { _, err := c.s.CloseWave(ctx, a, mine.ID); return err })
		try(t, "close the wave of any list", []who{
			{"the initiative's backbone staff", c.backbone, errs.ErrForbidden},
			{"nobody signed in", c.nobody, errs.ErrUnauthenticated},
			{"a steward", c.steward, nil},
		}, func(a account.Actor) error { _, err := c.s.CloseWave(ctx, a, platform.ID); return err })
	})
}

// TestSurveyAnswerRules: whoever holds a private link answers, with no
// account; a link that opens no wave is not found.
func TestSurveyAnswerRules(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		c := newCommunity(t, db)
		_, links, err := c.s.CreateWave(ctx, c.backbone, network.WaveInput{Name: "Peninsula", InitiativeID: c.in})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.s.Respondent(ctx, links[0].Token); err != nil {
			t.Fatalf("the link's holder opens the survey: %v", err)
		}
		answer := network.Response{Ratings: []network.Rating{{RatedID: links[1].OrganizationID, Level: "cooperation"}}}
		if err := c.s.SaveResponse(ctx, links[0].Token, answer); err != nil {
			t.Fatalf("the link's holder answers: %v", err)
		}
		if err := c.s.SaveResponse(ctx, links[0].Token+"x", answer); !errors.Is(err, errs.ErrNotFound) {
			t.Fatalf("a wrong link answers: %v", err)
		}
	})
}
