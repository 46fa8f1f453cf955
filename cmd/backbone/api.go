package main

import (
	"context"

	"backbone/internal/api"
)

const apiHelp = `Usage: backbone api openapi

  openapi   print the OpenAPI 3.1 document of the JSON API, as /api/v1/openapi.json serves it
`

func runAPI(ctx context.Context, e env, args []string) error {
	f, rest, err := subcommand(e, "api", args, map[string]func(context.Context, env, []string) error{
		"openapi": apiOpenAPI,
	}, apiHelp)
	if err != nil {
		return err
	}
	return f(ctx, e, rest)
}

// apiOpenAPI prints the API's OpenAPI document. It needs no server and no
// database: the document is built from the route table, so a linter or a
// client generator can read it from a file (CI lints it this way).
func apiOpenAPI(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "api openapi",
		"Prints the OpenAPI 3.1 document that the JSON API serves at /api/v1/openapi.json, without a server or a database.")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q (see backbone api openapi --help)", fs.Arg(0))
	}

	doc, err := api.Document()
	if err != nil {
		return err
	}

	_, err = e.stdout.Write(append(doc, '\n'))
	return err
}
