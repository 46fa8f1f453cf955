package web

import (
	"net/http"
	"strconv"

	"backbone/internal/directory"
	"backbone/internal/httpx"
)

// qualityPageSize is how many problems the data-quality page lists at once.
const qualityPageSize = 100

type qualityData struct {
	Report *directory.QualityReport
	Next   int // the offset of the next page, 0 when none
	Prev   int // the offset of the previous page, -1 when none
}

// directoryQuality lists the directory's data-quality problems for the
// stewards: counts per kind, and the records named with a link to the
// page that fixes each (directory.Store.QualityReport decides who may).
func (h *handler) directoryQuality(w http.ResponseWriter, r *http.Request) error {
	offset, _ := strconv.Atoi(r.URL.Query().Get("offset"))
	rep, err := h.Directory.QualityReport(r.Context(), httpx.Actor(r), directory.QualityFilter{
		Kind: r.URL.Query().Get("kind"), Limit: qualityPageSize, Offset: offset})
	if err != nil {
		return err
	}
	d := qualityData{Report: rep, Prev: -1}
	if rep.Offset+len(rep.Problems) < rep.Matched {
		d.Next = rep.Offset + len(rep.Problems)
	}
	if rep.Offset > 0 {
		d.Prev = max(0, rep.Offset-qualityPageSize)
	}
	h.render(w, r, http.StatusOK, "directory_quality", "Data quality", "organizations", d)
	return nil
}
