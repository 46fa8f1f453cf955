package web

import (
	"errors"
	"fmt"
	"net/http"
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
	CanInvite     bool
	CanChange     bool
	CanRemove     bool
	Organizations []*directory.Organization // the directory's organizations that may be invited
	Query         string                    // narrows the organizations to invite
	Roles         []string
	RoleWords     map[string]string // role → "a core partner"
	// Form names the form that Errors and Problem belong to: "invite",
	// "role:ORG", "leave:ORG" or "remove:ORG"; Input keeps what was typed
	// in it.
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

// membersPage shows an initiative's members to those who may see the
// initiative, and to an admin of an organization invited to it, who needs
// to read the invitation to answer it; to anyone else it does not exist.
// The domain decides (initiative.Store.Roster).
func (h *handler) membersPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathInt(r, "id")
	if err != nil {
		return err
	}
	return h.showMembers(w, r, http.StatusOK, id, &membersPageData{Query: strings.TrimSpace(r.URL.Query().Get("q"))})
}

// showMembers reads the initiative's members as the signed-in person may
// see them and renders the page, with d's form and its problems.
func (h *handler) showMembers(w http.ResponseWriter, r *http.Request, status int, id int64, d *membersPageData) error {
	ro, err := h.Initiatives.Roster(r.Context(), httpx.Actor(r), id)
	if err != nil {
		return err
	}
	return h.renderMembers(w, r, status, ro, d)
}

// renderMembers renders the members page from the roster.
func (h *handler) renderMembers(w http.ResponseWriter, r *http.Request, status int, ro *initiative.Roster,
	d *membersPageData) error {
	d.Initiative, d.Members, d.CanView = ro.Initiative, ro.Members, ro.CanView
	d.Invitations, d.Leavable = ro.Invitations, ro.Leavable
	d.CanInvite, d.CanChange, d.CanRemove = ro.CanInvite, ro.CanChange, ro.CanRemove
	d.History = nil
	for i := len(ro.History) - 1; i >= 0; i-- {
		d.History = append(d.History, memberEventView{MemberEvent: ro.History[i], Text: memberEventText(ro.History[i])})
	}
	if d.CanInvite {
		filter := directory.OrganizationFilter{Query: d.Query, Limit: directory.MaxPageSize}
		page, err := h.Directory.ListOrganizations(r.Context(), filter)
		if err != nil {
			return err
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
	d.Roles = initiative.MemberRoles
	d.RoleWords = map[string]string{}
	for _, role := range initiative.MemberRoles {
		d.RoleWords[role] = roleWords(role)
	}
	h.render(w, r, status, "initiative_members", "Members · "+d.Initiative.Name, "initiatives", d)
	return nil
}

// memberProblem shows the members page again with the form's problem: the
// field messages for input that breaks the rules, the clash for a move the
// member's status does not allow, and the error page for anything else.
func (h *handler) memberProblem(w http.ResponseWriter, r *http.Request, err error, id int64, d *membersPageData) error {
	var v *errs.ValidationError
	var c *errs.ConflictError
	switch {
	case errors.As(err, &v):
		d.Errors = v.Fields
		return h.showMembers(w, r, http.StatusUnprocessableEntity, id, d)
	case errors.As(err, &c):
		d.Problem = c.Message
		return h.showMembers(w, r, http.StatusConflict, id, d)
	}
	return err
}

// memberOf finds an organization's place among the initiative's members,
// for the words of a confirmation; one that is not found is called "The
// organization".
func (h *handler) memberOf(r *http.Request, initiativeID int64, orgID string) initiative.Member {
	ms, err := h.Initiatives.Members(r.Context(), initiativeID)
	if err == nil {
		for _, m := range ms {
			if m.OrganizationID == orgID {
				return m
			}
		}
	}
	return initiative.Member{OrganizationID: orgID, OrganizationName: "The organization"}
}

// memberName finds an organization's name among the initiative's members.
func (h *handler) memberName(r *http.Request, initiativeID int64, orgID string) string {
	return h.memberOf(r, initiativeID, orgID).OrganizationName
}

// memberInvite invites an organization from the directory in a role.
func (h *handler) memberInvite(w http.ResponseWriter, r *http.Request) error {
	in, err := h.initiativeOf(r)
	if err != nil {
		return err
	}
	input := memberInput{OrganizationID: r.PostFormValue("organization_id"), Role: r.PostFormValue("role")}
	if err := h.Initiatives.Invite(r.Context(), httpx.Actor(r), in.ID, input.OrganizationID, input.Role); err != nil {
		return h.memberProblem(w, r, err, in.ID, &membersPageData{Form: "invite", Input: input})
	}
	h.setFlash(
		w,
		r,
		"success",
		fmt.Sprintf(
			"%s was invited as %s. Its administrators will find the invitation on this page, where they can accept or decline it.",
			h.memberName(r, in.ID, input.OrganizationID),
			roleWords(input.Role),
		),
	)
	redirect(w, r, initiativePath(in.ID, "/members"))
	return nil
}

// memberRole gives an invited or active member another role.
func (h *handler) memberRole(w http.ResponseWriter, r *http.Request) error {
	in, err := h.initiativeOf(r)
	if err != nil {
		return err
	}
	org := r.PathValue("org")
	input := memberInput{OrganizationID: org, Role: r.PostFormValue("role"), Reason: r.PostFormValue("reason")}
	if err := h.Initiatives.ChangeRole(r.Context(), httpx.Actor(r), in.ID, org, input.Role, input.Reason); err != nil {
		return h.memberProblem(w, r, err, in.ID, &membersPageData{Form: "role:" + org, Input: input})
	}
	h.setFlash(w, r, "success", fmt.Sprintf("%s is now %s.", h.memberName(r, in.ID, org), roleWords(input.Role)))
	redirect(w, r, initiativePath(in.ID, "/members"))
	return nil
}

// memberRespond records an invited organization's answer, given by one of
// those who decide for it. They may not see a private initiative yet: the
// roster shows it to them for their invitation.
func (h *handler) memberRespond(w http.ResponseWriter, r *http.Request) error {
	id, err := pathInt(r, "id")
	if err != nil {
		return err
	}
	ro, err := h.Initiatives.Roster(r.Context(), httpx.Actor(r), id)
	if err != nil {
		return err
	}
	org := r.PathValue("org")
	accept := r.PostFormValue("answer") == "accept"
	if !accept && r.PostFormValue("answer") != "decline" {
		problem := &membersPageData{Problem: "Choose to accept or to decline the invitation."}
		return h.renderMembers(w, r, http.StatusUnprocessableEntity, ro, problem)
	}
	name := h.memberName(r, id, org)
	if err := h.Initiatives.Respond(r.Context(), httpx.Actor(r), id, org, accept); err != nil {
		return h.memberProblem(w, r, err, id, &membersPageData{})
	}
	if accept {
		h.setFlash(w, r, "success", fmt.Sprintf("Welcome: %s is now a member of %s.", name, ro.Initiative.Name))
		redirect(w, r, initiativePath(id, "/members"))
		return nil
	}
	h.setFlash(
		w,
		r,
		"info",
		fmt.Sprintf(
			"%s declined the invitation to %s. The initiative's backbone staff can see your answer.",
			name,
			ro.Initiative.Name,
		),
	)
	return h.afterMembership(w, r, id)
}

// afterMembership sends the person back to the members page when they
// still see the initiative, and home when they no longer do.
func (h *handler) afterMembership(w http.ResponseWriter, r *http.Request, id int64) error {
	sees, err := h.may(r, account.ViewInitiative, account.Initiative(id))
	if err != nil {
		return err
	}
	if sees {
		redirect(w, r, initiativePath(id, "/members"))
		return nil
	}
	redirect(w, r, "/")
	return nil
}

// memberLeave takes an active member out of the initiative, keeping why:
// the organization's own decision.
func (h *handler) memberLeave(w http.ResponseWriter, r *http.Request) error {
	in, err := h.initiativeOf(r)
	if err != nil {
		return err
	}
	org := r.PathValue("org")
	input := memberInput{OrganizationID: org, Reason: r.PostFormValue("reason")}
	name := h.memberName(r, in.ID, org)
	if err := h.Initiatives.Leave(r.Context(), httpx.Actor(r), in.ID, org, input.Reason); err != nil {
		return h.memberProblem(w, r, err, in.ID, &membersPageData{Form: "leave:" + org, Input: input})
	}
	h.setFlash(
		w,
		r,
		"info",
		fmt.Sprintf("%s has left %s. Its history, activities and agreements are kept.", name, in.Name),
	)
	return h.afterMembership(w, r, in.ID)
}

// memberRemove takes an organization out of the initiative by the
// backbone's decision, with the reason the partners read: an active member
// is removed, an open invitation withdrawn.
func (h *handler) memberRemove(w http.ResponseWriter, r *http.Request) error {
	in, err := h.initiativeOf(r)
	if err != nil {
		return err
	}
	org := r.PathValue("org")
	input := memberInput{OrganizationID: org, Reason: r.PostFormValue("reason")}
	before := h.memberOf(r, in.ID, org)
	if err := h.Initiatives.RemoveMember(r.Context(), httpx.Actor(r), in.ID, org, input.Reason); err != nil {
		return h.memberProblem(w, r, err, in.ID, &membersPageData{Form: "remove:" + org, Input: input})
	}
	msg := fmt.Sprintf(
		"%s was removed from %s. Its history, activities and agreements are kept, and the partners see why.",
		before.OrganizationName,
		in.Name,
	)
	if before.Status == "invited" {
		msg = fmt.Sprintf("The invitation to %s was withdrawn.", before.OrganizationName)
	}
	h.setFlash(w, r, "success", msg)
	redirect(w, r, initiativePath(in.ID, "/members"))
	return nil
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
	case e.ToStatus == "removed" && e.FromStatus == "invited":
		return "had its invitation withdrawn by the backbone"
	case e.ToStatus == "removed":
		return "was removed by the backbone"
	}
	return "became " + e.ToStatus
}
