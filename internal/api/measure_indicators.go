package api

import (
	"encoding/json"
	"fmt"
	"net/http"

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
	Minimum     bound     `json:"minimum"`
	Maximum     bound     `json:"maximum"`
}

// bound is a minimum or maximum in a body: left out (keep it), null (no
// bound) or a number.
type bound struct {
	set   bool
	value *float64
}

// UnmarshalJSON runs only for a field the body holds.
func (b *bound) UnmarshalJSON(data []byte) error {
	b.set = true
	return json.Unmarshal(data, &b.value)
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
	if b.Minimum.set {
		base.Minimum = b.Minimum.value
	}
	if b.Maximum.set {
		base.Maximum = b.Maximum.value
	}
	return base
}

func (h *handler) createIndicator(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var body indicatorBody
	if err := decodeBody(w, r, &body); err != nil {
		return err
	}
	ind, err := h.Measure.CreateIndicator(r.Context(), httpx.Actor(r), id, body.over(measure.IndicatorInput{}))
	if err != nil {
		return err
	}
	location(w, id, "indicators", ind.ID)
	h.writeJSON(w, r, http.StatusCreated, ind)
	return nil
}

// indicatorPath reads the initiative and the indicator the path names.
func indicatorPath(r *http.Request) (initiativeID, indicatorID int64, err error) {
	if initiativeID, err = pathID(r, "id"); err != nil {
		return 0, 0, err
	}
	indicatorID, err = pathID(r, "indicator")
	return initiativeID, indicatorID, err
}

func (h *handler) getIndicator(w http.ResponseWriter, r *http.Request) error {
	ini, id, err := indicatorPath(r)
	if err != nil {
		return err
	}
	ind, err := h.Measure.Indicator(r.Context(), httpx.Actor(r), ini, id)
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusOK, ind)
	return nil
}

// updateIndicator changes the fields the body holds; the others keep the
// values the indicator has.
func (h *handler) updateIndicator(w http.ResponseWriter, r *http.Request) error {
	ini, id, err := indicatorPath(r)
	if err != nil {
		return err
	}
	ind, err := h.Measure.Indicator(r.Context(), httpx.Actor(r), ini, id)
	if err != nil {
		return err
	}
	var body indicatorBody
	if err := decodeBody(w, r, &body); err != nil {
		return err
	}
	base := measure.IndicatorInput{Name: ind.Name, Definition: ind.Definition, Unit: ind.Unit, Direction: ind.Direction, Aggregation: ind.Aggregation,
		Frequency: ind.Frequency, Source: ind.Source, WeightLabel: ind.WeightLabel, Reporters: ind.Reporters,
		Minimum: ind.Minimum, Maximum: ind.Maximum}
	out, err := h.Measure.UpdateIndicator(r.Context(), httpx.Actor(r), ini, id, body.over(base))
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusOK, out)
	return nil
}

func (h *handler) archiveIndicator(w http.ResponseWriter, r *http.Request) error {
	ini, id, err := indicatorPath(r)
	if err != nil {
		return err
	}
	if err := h.Measure.ArchiveIndicator(r.Context(), httpx.Actor(r), ini, id); err != nil {
		return fmt.Errorf("archive indicator %d: %w", id, err)
	}
	out, err := h.Measure.Indicator(r.Context(), httpx.Actor(r), ini, id)
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusOK, out)
	return nil
}
