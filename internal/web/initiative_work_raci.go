package web

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"backbone/internal/account"
	"backbone/internal/errs"
	"backbone/internal/httpx"
	"backbone/internal/initiative"
)

// raciPageData is the RACI matrix: activities against member organizations.
type raciPageData struct {
	Initiative *initiative.Initiative
	Matrix     *initiative.RACIMatrix
	Flagged    int // open activities with a flag raised
	CanEdit    bool
	Letters    []string
	Problem    string
}

func (h *handler) raciPage(w http.ResponseWriter, r *http.Request) error {
	in, err := h.initiativeOf(r)
	if err != nil {
		return err
	}
	return h.showRACI(w, r, http.StatusOK, &raciPageData{Initiative: in})
}

func (h *handler) showRACI(w http.ResponseWriter, r *http.Request, status int, d *raciPageData) error {
	var err error
	if d.Matrix, err = h.Initiatives.RACIMatrix(r.Context(), d.Initiative.ID); err != nil {
		return err
	}
	for _, row := range d.Matrix.Rows {
		if row.Flags.Any() {
			d.Flagged++
		}
	}
	if d.CanEdit, err = h.may(r, account.AssignRACI, account.Initiative(d.Initiative.ID)); err != nil {
		return err
	}
	d.Letters = initiative.RACILetters
	h.render(w, r, status, "initiative_work_raci", "Who is responsible · "+d.Initiative.Name, "initiatives", d)
	return nil
}

// raciField names the form field of one cell of the matrix.
func raciField(activityID int64, orgID string) string { return "l." + itoa(activityID) + "." + orgID }

// raciSave saves the cells of the matrix that changed, one letter at a
// time; the domain checks each (account.AssignRACI). Someone who may not
// give letters is told so even when nothing changed.
func (h *handler) raciSave(w http.ResponseWriter, r *http.Request) error {
	in, err := h.initiativeOf(r)
	if err != nil {
		return err
	}
	if err := h.offer(r, account.AssignRACI, account.Initiative(in.ID)); err != nil {
		return err
	}
	m, err := h.Initiatives.RACIMatrix(r.Context(), in.ID)
	if err != nil {
		return err
	}
	changed := 0
	for _, row := range m.Rows {
		for _, org := range m.Organizations {
			if org.Status != "active" {
				continue // a former member's letter can be read, not changed
			}
			vals, sent := r.PostForm[raciField(row.Activity.ID, org.OrganizationID)]
			if !sent || len(vals) == 0 || strings.EqualFold(strings.TrimSpace(vals[0]), row.Letters[org.OrganizationID]) {
				continue
			}
			_, err := h.Initiatives.SetRACI(r.Context(), httpx.Actor(r), in.ID, row.Activity.ID,
				initiative.RACIInput{OrganizationID: org.OrganizationID, Letter: vals[0]})
			var v *errs.ValidationError
			if errors.As(err, &v) {
				return h.showRACI(w, r, http.StatusUnprocessableEntity, &raciPageData{Initiative: in,
					Problem: fmt.Sprintf("The letter for %s on %s was not saved: %s. %s were saved before it.",
						org.OrganizationName, account.Quote(row.Activity.Title), v.Error(), plural(changed, "change"))})
			}
			if err != nil {
				return err
			}
			changed++
		}
	}
	if changed == 0 {
		h.setFlash(w, r, "info", "Nothing had changed, so nothing was saved.")
	} else {
		h.setFlash(w, r, "success", fmt.Sprintf("The matrix was saved (%s).", plural(changed, "change")))
	}
	redirect(w, r, initiativePath(in.ID, "/work/raci"))
	return nil
}
