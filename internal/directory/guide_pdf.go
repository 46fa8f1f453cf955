package directory

import (
	"fmt"
	"io"
	"strings"

	"codeberg.org/go-pdf/fpdf"
)

// guideFont is a core PDF font: no font file to embed, and with the cp1252
// translator below it writes the accented letters of Western European
// names (José, Françoise, Peña) as they are. Letters outside cp1252 come
// out as a placeholder.
const guideFont = "Helvetica"

// WritePDF writes the guide as a PDF for printing: a cover with the title,
// the date and the count, a table of contents whose entries link to their
// categories, then the services under their categories, one after another
// (a category starts a new page only when its heading and first entry would
// not fit), each category also in the outline. compress=false leaves the
// page text readable in the file, which tests use.
func (g *Guide) WritePDF(w io.Writer, compress bool) error {
	_, err := g.writePDF(w, compress)
	return err
}

// writePDF lays the guide out twice: the first time to learn the page each
// category starts on, the second to write those pages into the contents.
// The contents take the same room both times (the page numbers are set in
// a cell of fixed width), so the second layout puts every category where
// the first found it. It returns the page each category starts on.
func (g *Guide) writePDF(w io.Writer, compress bool) ([]int, error) {
	first, err := g.layoutPDF(io.Discard, false, nil)
	if err != nil {
		return nil, err
	}
	return g.layoutPDF(w, compress, first)
}

// guideEntryRoom is how much of a page (mm) a category's heading and
// first entry need; with less left, the category starts a new page.
const guideEntryRoom = 70

// layoutPDF writes the guide with the given start pages in its contents
// (nil: numbers not known yet) and returns the pages it put them on.
func (g *Guide) layoutPDF(w io.Writer, compress bool, pages []int) ([]int, error) {
	pdf := fpdf.New("P", "mm", "Letter", "")
	pdf.SetCompression(compress)
	pdf.SetTitle(g.Title, true)
	pdf.SetCreator("Backbone", true)
	pdf.SetCreationDate(g.GeneratedAt)
	pdf.SetModificationDate(g.GeneratedAt)
	pdf.SetMargins(18, 18, 18)
	pdf.SetAutoPageBreak(true, 18)
	pdf.AliasNbPages("{nb}")
	tr := pdf.UnicodeTranslatorFromDescriptor("") // cp1252
	pdf.SetFooterFunc(func() {
		if pdf.PageNo() == 1 {
			return
		}
		pdf.SetY(-13)
		pdf.SetFont(guideFont, "", 8)
		pdf.SetTextColor(110, 110, 110)
		pdf.CellFormat(0, 5, tr(fmt.Sprintf("%s · page %d of {nb}", g.Title, pdf.PageNo())), "", 0, "C", false, 0, "")
	})

	pdf.AddPage()
	pdf.SetY(70)
	pdf.SetFont(guideFont, "B", 26)
	pdf.SetTextColor(20, 20, 20)
	pdf.MultiCell(0, 12, tr(g.Title), "", "L", false)
	pdf.Ln(6)
	pdf.SetFont(guideFont, "", 13)
	pdf.MultiCell(0, 7, tr(g.coverLine()), "", "L", false)
	pdf.MultiCell(0, 7, tr("Prepared "+g.GeneratedAt.Format("2 January 2006")), "", "L", false)
	pdf.Ln(10)
	pdf.SetFont(guideFont, "", 10)
	pdf.SetTextColor(90, 90, 90)
	pdf.MultiCell(0, 5, tr("Services change: call before you go. Corrections are welcome through your directory stewards."), "", "L", false)
	if g.ServiceCount == 0 {
		pdf.Ln(6)
		pdf.MultiCell(0, 5, tr("No services in the directory match this guide."), "", "L", false)
	}

	links := make([]int, len(g.Categories))
	if len(g.Categories) > 0 {
		pdf.AddPage()
		pdf.Bookmark("Contents", 0, -1)
		pdf.SetFont(guideFont, "B", 17)
		pdf.SetTextColor(20, 20, 20)
		pdf.MultiCell(0, 9, "Contents", "B", "L", false)
		pdf.Ln(3)
		for i, c := range g.Categories {
			links[i] = pdf.AddLink()
			writeContentsLine(pdf, tr, c, pages, i, links[i])
		}
	}

	_, pageHeight := pdf.GetPageSize()
	starts := make([]int, len(g.Categories))
	for i, c := range g.Categories {
		if i == 0 || pdf.GetY() > pageHeight-guideEntryRoom {
			pdf.AddPage()
		} else {
			pdf.Ln(4)
		}
		starts[i] = pdf.PageNo()
		pdf.SetLink(links[i], pdf.GetY(), -1)
		pdf.Bookmark(c.Name, 0, -1)
		pdf.SetFont(guideFont, "B", 17)
		pdf.SetTextColor(20, 20, 20)
		pdf.MultiCell(0, 9, tr(c.Name), "B", "L", false)
		pdf.Ln(3)
		for j, sv := range c.Services {
			// Start an entry on the next page rather than leave its name alone at the bottom.
			if j > 0 && pdf.GetY() > pageHeight-55 {
				pdf.AddPage()
			}
			writeGuideService(pdf, tr, sv)
		}
	}
	if err := pdf.Output(w); err != nil {
		return nil, fmt.Errorf("write guide PDF: %w", err)
	}
	return starts, nil
}

// writeContentsLine writes one category of the contents: its name, a
// dotted leader, the count of its services and the page it starts on,
// the whole line a link to it.
func writeContentsLine(pdf *fpdf.Fpdf, tr func(string) string, c GuideCategory, pages []int, i, link int) {
	const numberWidth, lineHeight = 14.0, 6.5
	left, _, right, _ := pdf.GetMargins()
	pageWidth, _ := pdf.GetPageSize()
	width := pageWidth - left - right - numberWidth
	page := ""
	if pages != nil {
		page = fmt.Sprint(pages[i])
	}
	pdf.SetFont(guideFont, "", 11)
	pdf.SetTextColor(20, 20, 20)
	count := fmt.Sprintf(" (%d)", len(c.Services))
	label := c.Name + count
	// A name too long for the line is cut, so that every line takes the
	// same room whether the page numbers are known or not.
	for r := []rune(c.Name); pdf.GetStringWidth(tr(label)) > width-8 && len(r) > 4; {
		r = append(r[:len(r)-4], '.', '.', '.')
		label = string(r) + count
	}
	dots := ""
	for pdf.GetStringWidth(tr(label)+" "+dots+".") < width {
		dots += "."
	}
	pdf.CellFormat(width, lineHeight, tr(label)+" "+dots, "", 0, "L", false, link, "")
	pdf.CellFormat(numberWidth, lineHeight, page, "", 1, "R", false, link, "")
}

// coverLine counts what the guide holds.
func (g *Guide) coverLine() string {
	orgs := map[string]bool{}
	for _, c := range g.Categories {
		for _, sv := range c.Services {
			orgs[sv.OrganizationID] = true
		}
	}
	return fmt.Sprintf("%s from %s in %s", countOf(g.ServiceCount, "service"), countOf(len(orgs), "organization"),
		countOf(len(g.Categories), "category"))
}

func countOf(n int, unit string) string {
	if n == 1 {
		return "1 " + unit
	}
	if strings.HasSuffix(unit, "y") {
		return fmt.Sprintf("%d %sies", n, strings.TrimSuffix(unit, "y"))
	}
	return fmt.Sprintf("%d %ss", n, unit)
}

func writeGuideService(pdf *fpdf.Fpdf, tr func(string) string, sv GuideService) {
	pdf.SetTextColor(20, 20, 20)
	pdf.SetFont(guideFont, "B", 12)
	name := sv.Name
	if sv.Status != "" && sv.Status != "active" {
		name += " (" + sv.Status + ")"
	}
	pdf.MultiCell(0, 6, tr(name), "", "L", false)
	pdf.SetFont(guideFont, "I", 10)
	pdf.MultiCell(0, 5, tr(sv.OrganizationName), "", "L", false)
	pdf.SetFont(guideFont, "", 9.5)
	if sv.Description != "" {
		pdf.MultiCell(0, 4.6, tr(sv.Description), "", "L", false)
	}
	for _, f := range sv.Facts() {
		pdf.SetFont(guideFont, "B", 9.5)
		pdf.CellFormat(30, 4.6, tr(f.Label), "", 0, "L", false, 0, "")
		pdf.SetFont(guideFont, "", 9.5)
		pdf.MultiCell(0, 4.6, tr(f.Text), "", "L", false)
	}
	pdf.Ln(4)
}

// GuideFact is one labelled line of a guide entry, such as its phones.
type GuideFact struct {
	Label string
	Text  string
}

// Facts returns the lines of an entry that have something to say, in the
// order both the printed page and the PDF show them.
func (sv GuideService) Facts() []GuideFact {
	var out []GuideFact
	add := func(label string, text string) {
		if text = strings.TrimSpace(text); text != "" {
			out = append(out, GuideFact{label, text})
		}
	}
	add("Address", strings.Join(sv.Addresses, "\n"))
	add("Phone", strings.Join(sv.Phones, "\n"))
	add("Hours", strings.Join(sv.Hours, "\n"))
	if NoRequirements(sv.Eligibility) {
		add("Who can use it", "Anyone: no requirements")
	} else {
		add("Who can use it", sv.Eligibility)
	}
	add("Fees", sv.Fees)
	add("Languages", strings.Join(sv.Languages, ", "))
	add("Website", sv.Website)
	add("Email", sv.Email)
	return out
}

// FileName names the guide's PDF after its title and date, in characters
// every file system accepts.
func (g *Guide) FileName() string {
	var b strings.Builder
	for _, r := range strings.ToLower(g.Title) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
		case b.Len() > 0 && !strings.HasSuffix(b.String(), "-"):
			b.WriteByte('-')
		}
	}
	return strings.Trim(b.String(), "-") + "-" + g.GeneratedAt.Format("2006-01-02") + ".pdf"
}
