package main

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"backbone/internal/account"
	"backbone/internal/store"
)

const tokenHelp = `Usage: backbone token <create|list|revoke> [flags]

  create   make an API token for a person: --email, --name (what it is for),
           optionally --expires 90d; the token is printed once
  list     list tokens (never their secrets)
  revoke   stop a token working: --id N

Use a token as "Authorization: Bearer <token>" with the JSON API under /api/v1.
Every subcommand takes --db and --help.
`

func runToken(ctx context.Context, e env, args []string) error {
	f, rest, err := subcommand(e, "token", args, map[string]func(context.Context, env, []string) error{
		"create": tokenCreate, "list": tokenList, "revoke": tokenRevoke,
	}, tokenHelp)
	if err != nil {
		return err
	}
	return f(ctx, e, rest)
}

// parseLifetime reads a lifetime such as 90d, 12h or 0 (never expires).
func parseLifetime(s string) (time.Duration, error) {
	if s == "" || s == "0" {
		return 0, nil
	}
	if n, err := strconv.Atoi(s[:len(s)-1]); err == nil && s[len(s)-1] == 'd' && n > 0 {
		return time.Duration(n) * 24 * time.Hour, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d < 0 {
		return 0, fmt.Errorf("%q is not a lifetime like 90d or 12h", s)
	}
	return d, nil
}

func tokenCreate(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "token create", "Makes an API token for a person. It acts with that person's permissions.")
	c := dbConfig(fs)
	email := fs.String("email", "", "whose token (required)")
	name := fs.String("name", "", "what the token is for, e.g. \"211 sync\" (required)")
	expires := fs.String("expires", "0", "lifetime, e.g. 90d or 720h; 0 never expires")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *email == "" || *name == "" {
		return usagef("--email and --name are required")
	}
	ttl, err := parseLifetime(*expires)
	if err != nil {
		return usagef("--expires: %v", err)
	}
	return withDB(ctx, c.DB, func(db *store.DB) error {
		secret, t, err := account.NewStore(db).CreateToken(ctx, cli, *email, *name, ttl)
		if err != nil {
			return describe(err)
		}
		fmt.Fprintf(e.stdout, "Token %d (%q) for %s", t.ID, t.Name, t.UserEmail)
		if t.ExpiresAt != nil {
			fmt.Fprintf(e.stdout, ", expires %s", fmtTime(t.ExpiresAt))
		}
		fmt.Fprintf(e.stdout, ". Shown once; keep it secret:\n%s\n", secret)
		return nil
	})
}

func tokenList(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "token list", "Lists API tokens, newest first, without their secrets.")
	c := dbConfig(fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	return withDB(ctx, c.DB, func(db *store.DB) error {
		tokens, err := account.NewStore(db).ListTokens(ctx)
		if err != nil {
			return err
		}
		tw := newTable(e.stdout)
		fmt.Fprintln(tw, "ID\tNAME\tUSER\tSTARTS WITH\tCREATED\tEXPIRES\tLAST USED\tREVOKED")
		for _, t := range tokens {
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s…\t%s\t%s\t%s\t%s\n", t.ID, t.Name, t.UserEmail, t.Prefix,
				fmtTime(&t.CreatedAt), fmtTime(t.ExpiresAt), fmtTime(t.LastUsedAt), fmtTime(t.RevokedAt))
		}
		return tw.Flush()
	})
}

func tokenRevoke(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "token revoke", "Stops an API token working, at once.")
	c := dbConfig(fs)
	id := fs.Int64("id", 0, "the token's id, from token list (required)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *id <= 0 {
		return usagef("--id is required (see backbone token list)")
	}
	return withDB(ctx, c.DB, func(db *store.DB) error {
		if err := account.NewStore(db).RevokeToken(ctx, cli, *id); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "Token %d revoked.\n", *id)
		return nil
	})
}
