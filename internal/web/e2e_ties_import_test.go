package web_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"backbone/internal/account"
	"backbone/internal/directory"
	"backbone/internal/network"
	"backbone/internal/testutil/browser"
)

// TestBrowserTiesImport is the ties upload in a real browser: the page
// lists the allowed kinds, levels and statuses; a file naming an
// organization not in the directory is refused with words for the page
// (the checkbox, not a command-line flag); with the box ticked it imports.
func TestBrowserTiesImport(t *testing.T) {
	b := browser.Start(t)
	a := newApp(t)
	if _, err := a.Directory.CreateOrganization(context.Background(), account.SystemActor("test"), "",
		directory.OrganizationInput{Name: "Samaritan House", Description: "Food."}); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "ties.csv")
	csv := "from,to,kinds,level,status,since\nSamaritan House,Youth Center,referral,cooperation,active,2019-03-01\n"
	if err := os.WriteFile(file, []byte(csv), 0o600); err != nil {
		t.Fatal(err)
	}

	browserSignIn(t, b, a.URL, "steward@example.org")
	b.Go(a.URL + "/network")
	for _, list := range [][]string{network.Kinds, network.Levels, network.Statuses} {
		if !b.HasText("#import-values", strings.Join(list, ", ")) {
			t.Fatalf("the upload form does not list %v: %q", list, b.Text("#import-values"))
		}
	}
	b.Upload("#file", file)
	b.Submit("form[action='/network/import'] button[type=submit]")
	msg := b.Text(".flash-error")
	if !strings.Contains(msg, `no active organization has the id or name "Youth Center"`) ||
		!strings.Contains(
			msg,
			"tick “Add organizations that are not in the directory yet”",
		) || strings.Contains(msg, "--create-missing") {
		t.Fatalf("the error: %q", msg)
	}
	b.Upload("#file", file)
	b.Check("input[name=create_missing]")
	b.Submit("form[action='/network/import'] button[type=submit]")
	if !b.HasText("#import-done", "1 new") || !b.HasText("#import-done", "1 organization added to the directory") {
		t.Fatalf("import: %q", b.Text("main"))
	}
}
