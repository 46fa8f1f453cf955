package network_test

import (
	"context"
	"testing"
	"time"

	"backbone/internal/network"
	"backbone/internal/store"
	"backbone/internal/testutil/storetest"
)

func day(s string) time.Time {
	d, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return d
}

// TestMapAsOfValidTime is a community entering its existing partnerships
// on its first day: the map as of an earlier day follows the ties' own
// dates (valid time), while each tie's history keeps when it was recorded.
func TestMapAsOfValidTime(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := network.NewStore(db)
		ids := orgs(t, db, "A", "B", "C", "D", "E", "F", "G")
		begun := []string{"2015-01-01", "2016-08-15", "2017-09-01", "2018-05-01", "2019-07-01", "2019-11-01"}
		var ties []*network.Tie
		for i, since := range begun {
			tie, err := s.CreateTie(
				ctx,
				actor,
				network.TieInput{FromID: ids[i], ToID: ids[i+1], Level: "coordination", Since: since},
				"",
			)
			if err != nil {
				t.Fatal(err)
			}
			ties = append(ties, tie)
		}
		// No since: on the map from the day it was recorded.
		if _, err := s.CreateTie(ctx, actor, network.TieInput{FromID: ids[0], ToID: ids[6], Level: "awareness"}, ""); err != nil {
			t.Fatal(err)
		}
		// Recorded today as ended at the end of 2018, after running since 2017.
		in := network.InputOf(ties[2])
		in.Status, in.Until = "ended", "2018-12-31"
		if _, err := s.UpdateTie(ctx, actor, ties[2].ID, 1, in, "ended"); err != nil {
			t.Fatal(err)
		}
		// Changed today: a past day shows it as first recorded.
		in = network.InputOf(ties[0])
		in.Level = "collaboration"
		if _, err := s.UpdateTie(ctx, actor, ties[0].ID, 1, in, ""); err != nil {
			t.Fatal(err)
		}

		count := func(on string) (int, map[string]*network.Tie) {
			t.Helper()
			m, err := s.MapAsOf(ctx, actor, day(on))
			if err != nil {
				t.Fatal(err)
			}
			by := map[string]*network.Tie{}
			for _, tie := range m {
				by[tie.ID] = tie
			}
			return len(m), by
		}
		if n, by := count("2020-01-01"); n != 5 || by[ties[0].ID].Level != "coordination" || by[ties[2].ID] != nil {
			t.Fatalf("2020-01-01: %d ties %+v", n, by)
		}
		if n, by := count("2018-06-30"); n != 4 || by[ties[2].ID] == nil || by[ties[2].ID].Status != "active" {
			t.Fatalf("2018-06-30 (the ended tie ran then): %d ties %+v", n, by)
		}
		if n, _ := count("2014-12-31"); n != 0 {
			t.Fatalf("2014-12-31: %d ties", n)
		}
		if n, by := count(db.Now().Format("2006-01-02")); n != 6 || by[ties[0].ID].Level != "collaboration" {
			t.Fatalf("today: %d ties %+v", n, by)
		}

		// The comparison between two days follows the same dates.
		c, err := s.CompareDates(ctx, actor, network.MapFilter{}, day("2016-01-01"), day("2020-01-01"))
		if err != nil {
			t.Fatal(err)
		}
		if c.Before.Ties != 1 || c.After.Ties != 5 || len(c.NewTies) != 4 {
			t.Fatalf("compare 2016 with 2020: %+v %+v new %d", c.Before, c.After, len(c.NewTies))
		}

		// The history keeps recorded time: both versions recorded today.
		hist, err := s.TieHistory(ctx, actor, ties[0].ID)
		today := db.Now().Format("2006-01-02")
		if err != nil || len(hist) != 2 || hist[1].RecordedAt.Format("2006-01-02") != today ||
			hist[1].Since != "2015-01-01" {
			t.Fatalf("history: %v %+v", err, hist)
		}
	})
}
