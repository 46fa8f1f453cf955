package web

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"backbone/internal/account"
	"backbone/internal/directory"
	"backbone/internal/errs"
	"backbone/internal/httpx"
)

// The synonyms a search also tries, on one page: a steward changes a
// pair in place, removes some, adds new ones below, and saves them all.

// newSynonymRows is how many empty rows the form offers for new pairs.
const newSynonymRows = 3

type synonymsData struct {
	Rows    []directory.Synonym // the pairs, then empty rows for new ones (with MayEdit)
	Count   int
	MayEdit bool
	Errors  map[string]string
}

func (h *handler) synonymsPage(w http.ResponseWriter, r *http.Request) error {
	list, err := h.Directory.Synonyms(r.Context(), httpx.Actor(r))
	if err != nil {
		return err
	}
	return h.renderSynonyms(w, r, http.StatusOK, list, nil)
}

func (h *handler) renderSynonyms(w http.ResponseWriter, r *http.Request, status int, list []directory.Synonym,
	problems map[string]string) error {
	mayEdit, err := h.may(r, account.EditSearchSynonyms, account.Platform)
	if err != nil {
		return err
	}
	d := synonymsData{Rows: list, Count: len(list), MayEdit: mayEdit, Errors: problems}
	if mayEdit {
		d.Rows = append(d.Rows, make([]directory.Synonym, newSynonymRows)...)
	}
	h.render(w, r, status, "directory_synonyms", "Search synonyms", "categories", d)
	return nil
}

// synonymsSave replaces the list with the form's rows: those not marked
// for removal and not left empty.
func (h *handler) synonymsSave(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return &errs.ValidationError{Fields: map[string]string{"form": "could not be read"}}
	}
	// Who may not edit is told so before anything about the form.
	if ok, err := h.may(r, account.EditSearchSynonyms, account.Platform); err != nil || !ok {
		if err == nil {
			err = fmt.Errorf("edit the search synonyms: %w", errs.ErrForbidden)
		}
		return err
	}
	if _, ok := r.PostForm["phrase_0"]; !ok {
		// Not the page's form (it always has rows): nothing is replaced.
		return &errs.ValidationError{Fields: map[string]string{"phrase_0": "is missing: send the synonyms page's form"}}
	}
	var list []directory.Synonym
	for i := 0; ; i++ {
		n := strconv.Itoa(i)
		if _, ok := r.PostForm["phrase_"+n]; !ok {
			break
		}
		p := directory.Synonym{Phrase: r.PostFormValue("phrase_" + n), Replacement: r.PostFormValue("replacement_" + n)}
		if r.PostFormValue("remove_"+n) != "" || p.Phrase == "" && p.Replacement == "" {
			continue
		}
		list = append(list, p)
	}
	added, removed, err := h.Directory.PutSynonyms(r.Context(), httpx.Actor(r), list)
	var v *errs.ValidationError
	if errors.As(err, &v) {
		return h.renderSynonyms(w, r, http.StatusUnprocessableEntity, list, v.Fields)
	}
	if err != nil {
		return err
	}
	h.setFlash(w, r, "success", "Saved the synonyms: "+strconv.Itoa(added)+" added, "+strconv.Itoa(removed)+" removed.")
	http.Redirect(w, r, "/directory/synonyms", http.StatusSeeOther)
	return nil
}
