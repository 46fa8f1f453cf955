package web_test

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"syscall"
	"testing"
	"time"

	"backbone/internal/account"
	"backbone/internal/directory"
	"backbone/internal/initiative"
	"backbone/internal/store"
	"backbone/internal/testutil/apptest"
	"backbone/internal/testutil/storetest"
)

// seedContributions makes an initiative of n member organizations, each
// with a pledge and a delivery in two quarters (staff time, meals or
// money), a benefit, and returns the initiative's id.
func seedContributions(t testing.TB, a *apptest.App, n int) int64 {
	t.Helper()
	ctx, sys := context.Background(), account.SystemActor("test")
	in, err := a.Initiatives.Create(ctx, sys, initiative.Input{Name: "Large partnership", Status: "active",
		BackboneOrganizationID: mustOrg(t, a, "Backbone")})
	if err != nil {
		t.Fatal(err)
	}
	kinds := []struct{ kind, unit string }{{"staff", "fte"}, {"in_kind", "meals"}, {"money", "dollars"}}
	err = a.DB.Tx(ctx, func(tx *sql.Tx) error {
		for i := range n {
			id := fmt.Sprintf("m-%04d", i)
			if _, err := tx.ExecContext(ctx, `INSERT INTO organizations (id, name, description, created_at, updated_at)
				VALUES ($1, $2, 'Helps.', $3, $3)`, id, fmt.Sprintf("Member %04d", i), a.DB.Now()); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO initiative_members (initiative_id, organization_id, role,
				status, joined_at) VALUES ($1, $2, 'core_partner', 'active', $3)`, in.ID, id, a.DB.Now()); err != nil {
				return err
			}
			k := kinds[i%len(kinds)]
			for _, period := range []string{"2026-Q2", "2026-Q3"} {
				for _, entry := range []string{"pledge", "delivery"} {
					q := float64(10 + i%50)
					if k.unit == "fte" {
						q = 0.5
					}
					if _, err := tx.ExecContext(ctx, `INSERT INTO contributions (initiative_id, organization_id, entry,
						kind, period, quantity, unit, recorded_by_label, recorded_at)
						VALUES ($1, $2, $3, $4, $5, $6, $7, 'seed', $8)`, in.ID, id, entry, k.kind, period, q, k.unit,
						a.DB.Now()); err != nil {
						return err
					}
				}
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO contribution_benefits (initiative_id, organization_id, kind,
				period, amount, recorded_by_label, recorded_at) VALUES ($1, $2, 'referrals', '2026-Q3', 3, 'seed', $3)`,
				in.ID, id, a.DB.Now()); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return in.ID
}

// cpuTime is the CPU time this process has spent, in user and system mode.
func cpuTime(t testing.TB) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		t.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func mustOrg(t testing.TB, a *apptest.App, name string) string {
	t.Helper()
	o, err := a.Directory.CreateOrganization(context.Background(), account.SystemActor("test"), "",
		directory.OrganizationInput{Name: name, Description: "Keeps the partnership going."})
	if err != nil {
		t.Fatal(err)
	}
	return o.ID
}

// BenchmarkContributionsPage renders the contributions page (the balance
// of 1,000 members, 4,000 entries) through the whole HTTP handler, signed
// in as the initiative's backbone staff, on both engines. The target is
// under 150 ms.
func BenchmarkContributionsPage(b *testing.B) {
	for _, eng := range []struct {
		name string
		open func(testing.TB) *store.DB
	}{{"sqlite", storetest.SQLite}, {"postgres", storetest.Postgres}} {
		b.Run(eng.name, func(b *testing.B) {
			a := apptest.New(b, eng.open(b))
			id := seedContributions(b, a, 1000)
			u := a.AddUser(b, "staff@example.org", account.RoleMember)
			if err := a.Initiatives.SetUserRole(context.Background(), account.SystemActor("test"), id, u.ID,
				account.InitiativeBackboneStaff); err != nil {
				b.Fatal(err)
			}
			c := a.SignIn(b, "staff@example.org")
			req0, _ := http.NewRequest("GET", a.URL, nil)
			cookies := c.Jar.Cookies(req0.URL)
			page := fmt.Sprintf("/initiatives/%d/contributions", id)
			// The machine is shared: beside the wall time, the CPU time the
			// process spent per page says what the page costs.
			before, n := cpuTime(b), 0
			for b.Loop() {
				n++
				req := httptest.NewRequest("GET", page, nil)
				for _, ck := range cookies {
					req.AddCookie(ck)
				}
				rec := httptest.NewRecorder()
				a.Handler().ServeHTTP(rec, req)
				if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "Member 0999") {
					b.Fatalf("%s: %d", page, rec.Code)
				}
			}
			b.ReportMetric(float64((cpuTime(b)-before).Microseconds())/1000/float64(n), "cpu-ms/op")
		})
	}
}
