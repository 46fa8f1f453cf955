package web

import (
	"net/http"
	"strconv"
	"strings"

	"backbone/internal/account"
	"backbone/internal/directory"
	"backbone/internal/httpx"
	"backbone/internal/taxonomy/openeligibility"
)

// The steward's one screen for the directory's keywords: each with its
// suggestions, accepted one by one, all at once, chosen by hand or kept as
// a who-it-serves situation.

type categoriesData struct {
	Keywords    []directory.Keyword
	Terms       []directory.CategorySuggestion // every built-in term, for the manual choice
	Unreviewed  int
	MayEdit     bool
	Attribution string
}

func (h *handler) categoriesPage(w http.ResponseWriter, r *http.Request) error {
	keywords, err := h.Directory.Keywords(r.Context(), httpx.Actor(r))
	if err != nil {
		return err
	}
	mayEdit, err := h.may(r, account.EditCategoryMappings, account.Platform)
	if err != nil {
		return err
	}
	d := categoriesData{Keywords: keywords, MayEdit: mayEdit, Attribution: openeligibility.Attribution}
	for _, k := range keywords {
		if !k.Reviewed() {
			d.Unreviewed++
		}
	}
	terms, err := openeligibility.Terms()
	if err != nil {
		return err
	}
	for _, t := range terms {
		if len(t.Path) > 1 {
			d.Terms = append(d.Terms, directory.CategorySuggestion{TermID: t.ID, Path: strings.Join(t.Path, " › ")})
		}
	}
	h.render(w, r, http.StatusOK, "directory_categories", "Categories", "categories", d)
	return nil
}

// categoriesSave applies the form: with bulk=accept, the first suggestion
// of every keyword not yet reviewed; else each row's choice.
func (h *handler) categoriesSave(w http.ResponseWriter, r *http.Request) error {
	ctx, actor := r.Context(), httpx.Actor(r)
	var list []directory.CategoryMapping
	if r.PostFormValue("bulk") == "accept" {
		keywords, err := h.Directory.Keywords(ctx, actor)
		if err != nil {
			return err
		}
		for _, k := range keywords {
			if !k.Reviewed() && len(k.Suggestions) > 0 {
				list = append(
					list,
					directory.CategoryMapping{Keyword: k.Keyword, TermIDs: []string{k.Suggestions[0].TermID},
						Situation: false},
				)
			}
		}
	} else {
		for i := 0; ; i++ {
			n := strconv.Itoa(i)
			keyword := r.PostFormValue("keyword_" + n)
			if keyword == "" {
				break
			}
			m := directory.CategoryMapping{Keyword: keyword}
			switch choice := r.PostFormValue("choice_" + n); {
			case choice == "":
				continue
			case choice == "situation":
				m.Situation = true
			case choice == "clear":
			case choice == "manual":
				m.TermIDs = []string{strings.TrimSpace(r.PostFormValue("term_" + n))}
			default:
				m.TermIDs = []string{choice}
			}
			list = append(list, m)
		}
	}
	changed, err := h.Directory.MapKeywords(ctx, actor, list)
	if err != nil {
		return err
	}
	h.setFlash(w, r, "success", "Mapped "+strconv.Itoa(changed)+" keywords.")
	http.Redirect(w, r, "/directory/categories", http.StatusSeeOther)
	return nil
}
