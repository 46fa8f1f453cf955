package web

import (
	"fmt"
	"net/http"
	"strconv"

	"backbone/internal/account"
	"backbone/internal/errs"
	"backbone/internal/httpx"
	"backbone/internal/initiative"
	"backbone/internal/measure"
)

type indicatorPageData struct {
	Initiative  *initiative.Initiative
	Indicator   *measure.Indicator
	Members     []initiative.Member
	Names       map[string]string // reporters' names by id
	CanEdit     bool
	Form        map[string]string
	Reporters   []string
	Errors      map[string]string
	Aggs        []string
	Frequencies []measure.Frequency
}

// indicatorOf loads the indicator of the path, making sure it is the
// initiative's.
func (h *handler) indicatorOf(w http.ResponseWriter, r *http.Request, in *initiative.Initiative) *measure.Indicator {
	id, _ := strconv.ParseInt(r.PathValue("indicator"), 10, 64)
	ind, err := h.Measure.Indicator(r.Context(), id)
	if err == nil && ind.InitiativeID != in.ID {
		err = errs.ErrNotFound
	}
	if err != nil {
		h.fail(w, r, err)
		return nil
	}
	return ind
}

func (h *handler) showIndicator(w http.ResponseWriter, r *http.Request, in *initiative.Initiative, ind *measure.Indicator, status int, d indicatorPageData) {
	ctx := r.Context()
	var err error
	d.Initiative, d.Indicator, d.Aggs, d.Frequencies = in, ind, measure.Aggregations, measure.Frequencies
	if d.Members, err = h.Initiatives.Members(ctx, in.ID); err != nil {
		h.fail(w, r, err)
		return
	}
	d.Names = map[string]string{}
	for _, m := range d.Members {
		d.Names[m.OrganizationID] = m.OrganizationName
	}
	d.CanEdit, _ = h.Accounts.Can(ctx, httpx.User(ctx), account.EditInitiative, account.Initiative(in.ID))
	if d.Form == nil {
		d.Form = map[string]string{"name": ind.Name, "definition": ind.Definition, "unit": ind.Unit, "direction": ind.Direction,
			"aggregation": ind.Aggregation, "frequency": string(ind.Frequency), "source": ind.Source, "weight_label": ind.WeightLabel}
		d.Reporters = ind.Reporters
	}
	h.render(w, r, status, "initiative_indicator", ind.Name, "initiatives", d)
}

func (h *handler) indicatorPage(w http.ResponseWriter, r *http.Request) {
	in := h.viewableInitiative(w, r)
	if in == nil {
		return
	}
	if ind := h.indicatorOf(w, r, in); ind != nil {
		h.showIndicator(w, r, in, ind, http.StatusOK, indicatorPageData{})
	}
}

// indicatorSave changes an indicator: its wording, how partners' numbers
// combine (the combined values are recomputed) and who reports it.
func (h *handler) indicatorSave(w http.ResponseWriter, r *http.Request) {
	in := h.changeableInitiative(w, r, account.EditInitiative)
	if in == nil {
		return
	}
	ind := h.indicatorOf(w, r, in)
	if ind == nil {
		return
	}
	form, input := parseIndicatorForm(r)
	_, err := h.Measure.UpdateIndicator(r.Context(), httpx.Actor(r), ind.ID, input)
	if p := fieldProblems(err); p != nil {
		h.showIndicator(w, r, in, ind, http.StatusUnprocessableEntity, indicatorPageData{Form: form, Reporters: input.Reporters, Errors: p})
		return
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.setFlash(w, r, "success", "The indicator was saved.")
	redirect(w, r, fmt.Sprintf("/initiatives/%d/indicators/%d", in.ID, ind.ID))
}

// indicatorArchive retires an indicator: its numbers stay, nobody is asked
// to report it any more.
func (h *handler) indicatorArchive(w http.ResponseWriter, r *http.Request) {
	in := h.changeableInitiative(w, r, account.EditInitiative)
	if in == nil {
		return
	}
	ind := h.indicatorOf(w, r, in)
	if ind == nil {
		return
	}
	if err := h.Measure.ArchiveIndicator(r.Context(), httpx.Actor(r), ind.ID); err != nil {
		h.fail(w, r, err)
		return
	}
	h.setFlash(w, r, "success", "“"+ind.Name+"” was retired: its numbers are kept, and nobody is asked to report it any more.")
	redirect(w, r, fmt.Sprintf("/initiatives/%d/measures", in.ID))
}
