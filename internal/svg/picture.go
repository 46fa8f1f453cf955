package svg

import (
	"bytes"
	"fmt"
	"strings"
)

// A Picture is a drawing as a list of marks in the order they are painted,
// so that one drawing is written as SVG for the browser and drawn into a
// PDF for print (see DrawPDF) without being worked out twice.
type Picture struct {
	Width, Height int
	ID            string // keeps the title and description ids of pictures on one page apart
	Class         string
	Title, Desc   string // the accessible name and description
	Marks         []Mark
}

// MarkKind says what a Mark draws.
type MarkKind int

// The kinds of marks.
const (
	MarkGroup    MarkKind = iota // opens a group of marks: Class, and Title as its tooltip
	MarkEnd                      // closes the group opened last
	MarkRect                     // a rectangle from Points[0], W wide and H high
	MarkLine                     // a line from Points[0] to Points[1]
	MarkPolyline                 // an open line through Points
	MarkPolygon                  // a closed shape through Points
	MarkCircle                   // a circle of radius R around Points[0]
	MarkText                     // Text at Points[0]
)

// Point is a position in the picture, in pixels from its top left.
type Point struct{ X, Y float64 }

// Paint is how a mark is drawn. An empty Stroke or Fill draws none;
// Opacity 0 means opaque.
type Paint struct {
	Stroke      string
	StrokeWidth float64
	Dash        string // an SVG dash pattern, "6 4"
	Fill        string
	Opacity     float64 // of the fill
}

// Mark is one element of a Picture.
type Mark struct {
	Kind   MarkKind
	Class  string
	Title  string // a group's tooltip
	Points []Point
	R      float64
	W, H   float64
	Paint
	Text   string
	Size   float64 // the text's size in pixels
	Anchor string  // start (the default), middle or end
	Halo   bool    // a white outline under the text, to read it over lines
}

// pictureBuilder collects marks.
type pictureBuilder struct{ marks []Mark }

func (pb *pictureBuilder) group(class, title string) {
	pb.marks = append(pb.marks, Mark{Kind: MarkGroup, Class: class, Title: title})
}

func (pb *pictureBuilder) end() { pb.marks = append(pb.marks, Mark{Kind: MarkEnd}) }

func (pb *pictureBuilder) line(x1, y1, x2, y2 float64, p Paint) {
	pb.marks = append(pb.marks, Mark{Kind: MarkLine, Points: []Point{{x1, y1}, {x2, y2}}, Paint: p})
}

func (pb *pictureBuilder) add(m Mark) { pb.marks = append(pb.marks, m) }

func (pb *pictureBuilder) text(x, y float64, text string, size float64, fill, anchor string, halo bool) {
	pb.marks = append(pb.marks, Mark{Kind: MarkText, Points: []Point{{x, y}}, Text: text, Size: size,
		Paint: Paint{Fill: fill}, Anchor: anchor, Halo: halo})
}

// SVG writes the picture as an SVG document.
func (pic Picture) SVG() []byte {
	var b bytes.Buffer
	id := pic.ID
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" width="%d" height="%d" role="img" `+
		`aria-labelledby="%s-title %s-desc" class="%s" font-family="system-ui, sans-serif">`,
		pic.Width, pic.Height, pic.Width, pic.Height, id, id, esc(pic.Class))
	fmt.Fprintf(&b, `<title id="%s-title">%s</title><desc id="%s-desc">%s</desc>`, id, esc(pic.Title), id, esc(pic.Desc))
	for _, m := range pic.Marks {
		writeMark(&b, m)
	}
	b.WriteString(`</svg>`)
	return b.Bytes()
}

func writeMark(b *bytes.Buffer, m Mark) {
	class := ""
	if m.Class != "" {
		class = ` class="` + esc(m.Class) + `"`
	}
	switch m.Kind {
	case MarkGroup:
		b.WriteString(`<g` + class + `>`)
		if m.Title != "" {
			fmt.Fprintf(b, `<title>%s</title>`, esc(m.Title))
		}
	case MarkEnd:
		b.WriteString(`</g>`)
	case MarkRect:
		fmt.Fprintf(b, `<rect%s x="%.1f" y="%.1f" width="%.1f" height="%.1f"%s/>`, class, m.Points[0].X, m.Points[0].Y, m.W, m.H,
			paintAttrs(m.Paint))
	case MarkLine:
		fmt.Fprintf(b, `<line%s x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f"%s/>`, class, m.Points[0].X, m.Points[0].Y,
			m.Points[1].X, m.Points[1].Y, paintAttrs(m.Paint))
	case MarkPolyline, MarkPolygon:
		tag := "polyline"
		if m.Kind == MarkPolygon {
			tag = "polygon"
		}
		fill := ""
		if m.Fill == "" {
			fill = ` fill="none"`
		}
		fmt.Fprintf(b, `<%s%s%s%s stroke-linejoin="round" points="%s"/>`, tag, class, fill, paintAttrs(m.Paint), pointList(m.Points))
	case MarkCircle:
		fmt.Fprintf(b, `<circle%s cx="%.1f" cy="%.1f" r="%.1f"%s/>`, class, m.Points[0].X, m.Points[0].Y, m.R, paintAttrs(m.Paint))
	case MarkText:
		anchor := ""
		if m.Anchor != "" && m.Anchor != "start" {
			anchor = ` text-anchor="` + m.Anchor + `"`
		}
		halo := ""
		if m.Halo {
			halo = ` paint-order="stroke" stroke="#ffffff" stroke-width="3"`
		}
		fmt.Fprintf(b, `<text%s x="%.1f" y="%.1f" font-size="%g" fill="%s"%s%s>%s</text>`, class, m.Points[0].X, m.Points[0].Y,
			m.Size, m.Fill, anchor, halo, esc(m.Text))
	}
}

func paintAttrs(p Paint) string {
	var s strings.Builder
	if p.Fill != "" {
		fmt.Fprintf(&s, ` fill="%s"`, p.Fill)
		if p.Opacity > 0 && p.Opacity < 1 {
			fmt.Fprintf(&s, ` fill-opacity="%g"`, p.Opacity)
		}
	}
	if p.Stroke != "" {
		fmt.Fprintf(&s, ` stroke="%s"`, p.Stroke)
		if p.StrokeWidth > 0 {
			fmt.Fprintf(&s, ` stroke-width="%g"`, p.StrokeWidth)
		}
		if p.Dash != "" {
			fmt.Fprintf(&s, ` stroke-dasharray="%s"`, p.Dash)
		}
	}
	return s.String()
}

func pointList(ps []Point) string {
	var s strings.Builder
	for i, p := range ps {
		if i > 0 {
			s.WriteByte(' ')
		}
		fmt.Fprintf(&s, "%.1f,%.1f", p.X, p.Y)
	}
	return s.String()
}
