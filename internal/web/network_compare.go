package web

import (
	"errors"
	"net/http"
	"time"

	"backbone/internal/errs"
	"backbone/internal/httpx"
	"backbone/internal/network"
)

// compareLimit is how many organizations and ties the comparison lists.
const compareLimit = 200

type dateCompareData struct {
	*networkMapData
	From, To   string
	Comparison *network.DateComparison
	Orgs       []network.OrgDelta
	NewTies    []network.TieDelta
	Dropped    []network.TieDelta
	Limit      int
}

// networkCompare shows how the selection changed from one day (from) to
// another (to, today when empty).
func (h *handler) networkCompare(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	d := dateCompareData{networkMapData: &networkMapData{Query: q}, From: q.Get("from"), To: q.Get("to"), Limit: compareLimit}
	f, err := parseMapFilter(q, h.now())
	d.networkMapData.Filter = f
	var from, to time.Time
	if err == nil {
		from, to, err = parseCompareDays(d.From, d.To)
	}
	if err == nil && (d.From != "" || d.To != "") {
		d.Comparison, err = h.Network.CompareDates(r.Context(), httpx.Actor(r), f, from, to)
	}
	if c := d.Comparison; c != nil {
		d.Orgs = c.Organizations[:min(len(c.Organizations), compareLimit)]
		d.NewTies = c.NewTies[:min(len(c.NewTies), compareLimit)]
		d.Dropped = c.DroppedTies[:min(len(c.DroppedTies), compareLimit)]
	}

	var v *errs.ValidationError
	switch {
	case errors.As(err, &v):
		d.Error = v.Error()
		h.render(w, r, http.StatusBadRequest, "network_compare", "How the network changed", "network", d)
		return nil
	case err != nil:
		return err
	}
	h.render(w, r, http.StatusOK, "network_compare", "How the network changed", "network", d)
	return nil
}

// parseCompareDays reads the two days of a comparison, naming the one that
// is wrong; an empty one is the zero time.
func parseCompareDays(fromText, toText string) (from, to time.Time, err error) {
	var v errs.ValidationError
	if fromText != "" {
		if from, err = time.Parse("2006-01-02", fromText); err != nil {
			v.Add("from", "must be a date like 2024-03-31")
		}
	}
	if toText != "" {
		if to, err = time.Parse("2006-01-02", toText); err != nil {
			v.Add("to", "must be a date like 2024-03-31")
		}
	}
	return from, to, v.OrNil()
}
