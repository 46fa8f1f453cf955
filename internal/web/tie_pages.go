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

func (h *handler) renderTieForm(w http.ResponseWriter, r *http.Request, status int, d tieFormData) {
	d.Kinds, d.Levels, d.Statuses = network.Kinds, network.Levels, network.Statuses
	if d.Tie == nil {
		orgs, err := h.Directory.ListOrganizations(r.Context(), directory.OrganizationFilter{Limit: directory.MaxPageSize})
		if err != nil {
			h.fail(w, r, err)
			return
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
}

// tieNew shows the form for a tie from the organization in ?from=.
func (h *handler) tieNew(w http.ResponseWriter, r *http.Request) {
	from, err := h.Directory.Organization(r.Context(), r.URL.Query().Get("from"))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if err := h.Accounts.Authorize(r.Context(), httpx.User(r.Context()), account.RecordTie, account.Org(from.ID)); err != nil {
		h.fail(w, r, err)
		return
	}
	h.renderTieForm(w, r, http.StatusOK, tieFormData{From: from, Input: network.TieInput{FromID: from.ID, Level: "cooperation", Status: "active"}, CanEdit: true})
}

func parseTieForm(r *http.Request) (network.TieInput, string, int) {
	version, _ := strconv.Atoi(r.PostFormValue("version"))
	return network.TieInput{
		FromID: r.PostFormValue("from_organization_id"), ToID: r.PostFormValue("to_organization_id"),
		Kinds: r.PostForm["kinds"], Level: r.PostFormValue("level"), Status: r.PostFormValue("status"),
		Since: r.PostFormValue("since"), Until: r.PostFormValue("until"), Notes: r.PostFormValue("notes"),
	}, r.PostFormValue("change_note"), version
}

func (h *handler) tieCreate(w http.ResponseWriter, r *http.Request) {
	in, note, _ := parseTieForm(r)
	from, err := h.Directory.Organization(r.Context(), in.FromID)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if err := h.Accounts.Authorize(r.Context(), httpx.User(r.Context()), account.RecordTie, account.Org(from.ID)); err != nil {
		h.fail(w, r, err)
		return
	}
	t, err := h.Network.CreateTie(r.Context(), httpx.Actor(r), in, note)
	if err != nil {
		h.tieFormProblem(w, r, err, tieFormData{From: from, Input: in, Note: note, CanEdit: true})
		return
	}
	h.setFlash(w, r, "success", fmt.Sprintf("The relationship from %s to %s was recorded.", t.FromName, t.ToName))
	redirect(w, r, "/organizations/"+t.FromID)
}

// tieFormProblem shows the form again for input problems and clashes, and
// the error page for anything else.
func (h *handler) tieFormProblem(w http.ResponseWriter, r *http.Request, err error, d tieFormData) {
	var v *errs.ValidationError
	var c *errs.ConflictError
	switch {
	case errors.As(err, &v):
		d.Errors = v.Fields
		h.renderTieForm(w, r, http.StatusUnprocessableEntity, d)
	case errors.As(err, &c):
		d.Problem = c.Message
		h.renderTieForm(w, r, http.StatusConflict, d)
	default:
		h.fail(w, r, err)
	}
}

// tieView shows a tie, its history, and (to those who may) the form to change it.
func (h *handler) tieView(w http.ResponseWriter, r *http.Request) {
	if err := h.Accounts.Authorize(r.Context(), httpx.User(r.Context()), account.ViewDirectory, account.Platform); err != nil {
		h.fail(w, r, err)
		return
	}
	t, err := h.Network.Tie(r.Context(), r.PathValue("id"))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := tieFormData{Tie: t, Input: network.InputOf(t), Version: t.Version}
	if d.History, err = h.Network.TieHistory(r.Context(), t.ID); err != nil {
		h.fail(w, r, err)
		return
	}
	d.CanEdit, _ = h.Accounts.Can(r.Context(), httpx.User(r.Context()), account.RecordTie, account.Org(t.FromID))
	h.renderTieForm(w, r, http.StatusOK, d)
}

func (h *handler) tieSave(w http.ResponseWriter, r *http.Request) {
	t, err := h.Network.Tie(r.Context(), r.PathValue("id"))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if err := h.Accounts.Authorize(r.Context(), httpx.User(r.Context()), account.RecordTie, account.Org(t.FromID)); err != nil {
		h.fail(w, r, err)
		return
	}
	in, note, version := parseTieForm(r)
	saved, err := h.Network.UpdateTie(r.Context(), httpx.Actor(r), t.ID, version, in, note)
	if err != nil {
		hist, _ := h.Network.TieHistory(r.Context(), t.ID)
		h.tieFormProblem(w, r, err, tieFormData{Tie: t, Input: in, Note: note, Version: version, History: hist, CanEdit: true})
		return
	}
	h.setFlash(w, r, "success", fmt.Sprintf("The relationship from %s to %s was updated; the earlier version is kept in its history.", saved.FromName, saved.ToName))
	redirect(w, r, "/ties/"+saved.ID)
}
