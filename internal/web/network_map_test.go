package web_test

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
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
		{FromID: ids[0], ToID: ids[1], Status: "active", Level: "collaboration", Kinds: []string{"referral"}, Since: "2017-09-01"},
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
	// A sector keeps its colour whichever sectors a map shows, so two
	// downloaded maps can be compared.
	legend := func(path, sector string) string {
		t.Helper()
		m := regexp.MustCompile(`fill="(#[0-9a-f]{6})"/><text x="\d+" y="\d+">` + sector + `</text>`).FindStringSubmatch(c.Get(path).Body)
		if m == nil {
			t.Fatalf("%s: no %s in the legend", path, sector)
		}
		return m[1]
	}
	if all, one := legend("/network/map", "health"), legend("/network/map?sector=health", "health"); all != one {
		t.Errorf("health is %s on the whole map and %s on the map of health alone", all, one)
	}
	if all, one := legend("/network/map", "food"), legend("/network/map.svg?organization="+ids[0], "food"); all != one {
		t.Errorf("food is %s on the whole map and %s on Org 0's", all, one)
	}
	mustContain(t, c.Get("/network/map?as_of=2000-01-01"), "0 organizations", "No relationships match")
	// Recorded today, begun in 2017: on the map of 2020 (valid time).
	mustContain(t, c.Get("/network/map?as_of=2020-01-01"), "2 organizations, 1 relationship", "own dates (since, until)")
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

// TestNetworkMapPairs draws a pair tied both ways as one line, with the
// recorded ties and what each side said in the latest closed survey on it.
func TestNetworkMapPairs(t *testing.T) {
	a := newApp(t)
	ctx := context.Background()
	sys := account.SystemActor("test")
	var ids []string
	for _, name := range []string{"Family Service", "Salvation Army"} {
		o, err := a.Directory.CreateOrganization(ctx, sys, "", directory.OrganizationInput{Name: name, Description: "x"})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, o.ID)
	}
	for _, tie := range []network.TieInput{
		{FromID: ids[0], ToID: ids[1], Status: "strained", Level: "awareness", Since: "2022-04-01"},
		{FromID: ids[1], ToID: ids[0], Status: "active", Level: "cooperation"},
	} {
		if _, err := a.Network.CreateTie(ctx, sys, tie, ""); err != nil {
			t.Fatal(err)
		}
	}
	w, links, err := a.Network.CreateWave(ctx, sys, network.WaveInput{Name: "Autumn 2026", OrganizationIDs: ids})
	if err != nil {
		t.Fatal(err)
	}
	four := 4
	for _, l := range links {
		other, r := ids[0], network.Rating{Level: "cooperation", TrustReliable: &four}
		if l.OrganizationID == ids[0] {
			other, r = ids[1], network.Rating{Level: "awareness", Strained: true}
		}
		r.RatedID = other
		if err := a.Network.SaveResponse(ctx, l.Token, network.Response{Ratings: []network.Rating{r}}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := a.Network.CloseWave(ctx, sys, w.ID); err != nil {
		t.Fatal(err)
	}

	c := a.SignIn(t, "member@example.org")
	r := c.Get("/network/map")
	mustContain(t, r, "2 organizations, 1 relationship", `class="edge edge-crossed"`,
		"Recorded Family Service → Salvation Army: awareness, strained, since 2022-04-01",
		"Recorded Salvation Army → Family Service: cooperation, active",
		"Family Service says of Salvation Army (survey “Autumn 2026”): awareness, strained",
		"Salvation Army says of Family Service (survey “Autumn 2026”): cooperation, trust 4.00")
	if n := strings.Count(r.Body, `class="edge `); n != 1 {
		t.Fatalf("%d lines for one pair", n)
	}
	// Before the survey closed, the map has no perceptions on it.
	if r := c.Get("/network/map?as_of=2026-12-06"); strings.Contains(r.Body, "says of") || !strings.Contains(r.Body, "1 relationship") {
		t.Fatalf("perceptions on the map before the survey closed: %s", r.Body)
	}
}

// TestNetworkMapSizeAndPanel: the circle size is one of the measures (a
// wrong one is refused, naming the parameter); an organization in several
// sectors is split into wedges on the page and in the download; each circle
// links to its organization; the page carries each organization's ties for
// the side panel.
func TestNetworkMapSizeAndPanel(t *testing.T) {
	a := newApp(t)
	ctx := context.Background()
	sys := account.SystemActor("test")
	var ids []string
	for i, sectors := range [][]string{{"food", "health"}, {"housing"}, nil} {
		o, err := a.Directory.CreateOrganization(ctx, sys, "", directory.OrganizationInput{Name: fmt.Sprintf("Org %d", i), Description: "x", Sectors: sectors})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, o.ID)
	}
	if _, err := a.Directory.CreateService(ctx, sys, ids[2], directory.ServiceInput{Name: "Rides", Description: "x"}); err != nil {
		t.Fatal(err)
	}
	for _, tie := range []network.TieInput{
		{FromID: ids[0], ToID: ids[1], Status: "strained", Level: "cooperation", Kinds: []string{"joint_programming"}, Since: "2021-05-01"},
		{FromID: ids[1], ToID: ids[2], Status: "active"},
	} {
		if _, err := a.Network.CreateTie(ctx, sys, tie, ""); err != nil {
			t.Fatal(err)
		}
	}
	c := a.SignIn(t, "member@example.org")

	r := c.Get("/network/map")
	mustContain(t, r, `<option value="degree" selected>`, "ties: how many organizations", `class="wedge"`,
		`<a class="node" href="/organizations/`+ids[0]+`"`, `<datalist id="map-names"><option value="Org 0">`,
		`<script type="application/json" id="map-data">`, `"measure":"Ties: 2"`, `"status":"strained"`,
		`"kinds":"joint programming"`, `"since":"2021-05-01"`, `"sectors":["food","health"]`, `class="labels"`)
	if n := strings.Count(r.Body, `class="wedge"`); n != 2 {
		t.Errorf("%d wedges for an organization in two sectors", n)
	}
	if strings.Contains(r.Body, `<g class="legend"`) == false || strings.Contains(r.Body, `class="network-legend"`) == false {
		t.Error("the page has no legend apart from the map")
	}

	for size, want := range map[string]string{
		"betweenness": `"measure":"Brokerage: 1.00"`, "closeness": "reach (closeness)", "eigenvector": "Influence: ",
		"services": `"measure":"Services: 1"`, "equal": "all circles the same size",
	} {
		r := c.Get("/network/map?size=" + size)
		if r.StatusCode != http.StatusOK {
			t.Fatalf("size %s: %d", size, r.StatusCode)
		}
		mustContain(t, r, `<option value="`+size+`" selected>`, want)
	}
	for _, path := range []string{"/network/map?size=rank", "/network/map.svg?size=rank"} {
		r := c.Get(path)
		if r.StatusCode != http.StatusBadRequest || !strings.Contains(r.Body, "size: must be one of degree, betweenness") {
			t.Errorf("%s: %d %.300s", path, r.StatusCode, r.Body)
		}
	}

	// The download: one picture with the split circles, the names and the
	// legend naming the measure.
	dl := c.Get("/network/map.svg?size=services")
	for _, want := range []string{`class="wedge"`, `class="labels"`, `<g class="legend"`, "services it offers in the", "in several sectors:"} {
		if !strings.Contains(dl.Body, want) {
			t.Errorf("the download lacks %q", want)
		}
	}
}
