package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"backbone/internal/account"
	"backbone/internal/initiative"
	"backbone/internal/store"
)

// userRole gives a person another platform role.
func userRole(ctx context.Context, e env, args []string) error {
	fs := newFlags(
		e,
		"user role",
		"Gives a person another platform role: member, steward (keeps the directory) or admin\n"+
			"(manages people). The last admin stays one.",
	)
	c := dbConfig(fs)
	email := fs.String("email", "", "who (required)")
	role := fs.String("role", "", "member, steward or admin (required)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *email == "" || *role == "" {
		return usagef("--email and --role are required (see backbone user role --help)")
	}
	return withDB(ctx, c.DB, func(db *store.DB) error {
		accounts := account.NewStore(db)
		u, err := accounts.UserByEmail(ctx, *email)
		if err != nil {
			return err
		}
		if _, err := accounts.ChangeUser(ctx, cli, u.ID, account.UserChange{Role: role}); err != nil {
			return describe(err)
		}
		fmt.Fprintf(e.stdout, "%s is now %s.\n", u.Email, platformRoleWords[*role])
		return nil
	})
}

// platformRoleWords names the platform roles as the command's answer does.
var platformRoleWords = map[string]string{account.RoleMember: "a member", account.RoleSteward: "a directory steward",
	account.RoleAdmin: "a platform admin"}

// userOrg adds a person to an organization's people, changes their role
// there, or takes them off.
func userOrg(ctx context.Context, e env, args []string) error {
	fs := newFlags(
		e,
		"user org",
		"Makes a person an admin or staff of an organization, or (--remove) takes them off its\n"+
			"people; their account stays.",
	)
	c := dbConfig(fs)
	email := fs.String("email", "", "who (required)")
	org := fs.String("org", "", "the organization's id (required)")
	role := fs.String("role", "", "admin (keeps its record and people) or staff; required unless --remove")
	remove := fs.Bool("remove", false, "take the person off the organization's people")
	if err := parse(fs, args); err != nil {
		return err
	}
	switch {
	case *email == "" || *org == "":
		return usagef("--email and --org are required (see backbone user org --help)")
	case *remove && *role != "":
		return usagef("--remove takes no --role")
	case !*remove && *role == "":
		return usagef("--role is required (admin or staff), or --remove")
	}
	return withDB(ctx, c.DB, func(db *store.DB) error {
		accounts := account.NewStore(db)
		if *remove {
			if err := accounts.RemoveFromOrganization(ctx, cli, *org, *email); err != nil {
				return describe(err)
			}
			fmt.Fprintf(e.stdout, "%s no longer works for organization %s.\n", strings.ToLower(*email), *org)
			return nil
		}
		p, err := accounts.SetOrganizationRole(ctx, cli, *org, *email, *role)
		if err != nil {
			return describe(err)
		}
		fmt.Fprintf(e.stdout, "%s is now %s of organization %s.\n", p.Email, p.Role, *org)
		return nil
	})
}

// initiativeRole gives a person a role in an initiative, or takes it away.
func initiativeRole(ctx context.Context, e env, args []string) error {
	fs := newFlags(
		e,
		"initiative role",
		"Gives a person a role in an initiative (backbone_staff, partner_lead, member or\n"+
			"viewer), or (--revoke) takes it away. The last backbone staff stays.",
	)
	c := dbConfig(fs)
	which := fs.String("initiative", "", "the initiative's name or id (required)")
	email := fs.String("email", "", "who (required)")
	role := fs.String("role", "", "backbone_staff, partner_lead, member or viewer; required unless --revoke")
	revoke := fs.Bool("revoke", false, "take the person's role away")
	if err := parse(fs, args); err != nil {
		return err
	}
	switch {
	case *which == "" || *email == "":
		return usagef("--initiative and --email are required (see backbone initiative role --help)")
	case *revoke && *role != "":
		return usagef("--revoke takes no --role")
	case !*revoke && *role == "":
		return usagef("--role is required (%s), or --revoke", strings.Join(initiative.InitiativeRoles, ", "))
	}
	return withDB(ctx, c.DB, func(db *store.DB) error {
		inits := initiative.NewStore(db)
		in, err := findInitiative(ctx, inits, *which)
		if err != nil {
			return err
		}
		if *revoke {
			if err := inits.RevokeRole(ctx, cli, in.ID, *email); err != nil {
				return describe(err)
			}
			fmt.Fprintf(e.stdout, "%s no longer has a role in %s.\n", strings.ToLower(*email), in.Name)
			return nil
		}
		h, err := inits.GrantRole(ctx, cli, in.ID, *email, *role)
		if err != nil {
			return describe(err)
		}
		fmt.Fprintf(e.stdout, "%s is now %s in %s.\n", h.Email, strings.ReplaceAll(h.Role, "_", " "), in.Name)
		if h.LeadsForNobody() {
			fmt.Fprintf(e.stdout, "Note: %s works for no active member organization of %s, "+
				"so has nobody to act for as partner lead.\n", h.Email, in.Name)
		}
		return nil
	})
}

// findInitiative finds an initiative by its id or its name.
func findInitiative(ctx context.Context, inits *initiative.Store, which string) (*initiative.Initiative, error) {
	if id, err := strconv.ParseInt(which, 10, 64); err == nil {
		if in, err := inits.Get(ctx, id); err == nil {
			return in, nil
		}
	}
	return inits.ByName(ctx, which)
}
