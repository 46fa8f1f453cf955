package web

import (
	"errors"
	"net/http"

	"backbone/internal/account"
	"backbone/internal/errs"
	"backbone/internal/httpx"
	"backbone/internal/network"
)

// tableLimit is how many organizations the analysis table shows of a large
// network; the API and the command line give them all.
const tableLimit = 500

type analysisData struct {
	*networkMapData
	Analysis *network.Analysis
	Sort     string
	Columns  []analysisColumn
	Shown    []network.OrgAnalysis // the rows of the table (at most tableLimit)
	Job      *network.AnalysisJob  // the newest exact-analysis job for this selection
	Large    bool                  // above network.ExactLimit: estimates unless a job has run
	CanRun   bool
	CanStop  bool // may cancel Job
	Filter   string
	// ExactLimit is the size above which figures are estimated.
	ExactLimit int
}

type analysisColumn struct{ Key, Label string }

var analysisColumns = []analysisColumn{{"name", "Organization"}, {"degree", "Ties"}, {"in_degree", "Named by"}, {"out_degree", "Names"},
	{"betweenness", "Brokerage"}, {"closeness", "Reach"}, {"eigenvector", "Influence"}, {"constraint", "Constraint"},
	{"broker_score", "Bridges sectors"}, {"trust", "Trust"}, {"value", "Value"}}

// networkAnalysis shows the network analysis of the map's selection, as a
// table that sorts by any column, with what each measure means. Above
// network.ExactLimit organizations it shows estimates at once and offers
// the exact figures as a background job.
func (h *handler) networkAnalysis(w http.ResponseWriter, r *http.Request) {
	ctx, u := r.Context(), httpx.User(r.Context())
	if err := h.Accounts.Authorize(ctx, u, account.ViewDirectory, account.Platform); err != nil {
		h.fail(w, r, err)
		return
	}
	q := r.URL.Query()
	d := analysisData{networkMapData: &networkMapData{Query: q, AsOf: q.Get("as_of")}, Sort: q.Get("sort"), Columns: analysisColumns, ExactLimit: network.ExactLimit}
	f, err := h.analysisFilter(r)
	d.networkMapData.Filter, d.Filter = f, network.FilterKey(f)
	if err == nil {
		d.Analysis, err = h.Network.Analysis(ctx, f)
	}
	if err == nil {
		if serr := d.Analysis.SortBy(d.Sort); serr != nil {
			err = &errs.ValidationError{Fields: map[string]string{"sort": serr.Error()}}
		}
	}
	if err == nil && d.Analysis.Network.Organizations > network.ExactLimit {
		d.Large = true
		d.CanRun, _ = h.Accounts.Can(ctx, u, account.RunNetworkAnalysis, account.Platform)
		d.Job, err = h.Network.LatestAnalysisJob(ctx, f)
		if err == nil && d.Job != nil {
			d.CanStop = h.mayCancel(r, d.Job)
		}
	}
	if d.Analysis != nil {
		d.Shown = d.Analysis.Organizations[:min(len(d.Analysis.Organizations), tableLimit)]
	}
	var v *errs.ValidationError
	switch {
	case errors.As(err, &v):
		d.Error = v.Error()
		h.render(w, r, http.StatusBadRequest, "network_analysis", "Network analysis", "network", d)
	case err != nil:
		h.fail(w, r, err)
	default:
		h.render(w, r, http.StatusOK, "network_analysis", "Network analysis", "network", d)
	}
}

// analysisFilter reads the selection and checks the initiative, if any, is
// one the user may see (not found otherwise).
func (h *handler) analysisFilter(r *http.Request) (network.MapFilter, error) {
	f, err := parseMapFilter(r.URL.Query(), h.now())
	if err == nil && f.InitiativeID != 0 {
		if ok, cerr := h.Accounts.Can(r.Context(), httpx.User(r.Context()), account.ViewInitiative, account.Initiative(f.InitiativeID)); cerr != nil || !ok {
			err = errs.ErrNotFound
		}
	}
	return f, err
}

// mayCancel says whether the user may cancel j: its starter, or a steward.
func (h *handler) mayCancel(r *http.Request, j *network.AnalysisJob) bool {
	u := httpx.User(r.Context())
	if u == nil || !j.Active() {
		return false
	}
	if j.RequestedByID == u.ID {
		return true
	}
	ok, _ := h.Accounts.Can(r.Context(), u, account.ManageNetworkAnalysis, account.Platform)
	return ok
}
