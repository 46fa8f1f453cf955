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
	"backbone/internal/network"
)

// tieFormData is the form that records or edits a tie.
type tieFormData struct {
	Tie           *network.Tie // nil when recording a new one
	From          *directory.Organization
	Input         network.TieInput
	Note          string
	Version       int
	Errors        map[string]string
	Problem       string
	Organizations []*directory.Organization
	History       []network.TieVersion
	CanEdit       bool
	Kinds         []string
	Levels        []string
	Statuses      []string
}

func (h *handler) renderTieForm(w http.ResponseWriter, r *http.Request, status int, d tieFormData) error {
	d.Kinds, d.Levels, d.Statuses = network.Kinds, network.Levels, network.Statuses
	if d.Tie == nil {
		orgs, err := h.Directory.ListOrganizations(
			r.Context(),
			directory.OrganizationFilter{Limit: directory.MaxPageSize},
		)
		if err != nil {
			return err
		}
		for _, o := range orgs.Items {
			if d.From == nil || o.ID != d.From.ID {
				d.Organizations = append(d.Organizations, o)
			}
		}
	}

	title := "Record a relationship"
	if d.Tie != nil {
		title = d.Tie.FromName + " → " + d.Tie.ToName
	}
	h.render(w, r, status, "tie", title, "network", d)
	return nil
}

// tieNew shows the form for a tie from the organization in ?from=, to those
// who may record one (account.RecordTie): nobody else is offered the form.
func (h *handler) tieNew(w http.ResponseWriter, r *http.Request) error {
	from, err := h.Directory.Organization(r.Context(), r.URL.Query().Get("from"))
	if err != nil {
		return err
	}

	ok, err := h.may(r, account.RecordTie, account.Org(from.ID))
	if err != nil {
		return err
	}
	if !ok {
		return fmt.Errorf("record a tie from %s: %w", from.Name, errs.ErrForbidden)
	}

	return h.renderTieForm(w, r, http.StatusOK, tieFormData{From: from, CanEdit: true,
		Input: network.TieInput{FromID: from.ID, Level: "cooperation", Status: "active"}})
}

func parseTieForm(r *http.Request) (network.TieInput, string, int) {
	version, _ := strconv.Atoi(r.PostFormValue("version")) // none or not a number: 0, which skips the check
	return network.TieInput{
		FromID: r.PostFormValue("from_organization_id"), ToID: r.PostFormValue("to_organization_id"),
		Kinds: r.PostForm["kinds"], Level: r.PostFormValue("level"), Status: r.PostFormValue("status"),
		Since: r.PostFormValue("since"), Until: r.PostFormValue("until"), Notes: r.PostFormValue("notes"),
	}, r.PostFormValue("change_note"), version
}

// tieCreate records a tie; the network store checks the user may speak for
// the organization it starts from.
func (h *handler) tieCreate(w http.ResponseWriter, r *http.Request) error {
	in, note, _ := parseTieForm(r)
	from, err := h.Directory.Organization(r.Context(), in.FromID)
	if err != nil {
		return err
	}

	t, err := h.Network.CreateTie(r.Context(), httpx.Actor(r), in, note)
	if err != nil {
		return h.tieFormProblem(w, r, err, tieFormData{From: from, Input: in, Note: note, CanEdit: true})
	}

	h.setFlash(w, r, "success", fmt.Sprintf("The relationship from %s to %s was recorded.", t.FromName, t.ToName))
	redirect(w, r, "/organizations/"+t.FromID)
	return nil
}

// tieFormProblem shows the form again for input problems and clashes, and
// returns anything else for the error page.
func (h *handler) tieFormProblem(w http.ResponseWriter, r *http.Request, err error, d tieFormData) error {
	var v *errs.ValidationError
	var c *errs.ConflictError
	switch {
	case errors.As(err, &v):
		d.Errors = v.Fields
		return h.renderTieForm(w, r, http.StatusUnprocessableEntity, d)
	case errors.As(err, &c):
		d.Problem = c.Message
		return h.renderTieForm(w, r, http.StatusConflict, d)
	}
	return err
}

// tieView shows a tie, its history, and (to those who may) the form to change it.
func (h *handler) tieView(w http.ResponseWriter, r *http.Request) error {
	actor := httpx.Actor(r)
	t, err := h.Network.Tie(r.Context(), actor, r.PathValue("id"))
	if err != nil {
		return err
	}

	d := tieFormData{Tie: t, Input: network.InputOf(t), Version: t.Version}
	if d.History, err = h.Network.TieHistory(r.Context(), actor, t.ID); err != nil {
		return err
	}
	if d.CanEdit, err = h.may(r, account.RecordTie, account.Org(t.FromID)); err != nil {
		return err
	}
	return h.renderTieForm(w, r, http.StatusOK, d)
}

// tieSave changes a tie; the network store checks the user may speak for
// the organization it starts from.
func (h *handler) tieSave(w http.ResponseWriter, r *http.Request) error {
	actor := httpx.Actor(r)
	t, err := h.Network.Tie(r.Context(), actor, r.PathValue("id"))
	if err != nil {
		return err
	}

	in, note, version := parseTieForm(r)
	saved, err := h.Network.UpdateTie(r.Context(), actor, t.ID, version, in, note)
	if err != nil {
		hist, herr := h.Network.TieHistory(r.Context(), actor, t.ID)
		if herr != nil {
			return herr
		}
		return h.tieFormProblem(w, r, err,
			tieFormData{Tie: t, Input: in, Note: note, Version: version, History: hist, CanEdit: true})
	}

	h.setFlash(w, r, "success", fmt.Sprintf(
		"The relationship from %s to %s was updated; the earlier version is kept in its history.",
		saved.FromName,
		saved.ToName,
	))
	redirect(w, r, "/ties/"+saved.ID)
	return nil
}
