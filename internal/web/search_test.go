package web_test

import (
	"context"
	"net/http"
	"testing"

	"backbone/internal/account"
	"backbone/internal/directory"
)

func TestSearchPage(t *testing.T) {
	a := newApp(t)
	b, err := directory.ReadPath("../directory/testdata/ohana-smc")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Directory.SaveBundle(context.Background(), account.SystemActor("test"), b); err != nil {
		t.Fatal(err)
	}
	c := a.SignIn(t, "member@example.org")
	r := c.Get("/search")
	if r.StatusCode != http.StatusOK {
		t.Fatalf("form: %d", r.StatusCode)
	}
	mustContain(t, r, `name="q"`, `name="near"`, `name="open_now"`, `name="category"`)
	r = c.Get("/search?q=meals")
	if r.StatusCode != http.StatusOK {
		t.Fatalf("meals: %d", r.StatusCode)
	}
	mustContain(t, r, "Meal", `id="result-count"`, "/organizations/")
	r = c.Get("/search?near=94063&radius=5&sort=distance")
	mustContain(t, r, "km away", "Redwood City", "2600 Middlefield Road")
	r = c.Get("/search?q=counseling&near=abc,def")
	if r.StatusCode != http.StatusBadRequest {
		t.Fatalf("bad near: %d", r.StatusCode)
	}
	mustContain(t, r, "must be LAT,LON")
	r = c.Get("/search?radius=far&near=94063")
	if r.StatusCode != http.StatusBadRequest {
		t.Fatalf("bad radius: %d", r.StatusCode)
	}
	r = c.Get("/search?q=zzzzqqq")
	mustContain(t, r, "No services match")
	r = c.Get("/search?page=2")
	mustContain(t, r, "Page 2 of 2", `rel="prev"`)
	anon := a.NewClient(t)
	if r := anon.Get("/search?q=x"); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("anonymous: %d", r.StatusCode)
	}
}
