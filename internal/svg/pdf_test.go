package svg

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"codeberg.org/go-pdf/fpdf"

	"backbone/internal/testutil/filetest"
)

// TestProgressChartPDF draws a chart into a PDF and reads it back with
// poppler: the labels are there, in the chart's order, and the picture
// takes the height its proportions give.
func TestProgressChartPDF(t *testing.T) {
	pic := ProgressPicture(goalChart(), ChartOptions{Width: 640, Height: 300})
	pdf := fpdf.New("P", "mm", "Letter", "")
	pdf.SetCompression(false)
	pdf.AddPage()
	if h := pic.DrawPDF(pdf, pdf.UnicodeTranslatorFromDescriptor(""), 18, 30, 160); h != 75 {
		t.Errorf("a 640×300 picture 160 mm wide is %.1f mm high, want 75", h)
	}
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		t.Fatal(err)
	}
	tool := filetest.Tool(t, "pdftotext", "poppler-utils")
	path := filepath.Join(t.TempDir(), "chart.pdf")
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(tool, "-layout", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	text := string(out)
	for _, want := range []string{"Target 500 students", "Baseline 100 students", "due 1 Jan 2027", "Jan 2024", "Actual", "Projection",
		"Milestone", `Year 1 "done"`, "500"} {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF's text lacks %q:\n%s", want, text)
		}
	}
	if strings.Index(text, "Target 500") > strings.Index(text, "Baseline 100") {
		t.Error("the target is written below the baseline")
	}
}

func TestRGB(t *testing.T) {
	for in, want := range map[string][3]int{"#1b7f79": {0x1b, 0x7f, 0x79}, "#ffffff": {255, 255, 255}, "red": {}, "#12345": {}, "#gg0000": {}} {
		if r, g, b := rgb(in); [3]int{r, g, b} != want {
			t.Errorf("rgb(%q) = %d %d %d, want %v", in, r, g, b, want)
		}
	}
}
