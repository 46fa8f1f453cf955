package web

import (
	"fmt"
	"net/http"

	"backbone/internal/account"
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

// indicatorOf reads the initiative of the path and its indicator
// ({indicator}), for someone who may see them; an indicator of another
// initiative is not found.
func (h *handler) indicatorOf(r *http.Request) (*initiative.Initiative, *measure.Indicator, error) {
	in, err := h.initiativeOf(r)
	if err != nil {
		return nil, nil, err
	}
	id, err := pathInt(r, "indicator")
	if err != nil {
		return nil, nil, err
	}
	ind, err := h.Measure.Indicator(r.Context(), httpx.Actor(r), in.ID, id)
	return in, ind, err
}

func (h *handler) showIndicator(w http.ResponseWriter, r *http.Request, in *initiative.Initiative,
	ind *measure.Indicator, status int,
	d indicatorPageData) error {
	var err error
	d.Initiative, d.Indicator, d.Aggs, d.Frequencies = in, ind, measure.Aggregations, measure.Frequencies
	if d.Members, err = h.Initiatives.Members(r.Context(), in.ID); err != nil {
		return err
	}
	d.Names = map[string]string{}
	for _, m := range d.Members {
		d.Names[m.OrganizationID] = m.OrganizationName
	}
	if d.CanEdit, err = h.may(r, account.ManageMeasurement, account.Initiative(in.ID)); err != nil {
		return err
	}
	if d.Form == nil {
		d.Form = map[string]string{"name": ind.Name, "definition": ind.Definition, "unit": ind.Unit, "direction": ind.Direction,
			"aggregation": ind.Aggregation, "frequency": string(ind.Frequency), "source": ind.Source, "weight_label": ind.WeightLabel,
			"minimum": boundText(ind.Minimum), "maximum": boundText(ind.Maximum)}
		d.Reporters = ind.Reporters
	}
	h.render(w, r, status, "initiative_indicator", ind.Name, "initiatives", d)
	return nil
}

func (h *handler) indicatorPage(w http.ResponseWriter, r *http.Request) error {
	in, ind, err := h.indicatorOf(r)
	if err != nil {
		return err
	}
	return h.showIndicator(w, r, in, ind, http.StatusOK, indicatorPageData{})
}

// indicatorSave changes an indicator: its wording, how partners' numbers
// combine (the combined values are recomputed) and who reports it.
func (h *handler) indicatorSave(w http.ResponseWriter, r *http.Request) error {
	in, ind, err := h.indicatorOf(r)
	if err != nil {
		return err
	}
	form, input, problems := parseIndicatorForm(r)
	if len(problems) > 0 {
		return h.showIndicator(w, r, in, ind, http.StatusUnprocessableEntity, indicatorPageData{Form: form,
			Reporters: input.Reporters, Errors: problems})
	}
	_, err = h.Measure.UpdateIndicator(r.Context(), httpx.Actor(r), in.ID, ind.ID, input)
	if p := fieldProblems(err); p != nil {
		return h.showIndicator(w, r, in, ind, http.StatusUnprocessableEntity, indicatorPageData{Form: form,
			Reporters: input.Reporters, Errors: p})
	}
	if err != nil {
		return err
	}
	h.setFlash(w, r, "success", "The indicator was saved.")
	redirect(w, r, fmt.Sprintf("/initiatives/%d/indicators/%d", in.ID, ind.ID))
	return nil
}

// indicatorArchive retires an indicator: its numbers stay, nobody is asked
// to report it any more.
func (h *handler) indicatorArchive(w http.ResponseWriter, r *http.Request) error {
	in, ind, err := h.indicatorOf(r)
	if err != nil {
		return err
	}
	if err := h.Measure.ArchiveIndicator(r.Context(), httpx.Actor(r), in.ID, ind.ID); err != nil {
		return err
	}
	h.setFlash(w, r, "success", "“"+ind.Name+"” was retired: its numbers are kept, and nobody is asked to report it any more.")
	redirect(w, r, fmt.Sprintf("/initiatives/%d/measures", in.ID))
	return nil
}
