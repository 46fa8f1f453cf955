package api

import (
	"fmt"
	"net/http"

	"backbone/internal/account"
	"backbone/internal/httpx"
	"backbone/internal/measure"
)

// indicatorBody is the body of an indicator's create or change: on a
// change, the fields left out keep their values.
type indicatorBody struct {
	Name        *string   `json:"name"`
	Definition  *string   `json:"definition"`
	Unit        *string   `json:"unit"`
	Direction   *string   `json:"direction"`
	Aggregation *string   `json:"aggregation"`
	Frequency   *string   `json:"frequency"`
	Source      *string   `json:"source"`
	WeightLabel *string   `json:"weight_label"`
	Reporters   *[]string `json:"reporters"`
}

// over returns base with the fields the body holds written over it.
func (b indicatorBody) over(base measure.IndicatorInput) measure.IndicatorInput {
	for dst, src := range map[*string]*string{&base.Name: b.Name, &base.Definition: b.Definition, &base.Unit: b.Unit,
		&base.Direction: b.Direction, &base.Aggregation: b.Aggregation, &base.Source: b.Source, &base.WeightLabel: b.WeightLabel} {
		if src != nil {
			*dst = *src
		}
	}
	if b.Frequency != nil {
		base.Frequency = measure.Frequency(*b.Frequency)
	}
	if b.Reporters != nil {
		base.Reporters = *b.Reporters
	}
	return base
}

func (h *handler) createIndicator(w http.ResponseWriter, r *http.Request) error {
	in, err := h.initiativeFor(r, account.EditInitiative)
	if err != nil {
		return err
	}
	var body indicatorBody
	if err := decodeBody(w, r, &body); err != nil {
		return err
	}
	ind, err := h.Measure.CreateIndicator(r.Context(), httpx.Actor(r), in.ID, body.over(measure.IndicatorInput{}))
	if err != nil {
		return err
	}
	location(w, in.ID, "indicators", ind.ID)
	h.writeJSON(w, r, http.StatusCreated, ind)
	return nil
}

// indicatorFor returns the indicator of the path, if it is the path's
// initiative's, when the caller may take action a on the initiative.
func (h *handler) indicatorFor(r *http.Request, a account.Action) (*measure.Indicator, error) {
	in, err := h.initiativeFor(r, a)
	if err != nil {
		return nil, err
	}
	id, err := pathID(r, "indicator")
	if err != nil {
		return nil, err
	}
	ind, err := h.Measure.Indicator(r.Context(), id)
	if err != nil {
		return nil, err
	}
	if err := belongs(ind.InitiativeID, in.ID, "indicator", id); err != nil {
		return nil, err
	}
	return ind, nil
}

func (h *handler) getIndicator(w http.ResponseWriter, r *http.Request) error {
	ind, err := h.indicatorFor(r, account.ViewInitiative)
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusOK, ind)
	return nil
}

func (h *handler) updateIndicator(w http.ResponseWriter, r *http.Request) error {
	ind, err := h.indicatorFor(r, account.EditInitiative)
	if err != nil {
		return err
	}
	var body indicatorBody
	if err := decodeBody(w, r, &body); err != nil {
		return err
	}
	base := measure.IndicatorInput{Name: ind.Name, Definition: ind.Definition, Unit: ind.Unit, Direction: ind.Direction, Aggregation: ind.Aggregation,
		Frequency: ind.Frequency, Source: ind.Source, WeightLabel: ind.WeightLabel, Reporters: ind.Reporters}
	out, err := h.Measure.UpdateIndicator(r.Context(), httpx.Actor(r), ind.ID, body.over(base))
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusOK, out)
	return nil
}

func (h *handler) archiveIndicator(w http.ResponseWriter, r *http.Request) error {
	ind, err := h.indicatorFor(r, account.EditInitiative)
	if err != nil {
		return err
	}
	if err := h.Measure.ArchiveIndicator(r.Context(), httpx.Actor(r), ind.ID); err != nil {
		return fmt.Errorf("archive indicator %d: %w", ind.ID, err)
	}
	out, err := h.Measure.Indicator(r.Context(), ind.ID)
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusOK, out)
	return nil
}
