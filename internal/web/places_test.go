package web_test

import (
	"net/http"
	"net/url"
	"testing"
)

// TestDistanceSettings: an admin gives distances in kilometres and names a
// geocoder on the settings page; the search then says kilometres; a
// geocoder that is no web address is refused, naming the field.
func TestDistanceSettings(t *testing.T) {
	a := newApp(t)
	admin := a.SignIn(t, "admin@example.org")
	mustContain(t, admin.Get("/settings"), `<label for="distance_unit">Distances in</label>`,
		`<option value="auto" selected>`, `id="geocoder_url"`)
	r := admin.PostForm("/settings", url.Values{"initiative_starters": {"stewards"}, "distance_unit": {"km"},
		"geocoder_url": {"nominatim.example.org"}})
	status(t, r, http.StatusUnprocessableEntity)
	mustContain(t, r, "Geocoder: must be an http or https address")
	status(t, admin.PostForm("/settings", url.Values{"initiative_starters": {"stewards"}, "distance_unit": {"km"},
		"geocoder_url": {"https://nominatim.example.org"}}), http.StatusSeeOther)
	mustContain(t, admin.Get("/settings"), `<option value="km" selected>`, `value="https://nominatim.example.org"`)
	mustContain(t, admin.Get("/audit"), "give distances in kilometres (was the directory&#39;s country&#39;s unit)",
		"refine street addresses with the geocoder https://nominatim.example.org")
	mustContain(t, admin.Get("/search?near=94063"), "within 10 km of 94063<", "Within (km)")

	status(t, admin.PostForm("/settings", url.Values{"initiative_starters": {"stewards"}, "distance_unit": {"mi"}}),
		http.StatusSeeOther)
	mustContain(t, admin.Get("/search?near=94063&radius=3"), "within 3 mi of 94063<", "Within (mi)")
}
