package report_test

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"backbone/internal/account"
	"backbone/internal/demo"
	"backbone/internal/measure"
	"backbone/internal/report"
	"backbone/internal/store"
	"backbone/internal/testutil/filetest"
	"backbone/internal/testutil/storetest"
)

// demoReport loads the demo and gathers its initiative's dashboard as the
// partner sees it: everyone's numbers, or one member's (by name).
func demoReport(t *testing.T, db *store.DB, memberName string) *report.Dashboard {
	t.Helper()
	ctx := context.Background()
	res, err := demo.Load(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	member := ""
	if memberName != "" {
		if err := db.QueryRowContext(ctx, `SELECT id FROM organizations WHERE name = $1`, memberName).Scan(&member); err != nil {
			t.Fatal(err)
		}
	}
	u, err := account.NewStore(db).UserByEmail(ctx, "partner@example.org")
	if err != nil {
		t.Fatal(err)
	}
	q := measure.DashboardQuery{InitiativeID: res.InitiativeID, Member: member, Now: db.Now()}
	d, err := report.Gather(ctx, measure.NewStore(db), account.UserActor(u, "test"), demo.InitiativeName, memberName, q,
		time.Time{}, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// TestDashboardPDF writes the demo initiative's progress report and reads
// it back with poppler: every goal with its status, facts and chart, each
// goal's heading on the page of its chart, the late reports and the
// stories, and dates in the pages' one style.
func TestDashboardPDF(t *testing.T) {
	db := storetest.SQLite(t)
	d := demoReport(t, db, "")
	if len(d.Goals) != 3 {
		t.Fatalf("%d goals", len(d.Goals))
	}
	pages := pdfPages(t, d)
	all := strings.Join(pages, "\n")
	for _, want := range []string{demo.InitiativeName, "Progress report, 7 December 2026", "3 goals: 1 on track, 1 at risk, 1 off track.",
		"Late reports", "Stories", "I have someone to talk to on Tuesdays now", "due 31 Dec 2027", "of the way",
		"Not every partner has reported Nov 2026 yet", "reporting organizations reported; the largest parts:"} {
		if !strings.Contains(all, want) {
			t.Errorf("the report lacks %q:\n%s", want, all)
		}
	}
	for _, g := range d.Goals {
		found := false
		for _, p := range pages {
			if i := strings.Index(p, g.Goal.Statement[:30]); i >= 0 {
				found = true
				if !strings.Contains(p[i:], "Target ") || !strings.Contains(p[i:], "Actual") {
					t.Errorf("the goal %q is not on the page of its chart:\n%s", g.Goal.Statement, p)
				}
			}
		}
		if !found {
			t.Errorf("the report lacks the goal %q", g.Goal.Statement)
		}
	}
	if strings.Contains(all, "2027-12-31") || strings.Contains(all, "2026-11") {
		t.Error("the report writes dates as keys")
	}
	if name := d.FileName(); name != "aging-well-in-san-mateo-county-progress-2026-12-07.pdf" {
		t.Errorf("file name %q", name)
	}
}

// TestDashboardPDFMember: one member's numbers say so, and its part of a
// sum has no status of its own.
func TestDashboardPDFMember(t *testing.T) {
	db := storetest.SQLite(t)
	d := demoReport(t, db, "Samaritan House")
	all := strings.Join(pdfPages(t, d), "\n")
	for _, want := range []string{"The numbers Samaritan House reported.", "Part of the total"} {
		if !strings.Contains(all, want) {
			t.Errorf("the member's report lacks %q:\n%s", want, all)
		}
	}
}

// pdfPages writes the report and reads each page's text with pdftotext.
func pdfPages(t *testing.T, d *report.Dashboard) []string {
	t.Helper()
	var buf bytes.Buffer
	if err := d.WritePDF(&buf, true); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(buf.Bytes(), []byte("%PDF-1.")) {
		t.Fatal("not a PDF")
	}
	tool := filetest.Tool(t, "pdftotext", "poppler-utils")
	path := filepath.Join(t.TempDir(), "report.pdf")
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(tool, "-layout", "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return strings.Split(string(out), "\f")
}
