package web_test

import (
	"backbone/internal/initiative"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"testing"

	"backbone/internal/account"
	"backbone/internal/directory"
)

func TestStartAnInitiative(t *testing.T) {
	a := newApp(t)
	ctx := context.Background()
	org, err := a.Directory.CreateOrganization(ctx, account.SystemActor("test"), "", directory.OrganizationInput{Name: "County Health", Description: "Public health."})
	if err != nil {
		t.Fatal(err)
	}
	steward := a.SignIn(t, "steward@example.org")
	member := a.SignIn(t, "member@example.org")
	if r := member.Get("/initiatives/new"); r.StatusCode != http.StatusForbidden {
		t.Fatalf("member starts an initiative: %d", r.StatusCode)
	}
	mustContain(t, steward.Get("/initiatives/new"), "Start an initiative", "County Health")

	r := steward.PostForm("/initiatives", url.Values{"name": {""}, "status": {"dreaming"}})
	if r.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("invalid: %d", r.StatusCode)
	}
	mustContain(t, r, "Name is required", "must be one of forming")

	form := url.Values{"name": {"Healthy Aging"}, "problem_statement": {"Isolation among older adults."}, "vision": {"Nobody ages alone."},
		"common_agenda": {"Reach every isolated senior."}, "geography": {"San Mateo County"}, "backbone_organization_id": {org.ID}, "status": {"forming"}}
	r = steward.PostForm("/initiatives", form)
	loc := r.Header.Get("Location")
	if r.StatusCode != http.StatusSeeOther || !regexp.MustCompile(`^/initiatives/\d+$`).MatchString(loc) {
		t.Fatalf("create: %d %q", r.StatusCode, loc)
	}
	page := steward.Get(loc)
	mustContain(t, page, "Healthy Aging was started. You are its backbone staff.", "Isolation among older adults.", "County Health", "Backbone")
	mustContain(t, steward.Get("/initiatives"), "Healthy Aging")
	mustContain(t, steward.Get("/"), "Healthy Aging")
	if r := steward.PostForm("/initiatives", form); r.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("duplicate name: %d", r.StatusCode)
	}

	// A private initiative is invisible (not found) to someone with no part in it,
	// and visible once public.
	if r := member.Get(loc); r.StatusCode != http.StatusNotFound {
		t.Fatalf("private initiative to an outsider: %d", r.StatusCode)
	}
	if body := member.Get("/initiatives").Body; regexp.MustCompile(`Healthy Aging`).MatchString(body) {
		t.Fatal("private initiative listed to an outsider")
	}
	form.Set("name", "Open Data Collaborative")
	form.Set("is_public", "on")
	r = steward.PostForm("/initiatives", form)
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("create public: %d", r.StatusCode)
	}
	mustContain(t, member.Get(r.Header.Get("Location")), "Open Data Collaborative")
	if r := member.Get("/initiatives/999999"); r.StatusCode != http.StatusNotFound {
		t.Fatalf("unknown initiative: %d", r.StatusCode)
	}
	if r := member.Get("/initiatives/abc"); r.StatusCode != http.StatusNotFound {
		t.Fatalf("bad id: %d", r.StatusCode)
	}
}

func TestEditAnInitiative(t *testing.T) {
	a := newApp(t)
	ctx := context.Background()
	sys := account.SystemActor("test")
	in, err := a.Initiatives.Create(ctx, sys, initiative.Input{Name: "Healthy Aging", IsPublic: true})
	if err != nil {
		t.Fatal(err)
	}
	staff := a.AddUser(t, "staff@example.org", account.RoleMember)
	if err := a.Initiatives.SetUserRole(ctx, sys, in.ID, staff.ID, account.InitiativeBackboneStaff); err != nil {
		t.Fatal(err)
	}
	path := fmt.Sprintf("/initiatives/%d/edit", in.ID)
	member := a.SignIn(t, "member@example.org")
	if r := member.Get(path); r.StatusCode != http.StatusForbidden {
		t.Fatalf("a reader edits: %d", r.StatusCode)
	}
	if r := member.PostForm(path, url.Values{"name": {"Taken over"}}); r.StatusCode != http.StatusForbidden {
		t.Fatalf("a reader saves: %d", r.StatusCode)
	}
	c := a.SignIn(t, "staff@example.org")
	mustContain(t, c.Get(path), "Edit Healthy Aging", `value="Healthy Aging"`)
	r := c.PostForm(path, url.Values{"name": {""}, "status": {"active"}})
	if r.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("invalid: %d", r.StatusCode)
	}
	mustContain(t, r, "Name is required")
	r = c.PostForm(path, url.Values{"name": {"Healthy Aging"}, "status": {"sustaining"}, "vision": {"Everyone ages well."}})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d %s", r.StatusCode, r.Body)
	}
	got, _ := a.Initiatives.Get(ctx, in.ID)
	if got.Status != "sustaining" || got.Vision != "Everyone ages well." || got.IsPublic {
		t.Fatalf("saved %+v", got)
	}
}
