package web_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"backbone/internal/account"
	"backbone/internal/directory"
	"backbone/internal/network"
)

func TestNetworkMap(t *testing.T) {
	a := newApp(t)
	ctx := context.Background()
	sys := account.SystemActor("test")
	var ids []string
	for i, s := range []string{"food", "health", "housing", "health"} {
		o, err := a.Directory.CreateOrganization(ctx, sys, "", directory.OrganizationInput{Name: fmt.Sprintf("Org %d", i), Description: "x", Sectors: []string{s}})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, o.ID)
	}
	for _, tie := range []network.TieInput{
		{FromID: ids[0], ToID: ids[1], Status: "active", Level: "collaboration", Kinds: []string{"referral"}},
		{FromID: ids[1], ToID: ids[2], Status: "developing", Kinds: []string{"funding"}},
		{FromID: ids[2], ToID: ids[3], Status: "strained"},
	} {
		if _, err := a.Network.CreateTie(ctx, sys, tie, ""); err != nil {
			t.Fatal(err)
		}
	}
	c := a.SignIn(t, "member@example.org")
	r := c.Get("/network/map")
	if r.StatusCode != http.StatusOK {
		t.Fatalf("map: %d", r.StatusCode)
	}
	mustContain(t, r, "4 organizations, 3 relationships", "<svg", `class="edge edge-solid"`, `class="edge edge-dotted"`, `class="edge edge-crossed"`,
		`data-name="Org 0"`, ">food<", "Download SVG")
	mustContain(t, c.Get("/network/map?kind=referral"), "2 organizations, 1 relationship")
	mustContain(t, c.Get("/network/map?sector=health"), "2 organizations, 0 relationships")
	mustContain(t, c.Get("/network/map?organization="+ids[0]), "2 organizations, 1 relationship")
	mustContain(t, c.Get("/network/map?as_of=2000-01-01"), "0 organizations", "No relationships match")
	if r := c.Get("/network/map?as_of=someday"); r.StatusCode != http.StatusBadRequest || !strings.Contains(r.Body, "as_of: must be a date") {
		t.Fatalf("bad date: %d", r.StatusCode)
	}
	if r := c.Get("/network/map?initiative=99"); r.StatusCode != http.StatusNotFound {
		t.Fatalf("map of an initiative the user may not see: %d", r.StatusCode)
	}
	an := c.Get("/network/analysis?sort=betweenness")
	mustContain(t, an, "What these measures mean", "Brokerage", `aria-sort="descending"`)
	if strings.Contains(an.Body, "%!") {
		t.Error("a value was not formatted")
	}
	if i, j := strings.Index(an.Body, ">Org 1<"), strings.Index(an.Body, ">Org 0<"); i < 0 || j < 0 || i > j {
		t.Errorf("analysis not sorted by brokerage: Org 1 (a broker) should come before Org 0")
	}
	if r := c.Get("/network/analysis?sort=rank"); r.StatusCode != http.StatusBadRequest {
		t.Fatalf("bad sort: %d", r.StatusCode)
	}
	dl := c.Get("/network/map.svg?kind=referral")
	if dl.Header.Get("Content-Type") != "image/svg+xml" || !strings.HasPrefix(dl.Body, "<?xml") || !strings.Contains(dl.Body, "Org 1") {
		t.Fatalf("svg download: %s %.80q", dl.Header.Get("Content-Type"), dl.Body)
	}
}

func TestServiceGapsPage(t *testing.T) {
	a := newApp(t)
	ctx := context.Background()
	sys := account.SystemActor("test")
	me, _ := a.Directory.CreateOrganization(ctx, sys, "", directory.OrganizationInput{Name: "Samaritan House", Description: "x", Sectors: []string{"food"}})
	clinic, _ := a.Directory.CreateOrganization(ctx, sys, "", directory.OrganizationInput{Name: "Free Clinic", Description: "x", Sectors: []string{"health"}})
	housing, _ := a.Directory.CreateOrganization(ctx, sys, "", directory.OrganizationInput{Name: "Housing Now", Description: "x", Sectors: []string{"housing"}})
	a.Network.CreateTie(ctx, sys, network.TieInput{FromID: me.ID, ToID: housing.ID, Level: "collaboration"}, "")
	a.Network.CreateTie(ctx, sys, network.TieInput{FromID: me.ID, ToID: clinic.ID, Level: "awareness"}, "")
	// Both mapped, 1.1 km apart: the distance is shown.
	for i, org := range []string{me.ID, clinic.ID} {
		lat, lon := 37.48+float64(i)*0.01, -122.23
		if _, err := a.Directory.CreateLocation(ctx, sys, org, directory.LocationInput{Name: "Main office", Latitude: &lat, Longitude: &lon}); err != nil {
			t.Fatal(err)
		}
	}
	c := a.SignIn(t, "member@example.org")
	r := c.Get("/network/gaps?organization=" + me.ID)
	if r.StatusCode != http.StatusOK {
		t.Fatalf("gaps: %d", r.StatusCode)
	}
	mustContain(t, r, "<h2>Health</h2>", "Free Clinic", "already in touch", "<h2>Legal</h2>", "No organization in the directory works in this sector yet",
		`<span class="muted small">1.1 km away</span>`)
	if strings.Contains(r.Body, "<h2>Housing</h2>") || strings.Contains(r.Body, "<h2>Food</h2>") {
		t.Fatal("covered sectors shown as gaps")
	}
	if r := c.Get("/network/gaps?organization=nope"); r.StatusCode != http.StatusNotFound {
		t.Fatalf("unknown organization: %d", r.StatusCode)
	}
	if r := c.Get("/network/gaps?initiative=42"); r.StatusCode != http.StatusNotFound {
		t.Fatalf("initiative the user may not see: %d", r.StatusCode)
	}
}
