package report

import (
	"fmt"
	"io"
	"strings"
	"time"

	"codeberg.org/go-pdf/fpdf"

	"backbone/internal/measure"
	"backbone/internal/svg"
)

// pdfFont is a core PDF font: nothing to embed; the cp1252 translator
// writes Western European accents as they are.
const pdfFont = "Helvetica"

// statusWords name a goal's status on paper.
var statusWords = map[measure.ProgressStatus]string{
	measure.StatusOnTrack: "On track", measure.StatusAtRisk: "At risk", measure.StatusOffTrack: "Off track",
	measure.StatusNoData: "Not enough data yet",
}

// WritePDF writes the dashboard as a progress report to print or send to
// a board or a funder: the goals at a glance, each goal with its chart,
// status and leading contributors, late reports and the stories. A goal
// starts a new page rather than split from its chart. compress=false
// leaves the text readable in the file, which tests use.
func (d *Dashboard) WritePDF(w io.Writer, compress bool) error {
	pdf, tr := newDocument("Letter", d.Initiative+": progress report", d.GeneratedAt, compress,
		fmt.Sprintf("%s · %s", d.Initiative, d.GeneratedAt.Format("2 January 2006")))
	pdf.AddPage()
	width, pageHeight := pdf.GetPageSize()
	left, _, right, _ := pdf.GetMargins()
	body := width - left - right

	pdf.SetFont(pdfFont, "B", 20)
	pdf.SetTextColor(20, 20, 20)
	pdf.MultiCell(0, 9, tr(d.Initiative), "", "L", false)
	pdf.SetFont(pdfFont, "", 12)
	pdf.SetTextColor(90, 90, 90)
	pdf.MultiCell(0, 6, tr("Progress report, "+d.GeneratedAt.Format("2 January 2006")), "", "L", false)
	for _, line := range d.scope() {
		pdf.MultiCell(0, 5.5, tr(line), "", "L", false)
	}
	pdf.Ln(4)

	if len(d.Goals) == 0 {
		pdf.SetFont(pdfFont, "", 11)
		pdf.MultiCell(0, 6, tr("This initiative has no measurable goals yet."), "", "L", false)
	} else {
		pdf.SetFont(pdfFont, "B", 11)
		pdf.SetTextColor(20, 20, 20)
		pdf.MultiCell(0, 6, tr(d.glance()), "", "L", false)
		pdf.Ln(3)
	}

	chartHeight := body * 300 / 640
	for i, g := range d.Goals {
		// A goal keeps its heading with its chart.
		if pdf.GetY()+chartHeight+28 > pageHeight-18 {
			pdf.AddPage()
		}
		pdf.SetDrawColor(200, 205, 210)
		pdf.SetLineWidth(0.2)
		pdf.Line(left, pdf.GetY(), width-right, pdf.GetY())
		pdf.Ln(2)
		pdf.SetFont(pdfFont, "B", 13)
		pdf.SetTextColor(20, 20, 20)
		pdf.MultiCell(0, 6.5, tr(g.Goal.Statement), "", "L", false)
		pdf.SetFont(pdfFont, "B", 10)
		r, gr, b := statusColor(g)
		pdf.SetTextColor(r, gr, b)
		pdf.MultiCell(0, 5, tr(statusOf(g)), "", "L", false)
		pdf.SetFont(pdfFont, "", 9.5)
		pdf.SetTextColor(90, 90, 90)
		pdf.MultiCell(0, 4.8, tr(goalFacts(g)), "", "L", false)
		pic := svg.ProgressPicture(Chart(g.GoalProgress, d.GeneratedAt),
			svg.ChartOptions{Width: 640, Height: 300, ID: fmt.Sprintf("goal%d", i)})
		y := pdf.GetY() + 1
		h := pic.DrawPDF(pdf, tr, left, y, body)
		pdf.SetY(y + h + 1)
		pdf.SetFont(pdfFont, "", 9.5)
		pdf.SetTextColor(60, 60, 60)
		if g.Incomplete != "" {
			pdf.MultiCell(0, 4.6, tr("Not every partner has reported "+measure.PeriodLabel(g.Incomplete)+
				" yet: it is shown as a hollow point and left out of the projection and the status."), "", "L", false)
		}
		if line := contributionsLine(g); line != "" {
			pdf.MultiCell(0, 4.6, tr(line), "", "L", false)
		}
		pdf.Ln(4)
	}
	d.writeLate(pdf, tr)
	d.writeStories(pdf, tr)
	if err := pdf.Output(w); err != nil {
		return fmt.Errorf("write progress report PDF: %w", err)
	}
	return nil
}

// scope says what the report covers when it is filtered.
func (d *Dashboard) scope() []string {
	var out []string
	if d.Member != "" {
		out = append(out, "The numbers "+d.Member+" reported.")
	}
	switch {
	case !d.From.IsZero() && !d.To.IsZero():
		out = append(out, "Periods ending from "+d.From.Format("2 Jan 2006")+" to "+d.To.Format("2 Jan 2006")+".")
	case !d.From.IsZero():
		out = append(out, "Periods ending on or after "+d.From.Format("2 Jan 2006")+".")
	case !d.To.IsZero():
		out = append(out, "Periods ending on or before "+d.To.Format("2 Jan 2006")+".")
	}
	if !d.AsOf.IsZero() {
		out = append(out, "Goals as they stood on "+d.AsOf.Format("2 Jan 2006")+".")
	}
	return out
}

// glance counts the goals by status in a sentence.
func (d *Dashboard) glance() string {
	c := d.Counts()
	parts := []string{countOf(len(d.Goals), "goal") + ":"}
	for _, s := range []measure.ProgressStatus{measure.StatusOnTrack, measure.StatusAtRisk, measure.StatusOffTrack,
		measure.StatusNoData} {
		if n := c[string(s)]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, strings.ToLower(statusWords[s])))
		}
	}
	if n := c["part"]; n > 0 {
		parts = append(parts, fmt.Sprintf("%d part of a total", n))
	}
	return parts[0] + " " + strings.Join(parts[1:], ", ") + "."
}

func statusOf(g Progress) string {
	if g.PartOfTotal {
		return "Part of the total"
	}
	return statusWords[g.Assessment.Status]
}

func statusColor(g Progress) (int, int, int) {
	switch {
	case g.PartOfTotal:
		return 90, 90, 90
	case g.Assessment.Status == measure.StatusOnTrack:
		return 30, 110, 50
	case g.Assessment.Status == measure.StatusAtRisk:
		return 150, 100, 0
	case g.Assessment.Status == measure.StatusOffTrack:
		return 170, 40, 40
	}
	return 90, 90, 90
}

// goalFacts is the line under a goal's statement: its indicator, how it
// is combined, the due date and how far along it is.
func goalFacts(g Progress) string {
	var parts []string
	if in := g.Indicator; in != nil {
		parts = append(parts, in.Name, string(in.Frequency), strings.ReplaceAll(in.Aggregation, "_", " ")+" of the partners' numbers")
	} else {
		parts = append(parts, "No indicator yet")
	}
	if g.Goal.DueOn != "" {
		if due := g.Due; !due.IsZero() {
			parts = append(parts, "due "+due.Format("2 Jan 2006"))
		}
	}
	if p := Percent(g.GoalProgress); p != "" {
		parts = append(parts, p+" of the way")
	}
	return strings.Join(parts, " · ")
}

// contributionsLine names who contributed most to the latest period.
func contributionsLine(g Progress) string {
	if len(g.Contributions) == 0 || g.Indicator == nil {
		return ""
	}
	names := make([]string, len(g.Contributions))
	for i, c := range g.Contributions {
		names[i] = fmt.Sprintf("%s %s", c.OrganizationName, measure.FormatNumber(c.Value))
	}
	return fmt.Sprintf("%s: %d of %d reporting organizations reported; the largest parts: %s.",
		measure.PeriodLabel(g.Period), g.Reported, len(g.Indicator.Reporters), strings.Join(names, ", "))
}

func (d *Dashboard) heading(pdf *fpdf.Fpdf, tr func(string) string, text string) {
	_, pageHeight := pdf.GetPageSize()
	if pdf.GetY() > pageHeight-50 {
		pdf.AddPage()
	}
	pdf.Ln(2)
	pdf.SetFont(pdfFont, "B", 14)
	pdf.SetTextColor(20, 20, 20)
	pdf.MultiCell(0, 7, tr(text), "B", "L", false)
	pdf.Ln(2)
}

// writeLate lists the reports not made yet.
func (d *Dashboard) writeLate(pdf *fpdf.Fpdf, tr func(string) string) {
	if len(d.Late) == 0 && len(d.LateCounts) == 0 {
		return
	}
	d.heading(pdf, tr, "Late reports")
	pdf.SetFont(pdfFont, "", 10)
	pdf.SetTextColor(40, 40, 40)
	for _, l := range d.Late {
		pdf.MultiCell(0, 5, tr(fmt.Sprintf("%s: %s, %s", l.OrganizationName, l.IndicatorName,
			measure.PeriodLabel(l.Period))), "", "L", false)
	}
	for _, c := range d.LateCounts {
		pdf.MultiCell(0, 5, tr(fmt.Sprintf("%s, %s: %d of %d not reported yet", c.IndicatorName,
			measure.PeriodLabel(c.Period), c.Missing, c.Reporters)), "", "L", false)
	}
}

// writeStories gives the latest stories beside the numbers.
func (d *Dashboard) writeStories(pdf *fpdf.Fpdf, tr func(string) string) {
	if len(d.Stories) == 0 {
		return
	}
	d.heading(pdf, tr, "Stories")
	for _, st := range d.Stories {
		pdf.SetFont(pdfFont, "B", 11)
		pdf.SetTextColor(20, 20, 20)
		pdf.MultiCell(0, 5.5, tr(st.Title), "", "L", false)
		pdf.SetFont(pdfFont, "", 10)
		pdf.MultiCell(0, 5, tr(st.Body), "", "L", false)
		pdf.SetFont(pdfFont, "I", 9)
		pdf.SetTextColor(100, 100, 100)
		consent := "shared with consent (" + st.ConsentHow
		if st.ConsentOn != "" {
			consent += ", " + dayOf(st.ConsentOn)
		}
		kind := strings.ReplaceAll(st.Kind, "_", " ")
		if kind != "" {
			kind = strings.ToUpper(kind[:1]) + kind[1:]
		}
		pdf.MultiCell(0, 4.6, tr(kind+" · "+consent+")"), "", "L", false)
		pdf.Ln(3)
	}
}

// FileName names the report's PDF after the initiative and the day.
func (d *Dashboard) FileName() string {
	var b strings.Builder
	for _, r := range strings.ToLower(d.Initiative) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
		case b.Len() > 0 && !strings.HasSuffix(b.String(), "-"):
			b.WriteByte('-')
		}
	}
	return strings.Trim(b.String(), "-") + "-progress-" + d.GeneratedAt.Format("2006-01-02") + ".pdf"
}

// newDocument starts a PDF on paper ("A4" or "Letter") with the layout
// Backbone's printed reports share: its metadata, margins, and a footer
// that reads "footer · page N of M". It returns the document and the
// translator its text goes through (cp1252, for the core fonts).
func newDocument(paper, title string, at time.Time, compress bool, footer string) (*fpdf.Fpdf,
	func(string) string) {
	pdf := fpdf.New("P", "mm", paper, "")
	pdf.SetCompression(compress)
	pdf.SetTitle(title, true)
	pdf.SetCreator("Backbone", true)
	pdf.SetCreationDate(at)
	pdf.SetModificationDate(at)
	pdf.SetMargins(18, 16, 18)
	pdf.SetAutoPageBreak(true, 18)
	pdf.AliasNbPages("{nb}")
	tr := pdf.UnicodeTranslatorFromDescriptor("") // cp1252
	pdf.SetFooterFunc(func() {
		pdf.SetY(-13)
		pdf.SetFont(pdfFont, "", 8)
		pdf.SetTextColor(110, 110, 110)
		pdf.CellFormat(0, 5, tr(fmt.Sprintf("%s · page %d of {nb}", footer, pdf.PageNo())), "", 0, "C", false, 0,
			"")
	})
	return pdf, tr
}
