package main

import (
	"context"
	"fmt"
	"strings"

	"backbone/internal/account"
	"backbone/internal/store"
)

const userHelp = `Usage: backbone user <add|list|passwd|role|org|disable|enable> [flags]

  add       add a person: --email, --name, --role member|steward|admin,
            optionally --org ID --org-role admin|staff; the password is read
            from stdin with --password-stdin, or made up and printed once;
            with --must-change-password it is temporary, as one added from
            People on the web: they choose their own at their first sign-in
  list      list everyone (--format table|json)
  passwd    set a new password (--email; --password-stdin or made up) and end
            that person's sessions; --temporary makes them choose their own
            at their next sign-in
  role      give a person another platform role (--email, --role
            member|steward|admin); the last admin stays one
  org       make a person admin or staff of an organization (--email, --org
            ID, --role admin|staff), or take them off it (--remove)
  disable   stop a person signing in (--email); their sessions end
  enable    let a disabled person sign in again (--email)

Every subcommand takes --db and --help.
`

func runUser(ctx context.Context, e env, args []string) error {
	f, rest, err := subcommand(e, "user", args, map[string]func(context.Context, env, []string) error{
		"add": userAdd, "list": userList, "passwd": userPasswd, "role": userRole, "org": userOrg,
		"disable": func(ctx context.Context, e env, a []string) error { return userDisable(ctx, e, a, true) },
		"enable":  func(ctx context.Context, e env, a []string) error { return userDisable(ctx, e, a, false) },
	}, userHelp)
	if err != nil {
		return err
	}
	return f(ctx, e, rest)
}

func userAdd(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "user add", "Adds a person who can sign in.")
	c := dbConfig(fs)
	email := fs.String("email", "", "email address (required; used to sign in)")
	name := fs.String("name", "", "full name (required)")
	role := fs.String("role", account.RoleMember, "platform role: member, steward (keeps the directory) or admin")
	fromStdin := fs.Bool("password-stdin", false, "read the password from the first line of standard input")
	org := fs.String("org", "", "id of an organization the person works for")
	orgRole := fs.String("org-role", account.OrgStaff, "role in --org: staff, or admin (may edit its record)")
	temporary := fs.Bool("must-change-password", false,
		"the password is temporary: they choose their own at their first sign-in")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *email == "" || *name == "" {
		return usagef("--email and --name are required (see backbone user add --help)")
	}
	password, made, err := newPassword(e, *fromStdin)
	if err != nil {
		return err
	}
	return withDB(ctx, c.DB, func(db *store.DB) error {
		accounts := account.NewStore(db, account.WithPasswordCost(e.passwordCost))
		in := account.NewUser{Email: *email, Name: *name, Password: password, Role: *role,
			MustChangePassword: *temporary}
		if *org != "" {
			in.OrganizationID, in.OrganizationRole = *org, *orgRole
		}
		u, err := accounts.CreateUser(ctx, cli, in)
		if err != nil {
			return describe(err)
		}
		fmt.Fprintf(e.stdout, "Added %s (%s, %s).\n", u.Email, u.Name, u.Role)
		switch {
		case made && *temporary:
			fmt.Fprintf(e.stdout, "Temporary password (shown once; they choose their own at their first sign-in): %s\n", password)
		case made:
			fmt.Fprintf(e.stdout, "Password (shown once; ask them to change it under Your account): %s\n", password)
		case *temporary:
			fmt.Fprintln(e.stdout, "They choose their own password at their first sign-in.")
		}
		return nil
	})
}

func userList(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "user list", "Lists everyone who can (or could) sign in.")
	c := dbConfig(fs)
	format := fs.String("format", "table", "table or json")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *format != "table" && *format != "json" {
		return usagef("--format: %q is not table or json", *format)
	}
	return withDB(ctx, c.DB, func(db *store.DB) error {
		users, err := account.NewStore(db).ListUsers(ctx)
		if err != nil {
			return err
		}
		if *format == "json" {
			type row struct {
				ID        int64  `json:"id"`
				Email     string `json:"email"`
				Name      string `json:"name"`
				Role      string `json:"role"`
				Disabled  bool   `json:"disabled"`
				LastLogin string `json:"last_login,omitempty"`
			}
			rows := []row{}
			for _, u := range users {
				r := row{ID: u.ID, Email: u.Email, Name: u.Name, Role: u.Role, Disabled: u.Disabled()}
				if u.LastLoginAt != nil {
					r.LastLogin = u.LastLoginAt.UTC().Format("2006-01-02T15:04:05Z")
				}
				rows = append(rows, r)
			}
			return printJSON(e.stdout, rows)
		}
		tw := newTable(e.stdout)
		fmt.Fprintln(tw, "ID\tEMAIL\tNAME\tROLE\tSTATUS\tLAST SIGN-IN")
		for _, u := range users {
			status := "active"
			if u.Disabled() {
				status = "disabled"
			}
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\n", u.ID, u.Email, u.Name, u.Role, status, fmtTime(u.LastLoginAt))
		}
		return tw.Flush()
	})
}

func userPasswd(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "user passwd", "Sets a new password for a person and signs them out everywhere.")
	c := dbConfig(fs)
	email := fs.String("email", "", "whose password (required)")
	fromStdin := fs.Bool("password-stdin", false, "read the new password from the first line of standard input")
	temporary := fs.Bool("temporary", false, "the password is temporary: they choose their own at their next sign-in")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *email == "" {
		return usagef("--email is required")
	}
	password, made, err := newPassword(e, *fromStdin)
	if err != nil {
		return err
	}
	return withDB(ctx, c.DB, func(db *store.DB) error {
		accounts := account.NewStore(db, account.WithPasswordCost(e.passwordCost))
		if *temporary {
			u, err := accounts.UserByEmail(ctx, *email)
			if err != nil {
				return err
			}
			if _, err := accounts.SetTemporaryPassword(ctx, cli, u.ID, password); err != nil {
				return describe(err)
			}
			fmt.Fprintf(e.stdout, "Temporary password of %s set; their sessions were ended.\n", u.Email)
			if made {
				fmt.Fprintf(e.stdout, "Temporary password (shown once; they choose their own at their next sign-in): %s\n", password)
			}
			return nil
		}
		if err := accounts.SetPassword(ctx, cli, *email, password); err != nil {
			return describe(err)
		}
		fmt.Fprintf(e.stdout, "Password of %s changed; their sessions were ended.\n", strings.ToLower(*email))
		if made {
			fmt.Fprintf(e.stdout, "New password (shown once): %s\n", password)
		}
		return nil
	})
}

func userDisable(ctx context.Context, e env, args []string, disable bool) error {
	verb := "disable"
	if !disable {
		verb = "enable"
	}
	fs := newFlags(
		e,
		"user "+verb,
		"Disabled people cannot sign in and their API tokens stop working; enable undoes it.",
	)
	c := dbConfig(fs)
	email := fs.String("email", "", "who (required)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *email == "" {
		return usagef("--email is required")
	}
	return withDB(ctx, c.DB, func(db *store.DB) error {
		if err := account.NewStore(db).SetDisabled(ctx, cli, *email, disable); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "%s is now %sd.\n", strings.ToLower(*email), verb)
		return nil
	})
}
