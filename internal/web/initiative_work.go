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
	CanEdit      bool            // may change the agenda and any activity
	CanRecord    bool            // may record an activity for at least one member
	Speaks       map[string]bool // organizations whose activities the user may change
	AgendaInput  initiative.AgendaItemInput
	AgendaErrors map[string]string
}

func (h *handler) workPage(w http.ResponseWriter, r *http.Request) {
	in := h.viewableInitiative(w, r)
	if in == nil {
		return
	}
	h.showWork(w, r, http.StatusOK, &workPageData{Initiative: in})
}

func (h *handler) showWork(w http.ResponseWriter, r *http.Request, status int, d *workPageData) {
	var err error
	if d.Coverage, err = h.Initiatives.Coverage(r.Context(), d.Initiative.ID); err != nil {
		h.fail(w, r, err)
		return
	}
	d.Activities = len(d.Coverage.Unassigned)
	for _, it := range d.Coverage.Items {
		d.Activities += len(it.Activities)
	}
	d.CanEdit = h.userMay(r, account.EditInitiative, account.Initiative(d.Initiative.ID))
	speakable, err := h.speakableMembers(r, d.Initiative.ID)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d.Speaks = map[string]bool{}
	for _, m := range speakable {
		d.Speaks[m.OrganizationID] = true
	}
	d.CanRecord = d.CanEdit || len(speakable) > 0
	h.render(w, r, status, "initiative_work", "Agenda and activities · "+d.Initiative.Name, "initiatives", d)
}

// speakableMembers are the active members the signed-in user records
// activities for: those of their own organizations they may speak for.
func (h *handler) speakableMembers(r *http.Request, initiativeID int64) ([]initiative.Member, error) {
	ms, err := h.Initiatives.Members(r.Context(), initiativeID)
	if err != nil {
		return nil, err
	}
	return h.ownMembers(r, ms, account.SpeakForOrganization, "active")
}

func parseAgendaForm(r *http.Request) initiative.AgendaItemInput {
	return initiative.AgendaItemInput{Title: r.PostFormValue("title"), Description: r.PostFormValue("description")}
}

// agendaAdd adds an item at the end of the common agenda.
func (h *handler) agendaAdd(w http.ResponseWriter, r *http.Request) {
	in := h.changeableInitiative(w, r, account.EditInitiative)
	if in == nil {
		return
	}
	input := parseAgendaForm(r)
	item, err := h.Initiatives.AddAgendaItem(r.Context(), httpx.Actor(r), in.ID, input)
	var v *errs.ValidationError
	if errors.As(err, &v) {
		h.showWork(w, r, http.StatusUnprocessableEntity, &workPageData{Initiative: in, AgendaInput: input, AgendaErrors: v.Fields})
		return
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.setFlash(w, r, "success", fmt.Sprintf("“%s” was added to the common agenda.", item.Title))
	redirect(w, r, initiativePath(in.ID, "/work#item-"+itoa(item.ID)))
}

// agendaItemOf loads the agenda item of the path, which must belong to the
// initiative in.
func (h *handler) agendaItemOf(w http.ResponseWriter, r *http.Request, in *initiative.Initiative) *initiative.AgendaItem {
	item, err := h.Initiatives.AgendaItem(r.Context(), pathID(r, "item"))
	if err == nil && item.InitiativeID != in.ID {
		err = errs.ErrNotFound
	}
	if err != nil {
		h.fail(w, r, err)
		return nil
	}
	return item
}

// agendaItemFormData is the form that edits one agenda item.
type agendaItemFormData struct {
	Initiative *initiative.Initiative
	Item       *initiative.AgendaItem
	Input      initiative.AgendaItemInput
	Errors     map[string]string
	Problem    string
}

func (h *handler) agendaEdit(w http.ResponseWriter, r *http.Request) {
	in := h.changeableInitiative(w, r, account.EditInitiative)
	if in == nil {
		return
	}
	item := h.agendaItemOf(w, r, in)
	if item == nil {
		return
	}
	h.render(w, r, http.StatusOK, "initiative_work_item", "Edit “"+item.Title+"”", "initiatives",
		agendaItemFormData{Initiative: in, Item: item, Input: initiative.AgendaItemInput{Title: item.Title, Description: item.Description}})
}

func (h *handler) agendaSave(w http.ResponseWriter, r *http.Request) {
	in := h.changeableInitiative(w, r, account.EditInitiative)
	if in == nil {
		return
	}
	item := h.agendaItemOf(w, r, in)
	if item == nil {
		return
	}
	input := parseAgendaForm(r)
	saved, err := h.Initiatives.EditAgendaItem(r.Context(), httpx.Actor(r), item.ID, input)
	if err != nil {
		d := agendaItemFormData{Initiative: in, Item: item, Input: input}
		var v *errs.ValidationError
		var c *errs.ConflictError
		switch {
		case errors.As(err, &v):
			d.Errors = v.Fields
			h.render(w, r, http.StatusUnprocessableEntity, "initiative_work_item", "Edit “"+item.Title+"”", "initiatives", d)
		case errors.As(err, &c):
			d.Problem = c.Message
			h.render(w, r, http.StatusConflict, "initiative_work_item", "Edit “"+item.Title+"”", "initiatives", d)
		default:
			h.fail(w, r, err)
		}
		return
	}
	h.setFlash(w, r, "success", fmt.Sprintf("“%s” was saved.", saved.Title))
	redirect(w, r, initiativePath(in.ID, "/work#item-"+itoa(saved.ID)))
}

// agendaMove moves an item one place up or down the common agenda.
func (h *handler) agendaMove(w http.ResponseWriter, r *http.Request) {
	in := h.changeableInitiative(w, r, account.EditInitiative)
	if in == nil {
		return
	}
	item := h.agendaItemOf(w, r, in)
	if item == nil {
		return
	}
	items, err := h.Initiatives.AgendaItems(r.Context(), in.ID)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	ids := make([]int64, len(items))
	at := -1
	for i, it := range items {
		ids[i] = it.ID
		if it.ID == item.ID {
			at = i
		}
	}
	to := at - 1
	if r.PostFormValue("direction") == "down" {
		to = at + 1
	}
	if at < 0 || to < 0 || to >= len(ids) {
		h.fail(w, r, &errs.ConflictError{Message: fmt.Sprintf("“%s” cannot move further that way.", item.Title)})
		return
	}
	ids[at], ids[to] = ids[to], ids[at]
	if err := h.Initiatives.ReorderAgenda(r.Context(), httpx.Actor(r), in.ID, ids); err != nil {
		h.fail(w, r, err)
		return
	}
	h.setFlash(w, r, "success", fmt.Sprintf("“%s” moved to place %d on the common agenda.", item.Title, to+1))
	redirect(w, r, initiativePath(in.ID, "/work#agenda"))
}

// agendaArchive takes an item off the common agenda; its activities stay.
func (h *handler) agendaArchive(w http.ResponseWriter, r *http.Request) {
	in := h.changeableInitiative(w, r, account.EditInitiative)
	if in == nil {
		return
	}
	item := h.agendaItemOf(w, r, in)
	if item == nil {
		return
	}
	if err := h.Initiatives.ArchiveAgendaItem(r.Context(), httpx.Actor(r), item.ID); err != nil {
		h.fail(w, r, err)
		return
	}
	h.setFlash(w, r, "success", fmt.Sprintf("“%s” was taken off the common agenda. Its activities are kept, listed under “Not linked to a current agenda item”.", item.Title))
	redirect(w, r, initiativePath(in.ID, "/work"))
}
