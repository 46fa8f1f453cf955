package svg

import (
	"strconv"
	"strings"

	"codeberg.org/go-pdf/fpdf"
)

// DrawPDF draws the picture into the current page of pdf with its top left
// at (x, y), w wide in the document's unit and as high as its proportions
// make it; it returns that height. tr turns text into the font's encoding
// (fpdf's UnicodeTranslatorFromDescriptor). Groups and tooltips have no
// place on paper and are left out; text is set in Helvetica.
func (pic Picture) DrawPDF(pdf *fpdf.Fpdf, tr func(string) string, x, y, w float64) float64 {
	if pic.Width <= 0 || pic.Height <= 0 {
		return 0
	}
	k := w / float64(pic.Width) // document units per pixel
	at := func(p Point) (float64, float64) { return x + p.X*k, y + p.Y*k }
	// A font size in points from one in pixels.
	pt := func(px float64) float64 { return pdf.UnitToPointConvert(px * k) }
	for _, m := range pic.Marks {
		switch m.Kind {
		case MarkRect:
			x0, y0 := at(m.Points[0])
			if style := paintPDF(pdf, m.Paint, k); style != "" {
				pdf.Rect(x0, y0, m.W*k, m.H*k, style)
			}
		case MarkLine:
			x1, y1 := at(m.Points[0])
			x2, y2 := at(m.Points[1])
			if paintPDF(pdf, Paint{Stroke: m.Stroke, StrokeWidth: m.StrokeWidth, Dash: m.Dash}, k) != "" {
				pdf.Line(x1, y1, x2, y2)
			}
		case MarkPolyline, MarkPolygon:
			if len(m.Points) < 2 {
				continue
			}
			p := m.Paint
			if m.Kind == MarkPolyline {
				p.Fill = ""
			}
			style := paintPDF(pdf, p, k)
			if style == "" {
				continue
			}
			for i, q := range m.Points {
				px, py := at(q)
				if i == 0 {
					pdf.MoveTo(px, py)
				} else {
					pdf.LineTo(px, py)
				}
			}
			if m.Kind == MarkPolygon {
				pdf.ClosePath()
			}
			pdf.DrawPath(style)
		case MarkCircle:
			cx, cy := at(m.Points[0])
			if style := paintPDF(pdf, m.Paint, k); style != "" {
				pdf.Circle(cx, cy, m.R*k, style)
			}
		case MarkText:
			tx, ty := at(m.Points[0])
			pdf.SetFont("Helvetica", "", pt(m.Size))
			text := tr(m.Text)
			tw := pdf.GetStringWidth(text)
			switch m.Anchor {
			case "middle":
				tx -= tw / 2
			case "end":
				tx -= tw
			}
			if m.Halo {
				pdf.SetFillColor(255, 255, 255)
				pdf.SetAlpha(1, "Normal")
				h := m.Size * k
				pdf.Rect(tx-0.4, ty-h*0.8, tw+0.8, h, "F")
			}
			r, g, b := rgb(m.Fill)
			pdf.SetTextColor(r, g, b)
			pdf.Text(tx, ty, text)
		}
	}
	pdf.SetAlpha(1, "Normal")
	pdf.SetDashPattern([]float64{}, 0)
	return float64(pic.Height) * k
}

// paintPDF sets the document's colours, line width, dash and opacity for
// p (k units per pixel) and returns fpdf's style: "F" fill, "D" stroke,
// "FD" both, or "" when nothing is painted.
func paintPDF(pdf *fpdf.Fpdf, p Paint, k float64) string {
	style := ""
	alpha := 1.0
	if p.Fill != "" && p.Fill != "none" {
		r, g, b := rgb(p.Fill)
		pdf.SetFillColor(r, g, b)
		style = "F"
		if p.Opacity > 0 && p.Opacity < 1 {
			alpha = p.Opacity
		}
	}
	if p.Stroke != "" && p.Stroke != "none" {
		r, g, b := rgb(p.Stroke)
		pdf.SetDrawColor(r, g, b)
		width := p.StrokeWidth
		if width == 0 {
			width = 1
		}
		pdf.SetLineWidth(width * k)
		var dash []float64
		for _, f := range strings.Fields(p.Dash) {
			if v, err := strconv.ParseFloat(f, 64); err == nil {
				dash = append(dash, v*k)
			}
		}
		pdf.SetDashPattern(dash, 0)
		style += "D"
	}
	pdf.SetAlpha(alpha, "Normal")
	return style
}

// rgb reads a #rrggbb colour; anything else is black.
func rgb(c string) (int, int, int) {
	if len(c) != 7 || c[0] != '#' {
		return 0, 0, 0
	}
	v, err := strconv.ParseUint(c[1:], 16, 32)
	if err != nil {
		return 0, 0, 0
	}
	return int(v >> 16 & 0xff), int(v >> 8 & 0xff), int(v & 0xff)
}
