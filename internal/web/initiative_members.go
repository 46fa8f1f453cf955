package web

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"backbone/internal/account"
	"backbone/internal/directory"
	"backbone/internal/errs"
	"backbone/internal/httpx"
	"backbone/internal/initiative"
)

// membersPageData is the members page: who is in, who is invited, the
// history of joins, leaves and role changes, and the forms for each move.
type membersPageData struct {
	Initiative    *initiative.Initiative
	Members       []initiative.Member
	History       []memberEventView   // newest first
	Invitations   []initiative.Member // invitations the user answers for their organization
	Leavable      []initiative.Member // active members the user may take out
	CanView       bool                // false for an invited organization's admin of a private initiative
	CanEdit       bool
	Organizations []*directory.Organization // the directory's organizations that may be invited
	Query         string                    // narrows the organizations to invite
	Roles         []string
	RoleWords     map[string]string // role → "a core partner"
	// Form names the form that Errors and Problem belong to: "invite",
	// "role:ORG" or "leave:ORG"; Input keeps what was typed in it.
	Form    string
	Errors  map[string]string
	Problem string
	Input   memberInput
}

type memberInput struct {
	OrganizationID string
	Role           string
	Reason         string
}

// memberInitiative loads the initiative of the path for its members page:
// those who may see the initiative see it, and so does an admin of an
// organization invited to it (they need to read the invitation to answer
// it). Anyone else gets "not found".
func (h *handler) memberInitiative(w http.ResponseWriter, r *http.Request) (*initiative.Initiative, *membersPageData) {
	id := pathID(r, "id")
	in, err := h.Initiatives.Get(r.Context(), id)
	if err != nil || id == 0 {
		h.fail(w, r, errs.ErrNotFound)
		return nil, nil
	}
	d := &membersPageData{Initiative: in, Roles: initiative.MemberRoles}
	d.CanView = h.userMay(r, account.ViewInitiative, account.Initiative(in.ID))
	if d.Members, err = h.Initiatives.Members(r.Context(), in.ID); err != nil {
		h.fail(w, r, err)
		return nil, nil
	}
	if d.Invitations, err = h.ownMembers(r, d.Members, account.ActForOrganization, "invited"); err != nil {
		h.fail(w, r, err)
		return nil, nil
	}
	if !d.CanView && len(d.Invitations) == 0 {
		h.fail(w, r, errs.ErrNotFound)
		return nil, nil
	}
	return in, d
}

func (h *handler) membersPage(w http.ResponseWriter, r *http.Request) {
	in, d := h.memberInitiative(w, r)
	if in == nil {
		return
	}
	d.Query = strings.TrimSpace(r.URL.Query().Get("q"))
	h.showMembers(w, r, http.StatusOK, d)
}

// showMembers fills in the rest of the members page and renders it.
func (h *handler) showMembers(w http.ResponseWriter, r *http.Request, status int, d *membersPageData) {
	ctx := r.Context()
	var err error
	if d.Members == nil {
		if d.Members, err = h.Initiatives.Members(ctx, d.Initiative.ID); err != nil {
			h.fail(w, r, err)
			return
		}
	}
	if d.Invitations == nil {
		if d.Invitations, err = h.ownMembers(r, d.Members, account.ActForOrganization, "invited"); err != nil {
			h.fail(w, r, err)
			return
		}
	}
	if d.CanView {
		events, err := h.Initiatives.MemberHistory(ctx, d.Initiative.ID)
		if err != nil {
			h.fail(w, r, err)
			return
		}
		slices.Reverse(events)
		for _, e := range events {
			d.History = append(d.History, memberEventView{MemberEvent: e, Text: memberEventText(e)})
		}
		if d.Leavable, err = h.ownMembers(r, d.Members, account.ActForOrganization, "active"); err != nil {
			h.fail(w, r, err)
			return
		}
		d.CanEdit = h.userMay(r, account.EditInitiative, account.Initiative(d.Initiative.ID))
	}
	if d.CanEdit {
		page, err := h.Directory.ListOrganizations(ctx, directory.OrganizationFilter{Query: d.Query, Limit: directory.MaxPageSize})
		if err != nil {
			h.fail(w, r, err)
			return
		}
		taken := map[string]bool{}
		for _, m := range membersIn(d.Members, "invited", "active") {
			taken[m.OrganizationID] = true
		}
		for _, o := range page.Items {
			if !taken[o.ID] {
				d.Organizations = append(d.Organizations, o)
			}
		}
	}
	d.RoleWords = map[string]string{}
	for _, role := range initiative.MemberRoles {
		d.RoleWords[role] = roleWords(role)
	}
	h.render(w, r, status, "initiative_members", "Members · "+d.Initiative.Name, "initiatives", d)
}

// memberProblem shows the members page again with the form's problem: the
// field messages for input that breaks the rules, the clash for a move the
// member's status does not allow, and the error page for anything else.
func (h *handler) memberProblem(w http.ResponseWriter, r *http.Request, err error, d *membersPageData) {
	var v *errs.ValidationError
	var c *errs.ConflictError
	switch {
	case errors.As(err, &v):
		d.Errors = v.Fields
		h.showMembers(w, r, http.StatusUnprocessableEntity, d)
	case errors.As(err, &c):
		d.Problem = c.Message
		h.showMembers(w, r, http.StatusConflict, d)
	default:
		h.fail(w, r, err)
	}
}

// memberName finds an organization's name among the initiative's members.
func (h *handler) memberName(r *http.Request, initiativeID int64, orgID string) string {
	ms, err := h.Initiatives.Members(r.Context(), initiativeID)
	if err == nil {
		for _, m := range ms {
			if m.OrganizationID == orgID {
				return m.OrganizationName
			}
		}
	}
	return "The organization"
}

// memberInvite invites an organization from the directory in a role.
func (h *handler) memberInvite(w http.ResponseWriter, r *http.Request) {
	in := h.changeableInitiative(w, r, account.EditInitiative)
	if in == nil {
		return
	}
	input := memberInput{OrganizationID: r.PostFormValue("organization_id"), Role: r.PostFormValue("role")}
	if err := h.Initiatives.Invite(r.Context(), httpx.Actor(r), in.ID, input.OrganizationID, input.Role); err != nil {
		h.memberProblem(w, r, err, &membersPageData{Initiative: in, Roles: initiative.MemberRoles, CanView: true, Form: "invite", Input: input})
		return
	}
	h.setFlash(w, r, "success", fmt.Sprintf("%s was invited as %s. Its administrators will find the invitation on this page, where they can accept or decline it.",
		h.memberName(r, in.ID, input.OrganizationID), roleWords(input.Role)))
	redirect(w, r, initiativePath(in.ID, "/members"))
}

// memberRole gives an invited or active member another role.
func (h *handler) memberRole(w http.ResponseWriter, r *http.Request) {
	in := h.changeableInitiative(w, r, account.EditInitiative)
	if in == nil {
		return
	}
	org := r.PathValue("org")
	input := memberInput{OrganizationID: org, Role: r.PostFormValue("role"), Reason: r.PostFormValue("reason")}
	if err := h.Initiatives.ChangeRole(r.Context(), httpx.Actor(r), in.ID, org, input.Role, input.Reason); err != nil {
		h.memberProblem(w, r, err, &membersPageData{Initiative: in, Roles: initiative.MemberRoles, CanView: true, Form: "role:" + org, Input: input})
		return
	}
	h.setFlash(w, r, "success", fmt.Sprintf("%s is now %s.", h.memberName(r, in.ID, org), roleWords(input.Role)))
	redirect(w, r, initiativePath(in.ID, "/members"))
}

// memberRespond records an invited organization's answer, given by one of
// its admins.
func (h *handler) memberRespond(w http.ResponseWriter, r *http.Request) {
	in, d := h.memberInitiative(w, r)
	if in == nil {
		return
	}
	org := r.PathValue("org")
	if err := h.Accounts.Authorize(r.Context(), httpx.User(r.Context()), account.ActForOrganization, account.Org(org)); err != nil {
		h.fail(w, r, err)
		return
	}
	accept := r.PostFormValue("answer") == "accept"
	if !accept && r.PostFormValue("answer") != "decline" {
		d.Problem = "Choose to accept or to decline the invitation."
		h.showMembers(w, r, http.StatusUnprocessableEntity, d)
		return
	}
	name := h.memberName(r, in.ID, org)
	if err := h.Initiatives.Respond(r.Context(), httpx.Actor(r), in.ID, org, accept); err != nil {
		h.memberProblem(w, r, err, d)
		return
	}
	if accept {
		h.setFlash(w, r, "success", fmt.Sprintf("Welcome: %s is now a member of %s.", name, in.Name))
		redirect(w, r, initiativePath(in.ID, "/members"))
		return
	}
	h.setFlash(w, r, "info", fmt.Sprintf("%s declined the invitation to %s. The initiative's backbone staff can see your answer.", name, in.Name))
	if h.userMay(r, account.ViewInitiative, account.Initiative(in.ID)) {
		redirect(w, r, initiativePath(in.ID, "/members"))
		return
	}
	redirect(w, r, "/")
}

// memberLeave takes an active member out of the initiative, keeping why.
func (h *handler) memberLeave(w http.ResponseWriter, r *http.Request) {
	in := h.viewableInitiative(w, r)
	if in == nil {
		return
	}
	org := r.PathValue("org")
	if err := h.Accounts.Authorize(r.Context(), httpx.User(r.Context()), account.ActForOrganization, account.Org(org)); err != nil {
		h.fail(w, r, err)
		return
	}
	input := memberInput{OrganizationID: org, Reason: r.PostFormValue("reason")}
	name := h.memberName(r, in.ID, org)
	if err := h.Initiatives.Leave(r.Context(), httpx.Actor(r), in.ID, org, input.Reason); err != nil {
		h.memberProblem(w, r, err, &membersPageData{Initiative: in, Roles: initiative.MemberRoles, CanView: true, Form: "leave:" + org, Input: input})
		return
	}
	h.setFlash(w, r, "info", fmt.Sprintf("%s has left %s. Its history, activities and agreements are kept.", name, in.Name))
	if h.userMay(r, account.ViewInitiative, account.Initiative(in.ID)) {
		redirect(w, r, initiativePath(in.ID, "/members"))
		return
	}
	redirect(w, r, "/")
}

// roleWords is a member role as people say it, with its article.
func roleWords(role string) string {
	w := strings.ReplaceAll(strings.ToLower(strings.TrimSpace(role)), "_", " ")
	switch w {
	case "":
		return "a member"
	case "backbone":
		return "the backbone organization"
	case "community":
		return "a community representative"
	}
	if strings.ContainsRune("aeiou", rune(w[0])) {
		return "an " + w
	}
	return "a " + w
}

// memberEventView is a line of the member history.
type memberEventView struct {
	initiative.MemberEvent
	Text string // what happened, after the organization's name
}

// memberEventText says what a member event was, in words.
func memberEventText(e initiative.MemberEvent) string {
	switch {
	case e.FromStatus == e.ToStatus && e.FromRole != e.ToRole:
		return fmt.Sprintf("changed from %s to %s", roleWords(e.FromRole), roleWords(e.ToRole))
	case e.ToStatus == "invited" && e.FromStatus == "":
		return "was invited as " + roleWords(e.ToRole)
	case e.ToStatus == "invited":
		return "was invited again, as " + roleWords(e.ToRole)
	case e.ToStatus == "active":
		return "joined as " + roleWords(e.ToRole)
	case e.ToStatus == "declined":
		return "declined the invitation"
	case e.ToStatus == "left":
		return "left the initiative"
	}
	return "became " + e.ToStatus
}
