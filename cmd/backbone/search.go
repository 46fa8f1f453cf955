package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"backbone/internal/directory"
	"backbone/internal/store"
)

const searchSummary = `Searches the directory's services: TEXT is words to find (stemmed, ranked),
and may be left out when a filter is given. --near is LAT,LON or a place in the directory (a postal code, a city or a street address)
found among the directory's addresses.`

func runSearch(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "search TEXT [--category TERM] [--near LAT,LON --radius KM] [--open-now] [--format table|json]", searchSummary)
	c := dbConfig(fs)
	var q directory.SearchQuery
	fs.StringVar(&q.Category, "category", "", "a taxonomy term: id, code or name")
	fs.StringVar(&q.Language, "language", "", "a language code (es) or name (Spanish)")
	fs.StringVar(&q.Area, "area", "", "a service area, by name")
	fs.StringVar(&q.Near, "near", "", "LAT,LON, or a postal code, city or street address in the directory")
	fs.Float64Var(&q.RadiusKm, "radius", directory.DefaultRadiusKm, "kilometres around --near")
	fs.BoolVar(&q.OpenNow, "open-now", false, "only services open now (by their schedules)")
	fs.StringVar(&q.Sort, "sort", "", "relevance, distance or name")
	fs.IntVar(&q.Limit, "limit", directory.DefaultSearchLimit, "how many results")
	fs.IntVar(&q.Offset, "offset", 0, "how many results to skip")
	format := fs.String("format", "table", "table or json")
	var words []string
	rest := args
	for {
		if err := parse(fs, rest); err != nil {
			return err
		}
		if fs.NArg() == 0 {
			break
		}
		words = append(words, fs.Arg(0))
		rest = fs.Args()[1:]
	}
	if *format != "table" && *format != "json" {
		return usagef("--format: %q is not table or json", *format)
	}
	q.Text = strings.Join(words, " ")
	return withDB(ctx, c.DB, func(db *store.DB) error {
		page, err := directory.NewStore(db).Search(ctx, cli, q)
		if err != nil {
			return err
		}
		if *format == "json" {
			return printJSON(e.stdout, page)
		}
		tw := newTable(e.stdout)
		fmt.Fprintln(tw, "SERVICE\tORGANIZATION\tKM\tADDRESS\tPHONE")
		for _, r := range page.Items {
			km, phone := "", ""
			if r.DistanceKm != nil {
				km = fmt.Sprintf("%.1f", *r.DistanceKm)
			}
			if len(r.Phones) > 0 {
				phone = r.Phones[0].Number
				if ext := r.Phones[0].Extension; ext != "" {
					phone += " ext. " + ext
				}
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", r.ServiceName, r.OrganizationName, km, r.Address, phone)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
		count := strconv.Itoa(page.Total)
		if page.Capped {
			count = "more than " + count // counting stopped there
		}
		more := ""
		if page.RankedCapped {
			more = fmt.Sprintf(" (among the first %d matches of these words, which alone were ranked)", directory.SearchCandidateCap)
		}
		fmt.Fprintf(e.stdout, "%d of %s services%s\n", len(page.Items), count, more)
		return nil
	})
}
