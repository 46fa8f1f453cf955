package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func TestOrganizationResponsibilities(t *testing.T) {
	w := newWorkspace(t)
	ctx := context.Background()
	status(t, w.outsider.Get(w.base+"/people"), http.StatusNotFound)
	r := w.worker.Get(w.base + "/people")
	status(t, r, http.StatusOK)
	mustContain(t, r, "Samaritan House", "Nothing written yet.")
	if strings.Contains(r.Body, "Edit what") {
		t.Error("a member's worker may edit the lists")
	}
	r = w.lead.Get(w.base + "/people")
	mustContain(t, r, "Edit what Samaritan House is responsible for")
	if strings.Contains(r.Body, "Edit what Meals Together") {
		t.Error("a lead may edit another member's list")
	}

	own := w.base + "/responsibilities/" + w.samaritan.ID
	list := url.Values{"responsibilities": {"Food pantry for seniors\r\n\r\nReferrals to meal programs"}}
	status(t, w.worker.PostForm(own, list), http.StatusForbidden)
	status(t, w.lead.PostForm(w.base+"/responsibilities/"+w.meals.ID, list), http.StatusForbidden)
	status(t, w.outsider.PostForm(own, list), http.StatusNotFound)
	r = w.lead.PostForm(own, url.Values{"responsibilities": {strings.Repeat("x", 501)}})
	status(t, r, http.StatusUnprocessableEntity)
	mustContain(t, r, "Responsibilities must be at most 500 characters", "<details open>")
	status(t, w.lead.PostForm(own, list), http.StatusSeeOther)
	status(t, w.staff.PostForm(w.base+"/responsibilities/"+w.meals.ID, url.Values{"responsibilities": {"Home-delivered meals"}}), http.StatusSeeOther)
	status(t, w.staff.PostForm(w.base+"/responsibilities/"+w.bank.ID, list), http.StatusUnprocessableEntity)
	got, err := w.a.Initiatives.OrganizationResponsibilities(ctx, w.id)
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range got {
		if o.OrganizationID == w.samaritan.ID && strings.Join(o.Responsibilities, "|") != "Food pantry for seniors|Referrals to meal programs" {
			t.Errorf("Samaritan House: %q", o.Responsibilities)
		}
	}
	mustContain(t, w.worker.Get(w.base+"/people"), "<li>Referrals to meal programs</li>", "<li>Home-delivered meals</li>")
}

func TestPeopleAndJobRoles(t *testing.T) {
	w := newWorkspace(t)
	ctx := context.Background()
	worker := w.users["worker@example.org"]
	r := w.staff.Get(w.base + "/people")
	mustContain(t, r, "Add a person", "worker (worker@example.org)", "Front line worker")
	if strings.Contains(r.Body, "bank@example.org") {
		t.Error("someone outside the member organizations is offered")
	}
	if strings.Contains(w.lead.Get(w.base+"/people").Body, "Add a person") {
		t.Error("a partner lead gets the person form")
	}
	set := url.Values{"user_id": {fmt.Sprint(worker.ID)}, "organization_id": {w.samaritan.ID}, "job_role": {"front_line_worker"},
		"responsibilities": {"Visits isolated seniors\nRefers them to meals"}}
	status(t, w.lead.PostForm(w.base+"/people", set), http.StatusForbidden)
	status(t, w.outsider.PostForm(w.base+"/people", set), http.StatusNotFound)
	if people, _ := w.a.Initiatives.People(ctx, w.id); len(people) != 0 {
		t.Fatalf("refused posts wrote %+v", people)
	}
	r = w.staff.PostForm(w.base+"/people", url.Values{"user_id": {""}, "job_role": {"chief"}, "responsibilities": {"kept"}})
	status(t, r, http.StatusUnprocessableEntity)
	mustContain(t, r, `id="user_id-error"`, "Person is required", "Job role must be one of", ">kept</textarea>")
	status(t, w.staff.PostForm(w.base+"/people", set), http.StatusSeeOther)
	r = w.lead.Get(w.base + "/people")
	mustContain(t, r, "Front line worker", "Visits isolated seniors", "Refers them to meals")
	mustContain(t, w.staff.Get(fmt.Sprintf("%s/people?person=%d", w.base, worker.ID)), "Change a person's part", "Visits isolated seniors\nRefers them to meals</textarea>")

	remove := fmt.Sprintf("%s/people/%d/remove", w.base, worker.ID)
	status(t, w.lead.PostForm(remove, url.Values{}), http.StatusForbidden)
	status(t, w.staff.PostForm(remove, url.Values{}), http.StatusSeeOther)
	status(t, w.staff.PostForm(remove, url.Values{}), http.StatusNotFound)
	if people, _ := w.a.Initiatives.People(ctx, w.id); len(people) != 0 {
		t.Fatalf("after removing: %+v", people)
	}
}
