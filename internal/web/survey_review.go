package web

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"backbone/internal/errs"
	"backbone/internal/httpx"
	"backbone/internal/network"
)

// A closed wave's answers never change the map by themselves: the wave's
// page lists the changes they suggest beside what is recorded, and the
// coordinator keeps or updates each one.

// changeRow is one suggested change as the wave's page shows it.
type changeRow struct {
	network.Suggestion
	AtoBText, BtoAText string
	Recorded           []string
	Decided            string
}

func changeRows(sgs []network.Suggestion) []changeRow {
	out := make([]changeRow, 0, len(sgs))
	for _, sg := range sgs {
		row := changeRow{Suggestion: sg, AtoBText: sideText(sg.AtoB), BtoAText: sideText(sg.BtoA)}
		for _, t := range sg.Recorded {
			line := t.FromName + " → " + t.ToName + ": " + humanLevel(t.Level) + ", " + t.Status
			if t.Since != "" {
				line += ", since " + t.Since
			}
			if t.Until != "" {
				line += ", until " + t.Until
			}
			if t.Notes != "" {
				line += " (“" + t.Notes + "”)"
			}
			row.Recorded = append(row.Recorded, line)
		}
		switch sg.Decision {
		case network.DecisionKeep:
			row.Decided = "Kept as recorded"
		case network.DecisionUpdate:
			row.Decided = "Updated"
		}
		out = append(out, row)
	}
	return out
}

// surveyDecide keeps or updates the recorded relationship of one pair
// whose answers suggest a change, then shows the wave again.
func (h *handler) surveyDecide(w http.ResponseWriter, r *http.Request) error {
	waveID, err := pathInt(r, "id")
	if err != nil {
		return err
	}
	d := network.TieDecision{
		AID:      r.PostFormValue("a_organization_id"),
		BID:      r.PostFormValue("b_organization_id"),
		Decision: r.PostFormValue("decision"),
		Level:    r.PostFormValue("level"),
		Status:   r.PostFormValue("status"),
		Note:     r.PostFormValue("note"),
	}

	sg, err := h.Network.DecideChange(r.Context(), httpx.Actor(r), waveID, d)
	var v *errs.ValidationError
	var c *errs.ConflictError
	switch {
	case errors.As(err, &v):
		return h.showWaveStatus(w, r, waveID, http.StatusBadRequest, "", "Nothing was changed: "+v.Error())
	case errors.As(err, &c):
		return h.showWaveStatus(w, r, waveID, http.StatusConflict, "", c.Message)
	case err != nil:
		return err
	}

	msg := fmt.Sprintf("Kept the recorded relationship between %s and %s.", sg.AName, sg.BName)
	if sg.Decision == network.DecisionUpdate {
		var levels []string
		for _, t := range sg.Recorded {
			levels = append(levels, t.FromName+" → "+t.ToName+": "+t.Level+", "+t.Status)
		}
		msg = fmt.Sprintf("Updated the relationship between %s and %s (%s); the earlier version stays in its history.",
			sg.AName, sg.BName, strings.Join(levels, "; "))
	}
	h.setFlash(w, r, "success", msg)
	redirect(w, r, fmt.Sprintf("/network/surveys/%d#changes", waveID))
	return nil
}
