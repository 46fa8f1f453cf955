package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"backbone/internal/account"
	"backbone/internal/directory"
)

func TestEditServicesAndLocations(t *testing.T) {
	a := newApp(t)
	ctx := context.Background()
	sys := account.SystemActor("test")
	org, err := a.Directory.CreateOrganization(ctx, sys, "", directory.OrganizationInput{Name: "Samaritan House", Description: "Food and clinics."})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.DB.ExecContext(ctx, `INSERT INTO taxonomy_terms (id, name) VALUES ('food', 'Food')`); err != nil {
		t.Fatal(err)
	}
	admin := a.AddUser(t, "admin-of-house@example.org", account.RoleMember)
	if err := a.Accounts.SetMembership(ctx, sys, admin.ID, org.ID, account.OrgAdmin); err != nil {
		t.Fatal(err)
	}
	c := a.SignIn(t, "admin-of-house@example.org")
	outsider := a.SignIn(t, "member@example.org")

	mustContain(t, c.Get("/organizations/"+org.ID), "Add a service", "Add a location")
	if r := outsider.Get("/organizations/" + org.ID); regexp.MustCompile(`Add a (service|location)`).MatchString(r.Body) {
		t.Error("an outsider is offered to add services or locations")
	}
	if r := outsider.Get("/organizations/" + org.ID + "/locations/new"); r.StatusCode != http.StatusForbidden {
		t.Fatalf("outsider opens the location form: %d", r.StatusCode)
	}

	// A location: coordinates come in pairs, and the form keeps what was typed.
	loc := url.Values{"name": {"Main office"}, "address.address_1": {"4031 Pacific Blvd"}, "address.city": {"San Mateo"},
		"address.state_province": {"CA"}, "address.postal_code": {"94403"}, "latitude": {"37.5x"}, "longitude": {""},
		"phone_number_0": {"650-341-4081"}, "phone_type_0": {"voice"}, "phone_number_1": {""}, "phone_type_1": {"fax"}}
	r := c.PostForm("/organizations/"+org.ID+"/locations/new", loc)
	if r.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("invalid location: %d", r.StatusCode)
	}
	mustContain(t, r, `id="latitude-error"`, "must be a number in decimal degrees", "Number is required", `value="4031 Pacific Blvd"`)
	loc.Set("latitude", "37.5402")
	loc.Set("longitude", "-122.3021")
	loc.Set("phone_type_1", "")
	if r := outsider.PostForm("/organizations/"+org.ID+"/locations/new", loc); r.StatusCode != http.StatusForbidden {
		t.Fatalf("outsider adds a location: %d", r.StatusCode)
	}
	if r := c.PostForm("/organizations/"+org.ID+"/locations/new", loc); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("add location: %d %s", r.StatusCode, r.Body)
	}
	page := c.Get("/organizations/" + org.ID)
	mustContain(t, page, "Main office was added to Samaritan House.", "4031 Pacific Blvd, San Mateo, CA 94403", `<a href="tel:6503414081">650-341-4081</a>`)
	locPath := regexp.MustCompile(`href="(/locations/[0-9a-f-]{36}/edit)"`).FindStringSubmatch(page.Body)
	if locPath == nil {
		t.Fatal("no link to edit the location")
	}
	mustContain(t, c.Get(locPath[1]), `value="37.5402"`, `value="-122.3021"`, `value="650-341-4081"`)
	locID := regexp.MustCompile(`/locations/([0-9a-f-]{36})/`).FindStringSubmatch(locPath[1])[1]

	// A service: every mistake shown at once, next to its field.
	form := c.Get("/organizations/" + org.ID + "/services/new")
	mustContain(t, form, "Monday", "Sunday", "More hours", "Spanish", "Other languages", "Food", "Main office", `name="phone_number_2"`)
	sv := url.Values{"name": {"Meals on Wheels"}, "status": {"active"}, "eligibility_description": {"Adults over 60"},
		"fees_description": {"Free"}, "minimum_age": {"sixty"}, "languages": {"Spanish"}, "other_languages": {"Tongan, Samoan"},
		"service_areas": {"San Mateo County\nDaly City"}, "taxonomy_term_ids": {"food"}, "location_ids": {locID},
		"opens_0": {"09:00"}, "closes_0": {"12:00"}, "opens_2": {"9am"}, "closes_2": {"12:00"},
		"day_7": {"MO"}, "opens_7": {"13:00"}, "closes_7": {"16:00"}, "day_8": {""}, "opens_8": {""}, "closes_8": {""},
		"phone_number_0": {"650-555-0100"}, "phone_extension_0": {"2"}, "phone_number_1": {""}, "phone_number_2": {""}}
	r = c.PostForm("/organizations/"+org.ID+"/services/new", sv)
	if r.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("invalid service: %d", r.StatusCode)
	}
	mustContain(t, r, "Youngest age served must be a number", "Opens must be a time such as 09:00", `value="Tongan, Samoan"`)
	sv.Set("minimum_age", "60")
	sv.Set("opens_2", "09:00")
	r = c.PostForm("/organizations/"+org.ID+"/services/new", sv)
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("add service: %d %s", r.StatusCode, r.Body)
	}
	svPath := r.Header.Get("Location")
	view := c.Get(svPath)
	mustContain(t, view, "Meals on Wheels was added to Samaritan House.", "Adults over 60", "from 60", "Free", "Samoan, Spanish, Tongan",
		"Daly City, San Mateo County", "Food", "Mon, Wed 09:00–12:00", "Mon 13:00–16:00", "650-555-0100", "ext. 2",
		"Main office", "4031 Pacific Blvd", `href="`+svPath+`/edit"`)
	if r := outsider.Get(svPath); r.StatusCode != http.StatusOK || regexp.MustCompile(`/edit"`).MatchString(r.Body) {
		t.Fatalf("outsider sees the service with an edit link, or not at all: %d", r.StatusCode)
	}
	if r := outsider.Get(svPath + "/edit"); r.StatusCode != http.StatusForbidden {
		t.Fatalf("outsider opens the service form: %d", r.StatusCode)
	}

	// The edit form holds the saved values; an ended service becomes defunct.
	edit := c.Get(svPath + "/edit")
	mustContain(t, edit, `value="Meals on Wheels"`, `value="60"`, `value="Samoan, Tongan"`, `value="13:00"`, `value="650-555-0100"`)
	sv.Set("status", "defunct")
	sv.Del("taxonomy_term_ids")
	sv.Set("other_languages", "")
	if r := outsider.PostForm(svPath+"/edit", sv); r.StatusCode != http.StatusForbidden {
		t.Fatalf("outsider edits the service: %d", r.StatusCode)
	}
	if r := c.PostForm(svPath+"/edit", sv); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("edit service: %d %s", r.StatusCode, r.Body)
	}
	view = c.Get(svPath)
	mustContain(t, view, "Your changes to Meals on Wheels were saved.", "defunct")
	if regexp.MustCompile(`Tongan|<span class="tag">Food`).MatchString(view.Body) {
		t.Error("removed languages or categories are still shown")
	}
	mustContain(t, c.Get("/organizations/"+org.ID), "edited the service Meals on Wheels (now defunct)", "added the location Main office")
	if r := c.Get("/services/nope"); r.StatusCode != http.StatusNotFound {
		t.Fatalf("unknown service: %d", r.StatusCode)
	}
	if r := c.Get("/locations/nope/edit"); r.StatusCode != http.StatusNotFound {
		t.Fatalf("unknown location: %d", r.StatusCode)
	}
}

// TestServiceTermsByTaxonomy: a service's page shows its terms under their
// taxonomies (an older HSDS package's categories and its accepted
// payments apart), and the API gives each term's taxonomy.
func TestServiceTermsByTaxonomy(t *testing.T) {
	a := newApp(t)
	b := importFolder(t, a, "../hsds/testdata/hsds-2.0")
	c := a.SignIn(t, "member@example.org")
	tenant := b.Services[1].ID
	view := c.Get("/services/" + tenant)
	for _, want := range []string{
		`<dt>Categories</dt><dd><span class="tag">Legal Aid</span> </dd>`,
		`<dt>Payment accepted</dt><dd><span class="tag">cash</span> <span class="tag">Check</span> </dd>`,
	} {
		if !strings.Contains(view.Body, want) {
			t.Errorf("service page lacks %s", want)
		}
	}
	mustContain(t, c.Get("/services/"+b.Services[0].ID), `<dt>Open Eligibility</dt><dd><span class="tag">Food Pantry</span> </dd>`)
	// The form offers them by taxonomy too, and says what the service is filed under.
	form := a.SignIn(t, "steward@example.org").Get("/services/" + tenant + "/edit")
	mustContain(t, form, `<p class="muted" id="terms-chosen">Filed under Legal Aid, cash, Check.</p>`,
		`<fieldset class="term-group"><legend>Payment accepted</legend>`, `<fieldset class="term-group"><legend>Open Eligibility</legend>`)
}

// The service form offers every category of a directory's taxonomies (the
// San Mateo sample has about 400), not the first few hundred.
func TestServiceFormOffersEveryCategory(t *testing.T) {
	a := newApp(t)
	b := importFolder(t, a, "../hsds/testdata/ohana-smc")
	var terms int
	if err := a.DB.QueryRow(`SELECT COUNT(*) FROM taxonomy_terms`).Scan(&terms); err != nil {
		t.Fatal(err)
	}
	form := a.SignIn(t, "steward@example.org").Get("/services/" + b.Services[0].ID + "/edit")
	if got := strings.Count(form.Body, `name="taxonomy_term_ids"`); terms < 350 || got != terms {
		t.Fatalf("the form offers %d of %d categories", got, terms)
	}
}

// A service's page shows its locations' hours and phones with each
// location, and its own hours of every kind an import brings.
func TestServiceLocationHoursAndPhones(t *testing.T) {
	a := newApp(t)
	b := importFolder(t, a, "../hsds/testdata/hsds-2.0")
	c := a.SignIn(t, "member@example.org")
	// The tenant line has no hours of its own; its office is open daily.
	tenant := c.Get("/services/" + b.Services[1].ID)
	mustContain(t, tenant, `See the hours of each place below.`)
	mustContain(t, tenant, `<strong>Eastside Office</strong>`)
	mustContain(t, tenant, `<ul class="hours small"><li>Daily 08:30–17:00: Office hours</li></ul>`)
	// The pantry has its own days, and its warehouse a yearly open house.
	pantry := c.Get("/services/" + b.Services[0].ID)
	mustContain(t, pantry, `<li>Tue, Thu 09:00–12:00: Pantry days</li>`)
	mustContain(t, pantry, `<ul class="hours small"><li>10:00–14:00: Open house each spring</li></ul>`)
	if strings.Contains(pantry.Body, "See the hours of each place") {
		t.Error("a service with hours of its own sends the reader to its places")
	}
	// The pantry's phone is its warehouse's; the tenant line has its own.
	mustContain(t, pantry, `<dt>Phone</dt><dd><span class="muted">at the places below</span></dd>`,
		`<dl class="facts small"><dt>Voice</dt><dd><a href="tel:6505550100">650-555-0100</a> <span class="muted small">(Intake)</span></dd></dl>`)
	mustContain(t, tenant, `<a href="tel:6505550111;ext=12">650-555-0111</a> ext. 12 <span class="muted small">(Tenant line – Housing unit)</span>`)
	if strings.Contains(tenant.Body, "at the places below") {
		t.Error("a service with a phone of its own sends the reader to its places")
	}
	// A service without hours anywhere says so.
	bare, err := a.Directory.CreateService(context.Background(), account.SystemActor("test"), b.Organizations[0].ID, directory.ServiceInput{Name: "Drop-in"})
	if err != nil {
		t.Fatal(err)
	}
	mustContain(t, c.Get("/services/"+bare.ID), "No opening hours are listed.")
}
