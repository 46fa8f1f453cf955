package web

import (
	"errors"
	"fmt"
	"net/http"

	"backbone/internal/account"
	"backbone/internal/errs"
	"backbone/internal/httpx"
	"backbone/internal/initiative"
)

// workPageData is the common agenda and, per item, who does what toward
// it, with the gaps and overlaps that shows.
type workPageData struct {
	Initiative   *initiative.Initiative
	Coverage     *initiative.Coverage
	Activities   int             // how many activities there are in all
	CanEdit      bool            // may change the agenda (account.EditAgenda)
	CanRecord    bool            // may record an activity for at least one active member
	Speaks       map[string]bool // organizations whose activities the user may change (account.RecordActivity)
	AgendaInput  initiative.AgendaItemInput
	AgendaErrors map[string]string
}

func (h *handler) workPage(w http.ResponseWriter, r *http.Request) error {
	in, err := h.initiativeOf(r)
	if err != nil {
		return err
	}
	return h.showWork(w, r, http.StatusOK, &workPageData{Initiative: in})
}

func (h *handler) showWork(w http.ResponseWriter, r *http.Request, status int, d *workPageData) error {
	var err error
	if d.Coverage, err = h.Initiatives.Coverage(r.Context(), d.Initiative.ID); err != nil {
		return err
	}
	d.Activities = len(d.Coverage.Unassigned)
	for _, it := range d.Coverage.Items {
		d.Activities += len(it.Activities)
	}
	if d.CanEdit, err = h.may(r, account.EditAgenda, account.Initiative(d.Initiative.ID)); err != nil {
		return err
	}
	recordable, err := h.Initiatives.RecordableMembers(r.Context(), httpx.Actor(r), d.Initiative.ID)
	if err != nil {
		return err
	}
	d.Speaks = map[string]bool{}
	for _, m := range recordable {
		d.Speaks[m.OrganizationID] = true
	}
	d.CanRecord = len(membersIn(recordable, "active")) > 0
	h.render(w, r, status, "initiative_work", "Agenda and activities · "+d.Initiative.Name, "initiatives", d)
	return nil
}

func parseAgendaForm(r *http.Request) initiative.AgendaItemInput {
	return initiative.AgendaItemInput{Title: r.PostFormValue("title"), Description: r.PostFormValue("description")}
}

// agendaAdd adds an item at the end of the common agenda.
func (h *handler) agendaAdd(w http.ResponseWriter, r *http.Request) error {
	in, err := h.initiativeOf(r)
	if err != nil {
		return err
	}
	input := parseAgendaForm(r)
	item, err := h.Initiatives.AddAgendaItem(r.Context(), httpx.Actor(r), in.ID, input)
	var v *errs.ValidationError
	if errors.As(err, &v) {
		d := &workPageData{Initiative: in, AgendaInput: input, AgendaErrors: v.Fields}
		return h.showWork(w, r, http.StatusUnprocessableEntity, d)
	}
	if err != nil {
		return err
	}
	h.setFlash(w, r, "success", fmt.Sprintf("%s was added to the common agenda.", account.Quote(item.Title)))
	redirect(w, r, initiativePath(in.ID, "/work#item-"+itoa(item.ID)))
	return nil
}

// agendaItemFormData is the form that edits one agenda item.
type agendaItemFormData struct {
	Initiative *initiative.Initiative
	Item       *initiative.AgendaItem
	Input      initiative.AgendaItemInput
	Errors     map[string]string
	Problem    string
}

// agendaItemForm shows the form that edits an agenda item.
func (h *handler) agendaItemForm(w http.ResponseWriter, r *http.Request, status int, d agendaItemFormData) {
	h.render(w, r, status, "initiative_work_item", "Edit “"+d.Item.Title+"”", "initiatives", d)
}

func (h *handler) agendaEdit(w http.ResponseWriter, r *http.Request) error {
	in, err := h.initiativeOf(r)
	if err != nil {
		return err
	}
	if err := h.offer(r, account.EditAgenda, account.Initiative(in.ID)); err != nil {
		return err
	}
	itemID, err := pathInt(r, "item")
	if err != nil {
		return err
	}
	item, err := h.Initiatives.AgendaItem(r.Context(), httpx.Actor(r), in.ID, itemID)
	if err != nil {
		return err
	}
	h.agendaItemForm(w, r, http.StatusOK, agendaItemFormData{Initiative: in, Item: item,
		Input: initiative.AgendaItemInput{Title: item.Title, Description: item.Description}})
	return nil
}

func (h *handler) agendaSave(w http.ResponseWriter, r *http.Request) error {
	in, err := h.initiativeOf(r)
	if err != nil {
		return err
	}
	itemID, err := pathInt(r, "item")
	if err != nil {
		return err
	}
	input := parseAgendaForm(r)
	saved, err := h.Initiatives.EditAgendaItem(r.Context(), httpx.Actor(r), in.ID, itemID, input)
	if err != nil {
		d := agendaItemFormData{Initiative: in, Input: input}
		var v *errs.ValidationError
		var c *errs.ConflictError
		status := http.StatusUnprocessableEntity
		switch {
		case errors.As(err, &v):
			d.Errors = v.Fields
		case errors.As(err, &c):
			d.Problem, status = c.Message, http.StatusConflict
		default:
			return err
		}
		if d.Item, err = h.Initiatives.AgendaItem(r.Context(), httpx.Actor(r), in.ID, itemID); err != nil {
			return err
		}
		h.agendaItemForm(w, r, status, d)
		return nil
	}
	h.setFlash(w, r, "success", fmt.Sprintf("%s was saved.", account.Quote(saved.Title)))
	redirect(w, r, initiativePath(in.ID, "/work#item-"+itoa(saved.ID)))
	return nil
}

// agendaMove moves an item one place up or down the common agenda.
func (h *handler) agendaMove(w http.ResponseWriter, r *http.Request) error {
	in, err := h.initiativeOf(r)
	if err != nil {
		return err
	}
	itemID, err := pathInt(r, "item")
	if err != nil {
		return err
	}
	places := -1
	if r.PostFormValue("direction") == "down" {
		places = 1
	}
	item, err := h.Initiatives.MoveAgendaItem(r.Context(), httpx.Actor(r), in.ID, itemID, places)
	if err != nil {
		return err
	}
	h.setFlash(w, r, "success", fmt.Sprintf("%s moved to place %d on the common agenda.", account.Quote(item.Title), item.Position))
	redirect(w, r, initiativePath(in.ID, "/work#agenda"))
	return nil
}

// agendaArchive takes an item off the common agenda; its activities stay.
func (h *handler) agendaArchive(w http.ResponseWriter, r *http.Request) error {
	in, err := h.initiativeOf(r)
	if err != nil {
		return err
	}
	itemID, err := pathInt(r, "item")
	if err != nil {
		return err
	}
	item, err := h.Initiatives.ArchiveAgendaItem(r.Context(), httpx.Actor(r), in.ID, itemID)
	if err != nil {
		return err
	}
	h.setFlash(w, r, "success", fmt.Sprintf("%s was taken off the common agenda. Its activities are kept, listed under “Not linked to a current agenda item”.", account.Quote(item.Title)))
	redirect(w, r, initiativePath(in.ID, "/work"))
	return nil
}
