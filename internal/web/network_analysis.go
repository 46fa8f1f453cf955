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

// analysisColumn is a column of the analysis table. An optional one is
// left out on a phone, unless the table is sorted by it.
type analysisColumn struct {
	Key, Label string
	Optional   bool
}

var analysisColumns = []analysisColumn{{"name", "Organization", false}, {"degree", "Ties", false},
	{"in_degree", "Named by", true}, {"out_degree", "Names", true}, {"betweenness", "Brokerage", false},
	{"closeness", "Reach", true}, {"eigenvector", "Influence", true}, {"constraint", "Constraint", true},
	{"broker_score", "Bridges sectors", true}, {"trust", "Trust", false}, {"value", "Value", false}}

// networkAnalysis shows the network analysis of the map's selection, as a
// table that sorts by any column, with what each measure means. Above
// network.ExactLimit organizations it shows estimates at once and offers
// the exact figures as a background job.
func (h *handler) networkAnalysis(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	d := analysisData{networkMapData: &networkMapData{Query: q, AsOf: q.Get("as_of")}, Sort: q.Get("sort"),
		Columns: analysisColumns, ExactLimit: network.ExactLimit}
	f, err := parseMapFilter(q, h.now())
	d.networkMapData.Filter, d.Filter = f, network.FilterKey(f)
	if err == nil {
		d.Analysis, err = h.Network.Analysis(r.Context(), httpx.Actor(r), f)
	}
	if err == nil {
		if serr := d.Analysis.SortBy(d.Sort); serr != nil {
			err = &errs.ValidationError{Fields: map[string]string{"sort": serr.Error()}}
		}
	}
	if err == nil && d.Analysis.Network.Organizations > network.ExactLimit {
		err = h.offerExactAnalysis(r, f, &d)
	}
	if d.Analysis != nil {
		d.Shown = d.Analysis.Organizations[:min(len(d.Analysis.Organizations), tableLimit)]
	}

	var v *errs.ValidationError
	switch {
	case errors.As(err, &v):
		d.Error = v.Error()
		h.render(w, r, http.StatusBadRequest, "network_analysis", "Network analysis", "network", d)
		return nil
	case err != nil:
		return err
	}
	h.render(w, r, http.StatusOK, "network_analysis", "Network analysis", "network", d)
	return nil
}

// offerExactAnalysis adds what a large network's page offers: the newest
// exact-analysis job of the selection, and whether the user may start one
// or cancel it.
func (h *handler) offerExactAnalysis(r *http.Request, f network.MapFilter, d *analysisData) error {
	d.Large = true
	var err error
	if d.CanRun, err = h.may(r, account.RunNetworkAnalysis, account.Platform); err != nil {
		return err
	}

	// The selection was checked when it was analyzed, just before.
	if d.Job, err = h.Network.LatestAnalysisJob(r.Context(), f); err != nil {
		return err
	}
	if d.Job != nil && d.Job.Active() {
		d.CanStop, err = h.may(r, account.CancelNetworkAnalysis, d.Job.Target())
	}
	return err
}
