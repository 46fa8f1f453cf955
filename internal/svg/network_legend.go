package svg

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"
)

// NetworkLegend draws the legend of the map of these nodes alone, for a
// page that shows it beside or below the map (NetworkOptions.NoLegend).
func NetworkLegend(nodes []Node, opt NetworkOptions) []byte {
	colors, groups := GroupColors(nodes, opt.Groups)
	var legend bytes.Buffer
	h := writeLegend(&legend, 10, nodes, groups, colors, opt)
	var b bytes.Buffer
	fmt.Fprintf(
		&b,
		`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" width="%d" height="%d" role="img" aria-label="Legend `+
			`of the map" class="network-legend" font-family="system-ui, sans-serif">`,
		LegendWidth,
		h,
		LegendWidth,
		h,
	)
	b.Write(legend.Bytes())
	b.WriteString(`</svg>`)
	return b.Bytes()
}

// writeLegend writes the legend with its left edge at lx and returns its height.
func writeLegend(
	b *bytes.Buffer,
	lx float64,
	nodes []Node,
	groups []string,
	colors map[string]string,
	opt NetworkOptions,
) int {
	fmt.Fprintf(b, `<g class="legend" font-size="12" fill="#1f2933">`)
	y := 24.0
	fmt.Fprintf(b, `<text x="%.0f" y="%.0f" font-weight="600">Sectors</text>`, lx, y)
	for _, g := range groups {
		y += 20
		name := g
		if name == "" {
			name = "no sector"
		}
		fmt.Fprintf(
			b,
			`<circle cx="%.0f" cy="%.0f" r="6" fill="%s"/><text x="%.0f" y="%.0f">%s</text>`,
			lx+6,
			y-4,
			colors[g],
			lx+18,
			y,
			esc(name),
		)
	}
	for _, n := range nodes {
		if len(n.Groups) < 2 {
			continue
		}
		// An organization in several sectors: a sample of its circle.
		y += 26
		for i, p := range Wedges(lx+6, y-4, 7, 2) {
			fmt.Fprintf(b, `<path d="%s" fill="%s" stroke="#ffffff" stroke-width="0.75"/>`, p, colors[n.Groups[i]])
		}
		fmt.Fprintf(
			b,
			`<text x="%.0f" y="%.0f">in several sectors:</text><text x="%.0f" y="%.0f">one slice for each</text>`,
			lx+18,
			y-6,
			lx+18,
			y+8,
		)
		y += 6
		break
	}
	y += 34
	fmt.Fprintf(b, `<text x="%.0f" y="%.0f" font-weight="600">Relationships</text>`, lx, y)
	for _, s := range []struct{ style, label string }{{"solid", "active"}, {"dotted", "developing"}, {"crossed", "strained"}} {
		y += 22
		switch s.style {
		case "solid":
			fmt.Fprintf(
				b,
				`<line x1="%.0f" y1="%.0f" x2="%.0f" y2="%.0f" stroke="#52606d" stroke-width="2.5"/>`,
				lx,
				y-4,
				lx+40,
				y-4,
			)
		case "dotted":
			fmt.Fprintf(
				b,
				`<line x1="%.0f" y1="%.0f" x2="%.0f" y2="%.0f" stroke="#1b7f79" stroke-width="2.5" stroke-dasharray="1.5 4" `+
					`stroke-linecap="round"/>`,
				lx,
				y-4,
				lx+40,
				y-4,
			)
		case "crossed":
			fmt.Fprintf(
				b,
				`<line x1="%.0f" y1="%.0f" x2="%.0f" y2="%.0f" stroke="#b23a2b" stroke-width="2.5"/><path d="M%.0f %.0fl8 8m0 `+
					`-8l-8 8" stroke="#b23a2b" stroke-width="2"/>`,
				lx,
				y-4,
				lx+40,
				y-4,
				lx+16,
				y-8,
			)
		}
		fmt.Fprintf(b, `<text x="%.0f" y="%.0f">%s</text>`, lx+48, y, s.label)
	}
	y += 34
	fmt.Fprintf(b, `<text x="%.0f" y="%.0f" font-weight="600">Circle size</text>`, lx, y)
	size := opt.SizeLabel
	if size == "" {
		size = "all circles the same size"
	}
	for _, line := range wrapWords(size, 28) {
		y += 18
		fmt.Fprintf(b, `<text class="size-measure" x="%.0f" y="%.0f" fill="#5f6b7a">%s</text>`, lx, y, esc(line))
	}
	b.WriteString(`</g>`)
	return int(y) + 16
}

// wrapWords splits s into lines of at most n letters, at spaces.
func wrapWords(s string, n int) []string {
	var lines []string
	line := ""
	for _, w := range strings.Fields(s) {
		if line != "" && utf8.RuneCountInString(line)+1+utf8.RuneCountInString(w) > n {
			lines = append(lines, line)
			line = ""
		}
		if line != "" {
			line += " "
		}
		line += w
	}
	if line != "" {
		lines = append(lines, line)
	}
	return lines
}
