package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"backbone/internal/account"
	"backbone/internal/initiative"
)

func TestCommonAgenda(t *testing.T) {
	w := newWorkspace(t)
	ctx := context.Background()
	status(t, w.outsider.Get(w.base+"/work"), http.StatusNotFound)
	r := w.lead.Get(w.base + "/work")
	status(t, r, http.StatusOK)
	mustContain(t, r, "The common agenda has no items yet.", "backbone staff add them")

	add := url.Values{"title": {"Food security"}, "description": {"Nobody goes hungry."}}
	status(t, w.lead.PostForm(w.base+"/agenda", add), http.StatusForbidden)
	status(t, w.outsider.PostForm(w.base+"/agenda", add), http.StatusNotFound)
	if items, _ := w.a.Initiatives.AgendaItems(ctx, w.id); len(items) != 0 {
		t.Fatalf("refused posts wrote %+v", items)
	}
	r = w.staff.PostForm(w.base+"/agenda", url.Values{"title": {" "}, "description": {"kept"}})
	status(t, r, http.StatusUnprocessableEntity)
	mustContain(t, r, `id="title-error"`, "Goal is required", ">kept</textarea>")

	status(t, w.staff.PostForm(w.base+"/agenda", add), http.StatusSeeOther)
	status(t, w.staff.PostForm(w.base+"/agenda", url.Values{"title": {"Company"}}), http.StatusSeeOther)
	items, _ := w.a.Initiatives.AgendaItems(ctx, w.id)
	if len(items) != 2 {
		t.Fatalf("items %+v", items)
	}
	second := fmt.Sprintf("%s/agenda/%d", w.base, items[1].ID)

	status(t, w.lead.PostForm(second+"/move", url.Values{"direction": {"up"}}), http.StatusForbidden)
	status(t, w.staff.PostForm(second+"/move", url.Values{"direction": {"down"}}), http.StatusConflict)
	status(t, w.staff.PostForm(second+"/move", url.Values{"direction": {"up"}}), http.StatusSeeOther)
	if items, _ := w.a.Initiatives.AgendaItems(ctx, w.id); items[0].Title != "Company" {
		t.Fatalf("after moving up: %+v", items)
	}

	status(t, w.lead.Get(second+"/edit"), http.StatusForbidden)
	mustContain(t, w.staff.Get(second+"/edit"), `value="Company"`, "Archive “Company”")
	status(t, w.lead.PostForm(second, url.Values{"title": {"Hijacked"}}), http.StatusForbidden)
	r = w.staff.PostForm(second, url.Values{"title": {""}})
	status(t, r, http.StatusUnprocessableEntity)
	mustContain(t, r, "Goal is required")
	status(t, w.staff.PostForm(second, url.Values{"title": {"Company and connection"}}), http.StatusSeeOther)
	mustContain(t, w.lead.Get(w.base+"/work"), "1. Company and connection", "2. Food security", "2 gaps")

	status(t, w.lead.PostForm(second+"/archive", url.Values{}), http.StatusForbidden)
	status(t, w.staff.PostForm(second+"/archive", url.Values{}), http.StatusSeeOther)
	status(t, w.staff.PostForm(second+"/archive", url.Values{}), http.StatusConflict)
	if items, _ := w.a.Initiatives.AgendaItems(ctx, w.id); len(items) != 1 || items[0].Title != "Food security" {
		t.Fatalf("after archiving: %+v", items)
	}
	// An item of another initiative is not found through this one.
	other, err := w.a.Initiatives.Create(ctx, account.SystemActor("test"), initiative.Input{Name: "Other", BackboneOrganizationID: w.health.ID})
	if err != nil {
		t.Fatal(err)
	}
	status(t, w.staff.Get(fmt.Sprintf("/initiatives/%d/agenda/%d/edit", other.ID, items[0].ID)), http.StatusForbidden)
	status(t, w.a.SignIn(t, "admin@example.org").Get(fmt.Sprintf("/initiatives/%d/agenda/%d/edit", other.ID, items[0].ID)), http.StatusNotFound)
}

var activityLink = regexp.MustCompile(`href="(/initiatives/\d+/activities/\d+)/edit"`)

func TestActivitiesAndCoverage(t *testing.T) {
	w := newWorkspace(t)
	ctx := context.Background()
	sys := account.SystemActor("test")
	food, _ := w.a.Initiatives.AddAgendaItem(ctx, sys, w.id, initiative.AgendaItemInput{Title: "Food security"})
	w.a.Initiatives.AddAgendaItem(ctx, sys, w.id, initiative.AgendaItemInput{Title: "Measure together"})
	meals, err := w.a.Initiatives.AddActivity(ctx, sys, w.id, initiative.ActivityInput{OrganizationID: w.meals.ID, AgendaItemID: food.ID, Title: "Home-delivered meals for seniors", Status: "under_way"})
	if err != nil {
		t.Fatal(err)
	}

	status(t, w.outsider.Get(w.base+"/activities/new"), http.StatusNotFound)
	status(t, w.bankAdmin.Get(w.base+"/activities/new"), http.StatusNotFound)
	r := w.worker.Get(fmt.Sprintf("%s/activities/new?item=%d", w.base, food.ID))
	status(t, r, http.StatusOK)
	mustContain(t, r, "Record an activity", "Samaritan House")
	if strings.Contains(r.Body, "Meals Together") {
		t.Error("a member's worker may pick another member")
	}

	good := url.Values{"organization_id": {w.samaritan.ID}, "agenda_item_id": {fmt.Sprint(food.ID)}, "title": {"Home-delivered meals for homebound seniors"},
		"starts_on": {"2025-03-01"}, "ends_on": {"2025-12-31"}, "status": {"planned"}}
	forOther := url.Values{"organization_id": {w.meals.ID}, "title": {"Not mine"}}
	status(t, w.worker.PostForm(w.base+"/activities", forOther), http.StatusForbidden)
	status(t, w.outsider.PostForm(w.base+"/activities", good), http.StatusNotFound)
	bad := url.Values{"organization_id": {w.samaritan.ID}, "title": {""}, "starts_on": {"2025-02-30"}, "ends_on": {"2025-01-01"}}
	r = w.worker.PostForm(w.base+"/activities", bad)
	status(t, r, http.StatusUnprocessableEntity)
	mustContain(t, r, "What is required", "Starts must be a date", `value="2025-02-30"`)
	if acts, _ := w.a.Initiatives.Activities(ctx, w.id); len(acts) != 1 {
		t.Fatalf("refused posts wrote activities: %+v", acts)
	}
	status(t, w.worker.PostForm(w.base+"/activities", good), http.StatusSeeOther)

	r = w.lead.Get(w.base + "/work")
	mustContain(t, r, "Possible overlap", "Meals Together’s “Home-delivered meals for seniors”", "<em>delivered</em>",
		"Gap:", "Measure together", "1 gap", "1 Mar 2025 – 31 Dec 2025")
	links := activityLink.FindAllStringSubmatch(r.Body, -1)
	if len(links) != 1 {
		t.Fatalf("the lead may edit %d activities, want 1 (their own): %v", len(links), links)
	}
	own := links[0][1]
	other := fmt.Sprintf("%s/activities/%d", w.base, meals.ID)
	status(t, w.worker.Get(other+"/edit"), http.StatusForbidden)
	status(t, w.worker.PostForm(other, forOther), http.StatusForbidden)
	mustContain(t, w.worker.Get(own+"/edit"), `value="Home-delivered meals for homebound seniors"`, `value="2025-03-01"`,
		"Delete this activity")
	change := url.Values{"organization_id": {w.samaritan.ID}, "agenda_item_id": {fmt.Sprint(food.ID)}, "title": {"Grocery delivery"}, "status": {"under_way"}}
	moved := url.Values{"organization_id": {w.meals.ID}, "title": {"Grocery delivery"}, "status": {"under_way"}}
	status(t, w.worker.PostForm(own, moved), http.StatusForbidden)
	status(t, w.worker.PostForm(own, change), http.StatusSeeOther)
	r = w.staff.Get(w.base + "/work")
	mustContain(t, r, "Grocery delivery", "no overlaps")
	if n := len(activityLink.FindAllString(r.Body, -1)); n != 2 {
		t.Errorf("backbone staff may edit %d activities, want 2", n)
	}

	// Deleting is recording's rule (account.RecordActivity): a member's
	// people delete their own organization's activity, as the API let them
	// (this page let only backbone staff), not another member's.
	status(t, w.worker.PostForm(other+"/delete", url.Values{}), http.StatusForbidden)
	status(t, w.worker.PostForm(own+"/delete", url.Values{}), http.StatusSeeOther)
	if acts, _ := w.a.Initiatives.Activities(ctx, w.id); len(acts) != 1 {
		t.Fatalf("after deleting: %+v", acts)
	}
	status(t, w.staff.PostForm(other+"/delete", url.Values{}), http.StatusSeeOther)
	if acts, _ := w.a.Initiatives.Activities(ctx, w.id); len(acts) != 0 {
		t.Fatalf("after the staff deleted: %+v", acts)
	}
}

func TestRACIMatrix(t *testing.T) {
	w := newWorkspace(t)
	ctx := context.Background()
	sys := account.SystemActor("test")
	act, err := w.a.Initiatives.AddActivity(ctx, sys, w.id, initiative.ActivityInput{OrganizationID: w.meals.ID, Title: "Meals", Status: "under_way"})
	if err != nil {
		t.Fatal(err)
	}
	status(t, w.outsider.Get(w.base+"/work/raci"), http.StatusNotFound)
	r := w.lead.Get(w.base + "/work/raci")
	status(t, r, http.StatusOK)
	mustContain(t, r, "No one accountable", "No one responsible", "1 open activity needs")
	if strings.Contains(r.Body, "<select") {
		t.Error("a partner lead gets the matrix's controls")
	}
	cell := func(org string) string { return fmt.Sprintf("l.%d.%s", act.ID, org) }
	letters := url.Values{cell(w.meals.ID): {"R"}, cell(w.health.ID): {"A"}, cell(w.samaritan.ID): {""}}
	status(t, w.lead.PostForm(w.base+"/work/raci", letters), http.StatusForbidden)
	if got, _ := w.a.Initiatives.RACI(ctx, act.ID); len(got) != 0 {
		t.Fatalf("refused post wrote %+v", got)
	}
	r = w.staff.PostForm(w.base+"/work/raci", url.Values{cell(w.meals.ID): {"Z"}})
	status(t, r, http.StatusUnprocessableEntity)
	mustContain(t, r, "was not saved")
	status(t, w.staff.PostForm(w.base+"/work/raci", letters), http.StatusSeeOther)
	r = w.staff.Get(w.base + "/work/raci")
	mustContain(t, r, "The matrix was saved (2 changes).", `<option value="A" selected>`)
	if strings.Contains(r.Body, "No one accountable") {
		t.Error("flag still raised")
	}
	letters.Set(cell(w.samaritan.ID), "A")
	status(t, w.staff.PostForm(w.base+"/work/raci", letters), http.StatusSeeOther)
	mustContain(t, w.staff.Get(w.base+"/work/raci"), "Several accountable")
}
