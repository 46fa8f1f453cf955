package web_test

import (
	"archive/zip"
	"bytes"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"backbone/internal/testutil/apptest"
	"backbone/internal/testutil/filetest"
)

// uploadFile posts a file through the directory import form.
func uploadFile(t *testing.T, c *apptest.Client, name string, body []byte) *apptest.Response {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField("csrf_token", c.CSRF())
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write(body)
	mw.Close()
	return c.PostMultipart("/directory/import", mw.FormDataContentType(), &buf)
}

func zipFolder(t *testing.T, dir string) []byte { return filetest.Zip(t, dir, "sample/") }

func TestDirectoryImportAndExport(t *testing.T) {
	a := newApp(t)
	steward := a.SignIn(t, "steward@example.org")
	member := a.SignIn(t, "member@example.org")
	ohana := zipFolder(t, "../hsds/testdata/ohana-smc")
	if r := member.Get("/directory/import"); r.StatusCode != http.StatusForbidden {
		t.Fatalf("member opens import: %d", r.StatusCode)
	}
	if r := uploadFile(t, member, "ohana.zip", ohana); r.StatusCode != http.StatusForbidden {
		t.Fatalf("member imports: %d", r.StatusCode)
	}
	r := uploadFile(t, steward, "notes.txt", []byte("hello"))
	if r.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("wrong kind of file: %d", r.StatusCode)
	}
	mustContain(t, r, "Nothing was imported.", "upload an HSDS JSON file")

	// A broken copy: a non-number latitude. Nothing is written, the row is named.
	dir := t.TempDir()
	entries, _ := os.ReadDir("../hsds/testdata/ohana-smc")
	for _, e := range entries {
		b, _ := os.ReadFile(filepath.Join("../hsds/testdata/ohana-smc", e.Name()))
		if e.Name() == "locations.csv" {
			b = bytes.Replace(b, []byte("37.477227"), []byte("north"), 1)
		}
		os.WriteFile(filepath.Join(dir, e.Name()), b, 0o600)
	}
	r = uploadFile(t, steward, "broken.zip", zipFolder(t, dir))
	mustContain(t, r, "Nothing was imported.", "locations.csv row 2", "latitude")
	mustContain(t, steward.Get("/organizations"), "0 organizations")

	r = uploadFile(t, steward, "ohana.zip", ohana)
	if r.StatusCode != http.StatusOK {
		t.Fatalf("import: %d", r.StatusCode)
	}
	mustContain(t, r, "Imported ohana.zip: 8 organizations, 23 services, 22 locations")
	mustContain(t, steward.Get("/organizations"), "8 organizations", "Samaritan House")
	// Importing again updates, and adds no copies.
	uploadFile(t, steward, "ohana.zip", ohana)
	mustContain(t, steward.Get("/organizations"), "8 organizations")

	dl := member.Get("/directory/export.zip")
	if dl.Header.Get("Content-Type") != "application/zip" {
		t.Fatalf("export: %s", dl.Header.Get("Content-Type"))
	}
	zr, err := zip.NewReader(strings.NewReader(dl.Body), int64(len(dl.Body)))
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	for _, f := range zr.File {
		names[f.Name] = true
	}
	for _, want := range []string{"services.json", "organizations.json", "datapackage.json", "organizations.csv"} {
		if !names[want] {
			t.Errorf("export lacks %s (has %v)", want, names)
		}
	}
	// HSDS 3.1 on request, with its tables.
	dl = member.Get("/directory/export.zip?version=3.1")
	zr, err = zip.NewReader(strings.NewReader(dl.Body), int64(len(dl.Body)))
	if err != nil {
		t.Fatalf("3.1 export: %d %v", dl.StatusCode, err)
	}
	names = map[string]bool{}
	for _, f := range zr.File {
		names[f.Name] = true
	}
	if !names["service_capacity.csv"] || !names["url.csv"] || !names["services.json"] {
		t.Errorf("3.1 export has %v", names)
	}
	if r := member.Get("/directory/export.zip?version=2.9"); r.StatusCode != http.StatusUnprocessableEntity &&
		r.StatusCode != http.StatusBadRequest {
		t.Errorf("export in version 2.9: %d", r.StatusCode)
	}
}
