package web

import (
	"net/http"
	"net/url"
	"strconv"

	"backbone/internal/account"
	"backbone/internal/directory"
	"backbone/internal/httpx"
)

// qualityPageSize is how many problems the data-quality page lists at once.
const qualityPageSize = 100

type qualityData struct {
	Report *directory.QualityReport
	Next   int // the offset of the next page, 0 when none
	Prev   int // the offset of the previous page, -1 when none
	// CanDismiss shows the "right as it is" and "list again" buttons.
	CanDismiss bool
}

// directoryQuality lists the directory's data-quality problems for the
// stewards: counts per kind, and the records named with a link to the
// page that fixes each (directory.Store.QualityReport decides who may).
func (h *handler) directoryQuality(w http.ResponseWriter, r *http.Request) error {
	offset, _ := strconv.Atoi(r.URL.Query().Get("offset"))
	rep, err := h.Directory.QualityReport(r.Context(), httpx.Actor(r), directory.QualityFilter{
		Kind: r.URL.Query().Get("kind"), Limit: qualityPageSize, Offset: offset,
		Dismissed: r.URL.Query().Get("dismissed") == "1"})
	if err != nil {
		return err
	}
	canDismiss, err := h.may(r, account.DismissQualityProblem, account.Platform)
	if err != nil {
		return err
	}
	d := qualityData{Report: rep, Prev: -1, CanDismiss: canDismiss}
	if rep.Offset+len(rep.Problems) < rep.Matched {
		d.Next = rep.Offset + len(rep.Problems)
	}
	if rep.Offset > 0 {
		d.Prev = max(0, rep.Offset-qualityPageSize)
	}
	h.render(w, r, http.StatusOK, "directory_quality", "Data quality", "organizations", d)
	return nil
}

// qualityKey reads the finding a form names.
func qualityKey(r *http.Request) directory.QualityKey {
	return directory.QualityKey{Kind: r.PostFormValue("kind"), Record: r.PostFormValue("record"),
		RecordID: r.PostFormValue("record_id"), Field: r.PostFormValue("field"), Value: r.PostFormValue("value")}
}

// qualityBack is the report's page a form came from: the same kind, the
// list or the dismissed view.
func qualityBack(r *http.Request, dismissed bool) string {
	q := url.Values{}
	if k := r.PostFormValue("back_kind"); k != "" {
		q.Set("kind", k)
	}
	if dismissed {
		q.Set("dismissed", "1")
	}
	if len(q) == 0 {
		return "/directory/quality"
	}
	return "/directory/quality?" + q.Encode()
}

// qualityDismiss is "right as it is": the finding leaves the list, with
// the steward's note, until its record changes.
func (h *handler) qualityDismiss(w http.ResponseWriter, r *http.Request) error {
	if err := h.Directory.DismissQualityProblem(r.Context(), httpx.Actor(r), qualityKey(r),
		r.PostFormValue("note")); err != nil {
		return err
	}
	h.setFlash(w, r, "success", "The finding was marked right as it is. It is kept under “Dismissed”, and comes "+
		"back by itself if the record changes.")
	redirect(w, r, qualityBack(r, false))
	return nil
}

// qualityRestore lists a dismissed finding again.
func (h *handler) qualityRestore(w http.ResponseWriter, r *http.Request) error {
	if err := h.Directory.RestoreQualityProblem(r.Context(), httpx.Actor(r), qualityKey(r)); err != nil {
		return err
	}
	h.setFlash(w, r, "success", "The finding is listed again.")
	redirect(w, r, qualityBack(r, true))
	return nil
}
