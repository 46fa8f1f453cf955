package plan_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"backbone/internal/plan"
	"backbone/internal/testutil/filetest"
)

// PDFText reads a PDF with poppler's pdftotext (-layout, so that the three
// columns stay side by side) and its page size with pdfinfo.
func pdfText(t *testing.T, pdf []byte) (text, size string) {
	t.Helper()
	if !bytes.HasPrefix(pdf, []byte("%PDF-1.")) {
		t.Fatal("not a PDF")
	}
	path := filepath.Join(t.TempDir(), "out.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(filetest.Tool(t, "pdftotext", "poppler-utils"), "-layout", "-enc", "UTF-8", path,
		"-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	info, err := exec.Command(filetest.Tool(t, "pdfinfo", "poppler-utils"), path).Output()
	if err != nil {
		t.Fatalf("pdfinfo: %v", err)
	}
	return string(out), regexp.MustCompile(`Page size:\s+(.*)`).FindStringSubmatch(string(info))[1]
}

func TestPlanPDF(t *testing.T) {
	at := time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)
	met := at.AddDate(0, 0, -2)
	p := &plan.Plan{ID: 7, Kind: "person", OwnerName: "Dana Reyes", Title: "Mend the route tie",
		StartsOn: "2026-11-01", EndsOn: "2027-04-30", Status: "open", Areas: []plan.Area{
			{Title: "Peninsula Volunteers → Samaritan House", Kind: plan.AreaTie, AddedOn: "2026-11-02",
				Then: &plan.TieState{TieID: "t1", Version: 3, Level: "cooperation", Status: "strained", On: "2026-11-02"},
				Now:  &plan.TieState{TieID: "t1", Version: 4, Level: "coordination", Status: "active"},
				Actions: []plan.Action{{StrategyName: "Seek out experienced collaborators and mentors",
					Title: "Ask the coordinator to introduce me", OwnerName: "Dana Reyes", DueOn: "2026-11-20",
					Status: "planned", Overdue: true}},
				Signal: &plan.Signal{Kind: plan.SignalTieLevel, Level: "coordination", MetAt: &met,
					Evidence: "The survey “Winter check” rated the tie at coordination."}},
			{Title: "No strong tie in housing", Kind: plan.AreaGap, Sector: "housing", AddedOn: "2026-11-03"},
		}}
	for paper, want := range map[string]string{"a4": "841.89 x 595.28", "letter": "792 x 612"} {
		size, err := plan.Paper(paper)
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := p.WritePDF(&buf, size, at, true); err != nil {
			t.Fatal(err)
		}
		text, pageSize := pdfText(t, buf.Bytes())
		if !strings.HasPrefix(pageSize, want) {
			t.Errorf("%s: page size %q, want %s (landscape)", paper, pageSize, want)
		}
		heads := regexp.MustCompile(`Relationship area\s{2,}Strategies and actions\s{2,}How I will know`)
		if !heads.MatchString(text) {
			t.Errorf("%s: the three columns' headings are not side by side:\n%s", paper, text)
		}
		for _, s := range []string{"The plan of Dana Reyes, from 1 November 2026 until 30 April 2027",
			"Seek out experienced collaborators", "introduce me", "OVERDUE", "When added (2 November 2026): strained,",
			"Today: active, coordination", "The tie reaches coordination", "Met 5 December 2026", "Sector: housing",
			"No action yet."} {
			if !strings.Contains(text, s) {
				t.Errorf("%s: the plan lacks %q:\n%s", paper, s, text)
			}
		}
	}
	if _, err := plan.Paper("legal"); err == nil {
		t.Error("legal paper accepted")
	}
	if got := plan.FileName(p.Title, "A4", at); got != "mend-the-route-tie-a4-2026-12-07.pdf" {
		t.Errorf("file name %q", got)
	}
}

func TestStrategiesAndRolesPDF(t *testing.T) {
	at := time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)
	var buf bytes.Buffer
	if err := plan.WriteStrategiesPDF(&buf, plan.Library, "A4", at, true); err != nil {
		t.Fatal(err)
	}
	text, size := pdfText(t, buf.Bytes())
	if !strings.HasPrefix(size, "595") {
		t.Errorf("the library on A4 is %s", size)
	}
	for _, st := range plan.Library {
		if !strings.Contains(text, st.Name) || !strings.Contains(text, st.Prompts[0][:30]) {
			t.Errorf("the library lacks %q or its first prompt", st.Name)
		}
	}
	buf.Reset()
	if err := plan.WriteRolesPDF(&buf, "Letter", at, true); err != nil {
		t.Fatal(err)
	}
	text, _ = pdfText(t, buf.Bytes())
	for _, s := range []string{"Front-line worker", "Supervisor", "Administrator", "Keep your own plan"} {
		if !strings.Contains(text, s) {
			t.Errorf("the roles lack %q:\n%s", s, text)
		}
	}
}
