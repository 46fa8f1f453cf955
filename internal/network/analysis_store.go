package network

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strconv"

	"backbone/internal/account"
)

// ExactLimit is the size (organizations) up to which an analysis computes
// exact betweenness and closeness while the page waits: below it every
// measure takes well under 250 ms. Above it the analysis estimates
// betweenness from SampleSources sources and offers the exact figures as a
// background job.
const ExactLimit = 1000

// SampleSources is how many source organizations sampled betweenness uses.
const SampleSources = 256

// sampleSeed keeps sampled figures the same from one request to the next.
const sampleSeed = 20260401

// FilterKey names a selection of the map in the analysis page's query
// string form (only the parameters that select, sorted), so that a job's
// result can be found again for the same selection.
func FilterKey(f MapFilter) string {
	q := url.Values{}
	if f.InitiativeID != 0 {
		q.Set("initiative", strconv.FormatInt(f.InitiativeID, 10))
	}
	for k, v := range map[string]string{"organization": f.OrganizationID, "sector": f.Sector, "kind": f.Kind, "level": f.Level} {
		if v != "" {
			q.Set(k, v)
		}
	}
	if !f.AsOf.IsZero() {
		q.Set("as_of", f.AsOf.Format("2006-01-02"))
	}
	return q.Encode()
}

// Analysis loads the selection f and analyzes it: exactly up to ExactLimit
// organizations; above, with sampled betweenness, replaced by the exact
// betweenness and closeness of the latest finished job for the same
// selection when there is one. It adds the trust and value of the latest
// closed survey (see surveyScores). It is for someone who may read the map
// and see f's initiative (see checkScope).
func (s *Store) Analysis(ctx context.Context, actor account.Actor, f MapFilter) (*Analysis, error) {
	return s.analysis(ctx, actor, f, false)
}

// ExactAnalysis is Analysis with exact figures whatever the size, computed
// while the caller waits (for the command line and scripts).
func (s *Store) ExactAnalysis(ctx context.Context, actor account.Actor, f MapFilter) (*Analysis, error) {
	return s.analysis(ctx, actor, f, true)
}

func (s *Store) analysis(ctx context.Context, actor account.Actor, f MapFilter, exact bool) (*Analysis, error) {
	n, err := s.Load(ctx, actor, f)
	if err != nil {
		return nil, err
	}
	var a *Analysis
	if exact {
		a, err = Analyze(ctx, n)
	} else {
		a, err = s.analyze(ctx, n)
	}
	if err != nil {
		return nil, err
	}
	if a.Method.Betweenness == Sampled {
		job, res, err := s.latestResult(ctx, FilterKey(f))
		if err != nil {
			return nil, err
		}
		if res != nil {
			a.applyExact(job, res)
		}
	}
	src, res, err := s.surveyScores(ctx, f)
	if err != nil {
		return nil, err
	}
	if src != nil {
		a.AddSurveyScores(src, res, n)
	}
	return a, nil
}

// analyze is AnalyzeWith under the size rule of ExactLimit.
func (s *Store) analyze(ctx context.Context, n *Network) (*Analysis, error) {
	opts := Options{Seed: sampleSeed}
	if len(n.Orgs) > ExactLimit {
		opts.Sample = SampleSources
	}
	return AnalyzeWith(ctx, n, opts)
}

// applyExact puts a job's exact figures in place of the estimates.
// Organizations that joined since the job keep their estimates.
func (a *Analysis) applyExact(job *AnalysisJob, res *ExactResult) {
	a.Method = Method{Betweenness: ExactJob, Closeness: ExactJob, ComputedAt: job.FinishedAt, JobID: job.ID,
		Stale: job.Organizations != a.Network.Organizations || job.Ties != a.Network.Ties}
	byID := make(map[string]int, len(res.Organizations))
	for i, o := range res.Organizations {
		byID[o.ID] = i
	}
	for i := range a.Organizations {
		if j, ok := byID[a.Organizations[i].ID]; ok {
			e := res.Organizations[j]
			c := e.Closeness
			a.Organizations[i].Betweenness, a.Organizations[i].Closeness = e.Betweenness, &c
		} else {
			a.Method.Stale = true
		}
	}
}

// surveyScores returns the scores of the survey an analysis of f uses: the
// latest closed wave (of f's initiative, when f selects one; closed by the
// end of f.AsOf, when f looks at a past day). It returns nil when no wave
// applies.
func (s *Store) surveyScores(ctx context.Context, f MapFilter) (*ScoreSource, *SurveyResults, error) {
	q := `SELECT id, name, closed_at FROM survey_waves WHERE closed_at IS NOT NULL`
	var args []any
	if f.InitiativeID != 0 {
		args = append(args, f.InitiativeID)
		q += fmt.Sprintf(" AND initiative_id = $%d", len(args))
	}
	if !f.AsOf.IsZero() {
		args = append(args, f.AsOf.AddDate(0, 0, 1).UTC())
		q += fmt.Sprintf(" AND closed_at < $%d", len(args))
	}
	var src ScoreSource
	err := s.db.QueryRowContext(ctx, q+` ORDER BY closed_at DESC, id DESC LIMIT 1`, args...).Scan(&src.WaveID, &src.Name, &src.ClosedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, nil
	}
	if err != nil {
		return nil, nil, fmt.Errorf("latest closed survey: %w", err)
	}
	ps, err := s.participants(ctx, s.db, src.WaveID)
	if err != nil {
		return nil, nil, err
	}
	ratings, err := s.waveRatings(ctx, s.db, src.WaveID)
	if err != nil {
		return nil, nil, err
	}
	orgs := make([]Org, len(ps))
	for i, p := range ps {
		orgs[i] = Org{ID: p.OrganizationID, Name: p.OrganizationName}
	}
	return &src, Summarize(orgs, ratings), nil
}
