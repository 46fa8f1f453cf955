// Command gen makes what the ties import benchmark imports (see
// bench/ties/README.md): a directory of organizations, in a SQLite file
// and, when asked, in a PostgreSQL database, and ties files among them.
//
//	go run ./bench/ties/gen -orgs 100000 -ties 1000000 -out bench/out/ties/t1m \
//	    -postgres 'postgres://postgres@127.0.0.1:5432/test?sslmode=disable'
//
// writes t1m.db (the organizations, no ties; copy it before each import),
// t1m.csv (the ties by organization name, in the import's columns),
// t1m-changed.csv (the same ties, a tenth of them at another level) and,
// with -postgres, the database ties_t1m (to use as a template).
//
// Ties join two organizations drawn at random, each pair once. Kinds,
// level and status follow a partnership map's mix: most ties are
// referral or information sharing, at awareness or cooperation, active.
package main

import (
	"bufio"
	"context"
	"database/sql"
	"encoding/csv"
	"flag"
	"fmt"
	"math/rand/v2"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"backbone/internal/account"
	"backbone/internal/directory"
	"backbone/internal/hsds"
	"backbone/internal/store"

	_ "github.com/jackc/pgx/v5/stdlib"
)

func main() {
	orgs := flag.Int("orgs", 10000, "organizations")
	ties := flag.Int("ties", 50000, "ties")
	seed := flag.Uint64("seed", 1, "random seed")
	out := flag.String("out", "bench/out/ties/t50k", "output path without extension")
	pg := flag.String("postgres", "", "a PostgreSQL URL: also make the database ties_NAME (NAME: -out's base name)")
	flag.Parse()
	if err := run(context.Background(), *orgs, *ties, *seed, *out, *pg); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, orgs, ties int, seed uint64, out, pg string) error {
	if orgs < 2 || ties > orgs*(orgs-1)/2 {
		return fmt.Errorf("%d ties do not fit among %d organizations", ties, orgs)
	}
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		return err
	}
	rng := rand.New(rand.NewPCG(seed, 0x7135))
	names := make([]string, orgs)
	for i := range names {
		names[i] = fmt.Sprintf("%s %s %06d", place[rng.IntN(len(place))], kind[rng.IntN(len(kind))], i+1)
	}
	if err := writeTies(out, names, ties, rng); err != nil {
		return err
	}
	_ = os.Remove(out + ".db")
	if err := loadOrganizations(ctx, out+".db", names); err != nil {
		return err
	}
	if pg == "" {
		return nil
	}
	dbName := "ties_" + strings.ReplaceAll(filepath.Base(out), "-", "_")
	admin, err := sql.Open("pgx", pg)
	if err != nil {
		return err
	}
	defer admin.Close()
	if _, err := admin.ExecContext(ctx, `DROP DATABASE IF EXISTS `+dbName); err != nil {
		return err
	}
	if _, err := admin.ExecContext(ctx, `CREATE DATABASE `+dbName); err != nil {
		return err
	}
	u, err := url.Parse(pg)
	if err != nil {
		return err
	}
	u.Path = "/" + dbName
	return loadOrganizations(ctx, u.String(), names)
}

var (
	place = []string{"Redwood", "Bay", "Harbor", "Valley", "Hillside", "Riverside", "Coastal", "Northside", "Eastside",
		"Mission", "Lakeview", "Pine"}
	kind = []string{"Food Bank", "Health Center", "Family Services", "Housing Coalition", "Youth Club",
		"Legal Aid", "Senior Center", "Library", "School District", "Clinic", "Shelter", "Workforce Board"}
	kinds = []string{
		"referral",
		"information_sharing",
		"joint_programming",
		"funding",
		"data_sharing",
		"formal_agreement",
	}
	kindsP   = []float64{0.6, 0.45, 0.2, 0.1, 0.1, 0.08}
	levels   = []string{"awareness", "cooperation", "coordination", "collaboration"}
	levelsP  = []float64{0.35, 0.35, 0.2, 0.1}
	statuses = []string{"active", "developing", "strained", "ended"}
	statusP  = []float64{0.8, 0.1, 0.05, 0.05}
)

func pick(rng *rand.Rand, list []string, p []float64) string {
	x := rng.Float64()
	for i, q := range p {
		if x < q {
			return list[i]
		}
		x -= q
	}
	return list[len(list)-1]
}

// writeTies writes NAME.csv and NAME-changed.csv, where every tenth tie is
// at the next level up (or down, from collaboration).
func writeTies(out string, names []string, n int, rng *rand.Rand) error {
	files := make([]*os.File, 2)
	ws := make([]*csv.Writer, 2)
	bufs := make([]*bufio.Writer, 2)
	for i, path := range []string{out + ".csv", out + "-changed.csv"} {
		f, err := os.Create(path)
		if err != nil {
			return err
		}
		defer f.Close()
		files[i], bufs[i] = f, bufio.NewWriterSize(f, 1<<20)
		ws[i] = csv.NewWriter(bufs[i])
		if err := ws[i].Write([]string{"from", "to", "kinds", "level", "status", "since", "notes"}); err != nil {
			return err
		}
	}
	seen := make(map[uint64]struct{}, n)
	for t := 0; t < n; {
		u, v := rng.IntN(len(names)), rng.IntN(len(names))
		key := uint64(u)<<32 | uint64(v)
		if _, dup := seen[key]; dup || u == v {
			continue
		}
		seen[key] = struct{}{}
		var ks []string
		for i, k := range kinds {
			if rng.Float64() < kindsP[i] {
				ks = append(ks, k)
			}
		}
		level := pick(rng, levels, levelsP)
		since := ""
		if rng.Float64() < 0.7 {
			since = fmt.Sprintf("%d-%02d-%02d", 2010+rng.IntN(15), 1+rng.IntN(12), 1+rng.IntN(28))
		}
		notes := ""
		if rng.Float64() < 0.2 {
			notes = "Meets " + strconv.Itoa(1+rng.IntN(4)) + " times a year"
		}
		row := []string{names[u], names[v], strings.Join(ks, ";"), level, pick(rng, statuses, statusP), since, notes}
		if err := ws[0].Write(row); err != nil {
			return err
		}
		if t%10 == 0 {
			at := (indexOf(levels, level) + 1) % len(levels)
			row[3] = levels[at]
		}
		if err := ws[1].Write(row); err != nil {
			return err
		}
		t++
	}
	for i := range ws {
		ws[i].Flush()
		if err := ws[i].Error(); err != nil {
			return err
		}
		if err := bufs[i].Flush(); err != nil {
			return err
		}
	}
	return nil
}

func indexOf(list []string, s string) int {
	for i, x := range list {
		if x == s {
			return i
		}
	}
	return -1
}

// loadOrganizations makes a migrated database holding the organizations,
// through the directory's own import.
func loadOrganizations(ctx context.Context, dsn string, names []string) error {
	db, err := store.Open(ctx, dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		return err
	}
	b := &hsds.Bundle{Format: "bench"}
	for i, name := range names {
		b.Organizations = append(b.Organizations, hsds.OrganizationRecord{
			Source: fmt.Sprintf("organizations row %d", i+2), ID: fmt.Sprintf("00000000-0000-4000-8000-%012d", i+1),
			Name: name, Description: name + " serves the county."})
	}
	_, err = directory.NewStore(db).SaveBundle(ctx, account.SystemActor("bench"), b)
	return err
}
