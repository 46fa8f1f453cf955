package plan

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"codeberg.org/go-pdf/fpdf"

	"backbone/internal/errs"
)

// SendPDF writes, as a file to download named after title, the PDF that
// write makes on the paper paperParam names (Paper): for the web pages and
// the API alike. Nothing is sent when write fails.
func SendPDF(w http.ResponseWriter, paperParam, title string, at time.Time,
	write func(w io.Writer, paper string, at time.Time) error) error {
	paper, err := Paper(paperParam)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := write(&buf, paper, at); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `attachment; filename="`+FileName(title, paper, at)+`"`)
	w.Header().Set("Cache-Control", "no-store")
	_, _ = buf.WriteTo(w)
	return nil
}

// pdfFont is a core PDF font: nothing to embed; the cp1252 translator
// writes Western European accents as they are.
const pdfFont = "Helvetica"

// Paper names a paper size the PDFs are printed on: "a4" or "letter"
// ("" is letter). It returns fpdf's name for it.
func Paper(s string) (string, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "letter":
		return "Letter", nil
	case "a4":
		return "A4", nil
	}
	return "", &errs.ValidationError{Fields: map[string]string{"paper": "must be a4 or letter"}}
}

// outsideCP1252 writes the signs the core fonts lack as they would be
// typed.
var outsideCP1252 = strings.NewReplacer("→", "->", "←", "<-", "≥", ">=", "≤", "<=")

// handout is a PDF being written: the document and its cp1252 translator.
type handout struct {
	pdf *fpdf.Fpdf
	tr  func(string) string
}

// newHandout starts a PDF on the paper (fpdf's name), with a footer that
// names it and counts its pages. compress=false leaves the text readable
// in the file.
func newHandout(title, paper string, at time.Time, compress bool, orientation string) handout {
	pdf := fpdf.New(orientation, "mm", paper, "")
	pdf.SetCompression(compress)
	pdf.SetTitle(title, true)
	pdf.SetCreator("Backbone", true)
	pdf.SetCreationDate(at)
	pdf.SetModificationDate(at)
	pdf.SetMargins(15, 15, 15)
	pdf.SetAutoPageBreak(true, 16)
	pdf.AliasNbPages("{nb}")
	cp1252 := pdf.UnicodeTranslatorFromDescriptor("")
	h := handout{pdf: pdf, tr: func(s string) string { return cp1252(outsideCP1252.Replace(s)) }}
	pdf.SetFooterFunc(func() {
		pdf.SetY(-12)
		pdf.SetFont(pdfFont, "", 8)
		pdf.SetTextColor(110, 110, 110)
		pdf.CellFormat(0, 5, h.tr(fmt.Sprintf("%s · %s · page %d of {nb}", title, at.Format("2 January 2006"),
			pdf.PageNo())), "", 0, "C", false, 0, "")
	})
	pdf.AddPage()
	return h
}

func (h handout) title(text, sub string) {
	h.pdf.SetFont(pdfFont, "B", 18)
	h.pdf.SetTextColor(20, 20, 20)
	h.pdf.MultiCell(0, 8, h.tr(text), "", "L", false)
	if sub != "" {
		h.pdf.SetFont(pdfFont, "", 10.5)
		h.pdf.SetTextColor(80, 80, 80)
		h.pdf.MultiCell(0, 5.5, h.tr(sub), "", "L", false)
	}
	h.pdf.Ln(3)
}

func (h handout) output(w io.Writer, what string) error {
	if err := h.pdf.Output(w); err != nil {
		return fmt.Errorf("write %s PDF: %w", what, err)
	}
	return nil
}

// Handout columns, as the training's handout names them.
var handoutColumns = [3]string{"Relationship area", "Strategies and actions", "How I will know"}

// WritePDF writes the plan as the three-column handout, landscape on the
// paper given (fpdf's name, from Paper): its owner and period, then a row
// per area: the area with its tie when added and today, the actions under
// their strategies, and how we will know, met or not yet.
func (p *Plan) WritePDF(w io.Writer, paper string, at time.Time, compress bool) error {
	h := newHandout(p.Title, paper, at, compress, "L")
	h.title(p.Title, p.OwnerLine())
	if p.Purpose != "" {
		h.pdf.SetFont(pdfFont, "", 10)
		h.pdf.SetTextColor(40, 40, 40)
		h.pdf.MultiCell(0, 5, h.tr(p.Purpose), "", "L", false)
		h.pdf.Ln(2)
	}
	if len(p.Areas) == 0 {
		h.pdf.SetFont(pdfFont, "", 11)
		h.pdf.MultiCell(0, 6, h.tr("No relationship in this plan yet."), "", "L", false)
		return h.output(w, "plan")
	}
	width, _ := h.pdf.GetPageSize()
	left, _, right, _ := h.pdf.GetMargins()
	body := width - left - right
	cols := [3]float64{body * 0.3, body * 0.4, body * 0.3}
	h.tableHead(cols)
	for _, a := range p.Areas {
		h.tableRow(cols, [3]string{areaText(a), actionsText(a), signalText(a)})
	}
	if p.Closed() && p.Debrief != "" {
		h.pdf.Ln(4)
		h.pdf.SetFont(pdfFont, "B", 11)
		h.pdf.MultiCell(0, 6, "Debrief", "", "L", false)
		h.pdf.SetFont(pdfFont, "", 10)
		h.pdf.MultiCell(0, 5, h.tr(p.Debrief), "", "L", false)
	}
	return h.output(w, "plan")
}

// OwnerLine says whose plan it is and for when.
func (p *Plan) OwnerLine() string {
	var b strings.Builder
	switch p.Kind {
	case "unit":
		b.WriteString("The plan of the unit " + p.OwnerName)
	case "initiative":
		b.WriteString("The plan of the initiative " + p.OwnerName)
	default:
		b.WriteString("The plan of " + p.OwnerName)
	}
	if p.StartsOn != "" {
		b.WriteString(", from " + longDay(p.StartsOn))
	}
	if p.EndsOn != "" {
		b.WriteString(" until " + longDay(p.EndsOn))
	}
	if p.Closed() {
		b.WriteString(" (closed)")
	}
	return b.String() + "."
}

func longDay(d string) string {
	t, err := time.Parse(time.DateOnly, d)
	if err != nil {
		return d
	}
	return t.Format("2 January 2006")
}

// TieLine says a tie's state in words.
func (t *TieState) TieLine() string {
	return fmt.Sprintf("%s, %s (version %d)", t.Status, t.Level, t.Version)
}

func areaText(a Area) string {
	lines := []string{a.Title}
	if a.Then != nil {
		lines = append(lines, "When added ("+longDay(a.Then.On)+"): "+a.Then.TieLine())
	} else if a.Kind != AreaGap {
		lines = append(lines, "When added ("+longDay(a.AddedOn)+"): no tie")
	}
	if a.Kind != AreaGap {
		if a.Now != nil {
			lines = append(lines, "Today: "+a.Now.TieLine())
		} else {
			lines = append(lines, "Today: no tie yet")
		}
	}
	if a.Sector != "" {
		lines = append(lines, "Sector: "+a.Sector)
	}
	return strings.Join(lines, "\n")
}

func actionsText(a Area) string {
	if len(a.Actions) == 0 {
		return "No action yet."
	}
	var out []string
	for _, x := range a.Actions {
		line := x.StrategyName + ": " + x.Title
		var facts []string
		if x.OwnerName != "" {
			facts = append(facts, x.OwnerName)
		}
		if x.DueOn != "" {
			facts = append(facts, "due "+longDay(x.DueOn))
		}
		facts = append(facts, x.StatusLabel())
		if x.Overdue {
			facts = append(facts, "OVERDUE")
		}
		out = append(out, "- "+line+" ("+strings.Join(facts, ", ")+")")
	}
	return strings.Join(out, "\n")
}

func signalText(a Area) string {
	g := a.Signal
	if g == nil {
		return "Not set yet."
	}
	if g.Met() {
		return g.Text() + "\nMet " + g.MetAt.Format("2 January 2006") + ". " + g.Evidence
	}
	return g.Text() + "\nNot yet."
}

const handoutLine = 4.6

func (h handout) tableHead(cols [3]float64) {
	h.pdf.SetFont(pdfFont, "B", 10.5)
	h.pdf.SetFillColor(232, 236, 240)
	h.pdf.SetTextColor(20, 20, 20)
	for i, c := range handoutColumns {
		h.pdf.CellFormat(cols[i], 7, h.tr(c), "1", 0, "L", true, 0, "")
	}
	h.pdf.Ln(-1)
}

// tableRow writes one row of three cells of equal height, on a new page
// (under the heading again) when it does not fit on this one.
func (h handout) tableRow(cols [3]float64, texts [3]string) {
	h.pdf.SetFont(pdfFont, "", 9.5)
	h.pdf.SetTextColor(30, 30, 30)
	var lines [3][]string
	most := 0
	for i, text := range texts {
		for _, para := range strings.Split(h.tr(text), "\n") {
			for _, l := range h.pdf.SplitLines([]byte(para), cols[i]-3) {
				lines[i] = append(lines[i], string(l))
			}
		}
		most = max(most, len(lines[i]))
	}
	height := float64(most)*handoutLine + 3
	_, pageHeight := h.pdf.GetPageSize()
	if h.pdf.GetY()+height > pageHeight-18 {
		h.pdf.AddPage()
		h.tableHead(cols)
		h.pdf.SetFont(pdfFont, "", 9.5)
		h.pdf.SetTextColor(30, 30, 30)
	}
	x, y := h.pdf.GetX(), h.pdf.GetY()
	h.pdf.SetAutoPageBreak(false, 0)
	for i := range cols {
		h.pdf.Rect(x, y, cols[i], height, "D")
		for j, l := range lines[i] {
			h.pdf.SetXY(x+1.5, y+1.5+float64(j)*handoutLine)
			h.pdf.CellFormat(cols[i]-3, handoutLine, l, "", 0, "L", false, 0, "")
		}
		x += cols[i]
	}
	h.pdf.SetAutoPageBreak(true, 16)
	left, _, _, _ := h.pdf.GetMargins()
	h.pdf.SetXY(left, y+height)
}

// WriteStrategiesPDF writes the strategy library as a handout: each
// strategy with its guidance and prompts.
func WriteStrategiesPDF(w io.Writer, lib []Strategy, paper string, at time.Time, compress bool) error {
	h := newHandout("Seven practical strategies", paper, at, compress, "P")
	h.title("Seven practical strategies", "For the actions of a plan: what each strategy asks of you, and "+
		"questions to start from.")
	for i, st := range lib {
		h.section(fmt.Sprintf("%d. %s", i+1, st.Name), st.Guidance, st.Prompts)
	}
	return h.output(w, "strategies")
}

// WriteRolesPDF writes the roles and responsibilities by job level as a
// handout.
func WriteRolesPDF(w io.Writer, paper string, at time.Time, compress bool) error {
	h := newHandout("Roles and responsibilities", paper, at, compress, "P")
	h.title("Roles and responsibilities", "What the front-line worker, the supervisor and the administrator "+
		"each do with action plans.")
	for _, r := range Roles {
		h.section(r.Title, r.Intro, r.Duties)
	}
	return h.output(w, "roles")
}

// section writes a heading, a paragraph and a list, kept together when
// the page has little room left.
func (h handout) section(heading, text string, items []string) {
	_, pageHeight := h.pdf.GetPageSize()
	if h.pdf.GetY() > pageHeight-60 {
		h.pdf.AddPage()
	}
	h.pdf.SetFont(pdfFont, "B", 13)
	h.pdf.SetTextColor(20, 20, 20)
	h.pdf.MultiCell(0, 7, h.tr(heading), "B", "L", false)
	h.pdf.Ln(1.5)
	h.pdf.SetFont(pdfFont, "", 10.5)
	h.pdf.SetTextColor(40, 40, 40)
	h.pdf.MultiCell(0, 5.2, h.tr(text), "", "L", false)
	h.pdf.Ln(1)
	for _, it := range items {
		h.pdf.MultiCell(0, 5.2, h.tr("- "+it), "", "L", false)
	}
	h.pdf.Ln(4)
}

// FileName names a PDF after a title, the paper and the day.
func FileName(title, paper string, at time.Time) string {
	var b strings.Builder
	for _, r := range strings.ToLower(title) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
		case b.Len() > 0 && !strings.HasSuffix(b.String(), "-"):
			b.WriteByte('-')
		}
	}
	return strings.Trim(b.String(), "-") + "-" + strings.ToLower(paper) + "-" + at.Format("2006-01-02") + ".pdf"
}
