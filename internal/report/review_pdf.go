package report

import (
	"bytes"
	"io"
	"strings"
	"time"

	"backbone/internal/errs"
	"backbone/internal/review"
)

// Papers are the paper sizes a printed record comes in, by the name a
// request gives.
var Papers = map[string]string{"a4": "A4", "letter": "Letter"}

// PaperSize reads a request's paper ("a4" or "letter"; A4 when empty).
func PaperSize(name string) (string, error) {
	if name == "" {
		return "A4", nil
	}
	size, ok := Papers[strings.ToLower(name)]
	if !ok {
		return "", &errs.ValidationError{Fields: map[string]string{"paper": "must be a4 or letter"}}
	}
	return size, nil
}

// WriteReviewPDF writes a review's record on paper of the given size (A4
// or Letter): what was reviewed, when and with whom, what was found and
// what changed. compress=false leaves the text readable in the file, which
// tests use.
func WriteReviewPDF(w io.Writer, rv *review.Review, paper string, at time.Time, compress bool) error {
	title := "Review of " + rv.Subject.Title
	pdf, tr := newDocument(paper, title, at, compress, title+", "+dayOf(rv.HeldOn))
	pdf.AddPage()

	pdf.SetFont(pdfFont, "B", 18)
	pdf.SetTextColor(20, 20, 20)
	pdf.MultiCell(0, 8, tr(title), "", "L", false)
	pdf.SetFont(pdfFont, "", 11)
	pdf.SetTextColor(90, 90, 90)
	what := rv.Subject.Label
	if rv.Subject.InitiativeName != "" && rv.Subject.Kind != review.KindInitiative {
		what += " of " + rv.Subject.InitiativeName
	}
	pdf.MultiCell(0, 5.5, tr(what), "", "L", false)
	pdf.MultiCell(0, 5.5, tr("Held on "+dayOf(rv.HeldOn)+"; recorded by "+rv.RecordedBy), "", "L", false)
	pdf.Ln(3)

	section := func(heading string) {
		pdf.Ln(2)
		pdf.SetFont(pdfFont, "B", 13)
		pdf.SetTextColor(20, 20, 20)
		pdf.MultiCell(0, 7, tr(heading), "B", "L", false)
		pdf.Ln(2)
		pdf.SetFont(pdfFont, "", 10.5)
		pdf.SetTextColor(40, 40, 40)
	}
	section("Who took part")
	for _, p := range rv.Participants {
		pdf.MultiCell(0, 5.5, tr("•  "+p), "", "L", false)
	}
	section("What was found")
	pdf.MultiCell(0, 5.5, tr(rv.Findings), "", "L", false)
	section("What changed")
	if len(rv.Changes) == 0 {
		pdf.MultiCell(0, 5.5, tr("Nothing was changed."), "", "L", false)
	}
	for _, c := range rv.Changes {
		pdf.MultiCell(0, 5.5, tr("•  "+c.Summary), "", "L", false)
	}
	return pdf.Output(w)
}

// ReviewPDF is a review's record as a PDF on the paper a request names
// ("a4", the default, or "letter"), with the file name to give it.
func ReviewPDF(rv *review.Review, paper string, at time.Time) ([]byte, string, error) {
	size, err := PaperSize(paper)
	if err != nil {
		return nil, "", err
	}
	var buf bytes.Buffer
	if err := WriteReviewPDF(&buf, rv, size, at, true); err != nil {
		return nil, "", err
	}
	return buf.Bytes(), ReviewFileName(rv), nil
}

// ReviewFileName names a review's PDF after its subject and day.
func ReviewFileName(rv *review.Review) string {
	var b strings.Builder
	for _, r := range strings.ToLower(rv.Subject.Title) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
		case b.Len() > 0 && !strings.HasSuffix(b.String(), "-"):
			b.WriteByte('-')
		}
		if b.Len() > 40 {
			break
		}
	}
	return "review-" + strings.Trim(b.String(), "-") + "-" + rv.HeldOn + ".pdf"
}
