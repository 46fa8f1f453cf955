package web_test

import (
	"context"
	"regexp"
	"testing"

	"backbone/internal/account"
	"backbone/internal/directory"
	"backbone/internal/testutil/browser"
)

// TestBrowserNearPlaces: a social worker searches the county's directory
// near places it has no address in ("food pantry near Palo Alto", a
// neighbouring city; a postal code) and gets results in miles; a place
// unknown is said once, with what was meant; a location added without
// coordinates is found near its postal code and says its location is
// approximate.
func TestBrowserNearPlaces(t *testing.T) {
	b := browser.Start(t)
	a := newApp(t)
	browserSignIn(t, b, a.URL, "steward@example.org")
	browserImport(
		t,
		b,
		a.URL,
		"../hsds/testdata/ohana-smc",
		"san-mateo.zip",
		"8 organizations, 23 services, 22 locations",
	)

	b.Go(a.URL + "/search?q=food+pantry&near=Palo+Alto&radius=10")
	if got := b.Text("#result-count"); !regexp.MustCompile(`^\d+ services? within 10 mi of Palo Alto$`).MatchString(got) ||
		!b.Exists(".result .distance") ||
		!regexp.MustCompile(`\d+\.\d mi away`).MatchString(b.Text(".result")) {
		t.Fatalf("food pantry near Palo Alto: %q", b.Text("main"))
	}
	b.Go(a.URL + "/search?near=94063")
	if got := b.Text("#result-count"); !regexp.MustCompile(`^\d+ services within 5 mi of 94063$`).MatchString(got) {
		t.Fatalf("near 94063: %q", b.Text("main"))
	}
	b.Go(a.URL + "/search?near=Palo+Alot")
	if got := b.Text("main"); !b.HasText(".error", `"Palo Alot" was not found`) ||
		len(regexp.MustCompile(`was not found`).FindAllString(got, -1)) != 1 || !b.HasText(".error", "Palo Alto") {
		t.Fatalf("an unknown place: %q", got)
	}

	// A location with an address and no point, as many imports bring.
	ctx, sys := context.Background(), account.SystemActor("test")
	orgs, err := a.Directory.ListOrganizations(ctx, directory.OrganizationFilter{})
	if err != nil || len(orgs.Items) == 0 {
		t.Fatalf("organizations: %v", err)
	}
	l, err := a.Directory.CreateLocation(ctx, sys, orgs.Items[0].ID, directory.LocationInput{Name: "Coastside Room",
		Address: directory.AddressInput{Address1: "1 Harbor Way", City: "Pacifica", StateProvince: "CA",
			PostalCode: "94044", Country: "US"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Directory.CreateService(ctx, sys, orgs.Items[0].ID, directory.ServiceInput{Name: "Coastside Pantry",
		Description: "Groceries each Friday.", Status: "active", LocationIDs: []string{l.ID}}); err != nil {
		t.Fatal(err)
	}
	b.Go(a.URL + "/search?q=coastside&near=Pacifica")
	if !b.HasText(".result h2", "Coastside Pantry") || !b.HasText(".result .approximate", "approximate location") {
		t.Fatalf("an approximate location: %q", b.Text("main"))
	}
	b.Screenshot(t.TempDir() + "/near.png")
	// Its page says so too.
	b.Click(".result h2 a")
	b.WaitVisible("h1")
	if !b.HasText(".locations", "Coastside Room") || !b.HasText(".locations .approximate", "approximate location") {
		t.Fatalf("service page: %q", b.Text("main"))
	}
}
