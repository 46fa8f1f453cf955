package network_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"backbone/internal/errs"
	"backbone/internal/network"
	"backbone/internal/store"
	"backbone/internal/testutil/storetest"
)

// waitJob polls a job until it has ended.
func waitJob(t *testing.T, s *network.Store, id int64) *network.AnalysisJob {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		j, err := s.AnalysisJob(context.Background(), actor, id)
		if err != nil {
			t.Fatal(err)
		}
		if !j.Active() {
			return j
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("job %d did not end", id)
	return nil
}

func TestAnalysisJobs(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := network.NewStore(db)
		ids := orgs(t, db, "Hub", "A", "B", "C", "D")
		for _, to := range ids[1:4] {
			if _, err := s.CreateTie(ctx, actor, network.TieInput{FromID: ids[0], ToID: to}, ""); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := s.CreateTie(ctx, actor, network.TieInput{FromID: ids[3], ToID: ids[4]}, ""); err != nil {
			t.Fatal(err)
		}
		if _, err := s.StartAnalysisJob(ctx, actor, network.MapFilter{Kind: "gossip"}); err == nil || !strings.Contains(err.Error(), "kind") {
			t.Fatalf("bad filter: %v", err)
		}
		// Held, the job is seen queued, and asking again for the same
		// selection gives the same job.
		release := s.HoldJobs()
		j, err := s.StartAnalysisJob(ctx, actor, network.MapFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if j.Status != network.JobQueued || j.Filter != "" || j.RequestedBy != "test" {
			t.Fatalf("new job %+v", j)
		}
		if again, err := s.StartAnalysisJob(ctx, actor, network.MapFilter{}); err != nil || again.ID != j.ID || !again.Active() {
			t.Fatalf("the same selection again: %v %+v", err, again)
		}
		release()
		j = waitJob(t, s, j.ID)
		if j.Status != network.JobDone || j.Progress != 1 || j.Organizations != 5 || j.Ties != 4 || j.FinishedAt == nil || j.StartedAt == nil {
			t.Fatalf("done job %+v", j)
		}
		_, res, err := s.AnalysisResult(ctx, actor, j.ID)
		if err != nil || len(res.Organizations) != 5 {
			t.Fatalf("result %v %+v", err, res)
		}
		exact, err := s.ExactAnalysis(ctx, actor, network.MapFilter{})
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range exact.Organizations {
			for _, r := range res.Organizations {
				if r.ID == o.ID && (r.Betweenness != o.Betweenness || r.Closeness != *o.Closeness) {
					t.Fatalf("job %+v, in the request %+v", r, o)
				}
			}
		}
		// Small networks are exact in the request and need no job.
		a, err := s.Analysis(ctx, actor, network.MapFilter{})
		if err != nil || a.Method.Betweenness != network.Exact || a.Method.Closeness != network.Exact {
			t.Fatalf("analysis %v %+v", err, a)
		}
		if _, err := s.AnalysisJob(ctx, actor, 999); !errors.Is(err, errs.ErrNotFound) {
			t.Fatalf("unknown job: %v", err)
		}
		// Cancelling an ended job leaves it as it is.
		if c, err := s.CancelAnalysisJob(ctx, actor, j.ID); err != nil || c.Status != network.JobDone {
			t.Fatalf("cancel done job: %v %+v", err, c)
		}
		// A job left running by a stopped server is marked interrupted.
		if _, err := db.ExecContext(ctx, `INSERT INTO network_analysis_jobs (filter, status, created_at) VALUES ('kind=referral', 'running', $1)`, db.Now()); err != nil {
			t.Fatal(err)
		}
		if err := s.MarkInterruptedJobs(ctx); err != nil {
			t.Fatal(err)
		}
		last, err := s.LatestAnalysisJob(ctx, network.MapFilter{Kind: "referral"})
		if err != nil || last == nil || last.Status != network.JobInterrupted || last.Error == "" {
			t.Fatalf("interrupted: %v %+v", err, last)
		}
		if _, _, err := s.AnalysisResult(ctx, actor, last.ID); err == nil {
			t.Fatal("result of an interrupted job")
		}
		// After Stop, new jobs are refused.
		if err := s.StopJobs(ctx); err != nil {
			t.Fatal(err)
		}
		var conflict *errs.ConflictError
		if _, err := s.StartAnalysisJob(ctx, actor, network.MapFilter{Level: "cooperation"}); !errors.As(err, &conflict) {
			t.Fatalf("after stop: %v", err)
		}
	})
}

func TestCompareDatesAndGapSectors(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := network.NewStore(db)
		ids := orgs(t, db, "Hub", "A", "B")
		yesterday := db.Now().AddDate(0, 0, -1).Truncate(24 * time.Hour)
		if _, err := s.CompareDates(ctx, actor, network.MapFilter{}, time.Time{}, time.Time{}); err == nil || !strings.Contains(err.Error(), "from") {
			t.Fatalf("no from: %v", err)
		}
		if _, err := s.CreateTie(ctx, actor, network.TieInput{FromID: ids[0], ToID: ids[1], Level: "collaboration"}, ""); err != nil {
			t.Fatal(err)
		}
		c, err := s.CompareDates(ctx, actor, network.MapFilter{}, yesterday, time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		if c.Before.Ties != 0 || c.After.Ties != 1 || c.Change.Ties != 1 || len(c.NewTies) != 1 || c.NewTies[0].Level != "collaboration" ||
			len(c.DroppedTies) != 0 || len(c.Organizations) != 2 || c.Organizations[0].Gained != 1 || c.Organizations[0].InBefore {
			t.Fatalf("comparison %+v", c)
		}

		list, err := s.GapSectors(ctx, actor)
		if err != nil || len(list) != len(network.DefaultGapSectors()) {
			t.Fatalf("default sectors: %v %d", err, len(list))
		}
		saved, err := s.SetGapSectors(ctx, actor, []network.GapSector{{Name: " Behavioral health ", Matches: []string{"mental health", " Substance use"}}, {Name: "Food", Matches: []string{"food"}}, {}})
		if err != nil || len(saved) != 2 || saved[0].Name != "Behavioral health" || saved[0].Matches[1] != "substance use" {
			t.Fatalf("save: %v %+v", err, saved)
		}
		list, err = s.GapSectors(ctx, actor)
		if err != nil || len(list) != 2 || list[1].Name != "Food" {
			t.Fatalf("saved sectors: %v %+v", err, list)
		}
		gaps, err := s.ServiceGaps(ctx, actor, network.Scope{OrganizationID: ids[0]}, nil)
		if err != nil || len(gaps) != 2 || gaps[0].Sector != "Behavioral health" {
			t.Fatalf("gaps with saved sectors: %v %+v", err, gaps)
		}
		var v *errs.ValidationError
		if _, err := s.SetGapSectors(ctx, actor, nil); !errors.As(err, &v) || v.Fields["sectors"] == "" {
			t.Fatalf("empty list: %v", err)
		}
		if err := s.ResetGapSectors(ctx, actor); err != nil {
			t.Fatal(err)
		}
		if list, _ := s.GapSectors(ctx, actor); len(list) != len(network.DefaultGapSectors()) {
			t.Fatalf("reset: %d", len(list))
		}
	})
}
