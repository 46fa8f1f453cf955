package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"backbone/internal/account"
	"backbone/internal/directory"
	"backbone/internal/initiative"
)

// TestRolesFromTheCommandLine gives and takes away each kind of role from
// the command line: platform roles, an organization's people, roles in an
// initiative; the rules that keep an admin and a backbone staff hold here
// too, and every change is in the audit log.
func TestRolesFromTheCommandLine(t *testing.T) {
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "b.db")
	for _, u := range [][]string{{"ana@example.org", "admin"}, {"bo@example.org", "member"}} {
		if code, _, stderr := runCLI(t, "", "user", "add", "--db", db, "--email", u[0], "--name", u[0], "--role", u[1]); code != 0 {
			t.Fatalf("add %s: %s", u[0], stderr)
		}
	}
	s, err := openDB(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := directory.NewStore(s).CreateOrganization(ctx, cli, "river", directory.OrganizationInput{Name: "Riverside Food Bank",
		Description: "Groceries"}); err != nil {
		t.Fatal(err)
	}
	if _, err := initiative.NewStore(s).Create(ctx, cli, initiative.Input{Name: "River Alliance", BackboneOrganizationID: "river"}); err != nil {
		t.Fatal(err)
	}
	s.Close()

	for _, c := range []struct {
		args []string
		code int
		want string // in the output, or in the error for a failure
	}{
		{[]string{"user", "role", "--email", "Bo@example.org", "--role", "steward"}, 0, "bo@example.org is now a directory steward."},
		{[]string{"user", "role", "--email", "bo@example.org", "--role", "king"}, 2, "--role must be one of member, steward, admin"},
		{[]string{"user", "role", "--email", "ana@example.org", "--role", "member"}, 1, "ana@example.org is the last platform admin"},
		{[]string{"user", "disable", "--email", "ana@example.org"}, 1, "ana@example.org is the last platform admin"},
		{[]string{"user", "role", "--email", "nobody@example.org", "--role", "member"}, 1, "not found"},
		{[]string{"user", "role", "--email", "bo@example.org"}, 2, "--email and --role are required"},

		{[]string{"user", "org", "--email", "bo@example.org", "--org", "river", "--role", "admin"}, 0, "bo@example.org is now admin of organization river."},
		{[]string{"user", "org", "--email", "bo@example.org", "--org", "river", "--role", "owner"}, 2, "--role must be admin or staff"},
		{[]string{"user", "org", "--email", "bo@example.org", "--org", "river"}, 2, "--role is required"},
		{[]string{"user", "org", "--email", "bo@example.org", "--org", "river", "--remove", "--role", "staff"}, 2, "--remove takes no --role"},
		{[]string{"user", "org", "--email", "bo@example.org", "--org", "river", "--remove"}, 0, "bo@example.org no longer works for organization river."},
		{[]string{"user", "org", "--email", "bo@example.org", "--org", "river", "--remove"}, 1, "not found"},

		{[]string{"initiative", "role", "--initiative", "river alliance", "--email", "bo@example.org", "--role", "backbone_staff"}, 0,
			"bo@example.org is now backbone staff in River Alliance."},
		{[]string{"initiative", "role", "--initiative", "1", "--email", "ana@example.org", "--role", "partner_lead"}, 0,
			"works for no active member organization of River Alliance"},
		{[]string{"initiative", "role", "--initiative", "1", "--email", "ana@example.org", "--role", "owner"}, 2, "--role must be one of"},
		{[]string{"initiative", "role", "--initiative", "1", "--email", "bo@example.org", "--revoke"}, 1,
			"bo@example.org is the last backbone staff of River Alliance"},
		{[]string{"initiative", "role", "--initiative", "1", "--email", "ana@example.org", "--revoke"}, 0,
			"ana@example.org no longer has a role in River Alliance."},
		{[]string{"initiative", "role", "--initiative", "Nowhere", "--email", "ana@example.org", "--revoke"}, 1, "not found"},
		{[]string{"initiative", "role", "--initiative", "1", "--email", "ana@example.org"}, 2, "--role is required"},
	} {
		code, out, stderr := runCLI(t, "", append(c.args, "--db", db)...)
		got := out
		if c.code != 0 {
			got = stderr
		}
		if code != c.code || !strings.Contains(got, c.want) {
			t.Errorf("%v: exit %d, want %d; stdout %q, stderr %q; want %q", c.args, code, c.code, out, stderr, c.want)
		}
	}

	s, err = openDB(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, entity := range []string{"user", "membership", "initiative"} {
		events, err := account.NewStore(s).ListAudit(ctx, account.AuditFilter{EntityType: entity})
		if err != nil || len(events) == 0 || events[0].Actor != "cli" {
			t.Errorf("%s events: %v %+v", entity, err, events)
		}
	}
}
