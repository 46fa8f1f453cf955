package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"backbone/internal/account"
	"backbone/internal/directory"
	"backbone/internal/initiative"
	"backbone/internal/testutil/apptest"
)

// workspace is a private initiative with a backbone, two active members
// and an organization in the directory that is not in it yet, and the
// people around them.
type workspace struct {
	a                              *apptest.App
	id                             int64
	base                           string // /initiatives/ID
	health, samaritan, meals, bank *directory.Organization
	staff                          *apptest.Client // backbone staff
	lead                           *apptest.Client // admin of Samaritan House
	worker                         *apptest.Client // staff of Samaritan House
	bankAdmin                      *apptest.Client // admin of the Food Bank, not yet a member
	outsider                       *apptest.Client // member@, no part in the initiative
	users                          map[string]*account.User
}

func newWorkspace(t *testing.T) *workspace {
	t.Helper()
	a := newApp(t)
	ctx := context.Background()
	sys := account.SystemActor("test")
	org := func(name string) *directory.Organization {
		o, err := a.Directory.CreateOrganization(ctx, sys, "", directory.OrganizationInput{Name: name, Description: name + " serves older adults."})
		if err != nil {
			t.Fatal(err)
		}
		return o
	}
	w := &workspace{a: a, health: org("County Health"), samaritan: org("Samaritan House"), meals: org("Meals Together"), bank: org("Second Harvest Food Bank"),
		users: map[string]*account.User{}}
	in, err := a.Initiatives.Create(ctx, sys, initiative.Input{Name: "Aging Well", CommonAgenda: "Food and company.", BackboneOrganizationID: w.health.ID, Status: "active"})
	if err != nil {
		t.Fatal(err)
	}
	w.id, w.base = in.ID, fmt.Sprintf("/initiatives/%d", in.ID)
	for _, o := range []*directory.Organization{w.samaritan, w.meals} {
		if err := a.Initiatives.AddMember(ctx, sys, in.ID, o.ID, "core_partner", "active"); err != nil {
			t.Fatal(err)
		}
	}
	for _, u := range []struct{ email, org, role string }{
		{"staff@example.org", w.health.ID, account.OrgStaff},
		{"lead@example.org", w.samaritan.ID, account.OrgAdmin},
		{"worker@example.org", w.samaritan.ID, account.OrgStaff},
		{"bank@example.org", w.bank.ID, account.OrgAdmin},
	} {
		user := a.AddUser(t, u.email, account.RoleMember)
		w.users[u.email] = user
		if err := a.Accounts.SetMembership(ctx, sys, user.ID, u.org, u.role); err != nil {
			t.Fatal(err)
		}
	}
	if err := a.Initiatives.SetUserRole(ctx, sys, in.ID, w.users["staff@example.org"].ID, account.InitiativeBackboneStaff); err != nil {
		t.Fatal(err)
	}
	w.staff, w.lead, w.worker = a.SignIn(t, "staff@example.org"), a.SignIn(t, "lead@example.org"), a.SignIn(t, "worker@example.org")
	w.bankAdmin, w.outsider = a.SignIn(t, "bank@example.org"), a.SignIn(t, "member@example.org")
	return w
}

// status fails the test unless the response has the wanted status.
func status(t *testing.T, r *apptest.Response, want int) {
	t.Helper()
	if r.StatusCode != want {
		t.Fatalf("%s %s = %d, want %d\n%s", r.Request.Method, r.Request.URL.Path, r.StatusCode, want, excerpt(r.Body))
	}
}

// excerpt is the main part of a page, for a failure message.
func excerpt(body string) string {
	if i := strings.Index(body, `<main`); i >= 0 {
		body = body[i:]
	}
	if len(body) > 1500 {
		body = body[:1500]
	}
	return body
}

func (w *workspace) member(t *testing.T, orgID string) initiative.Member {
	t.Helper()
	ms, err := w.a.Initiatives.Members(context.Background(), w.id)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range ms {
		if m.OrganizationID == orgID {
			return m
		}
	}
	return initiative.Member{}
}

func TestMembersPage(t *testing.T) {
	w := newWorkspace(t)
	status(t, w.outsider.Get(w.base+"/members"), http.StatusNotFound)
	status(t, w.bankAdmin.Get(w.base+"/members"), http.StatusNotFound)
	r := w.lead.Get(w.base + "/members")
	status(t, r, http.StatusOK)
	mustContain(t, r, "Samaritan House", "Meals Together", "Backbone", "History", "Leave for Samaritan House")
	if strings.Contains(r.Body, "Invite an organization") || strings.Contains(r.Body, "Change role") {
		t.Error("a partner lead sees the backbone staff's forms")
	}
	if strings.Contains(w.worker.Get(w.base+"/members").Body, "Leave for") {
		t.Error("a member's staff (not admin) is offered to leave")
	}
	r = w.staff.Get(w.base + "/members")
	mustContain(t, r, "Invite an organization", "Second Harvest Food Bank", "Change role")
	mustContain(t, w.staff.Get(w.base+"/members?q=harvest"), "Second Harvest Food Bank")
}

func TestInviteAndRespond(t *testing.T) {
	w := newWorkspace(t)
	invite := url.Values{"organization_id": {w.bank.ID}, "role": {"funder"}}
	status(t, w.lead.PostForm(w.base+"/members", invite), http.StatusForbidden)
	status(t, w.outsider.PostForm(w.base+"/members", invite), http.StatusNotFound)
	if m := w.member(t, w.bank.ID); m.Status != "" {
		t.Fatalf("a refused invitation wrote %+v", m)
	}
	r := w.staff.PostForm(w.base+"/members", url.Values{"organization_id": {""}, "role": {"funder"}})
	status(t, r, http.StatusUnprocessableEntity)
	mustContain(t, r, `id="organization_id-error"`, "Organization is required")

	status(t, w.staff.PostForm(w.base+"/members", invite), http.StatusSeeOther)
	mustContain(t, w.staff.Get(w.base+"/members"), "Second Harvest Food Bank was invited as a funder", "was invited as a funder")
	r = w.staff.PostForm(w.base+"/members", invite)
	status(t, r, http.StatusConflict)
	mustContain(t, r, "has already been invited")

	// The invited organization's admin sees the invitation, though the
	// initiative is private; nobody else may answer it.
	r = w.bankAdmin.Get(w.base + "/members")
	status(t, r, http.StatusOK)
	mustContain(t, r, "Second Harvest Food Bank is invited to join Aging Well as a funder", "Accept for Second Harvest Food Bank")
	if strings.Contains(r.Body, "History") {
		t.Error("an invitee sees the private initiative's history")
	}
	accept := url.Values{"answer": {"accept"}}
	status(t, w.lead.PostForm(w.base+"/members/"+w.bank.ID+"/respond", accept), http.StatusForbidden)
	status(t, w.staff.PostForm(w.base+"/members/"+w.bank.ID+"/respond", accept), http.StatusForbidden)
	status(t, w.outsider.PostForm(w.base+"/members/"+w.bank.ID+"/respond", accept), http.StatusNotFound)
	status(t, w.bankAdmin.PostForm(w.base+"/members/"+w.bank.ID+"/respond", url.Values{"answer": {"maybe"}}), http.StatusUnprocessableEntity)
	if m := w.member(t, w.bank.ID); m.Status != "invited" {
		t.Fatalf("refused answers changed the invitation: %+v", m)
	}
	status(t, w.bankAdmin.PostForm(w.base+"/members/"+w.bank.ID+"/respond", accept), http.StatusSeeOther)
	mustContain(t, w.bankAdmin.Get(w.base+"/members"), "Welcome: Second Harvest Food Bank is now a member of Aging Well.", "History")
	if m := w.member(t, w.bank.ID); m.Status != "active" {
		t.Fatalf("after accepting: %+v", m)
	}
	r = w.bankAdmin.PostForm(w.base+"/members/"+w.bank.ID+"/respond", accept)
	status(t, r, http.StatusConflict)
	mustContain(t, r, "already a member")
}

func TestDeclineInvitation(t *testing.T) {
	w := newWorkspace(t)
	status(t, w.staff.PostForm(w.base+"/members", url.Values{"organization_id": {w.bank.ID}, "role": {"supporting_partner"}}), http.StatusSeeOther)
	r := w.bankAdmin.PostForm(w.base+"/members/"+w.bank.ID+"/respond", url.Values{"answer": {"decline"}})
	status(t, r, http.StatusSeeOther)
	if r.Header.Get("Location") != "/" {
		t.Errorf("after declining a private initiative: sent to %q", r.Header.Get("Location"))
	}
	if m := w.member(t, w.bank.ID); m.Status != "declined" {
		t.Fatalf("after declining: %+v", m)
	}
	mustContain(t, w.staff.Get(w.base+"/members"), "declined the invitation")
}

func TestChangeRoleAndLeave(t *testing.T) {
	w := newWorkspace(t)
	path := w.base + "/members/" + w.meals.ID + "/role"
	change := url.Values{"role": {"supporting_partner"}, "reason": {"Fewer hours this year."}}
	status(t, w.lead.PostForm(path, change), http.StatusForbidden)
	if m := w.member(t, w.meals.ID); m.Role != "core_partner" {
		t.Fatalf("refused change wrote %+v", m)
	}
	r := w.staff.PostForm(path, url.Values{"role": {"boss"}})
	status(t, r, http.StatusUnprocessableEntity)
	mustContain(t, r, "Role must be one of")
	status(t, w.staff.PostForm(path, change), http.StatusSeeOther)
	mustContain(t, w.staff.Get(w.base+"/members"), "Meals Together is now a supporting partner.",
		"changed from a core partner to a supporting partner", "Fewer hours this year.")

	leave := w.base + "/members/" + w.samaritan.ID + "/leave"
	status(t, w.worker.PostForm(leave, url.Values{"reason": {"x"}}), http.StatusForbidden)
	status(t, w.staff.PostForm(leave, url.Values{"reason": {"x"}}), http.StatusForbidden)
	r = w.lead.PostForm(leave, url.Values{"reason": {strings.Repeat("a", 2001)}})
	status(t, r, http.StatusUnprocessableEntity)
	mustContain(t, r, "Reason must be at most 2000 characters")
	if m := w.member(t, w.samaritan.ID); m.Status != "active" {
		t.Fatalf("refused leave wrote %+v", m)
	}
	r = w.lead.PostForm(leave, url.Values{"reason": {"Our funding for this ended."}})
	status(t, r, http.StatusSeeOther)
	if m := w.member(t, w.samaritan.ID); m.Status != "left" {
		t.Fatalf("after leaving: %+v", m)
	}
	mustContain(t, w.staff.Get(w.base+"/members"), "left the initiative", "Our funding for this ended.")
	status(t, w.lead.PostForm(leave, url.Values{}), http.StatusNotFound) // no longer sees the private initiative
}

func TestHomeShowsInvitations(t *testing.T) {
	a := newApp(t)
	ctx := context.Background()
	sys := account.SystemActor("test")
	backbone, _ := a.Directory.CreateOrganization(ctx, sys, "", directory.OrganizationInput{Name: "County Health", Description: "x"})
	invited, _ := a.Directory.CreateOrganization(ctx, sys, "", directory.OrganizationInput{Name: "Food Bank", Description: "x"})
	in, err := a.Initiatives.Create(ctx, sys, initiative.Input{Name: "Healthy Aging", BackboneOrganizationID: backbone.ID})
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Initiatives.Invite(ctx, sys, in.ID, invited.ID, "core_partner"); err != nil {
		t.Fatal(err)
	}
	lead := a.AddUser(t, "lead@example.org", account.RoleMember)
	a.Accounts.SetMembership(ctx, sys, lead.ID, invited.ID, account.OrgAdmin)
	mustContain(t, a.SignIn(t, "lead@example.org").Get("/"), "Join Healthy Aging as core partner</strong> for Food Bank", fmt.Sprintf("/initiatives/%d/members", in.ID))
	if strings.Contains(a.SignIn(t, "member@example.org").Get("/").Body, "Join Healthy Aging") {
		t.Fatal("invitations shown to someone who cannot answer them")
	}
}

// TestRemoveMember: backbone staff take an organization out, saying why:
// an active member is removed, an invitation withdrawn, both shown in the
// history as the backbone's. A member's own admin leaves instead, and the
// backbone organization stays.
func TestRemoveMember(t *testing.T) {
	w := newWorkspace(t)
	remove := w.base + "/members/" + w.meals.ID + "/remove"
	why := url.Values{"reason": {"Has not taken part for a year."}}
	status(t, w.lead.PostForm(w.base+"/members/"+w.samaritan.ID+"/remove", why), http.StatusForbidden)
	status(t, w.outsider.PostForm(remove, why), http.StatusNotFound)
	if strings.Contains(w.lead.Get(w.base+"/members").Body, "Remove Meals Together") {
		t.Error("a partner lead is offered to remove a member")
	}
	mustContain(t, w.staff.Get(w.base+"/members"), "Remove Meals Together")
	if strings.Contains(w.staff.Get(w.base+"/members").Body, "Remove County Health") {
		t.Error("the backbone organization is offered for removal")
	}
	r := w.staff.PostForm(remove, url.Values{"reason": {" "}})
	status(t, r, http.StatusUnprocessableEntity)
	mustContain(t, r, `id="remove-reason-`+w.meals.ID+`-error"`, "Reason is required")
	status(t, w.staff.PostForm(w.base+"/members/"+w.health.ID+"/remove", why), http.StatusConflict)
	if m := w.member(t, w.meals.ID); m.Status != "active" {
		t.Fatalf("refused removals wrote %+v", m)
	}

	status(t, w.staff.PostForm(remove, why), http.StatusSeeOther)
	if m := w.member(t, w.meals.ID); m.Status != "removed" {
		t.Fatalf("after removing: %+v", m)
	}
	mustContain(t, w.staff.Get(w.base+"/members"), "Meals Together was removed from Aging Well.", "was removed by the backbone",
		"Has not taken part for a year.")

	status(t, w.staff.PostForm(w.base+"/members", url.Values{"organization_id": {w.bank.ID}, "role": {"funder"}}), http.StatusSeeOther)
	status(t, w.staff.PostForm(w.base+"/members/"+w.bank.ID+"/remove", url.Values{"reason": {"Sent by mistake."}}), http.StatusSeeOther)
	mustContain(t, w.staff.Get(w.base+"/members"), "The invitation to Second Harvest Food Bank was withdrawn.",
		"had its invitation withdrawn by the backbone")
	status(t, w.bankAdmin.Get(w.base+"/members"), http.StatusNotFound)
}
