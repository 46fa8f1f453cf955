package network

import (
	"bytes"
	"compress/gzip"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"time"

	"backbone/internal/account"
	"backbone/internal/errs"
	"backbone/internal/jobs"
	"backbone/internal/network/metrics"
	"backbone/internal/store"
)

// How many analysis jobs run at once and how many more may wait. Each job
// already uses every core, so a second at once would only share them.
const (
	JobsRunning = 1
	JobsWaiting = 3
)

// The states of an analysis job.
const (
	JobQueued      = "queued"
	JobRunning     = "running"
	JobDone        = "done"
	JobFailed      = "failed"
	JobCancelled   = "cancelled"
	JobInterrupted = "interrupted" // the server stopped while it was queued or running
)

// AnalysisJob is a background computation of exact betweenness and
// closeness for one selection of the map.
type AnalysisJob struct {
	ID            int64      `json:"id"`
	Filter        string     `json:"filter"` // the selection, as the analysis page's query string
	Status        string     `json:"status"`
	Phase         string     `json:"phase"`    // loading, betweenness, closeness, saving
	Progress      float64    `json:"progress"` // 0..1
	Error         string     `json:"error"`
	Organizations int        `json:"organizations"` // the network's size when it was loaded
	Ties          int        `json:"ties"`
	RequestedByID int64      `json:"-"`
	RequestedBy   string     `json:"requested_by"`
	CreatedAt     time.Time  `json:"created_at"`
	StartedAt     *time.Time `json:"started_at"`
	FinishedAt    *time.Time `json:"finished_at"`
}

// Active reports whether the job is queued or running.
func (j *AnalysisJob) Active() bool { return j.Status == JobQueued || j.Status == JobRunning }

// Target is the job as the rule book names it (account.CancelNetworkAnalysis):
// its author is the user who started it.
func (j *AnalysisJob) Target() account.Target { return account.Target{AuthorID: j.RequestedByID} }

// scope is the part of the map the job analyzes, read back from its filter.
func (j *AnalysisJob) scope() (Scope, error) {
	q, err := url.ParseQuery(j.Filter)
	if err != nil {
		return Scope{}, fmt.Errorf("analysis job %d filter: %w", j.ID, err)
	}
	sc := Scope{OrganizationID: q.Get("organization")}
	if v := q.Get("initiative"); v != "" {
		if sc.InitiativeID, err = strconv.ParseInt(v, 10, 64); err != nil {
			return Scope{}, fmt.Errorf("analysis job %d filter: %w", j.ID, err)
		}
	}
	return sc, nil
}

// ExactResult is what an analysis job computes.
type ExactResult struct {
	Organizations []ExactScores `json:"organizations"`
}

// ExactScores are one organization's exact figures.
type ExactScores struct {
	ID          string  `json:"id"`
	Betweenness float64 `json:"betweenness"`
	Closeness   float64 `json:"closeness"`
}

const jobColumns = `id, filter, status, phase, progress, error, organizations, ties, COALESCE(requested_by, 0), requested_by_label,
	created_at, started_at, finished_at FROM network_analysis_jobs`

func scanJob(row store.Scanner) (*AnalysisJob, error) {
	var j AnalysisJob
	var started, finished sql.NullTime
	if err := row.Scan(&j.ID, &j.Filter, &j.Status, &j.Phase, &j.Progress, &j.Error, &j.Organizations, &j.Ties, &j.RequestedByID,
		&j.RequestedBy, &j.CreatedAt, &started, &finished); err != nil {
		return nil, err
	}
	j.StartedAt, j.FinishedAt = nullTime(started), nullTime(finished)
	return &j, nil
}

// StartAnalysisJob queues the exact analysis of the selection f, for
// someone who may run one (account.RunNetworkAnalysis) and see f's
// initiative (see checkScope). When a job for the same selection is already
// queued or running, it returns that one. It fails with a ConflictError
// when too many jobs are waiting.
func (s *Store) StartAnalysisJob(ctx context.Context, actor account.Actor, f MapFilter) (*AnalysisJob, error) {
	if err := s.rules.Check(ctx, actor, account.RunNetworkAnalysis, account.Platform); err != nil {
		return nil, err
	}
	if err := s.checkScope(ctx, actor, f.Scope); err != nil {
		return nil, err
	}

	if err := f.Check(s.now()); err != nil {
		return nil, err
	}
	key := FilterKey(f)
	if j, err := s.latestJob(ctx, key, JobQueued, JobRunning); err != nil || j != nil {
		return s.withProgress(j), err
	}
	var uid any
	if actor.UserID != 0 {
		uid = actor.UserID
	}
	var id int64
	if err := s.db.QueryRowContext(ctx, `INSERT INTO network_analysis_jobs (filter, status, requested_by, requested_by_label, created_at)
		VALUES ($1, $2, $3, $4, $5) RETURNING id`, key, JobQueued, uid, actor.Label, s.now()).Scan(&id); err != nil {
		return nil, fmt.Errorf("queue analysis: %w", err)
	}
	if err := s.jobs.Go(id, s.runAnalysis(id, f)); err != nil {
		msg := "too many analyses are running or waiting; try again when one has finished"
		if errors.Is(err, jobs.ErrStopped) {
			msg = "the server is stopping; try again in a moment"
		}
		s.finishJob(id, JobFailed, msg, nil)
		return nil, &errs.ConflictError{Message: msg}
	}
	return s.analysisJob(ctx, id)
}

// AnalysisJob returns a job, with its live progress while it runs, for
// someone who may read the map (account.ViewNetwork). A job of an
// initiative's members is not found by someone who may not see the
// initiative.
func (s *Store) AnalysisJob(ctx context.Context, actor account.Actor, id int64) (*AnalysisJob, error) {
	if err := s.checkView(ctx, actor); err != nil {
		return nil, err
	}

	j, err := s.analysisJob(ctx, id)
	if err != nil {
		return nil, err
	}

	sc, err := j.scope()
	if err != nil {
		return nil, err
	}
	if sc.InitiativeID != 0 {
		err := s.rules.Check(ctx, actor, account.ViewInitiative, account.Initiative(sc.InitiativeID))
		if errors.Is(err, errs.ErrNotFound) {
			return nil, fmt.Errorf("analysis job %d: %w", id, errs.ErrNotFound)
		}
		if err != nil {
			return nil, err
		}
	}
	return j, nil
}

func (s *Store) analysisJob(ctx context.Context, id int64) (*AnalysisJob, error) {
	j, err := store.One(ctx, s.db, fmt.Sprintf("analysis job %d", id), scanJob, `SELECT `+jobColumns+` WHERE id = $1`, id)
	if err != nil {
		return nil, err
	}
	return s.withProgress(j), nil
}

// LatestAnalysisJob returns the newest job for the selection f, whatever
// its state, or nil when there is none. It asks no rule: the analysis page
// asks it about a selection it has just read through Analysis, which
// checked its reader.
func (s *Store) LatestAnalysisJob(ctx context.Context, f MapFilter) (*AnalysisJob, error) {
	j, err := s.latestJob(ctx, FilterKey(f))
	return s.withProgress(j), err
}

// withProgress puts the runner's live progress on an active job.
func (s *Store) withProgress(j *AnalysisJob) *AnalysisJob {
	if j == nil || !j.Active() {
		return j
	}
	if p, ok := s.jobs.Progress(j.ID); ok {
		if p.Running {
			j.Status = JobRunning
		}
		if p.Phase != "" {
			j.Phase, j.Progress = p.Phase, p.Fraction
		}
	}
	return j
}

func (s *Store) latestJob(ctx context.Context, key string, statuses ...string) (*AnalysisJob, error) {
	q, args := `SELECT `+jobColumns+` WHERE filter = $1`, []any{key}
	if len(statuses) > 0 {
		q += ` AND status IN ($2, $3)`
		args = append(args, statuses[0], statuses[len(statuses)-1])
	}
	j, err := scanJob(s.db.QueryRowContext(ctx, q+` ORDER BY id DESC LIMIT 1`, args...))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("latest analysis job: %w", err)
	}
	return j, nil
}

// AnalysisResult returns a finished job's exact figures, for whoever may
// read the job (see AnalysisJob).
func (s *Store) AnalysisResult(ctx context.Context, actor account.Actor, id int64) (*AnalysisJob, *ExactResult, error) {
	j, err := s.AnalysisJob(ctx, actor, id)
	if err != nil {
		return nil, nil, err
	}
	if j.Status != JobDone {
		return j, nil, &errs.ConflictError{Message: fmt.Sprintf("analysis job %d is %s, not done", id, j.Status)}
	}
	res, err := s.jobResult(ctx, id)
	return j, res, err
}

// latestResult is the newest finished job for a selection and its result.
func (s *Store) latestResult(ctx context.Context, key string) (*AnalysisJob, *ExactResult, error) {
	j, err := s.latestJob(ctx, key, JobDone)
	if err != nil || j == nil {
		return nil, nil, err
	}
	res, err := s.jobResult(ctx, j.ID)
	return j, res, err
}

func (s *Store) jobResult(ctx context.Context, id int64) (*ExactResult, error) {
	var blob []byte
	if err := s.db.QueryRowContext(ctx, `SELECT result FROM network_analysis_jobs WHERE id = $1`, id).Scan(&blob); err != nil {
		return nil, fmt.Errorf("analysis job %d result: %w", id, err)
	}
	zr, err := gzip.NewReader(bytes.NewReader(blob))
	if err != nil {
		return nil, fmt.Errorf("analysis job %d result: %w", id, err)
	}
	var res ExactResult
	if err := json.NewDecoder(zr).Decode(&res); err != nil {
		return nil, fmt.Errorf("analysis job %d result: %w", id, err)
	}
	return &res, nil
}

// CancelAnalysisJob cancels a queued or running job and waits (briefly)
// until it has stopped, for the person who started it or a steward
// (account.CancelNetworkAnalysis). A job that has already ended is returned
// as it is.
func (s *Store) CancelAnalysisJob(ctx context.Context, actor account.Actor, id int64) (*AnalysisJob, error) {
	j, err := s.AnalysisJob(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	if err := s.rules.Check(ctx, actor, account.CancelNetworkAnalysis, j.Target()); err != nil {
		return nil, err
	}
	if !j.Active() {
		return j, nil
	}

	if done := s.jobs.Cancel(id); done != nil {
		select {
		case <-done:
		case <-time.After(10 * time.Second):
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	} else {
		// Nobody runs it here: it was left over from another process.
		s.finishJob(id, JobCancelled, "", nil)
	}
	return s.analysisJob(ctx, id)
}

// MarkInterruptedJobs records that jobs queued or running when the server
// last stopped will not finish. Call it once at start-up, before any job.
func (s *Store) MarkInterruptedJobs(ctx context.Context) error {
	_, err := s.db.ExecContext(ctx, `UPDATE network_analysis_jobs SET status = $1, finished_at = $2,
		error = 'the server stopped before it finished' WHERE status IN ($3, $4)`, JobInterrupted, s.now(), JobQueued, JobRunning)
	return err
}

// StopJobs cancels the running analyses (they are recorded as interrupted)
// and waits for them until ctx ends.
func (s *Store) StopJobs(ctx context.Context) error { return s.jobs.Stop(ctx) }

// HoldJobs keeps the analyses started from now on queued until release is
// called: for maintenance, and for a test that must see a job before it
// runs.
func (s *Store) HoldJobs() (release func()) { return s.jobs.Hold() }

// runAnalysis is the work of job id: load the selection, compute exact
// betweenness and closeness with progress, keep the result.
func (s *Store) runAnalysis(id int64, f MapFilter) jobs.Func {
	return func(ctx context.Context, report jobs.Report) {
		defer func() {
			if p := recover(); p != nil {
				s.finishJob(id, JobFailed, fmt.Sprint("the analysis failed: ", p), nil)
			}
		}()
		if ctx.Err() != nil {
			s.finishJob(id, endState(ctx), "", nil)
			return
		}
		s.setJob(id, `status = $2, phase = 'loading', started_at = $3`, JobRunning, s.now())
		var phase string
		var fraction float64
		var lastSaved time.Time
		track := func(p string, f float64) {
			report(p, f)
			phase, fraction = p, f
			// Kept now and then, so that a restart shows how far it got.
			if p != "" && time.Since(lastSaved) > 5*time.Second {
				lastSaved = time.Now()
				s.setJob(id, `phase = $2, progress = $3`, p, f)
			}
		}
		track("loading", 0)
		res, size, err := s.exactMetrics(ctx, f, track)
		if err != nil && phase != "" {
			s.setJob(id, `phase = $2, progress = $3`, phase, fraction)
		}
		switch {
		case ctx.Err() != nil:
			s.finishJob(id, endState(ctx), "", nil)
		case err != nil:
			s.finishJob(id, JobFailed, err.Error(), nil)
		default:
			report("saving", 0.99)
			s.setJob(id, `organizations = $2, ties = $3`, size.Organizations, size.Ties)
			s.finishJob(id, JobDone, "", res)
		}
	}
}

// endState is the state a job whose context ended is left in.
func endState(ctx context.Context) string {
	if errors.Is(context.Cause(ctx), jobs.ErrStopped) {
		return JobInterrupted
	}
	return JobCancelled
}

// Progress shares: loading is quick, closeness costs about half of
// betweenness (one pass per source instead of two).
const (
	loadShare        = 0.05
	betweennessShare = 0.6
)

// exactMetrics computes the exact figures of the selection f.
func (s *Store) exactMetrics(ctx context.Context, f MapFilter, report jobs.Report) (*ExactResult, Summary, error) {
	n, err := s.load(ctx, f)
	if err != nil {
		return nil, Summary{}, err
	}
	_, ug, undirected, err := graphs(n)
	if err != nil {
		return nil, Summary{}, err
	}
	size := Summary{Organizations: len(n.Orgs), Ties: len(undirected)}
	report("betweenness", loadShare)
	between, err := metrics.Betweenness(ctx, ug, func(done, total int) {
		report("betweenness", loadShare+betweennessShare*float64(done)/float64(total))
	})
	if err != nil {
		return nil, size, err
	}
	report("closeness", loadShare+betweennessShare)
	close, err := metrics.Closeness(ctx, ug, func(done, total int) {
		report("closeness", loadShare+betweennessShare+(0.98-loadShare-betweennessShare)*float64(done)/float64(total))
	})
	if err != nil {
		return nil, size, err
	}
	res := &ExactResult{Organizations: make([]ExactScores, len(n.Orgs))}
	for i, o := range n.Orgs {
		res.Organizations[i] = ExactScores{ID: o.ID, Betweenness: between[i], Closeness: close[i]}
	}
	return res, size, nil
}

// setJob updates job id's columns (set uses $2 onwards). The job's own
// context may have ended, and the update must still happen.
func (s *Store) setJob(id int64, set string, args ...any) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	_, _ = s.db.ExecContext(ctx, `UPDATE network_analysis_jobs SET `+set+` WHERE id = $1`, append([]any{id}, args...)...)
}

// finishJob records how job id ended, with its result when it is done.
func (s *Store) finishJob(id int64, status, message string, res *ExactResult) {
	var blob []byte
	if res != nil {
		var buf bytes.Buffer
		zw := gzip.NewWriter(&buf)
		if err := json.NewEncoder(zw).Encode(res); err == nil && zw.Close() == nil {
			blob = buf.Bytes()
		} else {
			status, message = JobFailed, "the result could not be kept"
		}
	}
	if status == JobDone {
		s.setJob(id, `status = $2, error = $3, finished_at = $4, result = $5, progress = 1, phase = ''`, status, message, s.now(), blob)
		return
	}
	s.setJob(id, `status = $2, error = $3, finished_at = $4`, status, message, s.now())
}
