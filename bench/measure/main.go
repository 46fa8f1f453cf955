// Command measure times an initiative's dashboard on a synthetic shared
// measurement of growing size (measure.Synthesize: partners × indicators ×
// months, every measurement imported through the product's CSV import), on
// SQLite and PostgreSQL: the whole page through the HTTP handler, the
// store's dashboard query alone, and a new report followed by the page that
// must show it.
//
//	go run ./bench/measure -partners 50 -indicators 200 -months 120 -goals 25 \
//	    -sqlite /tmp/measure-1m.db -postgres 'postgres://postgres@127.0.0.1:5432/test?sslmode=disable'
//
// A database that already holds the synthetic initiative is reused, so the
// seeding (minutes at 10 million measurements) is paid once.
package main

import (
	"context"
	"database/sql"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"runtime/pprof"
	"slices"
	"strings"
	"time"

	"backbone/internal/account"
	"backbone/internal/app"
	"backbone/internal/config"
	"backbone/internal/measure"
	"backbone/internal/store"
)

func main() {
	spec := measure.SynthSpec{Seed: 1}
	flag.IntVar(&spec.Partners, "partners", 50, "member organizations, each reporting every indicator")
	flag.IntVar(&spec.Indicators, "indicators", 200, "monthly indicators")
	flag.IntVar(&spec.Months, "months", 120, "months of reports")
	flag.IntVar(&spec.Goals, "goals", 25, "goals on the dashboard (one per indicator, from the first)")
	sqlitePath := flag.String("sqlite", "", "a SQLite file to seed or reuse (empty: no SQLite run)")
	pg := flag.String("postgres", "", "a PostgreSQL URL; the data goes to schema -schema, seeded or reused (empty: no PostgreSQL run)")
	schema := flag.String("schema", "bench_measure", "the PostgreSQL schema")
	runs := flag.Int("runs", 100, "page loads per measure")
	profile := flag.String("cpuprofile", "", "write a CPU profile of the whole run to this file")
	flag.Parse()
	if *profile != "" {
		f, err := os.Create(*profile)
		check(err)
		check(pprof.StartCPUProfile(f))
		defer pprof.StopCPUProfile()
	}
	ctx := context.Background()
	total := spec.Partners * spec.Indicators * spec.Months
	fmt.Printf("# %d partners × %d indicators × %d months = %d measurements, %d goals on the dashboard\n", spec.Partners, spec.Indicators, spec.Months, total, spec.Goals)
	fmt.Println("engine\tmeasurements\tseed s\twhat\tp50 ms\tp95 ms\tp99 ms")
	if *sqlitePath != "" {
		run(ctx, "sqlite", *sqlitePath, spec, *runs)
	}
	if *pg != "" {
		u, err := url.Parse(*pg)
		check(err)
		admin, err := sql.Open("pgx", *pg)
		check(err)
		_, err = admin.ExecContext(ctx, `CREATE SCHEMA IF NOT EXISTS `+*schema)
		check(err)
		admin.Close()
		q := u.Query()
		q.Set("search_path", *schema)
		u.RawQuery = q.Encode()
		run(ctx, "postgres", u.String(), spec, *runs)
	}
}

func run(ctx context.Context, engine, dsn string, spec measure.SynthSpec, runs int) {
	db, err := store.Open(ctx, dsn)
	check(err)
	defer db.Close()
	_, err = db.Migrate(ctx)
	check(err)
	var ini int64
	name := fmt.Sprintf("Synthetic initiative %d", spec.Seed)
	seed := 0.0
	if err := db.QueryRowContext(ctx, `SELECT id FROM initiatives WHERE name = $1`, name).Scan(&ini); err != nil {
		start := time.Now()
		spec.Progress = func(months, n int) {
			fmt.Fprintf(os.Stderr, "%s: %d months, %d measurements, %.0f s\n", engine, months, n, time.Since(start).Seconds())
		}
		ini, err = measure.Synthesize(ctx, db, spec, time.Now())
		check(err)
		seed = time.Since(start).Seconds()
		if engine == "postgres" {
			_, err = db.ExecContext(ctx, `ANALYZE`)
			check(err)
		}
	}
	var n int
	check(db.QueryRowContext(ctx, `SELECT COUNT(*) FROM measurements`).Scan(&n))

	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	a, err := app.New(config.Default(), db, logger)
	check(err)
	srv := httptest.NewServer(a.Handler())
	defer srv.Close()
	email := fmt.Sprintf("bench-%d@example.org", time.Now().UnixNano())
	_, err = a.Accounts.CreateUser(ctx, account.SystemActor("bench"), account.NewUser{Email: email, Name: "Bench", Password: "bench-password-1", Role: account.RoleAdmin})
	check(err)
	c := signIn(srv.URL, email, "bench-password-1")
	page := fmt.Sprintf("%s/initiatives/%d/dashboard", srv.URL, ini)
	m := measure.NewStore(db)
	bench := account.SystemActor("bench")

	get := func(path string) string {
		res, err := c.Get(path)
		check(err)
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusOK {
			check(fmt.Errorf("GET %s: %d", path, res.StatusCode))
		}
		return string(body)
	}
	get(page) // warm
	report("dashboard page (HTTP, whole HTML)", engine, n, seed, runs, func() { get(page) })
	report("dashboard page, one member's numbers", engine, n, seed, runs, func() { get(page + "?member=synth-00007") })
	report("store: DashboardOf", engine, n, seed, runs, func() {
		_, err := m.DashboardOf(ctx, bench, measure.DashboardQuery{InitiativeID: ini})
		check(err)
	})
	// A new report, then the page: the value must be there at once.
	inds, err := m.Indicators(ctx, bench, ini, false)
	check(err)
	period := measure.LastClosed(measure.Monthly, time.Now()).String()
	// Values near the partner's own (a value far from its history would be
	// refused until confirmed), each one new, so each report is a correction.
	was, err := m.MeasurementHistory(ctx, bench, ini, inds[0].ID, "synth-00003", period)
	check(err)
	if len(was) == 0 {
		check(fmt.Errorf("synth-00003 has no value for %s", period))
	}
	i := 0
	report("report one value + page shows it", engine, n, seed, max(runs/5, 5), func() {
		i++
		v := was[0].Value + float64(i)
		_, err := m.Report(ctx, bench, ini, "synth-00003", inds[0].ID, period, v, "")
		check(err)
		if body := get(page); !strings.Contains(body, "Who contributed in "+period) {
			check(fmt.Errorf("the page lost the latest period"))
		}
		series, err := m.Rollup(ctx, bench, ini, inds[0].ID, period, period)
		check(err)
		if len(series) != 1 || series[0].Latest != v {
			check(fmt.Errorf("the report is not in the rollup: %+v", series))
		}
	})
}

func report(what, engine string, n int, seed float64, runs int, fn func()) {
	var took []float64
	for range runs {
		start := time.Now()
		fn()
		took = append(took, float64(time.Since(start).Microseconds())/1000)
	}
	slices.Sort(took)
	q := func(p float64) float64 { return took[min(len(took)-1, int(p*float64(len(took))))] }
	fmt.Printf("%s\t%d\t%.0f\t%s\t%.1f\t%.1f\t%.1f\n", engine, n, seed, what, q(0.50), q(0.95), q(0.99))
}

var csrfInput = regexp.MustCompile(`name="csrf_token" value="([^"]+)"`)

func signIn(base, email, password string) *http.Client {
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := c.Get(base + "/login")
	check(err)
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	m := csrfInput.FindStringSubmatch(string(body))
	if m == nil {
		check(fmt.Errorf("no csrf token on the login page"))
	}
	res, err = c.PostForm(base+"/login", url.Values{"email": {email}, "password": {password}, "csrf_token": {m[1]}})
	check(err)
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		check(fmt.Errorf("sign in: %d", res.StatusCode))
	}
	return c
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "measure bench:", err)
		os.Exit(1)
	}
}
