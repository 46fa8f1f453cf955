package web

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"backbone/internal/account"
	"backbone/internal/errs"
	"backbone/internal/httpx"
	"backbone/internal/initiative"
)

// peoplePageData is the roles page: what each member organization is
// responsible for, and each person's job role and responsibilities.
type peoplePageData struct {
	Initiative    *initiative.Initiative
	Organizations []initiative.OrganizationResponsibilities
	People        []initiative.Person
	CanEdit       bool
	ActsFor       map[string]bool     // organizations whose list the user may change
	Candidates    []*account.User     // people of member organizations, for the person form
	Members       []initiative.Member // active members a person may work for
	JobRoles      []string
	// Form names the form the errors belong to: "org:ORG" or "person";
	// the inputs keep what was typed in it.
	Form        string
	Errors      map[string]string
	Problem     string
	ListInput   string
	PersonInput personInput
}

// personInput is the person form as typed.
type personInput struct {
	UserID           int64
	OrganizationID   string
	JobRole          string
	Responsibilities string
}

func (h *handler) peoplePage(w http.ResponseWriter, r *http.Request) error {
	in, err := h.initiativeOf(r)
	if err != nil {
		return err
	}
	d := &peoplePageData{Initiative: in}
	if id, err := strconv.ParseInt(r.URL.Query().Get("person"), 10, 64); err == nil {
		d.PersonInput.UserID = id // filled in from the person's record by showPeople
	}
	return h.showPeople(w, r, http.StatusOK, d)
}

func (h *handler) showPeople(w http.ResponseWriter, r *http.Request, status int, d *peoplePageData) error {
	ctx := r.Context()
	var err error
	if d.Organizations, err = h.Initiatives.OrganizationResponsibilities(ctx, d.Initiative.ID); err != nil {
		return err
	}
	if d.People, err = h.Initiatives.People(ctx, d.Initiative.ID); err != nil {
		return err
	}
	if d.CanEdit, err = h.may(r, account.ManagePeople, account.Initiative(d.Initiative.ID)); err != nil {
		return err
	}
	d.JobRoles = initiative.JobRoles
	d.ActsFor = map[string]bool{}
	for _, o := range d.Organizations {
		target := account.OrgIn(o.OrganizationID, d.Initiative.ID)
		if d.ActsFor[o.OrganizationID], err = h.may(r, account.SetResponsibilities, target); err != nil {
			return err
		}
	}
	if d.CanEdit {
		ms, err := h.Initiatives.Members(ctx, d.Initiative.ID)
		if err != nil {
			return err
		}
		d.Members = membersIn(ms, "active")
		if d.Candidates, err = h.memberPeople(r, d.Members); err != nil {
			return err
		}
	}
	if d.Form == "" && d.PersonInput.UserID != 0 {
		for _, p := range d.People {
			if p.UserID == d.PersonInput.UserID {
				d.PersonInput = personInput{UserID: p.UserID, OrganizationID: p.OrganizationID, JobRole: p.JobRole,
					Responsibilities: strings.Join(p.Responsibilities, "\n")}
			}
		}
	}
	h.render(w, r, status, "initiative_people", "Roles and responsibilities · "+d.Initiative.Name, "initiatives", d)
	return nil
}

// memberPeople are the users who work for one of the member organizations:
// the people a job role can be written for.
func (h *handler) memberPeople(r *http.Request, members []initiative.Member) ([]*account.User, error) {
	inInitiative := map[string]bool{}
	for _, m := range members {
		inInitiative[m.OrganizationID] = true
	}
	users, err := h.Accounts.ListUsers(r.Context())
	if err != nil {
		return nil, err
	}
	out := []*account.User{}
	for _, u := range users {
		if u.Disabled() {
			continue
		}
		ms, err := h.Accounts.MembershipsOf(r.Context(), u.ID)
		if err != nil {
			return nil, err
		}
		for _, m := range ms {
			if inInitiative[m.OrganizationID] {
				out = append(out, u)
				break
			}
		}
	}
	return out, nil
}

// peopleProblem shows the page again with the form's messages; any other
// error is the page's.
func (h *handler) peopleProblem(w http.ResponseWriter, r *http.Request, err error, d *peoplePageData) error {
	var v *errs.ValidationError
	var c *errs.ConflictError
	switch {
	case errors.As(err, &v):
		d.Errors = v.Fields
		return h.showPeople(w, r, http.StatusUnprocessableEntity, d)
	case errors.As(err, &c):
		d.Problem = c.Message
		return h.showPeople(w, r, http.StatusConflict, d)
	}
	return err
}

// lines splits a text area into its lines.
func lines(s string) []string { return strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n") }

// responsibilitiesSave replaces what one member organization is responsible
// for: backbone staff write any list, those who decide for an organization
// its own (the domain decides).
func (h *handler) responsibilitiesSave(w http.ResponseWriter, r *http.Request) error {
	in, err := h.initiativeOf(r)
	if err != nil {
		return err
	}
	org := r.PathValue("org")
	text := r.PostFormValue("responsibilities")
	if err := h.Initiatives.SetOrganizationResponsibilities(r.Context(), httpx.Actor(r), in.ID, org, lines(text)); err != nil {
		return h.peopleProblem(w, r, err, &peoplePageData{Initiative: in, Form: "org:" + org, ListInput: text})
	}
	h.setFlash(w, r, "success", "The list of responsibilities was saved.")
	redirect(w, r, initiativePath(in.ID, "/people#org-"+org))
	return nil
}

// personSave writes a person's job role and responsibilities.
func (h *handler) personSave(w http.ResponseWriter, r *http.Request) error {
	in, err := h.initiativeOf(r)
	if err != nil {
		return err
	}
	typed := personInput{OrganizationID: r.PostFormValue("organization_id"), JobRole: r.PostFormValue("job_role"),
		Responsibilities: r.PostFormValue("responsibilities")}
	if typed.UserID, err = strconv.ParseInt(r.PostFormValue("user_id"), 10, 64); err != nil {
		typed.UserID = 0 // the domain asks for a person
	}
	err = h.Initiatives.SetPerson(r.Context(), httpx.Actor(r), in.ID, initiative.PersonInput{UserID: typed.UserID,
		OrganizationID: typed.OrganizationID, JobRole: typed.JobRole, Responsibilities: lines(typed.Responsibilities)})
	if err != nil {
		return h.peopleProblem(w, r, err, &peoplePageData{Initiative: in, Form: "person", PersonInput: typed})
	}
	h.setFlash(w, r, "success", "The person's role and responsibilities were saved.")
	redirect(w, r, initiativePath(in.ID, "/people#person-"+itoa(typed.UserID)))
	return nil
}

// personRemove drops a person's role and responsibilities from the initiative.
func (h *handler) personRemove(w http.ResponseWriter, r *http.Request) error {
	in, err := h.initiativeOf(r)
	if err != nil {
		return err
	}
	userID, err := pathInt(r, "user")
	if err != nil {
		return err
	}
	if err := h.Initiatives.RemovePerson(r.Context(), httpx.Actor(r), in.ID, userID); err != nil {
		return err
	}
	h.setFlash(w, r, "success", fmt.Sprintf("The person was taken off %s's list of people. Their account is unchanged.", in.Name))
	redirect(w, r, initiativePath(in.ID, "/people"))
	return nil
}
