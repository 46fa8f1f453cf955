package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestAccessPage checks an initiative's access page: everyone who may see
// the initiative reads who has which role, its backbone staff give and
// take them away (a partner lead of no member with a warning), the last
// backbone staff stays, and a role counts at the person's next request.
func TestAccessPage(t *testing.T) {
	w := newWorkspace(t)
	page := w.base + "/access"
	status(t, w.outsider.Get(page), http.StatusNotFound)
	r := w.lead.Get(page)
	status(t, r, http.StatusOK)
	mustContain(t, r, "Access to Aging Well", `href="`+page+`" aria-current="page"`, "staff", "Backbone staff",
		"Members through their organizations", "Samaritan House")
	if strings.Contains(r.Body, "staff@example.org") || strings.Contains(r.Body, "Give someone a role") {
		t.Error("a member's admin sees emails or the forms")
	}
	mustContain(t, w.staff.Get(page), "staff@example.org", "Give someone a role")

	grant := url.Values{"email": {"member@example.org"}, "role": {"viewer"}}
	status(t, w.lead.PostForm(page, grant), http.StatusForbidden)
	status(t, w.outsider.PostForm(page, grant), http.StatusNotFound)
	status(t, w.outsider.PostForm(page+"/revoke", url.Values{"email": {"staff@example.org"}}), http.StatusNotFound)
	status(t, w.staff.PostForm(page, grant), http.StatusSeeOther)
	mustContain(t, w.staff.Get(page), "member now has the viewer role in Aging Well.")
	status(t, w.outsider.Get(w.base), http.StatusOK)

	status(t, w.staff.PostForm(page, url.Values{"email": {"bank@example.org"}, "role": {"partner_lead"}}), http.StatusSeeOther)
	r = w.staff.Get(page)
	mustContain(t, r, "bank is now a partner lead of Aging Well. Note: bank works for no active member organization",
		"A partner lead with no member organization to act for")

	r = w.staff.PostForm(page, url.Values{"email": {"member@example.org"}, "role": {"owner"}})
	status(t, r, http.StatusUnprocessableEntity)
	mustContain(t, r, "Role must be one of backbone_staff, partner_lead, member, viewer")
	r = w.staff.PostForm(page, url.Values{"email": {"nobody@example.org"}, "role": {"viewer"}})
	status(t, r, http.StatusUnprocessableEntity)
	mustContain(t, r, `id="email-error"`)
	r = w.staff.PostForm(page, url.Values{"email": {"staff@example.org"}, "role": {"viewer"}, "row": {"1"}})
	status(t, r, http.StatusConflict)
	mustContain(t, r, "staff is the last backbone staff of Aging Well: without them nobody could run the initiative.")
	status(t, w.staff.PostForm(page+"/revoke", url.Values{"email": {"staff@example.org"}}), http.StatusConflict)

	status(t, w.staff.PostForm(page+"/revoke", url.Values{"email": {"member@example.org"}}), http.StatusSeeOther)
	status(t, w.outsider.Get(w.base), http.StatusNotFound)
	mustContain(t, w.staff.Get(w.base+"/updates"), "gave member the viewer role", "took the viewer role from member",
		"gave bank the partner lead role")
}
