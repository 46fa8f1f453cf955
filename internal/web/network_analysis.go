package web

import (
	"errors"
	"net/http"

	"backbone/internal/account"
	"backbone/internal/errs"
	"backbone/internal/httpx"
	"backbone/internal/network"
)

type analysisData struct {
	*networkMapData
	Analysis *network.Analysis
	Sort     string
}

// networkAnalysis shows the network analysis of the map's selection, as a
// table that sorts by any column, with what each measure means.
func (h *handler) networkAnalysis(w http.ResponseWriter, r *http.Request) {
	if err := h.Accounts.Authorize(r.Context(), httpx.User(r.Context()), account.ViewDirectory, account.Platform); err != nil {
		h.fail(w, r, err)
		return
	}
	q := r.URL.Query()
	d := analysisData{networkMapData: &networkMapData{Query: q, AsOf: q.Get("as_of"), Sectors: nil}, Sort: q.Get("sort")}
	f, err := parseMapFilter(q)
	d.Filter = f
	if err == nil && f.InitiativeID != 0 {
		if ok, cerr := h.Accounts.Can(r.Context(), httpx.User(r.Context()), account.ViewInitiative, account.Initiative(f.InitiativeID)); cerr != nil || !ok {
			err = errs.ErrNotFound
		}
	}
	var n *network.Network
	if err == nil {
		n, err = h.Network.Load(r.Context(), f)
	}
	if err == nil {
		d.Analysis, err = network.Analyze(r.Context(), n)
	}
	if err == nil {
		if serr := d.Analysis.SortBy(d.Sort); serr != nil {
			err = &errs.ValidationError{Fields: map[string]string{"sort": serr.Error()}}
		}
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
