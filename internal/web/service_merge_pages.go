package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"backbone/internal/account"
	"backbone/internal/directory"
	"backbone/internal/errs"
	"backbone/internal/httpx"
)

type serviceDuplicatesData struct {
	Within, Across []directory.ServiceDuplicatePair
	Total          int
}

// serviceDuplicatesPage lists the services that are probably the same, with
// the evidence: those within one organization, then, apart, those across
// two.
func (h *handler) serviceDuplicatesPage(w http.ResponseWriter, r *http.Request) error {
	pairs, total, err := h.Directory.FindServiceDuplicates(r.Context(), httpx.Actor(r), maxDuplicatePairs)
	if err != nil {
		return err
	}
	d := serviceDuplicatesData{Total: total}
	for _, p := range pairs {
		if p.SameOrganization {
			d.Within = append(d.Within, p)
		} else {
			d.Across = append(d.Across, p)
		}
	}
	h.render(w, r, http.StatusOK, "service_duplicates", "Probable duplicate services", "verification", d)
	return nil
}

// serviceDuplicateDismiss is "not a duplicate": the pair of services leaves
// the list for good.
func (h *handler) serviceDuplicateDismiss(w http.ResponseWriter, r *http.Request) error {
	if err := h.Directory.DismissServiceDuplicate(r.Context(), httpx.Actor(r), r.PostFormValue("a"),
		r.PostFormValue("b")); err != nil {
		return err
	}
	h.setFlash(w, r, "success", "The two services were marked as not the same and will not be listed again.")
	redirect(w, r, "/directory/duplicates/services")
	return nil
}

type serviceMergeFormData struct {
	Preview *directory.ServiceMergePreview
	Label   func(string) string
}

// serviceMergeForm shows two services side by side before a merge: the
// fields that differ (the kept service's value chosen unless the steward
// takes the other's), and what would move.
func (h *handler) serviceMergeForm(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	p, err := h.Directory.PreviewServiceMerge(r.Context(), httpx.Actor(r), q.Get("keep"), q.Get("merge"))
	if err != nil {
		return err
	}
	h.render(w, r, http.StatusOK, "service_merge_form", "Merge the service "+p.Merged.Name+" into "+p.Kept.Name,
		"verification", serviceMergeFormData{Preview: p, Label: directory.ServiceMoveLabel})
	return nil
}

// serviceMergeSave merges, then shows the kept service.
func (h *handler) serviceMergeSave(w http.ResponseWriter, r *http.Request) error {
	in := directory.MergeInput{KeepID: r.PostFormValue("keep"), MergeID: r.PostFormValue("merge")}
	for _, f := range directory.ServiceMergeFields {
		if r.PostFormValue("field_"+f.Name) == "other" {
			in.Take = append(in.Take, f.Name)
		}
	}
	m, err := h.Directory.MergeServices(r.Context(), httpx.Actor(r), in)
	if err != nil {
		return err
	}
	h.setFlash(w, r, "success", fmt.Sprintf("%s was merged into %s. The merge can be undone from its record "+
		"(the history of %s).", m.Merged.Name, m.Kept.Name, m.Kept.OrganizationName))
	redirect(w, r, "/services/"+url.PathEscape(m.Kept.ID))
	return nil
}

type serviceMergeViewData struct {
	Merge   *directory.ServiceMerge
	Label   func(string) string
	CanUndo bool
}

// serviceMergeView is a service merge's record, with the button that undoes
// it.
func (h *handler) serviceMergeView(w http.ResponseWriter, r *http.Request) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return errs.ErrNotFound
	}
	m, err := h.Directory.ServiceMerge(r.Context(), httpx.Actor(r), id)
	if err != nil {
		return err
	}
	undo, err := h.may(r, account.UndoServiceMerge, account.Platform)
	if err != nil {
		return err
	}
	h.render(w, r, http.StatusOK, "service_merge_view", "Merge of the service "+m.Merged.Name+" into "+m.Kept.Name,
		"verification", serviceMergeViewData{Merge: m, Label: directory.ServiceMoveLabel, CanUndo: undo && !m.Undone()})
	return nil
}

// serviceMergeUndo undoes a service merge, then shows the service restored.
func (h *handler) serviceMergeUndo(w http.ResponseWriter, r *http.Request) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return errs.ErrNotFound
	}
	m, err := h.Directory.UndoServiceMerge(r.Context(), httpx.Actor(r), id)
	if err != nil {
		return err
	}
	h.setFlash(w, r, "success",
		fmt.Sprintf("The merge was undone: %s is back with what it had.", m.Merged.Name))
	redirect(w, r, "/services/"+url.PathEscape(m.Merged.ID))
	return nil
}

// mergePathOf is the page of the merge an audit event records ("merge" and
// "merged_into" of organizations, "merge_service" of services), for the
// history's "Undo this merge" link; "" for any other event.
func mergePathOf(action, after string) string {
	var v struct {
		MergeID        int64 `json:"merge_id"`
		ServiceMergeID int64 `json:"service_merge_id"`
	}
	switch action {
	case "merge", "merged_into":
		if json.Unmarshal([]byte(after), &v) == nil && v.MergeID > 0 {
			return "/directory/merges/" + strconv.FormatInt(v.MergeID, 10)
		}
	case "merge_service":
		if json.Unmarshal([]byte(after), &v) == nil && v.ServiceMergeID > 0 {
			return "/directory/service-merges/" + strconv.FormatInt(v.ServiceMergeID, 10)
		}
	}
	return ""
}
