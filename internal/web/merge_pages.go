package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"backbone/internal/account"
	"backbone/internal/directory"
	"backbone/internal/errs"
	"backbone/internal/httpx"
)

// maxDuplicatePairs is how many probable duplicates the page lists at once:
// a steward works down from the most certain.
const maxDuplicatePairs = 200

type duplicatesData struct {
	Pairs []directory.DuplicatePair
	Total int
}

// duplicatesPage lists the organizations that are probably the same, with
// the evidence, most certain first.
func (h *handler) duplicatesPage(w http.ResponseWriter, r *http.Request) error {
	pairs, total, err := h.Directory.FindDuplicates(r.Context(), httpx.Actor(r), maxDuplicatePairs)
	if err != nil {
		return err
	}
	h.render(
		w,
		r,
		http.StatusOK,
		"duplicates",
		"Probable duplicates",
		"verification",
		duplicatesData{Pairs: pairs, Total: total},
	)
	return nil
}

// duplicateDismiss is "not a duplicate": the pair leaves the list for good.
func (h *handler) duplicateDismiss(w http.ResponseWriter, r *http.Request) error {
	if err := h.Directory.DismissDuplicate(r.Context(), httpx.Actor(r), r.PostFormValue("a"),
		r.PostFormValue("b")); err != nil {
		return err
	}
	h.setFlash(w, r, "success", "The pair was marked as not a duplicate and will not be listed again.")
	redirect(w, r, "/directory/duplicates")
	return nil
}

type mergeFormData struct {
	Preview *directory.MergePreview
	Label   func(string) string
}

// mergeForm shows two records side by side before a merge: the fields that
// differ (the kept record's value chosen unless the steward takes the
// other's), and what would move.
func (h *handler) mergeForm(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	p, err := h.Directory.PreviewMerge(r.Context(), httpx.Actor(r), q.Get("keep"), q.Get("merge"))
	if err != nil {
		return err
	}
	h.render(w, r, http.StatusOK, "merge_form", "Merge "+p.Merged.Name+" into "+p.Kept.Name, "verification",
		mergeFormData{Preview: p, Label: moveLabel})
	return nil
}

// mergeInput reads the merge form: for each field that differs, the value
// whose record the steward chose ("kept" or "other").
func mergeInput(r *http.Request) directory.MergeInput {
	in := directory.MergeInput{KeepID: r.PostFormValue("keep"), MergeID: r.PostFormValue("merge")}
	for _, f := range directory.MergeFields {
		if r.PostFormValue("field_"+f.Name) == "other" {
			in.Take = append(in.Take, f.Name)
		}
	}
	return in
}

// mergeSave merges, then shows the kept record.
func (h *handler) mergeSave(w http.ResponseWriter, r *http.Request) error {
	m, err := h.Directory.MergeOrganizations(r.Context(), httpx.Actor(r), mergeInput(r))
	if err != nil {
		return err
	}
	h.setFlash(
		w,
		r,
		"success",
		fmt.Sprintf("%s was merged into %s. The merge can be undone from its record (History, below).",
			m.MergedName, m.KeptName),
	)
	redirect(w, r, "/organizations/"+url.PathEscape(m.KeptID))
	return nil
}

type mergeViewData struct {
	Merge   *directory.OrganizationMerge
	Label   func(string) string
	CanUndo bool
}

// moveLabels say, in a steward's words, what kind of record each moved
// reference is.
var moveLabels = map[string]string{
	"services.organization_id": "services", "locations.organization_id": "locations", "phones.organization_id": "phones",
	"memberships.organization_id": "people (memberships)", "ties.from_organization_id": "ties from it",
	"ties.to_organization_id": "ties to it", "initiative_members.organization_id": "initiative memberships",
	"survey_participants.organization_id": "survey participations", "proposals.proposed_by": "proposals made",
	"goals.organization_id": "own goals", "organization_sectors.organization_id": "sectors",
	"contacts.organization_id": "contacts", "programs.organization_id": "programs",
}

// moveLabel is how a page names a reference an organization merge moves.
func moveLabel(ref string) string {
	if l, ok := moveLabels[ref]; ok {
		return l
	}
	return ref
}

// mergeView is a merge's record, with the button that undoes it.
func (h *handler) mergeView(w http.ResponseWriter, r *http.Request) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return errs.ErrNotFound
	}
	m, err := h.Directory.Merge(r.Context(), httpx.Actor(r), id)
	if err != nil {
		return err
	}
	undo, err := h.may(r, account.UndoMerge, account.Platform)
	if err != nil {
		return err
	}
	h.render(w, r, http.StatusOK, "merge_view", "Merge of "+m.MergedName+" into "+m.KeptName, "verification",
		mergeViewData{Merge: m, Label: moveLabel, CanUndo: undo && !m.Undone()})
	return nil
}

// mergeUndo undoes a merge, then shows the record restored.
func (h *handler) mergeUndo(w http.ResponseWriter, r *http.Request) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return errs.ErrNotFound
	}
	m, err := h.Directory.UndoMerge(r.Context(), httpx.Actor(r), id)
	if err != nil {
		return err
	}
	h.setFlash(
		w,
		r,
		"success",
		fmt.Sprintf("The merge was undone: %s is back in the directory with what it had.", m.MergedName),
	)
	redirect(w, r, "/organizations/"+url.PathEscape(m.MergedID))
	return nil
}
