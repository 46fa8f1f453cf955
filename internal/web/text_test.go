package web_test

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/url"
	"testing"

	"backbone/internal/account"
	"backbone/internal/store"
	"backbone/internal/testutil/apptest"
	"backbone/internal/testutil/storetest"
)

// TestFormTextAtTheBoundary: a form or a query holding text no database can
// store (a NUL, bytes that are not UTF-8) gets a page naming the field, on
// both engines (PostgreSQL failed such a write or lookup: a 500), and
// nothing is written.
func TestFormTextAtTheBoundary(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := apptest.New(t, db)
		a.AddUser(t, "steward@example.org", account.RoleSteward)
		c := a.SignIn(t, "steward@example.org")
		refused := func(what string, r *apptest.Response, want string) {
			t.Helper()
			if r.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("%s: status %d, want 422; body:\n%s", what, r.StatusCode, r.Body)
			}
			mustContain(t, r, "Some of that is not right", want)
		}

		refused("a name with a NUL", c.PostForm("/organizations", orgForm("Pantry\x00One")), "name: must not hold a NUL character")
		refused("a website that is not UTF-8", c.PostForm("/organizations", url.Values{"name": {"Pantry One"}, "description": {"Runs a pantry."}, "website": {"pantry\xff.example.org"}}),
			"website: must be text (UTF-8)")
		if r := c.Get("/organizations/x%00"); r.StatusCode != http.StatusNotFound {
			t.Fatalf("an id with a NUL: status %d", r.StatusCode)
		}
		refused("a query with a NUL", c.Get("/organizations?q=pantry%00"), "q: must not hold a NUL character")
		refused("an email with a NUL at sign in", a.NewClient(t).PostForm("/login", url.Values{"email": {"steward\x00@example.org"}, "password": {apptest.Password}}),
			"email: must not hold a NUL character")

		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		mw.WriteField("csrf_token", c.CSRF())
		mw.WriteField("note", "a\x00b")
		fw, _ := mw.CreateFormFile("file", "ties.csv")
		fw.Write([]byte("from,to\n"))
		mw.Close()
		refused("a file upload's field with a NUL", c.PostMultipart("/network/import", mw.FormDataContentType(), &buf), "note: must not hold a NUL character")

		// Nothing was added; the same organization, written plainly, is.
		mustContain(t, c.Get("/organizations?q=pantry"), "No organizations")
		if r := c.PostForm("/organizations", orgForm("Pantry One")); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("plain text: status %d", r.StatusCode)
		}
	})
}
