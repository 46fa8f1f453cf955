// Command directory measures the directory's import and search on synthetic
// directories of growing size, on SQLite and PostgreSQL, beside the bare
// engine query for the same shape of search in the same run.
//
//	go run ./bench/directory -sizes 1000,10000,100000 -postgres postgres://postgres@127.0.0.1:5432/test?sslmode=disable
package main

import (
	"context"
	"database/sql"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"time"

	"backbone/internal/account"
	"backbone/internal/directory"
	"backbone/internal/hsds"
	"backbone/internal/store"
)

func main() {
	sizes := flag.String("sizes", "1000,10000,100000", "numbers of services, comma separated (1,000: a county's directory)")
	pg := flag.String("postgres", "", "a PostgreSQL URL; each size gets a fresh schema in it (empty: SQLite only)")
	runs := flag.Int("runs", 200, "searches per shape")
	profile := flag.String("cpuprofile", "", "write a CPU profile of the whole run to this file")
	reuse := flag.String("sqlite-file", "", "search this SQLite file, imported by an earlier run (kept), instead of importing into a new one; with one size only; a file not there yet is imported into and kept")
	skipPG := flag.Bool("sqlite-only", false, "measure SQLite only, even with -postgres")
	onlyPG := flag.Bool("postgres-only", false, "measure PostgreSQL only")
	only := flag.String("shapes", "", "measure only these shapes, comma separated (text, text+category, text+near10km, category+near10km, common word); empty: all")
	wordSet := flag.String("words", "all", "the words searched for: all (the twelve, as in every round), ordinary (the eight in at most 11% of services) or broad (the four in 18-30%)")
	pgSchema := flag.String("postgres-schema", "", "search this PostgreSQL schema, imported by an earlier run (kept), instead of importing into a new one; with one size only; a schema not there yet is imported into and kept")
	flag.Parse()
	switch *wordSet {
	case "all":
	case "ordinary":
		words = words[:8]
	case "broad":
		words = words[8:]
	default:
		fail(fmt.Errorf("-words: %q is not all, ordinary or broad", *wordSet))
	}
	if *profile != "" {
		f, err := os.Create(*profile)
		if err != nil {
			fail(err)
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			fail(err)
		}
		defer pprof.StopCPUProfile()
	}
	ctx := context.Background()
	fmt.Println("engine\tservices\timport s\tservices/s\tshape\tp50 ms\tp95 ms\tp99 ms\tbare p50\tbare p95\tbare p99\tratio p95\tresults")
	for _, f := range strings.Split(*sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil {
			fail(err)
		}
		var b *hsds.Bundle // made when a database needs it, once per size
		engines := []string{"sqlite"}
		if *pg != "" && !*skipPG {
			engines = append(engines, "postgres")
		}
		if *onlyPG {
			engines = []string{"postgres"}
		}
		for _, engine := range engines {
			keep := *reuse
			if engine == "postgres" {
				keep = *pgSchema
			}
			db, fresh, done := open(ctx, engine, *pg, keep)
			s := directory.NewStore(db)
			imported := "-\t-" // searching a kept database: nothing imported
			if fresh {
				if b == nil {
					b = directory.Synthesize(directory.SynthOptions{Services: n, Seed: 1})
				}
				start := time.Now()
				if _, err := s.SaveBundle(ctx, account.SystemActor("bench"), b); err != nil {
					fail(err)
				}
				took := time.Since(start)
				imported = fmt.Sprintf("%.1f\t%.0f", took.Seconds(), float64(n)/took.Seconds())
			}
			if engine == "postgres" {
				// What autovacuum does within a minute of a large import:
				// statistics, and the visibility map that lets the points'
				// GiST index answer without reading the table.
				_, _ = db.ExecContext(ctx, `VACUUM ANALYZE`)
			} else {
				_, _ = db.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`)
			}
			db.SetMaxOpenConns(8)
			prefix := fmt.Sprintf("%s\t%d\t%s", engine, n, imported)
			for _, sh := range shapes(db.Engine) {
				if *only != "" && !slices.Contains(strings.Split(*only, ","), sh.name) {
					continue
				}
				r := rand.New(rand.NewPCG(9, 9))
				var ours, bare []time.Duration
				results := 0
				for i := 0; i < *runs; i++ {
					q := sh.query(r)
					t0 := time.Now()
					p, err := s.Search(ctx, account.SystemActor("bench"), q)
					if err != nil {
						fail(fmt.Errorf("%s: %w", sh.name, err))
					}
					ours = append(ours, time.Since(t0))
					results += p.Total
					t0 = time.Now()
					if err := drain(ctx, db, sh.bare, sh.args(q)); err != nil {
						fail(fmt.Errorf("%s bare: %w", sh.name, err))
					}
					bare = append(bare, time.Since(t0))
				}
				fmt.Printf("%s\t%s\t%.1f\t%.1f\t%.1f\t%.1f\t%.1f\t%.1f\t%.2f\t%d\n", prefix, sh.name, ms(ours, 50), ms(ours, 95), ms(ours, 99),
					ms(bare, 50), ms(bare, 95), ms(bare, 99), ms(ours, 95)/ms(bare, 95), results / *runs)
			}
			done()
		}
	}
}

// shape is one kind of search, with the bare engine query that does the
// same work: match, filter, rank and take the first page.
type shape struct {
	name  string
	query func(r *rand.Rand) directory.SearchQuery
	bare  string
	args  func(q directory.SearchQuery) []any
}

// words are searched for, drawn at random: the first eight are each in at
// most 11% of services (pantry, shelter, counseling, dental, tutoring and
// housing 5.5%, legal and meals 11%), the last four are broad (veterans 30%,
// training 20%, immigration 23%, clinic 18%); -words picks either part.
var words = []string{"pantry", "shelter", "counseling", "dental", "tutoring", "legal", "meals", "housing", "veterans", "training", "clinic", "immigration"}

func shapes(e store.Engine) []shape {
	text := func(r *rand.Rand) string { return words[r.IntN(len(words))] }
	cat := func(r *rand.Rand) string { return directory.SynthTerms[r.IntN(len(directory.SynthTerms))] }
	near := func(r *rand.Rand) (*float64, *float64) {
		c := directory.SynthArea.Cities[r.IntN(len(directory.SynthArea.Cities))]
		return &c.Lat, &c.Lon
	}
	// The bare queries, written straight for the engine.
	match, rank, ids := `services_fts MATCH $1`, `ORDER BY rank`, `SELECT ss.service_id FROM services_fts JOIN service_search ss ON ss.docid = services_fts.rowid`
	if e == store.Postgres {
		match = `ss.document @@ plainto_tsquery('english', $1)`
		rank = `ORDER BY ts_rank_cd(ss.document, plainto_tsquery('english', $1)) DESC`
		ids = `SELECT ss.service_id FROM service_search ss`
	}
	category := `EXISTS (SELECT 1 FROM attributes a JOIN taxonomy_terms t ON t.id = a.taxonomy_term_id WHERE a.link_id = ss.service_id AND lower(t.name) = lower($2))`
	// The box, by the engine's spatial index of services' points, as the
	// search reads it.
	inBox := func(lat, lon string) store.ServicesBox {
		return store.ServicesInBox(e, lat+` - 0.09`, lat+` + 0.09`, lon+` - 0.11`, lon+` + 0.11`)
	}
	b := inBox("$2", "$3")
	textNear := ids + ` WHERE ` + match + ` AND ss.service_id IN (SELECT ` + b.Service + ` FROM ` + b.From + ` WHERE ` + b.Where + `) ` + rank + ` LIMIT 20`
	if e == store.SQLite {
		textNear = ids + ` WHERE ` + match + ` AND services_fts.rowid + 0 IN (SELECT ` + b.DocID + ` FROM ` + b.From + ` WHERE ` + b.Where + `) ` + rank + ` LIMIT 20`
	}
	// Nearest first: the distance to each point in the box, the nearest
	// per service, the category, the first 20.
	b = inBox("$3", "$4")
	from, service := b.From, b.Service
	if e == store.SQLite {
		from, service = b.From+` JOIN service_search ss ON ss.docid = `+b.DocID, "ss.service_id"
	}
	hav := `2 * 6371.0 * asin(sqrt(power(sin(radians(` + b.Lat + ` - $3) / 2), 2) +
		cos(radians($3)) * cos(radians(` + b.Lat + `)) * power(sin(radians(` + b.Lon + ` - $4) / 2), 2)))`
	categoryNear := `SELECT ` + service + `, MIN(` + hav + `) AS km FROM ` + from + `
		WHERE ` + b.Where + ` AND $1 = $1
		AND EXISTS (SELECT 1 FROM attributes a JOIN taxonomy_terms t ON t.id = a.taxonomy_term_id WHERE a.link_id = ` + service + ` AND lower(t.name) = lower($2))
		GROUP BY ` + service + ` ORDER BY km LIMIT 20`
	return []shape{
		{"text", func(r *rand.Rand) directory.SearchQuery { return directory.SearchQuery{Text: text(r)} },
			ids + ` WHERE ` + match + ` ` + rank + ` LIMIT 20`, func(q directory.SearchQuery) []any { return []any{q.Text} }},
		{"text+category", func(r *rand.Rand) directory.SearchQuery {
			return directory.SearchQuery{Text: text(r), Category: cat(r)}
		},
			ids + ` WHERE ` + match + ` AND ` + category + ` ` + rank + ` LIMIT 20`, func(q directory.SearchQuery) []any { return []any{q.Text, q.Category} }},
		{"text+near10km", func(r *rand.Rand) directory.SearchQuery {
			lat, lon := near(r)
			return directory.SearchQuery{Text: text(r), Lat: lat, Lon: lon, RadiusKm: 10}
		}, textNear, func(q directory.SearchQuery) []any { return []any{q.Text, *q.Lat, *q.Lon} }},
		{"category+near10km", func(r *rand.Rand) directory.SearchQuery {
			lat, lon := near(r)
			return directory.SearchQuery{Category: cat(r), Lat: lat, Lon: lon, RadiusKm: 10, Sort: "distance"}
		}, categoryNear,
			func(q directory.SearchQuery) []any { return []any{"", q.Category, *q.Lat, *q.Lon} }},
		{"common word", func(r *rand.Rand) directory.SearchQuery { return directory.SearchQuery{Text: "community"} },
			ids + ` WHERE ` + match + ` ` + rank + ` LIMIT 20`, func(q directory.SearchQuery) []any { return []any{q.Text} }},
	}
}

func drain(ctx context.Context, db *store.DB, query string, args []any) error {
	rows, err := db.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return err
	}
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
	}
	return rows.Err()
}

// open opens a database for engine: a new SQLite file or PostgreSQL
// schema, removed by done, or when keep names one (a file, a schema), that
// one, kept, made if it is not there yet; either is migrated. fresh says
// it was just made, so the directory is to be imported into it.
func open(ctx context.Context, engine, pg, keep string) (db *store.DB, fresh bool, done func()) {
	dsn, cleanup := keep, func() {}
	if engine == "sqlite" {
		if keep == "" {
			dsn = filepath.Join(os.TempDir(), fmt.Sprintf("backbone-bench-%d.db", time.Now().UnixNano()))
			cleanup = func() { os.Remove(dsn); os.Remove(dsn + "-wal"); os.Remove(dsn + "-shm") }
		}
		_, err := os.Stat(dsn)
		fresh = errors.Is(err, fs.ErrNotExist)
	} else {
		schema := keep
		if keep == "" {
			schema = fmt.Sprintf("bench_%d", time.Now().UnixNano())
		}
		admin, err := sql.Open("pgx", pg)
		if err != nil {
			fail(err)
		}
		if err := admin.QueryRowContext(ctx, `SELECT NOT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1)`, schema).Scan(&fresh); err != nil {
			fail(err)
		}
		if fresh {
			if _, err := admin.ExecContext(ctx, `CREATE SCHEMA `+schema); err != nil {
				fail(err)
			}
		}
		cleanup = func() { admin.Close() }
		if keep == "" {
			cleanup = func() { _, _ = admin.Exec(`DROP SCHEMA ` + schema + ` CASCADE`); admin.Close() }
		}
		dsn = pg + sep(pg) + "search_path=" + schema
	}
	db, err := store.Open(ctx, dsn)
	if err != nil {
		fail(err)
	}
	// A kept database made by an older build gets the migrations since.
	if _, err := db.Migrate(ctx); err != nil {
		fail(err)
	}
	return db, fresh, func() { db.Close(); cleanup() }
}

func ms(d []time.Duration, pct int) float64 {
	s := slices.Clone(d)
	slices.Sort(s)
	i := (len(s)*pct + 99) / 100
	i = min(max(i-1, 0), len(s)-1)
	return float64(s[i].Microseconds()) / 1000
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "bench:", err)
	os.Exit(1)
}

// sep is what comes before one more parameter of a URL.
func sep(url string) string {
	if strings.Contains(url, "?") {
		return "&"
	}
	return "?"
}
