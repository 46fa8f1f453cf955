package svg

import (
	"bytes"
	"fmt"
	"strings"
)

// PledgeBar is what was pledged and delivered in one period.
type PledgeBar struct {
	Label     string // the period, in words: "Q3 2026"
	Pledged   float64
	Delivered float64
}

// PledgeChart draws pledged against delivered per period as pairs of bars:
// the pledge an outline, the delivery filled, on one value axis in unit.
// It scales to its container (a viewBox), and says in its description
// what each period's bars show, for those who cannot see them.
func PledgeChart(title, unit string, bars []PledgeBar, opt ChartOptions) []byte {
	if opt.Width <= 0 {
		opt.Width = 640
	}
	if opt.Height <= 0 {
		opt.Height = 240
	}
	id := "pledges" + idUnsafe.ReplaceAllString(opt.ID, "")
	hi := 0.0
	var desc []string
	for _, b := range bars {
		if finite(b.Pledged) && b.Pledged > hi {
			hi = b.Pledged
		}
		if finite(b.Delivered) && b.Delivered > hi {
			hi = b.Delivered
		}
		desc = append(desc, fmt.Sprintf("%s: pledged %s, delivered %s", b.Label, FormatValue(b.Pledged, unit),
			FormatValue(b.Delivered, unit)))
	}
	if hi <= 0 {
		hi = 1
	}
	ticks := NiceTicks(0, hi, 4)
	top := ticks[len(ticks)-1]
	step := 0.0
	if len(ticks) > 1 {
		step = ticks[1] - ticks[0]
	}
	left, right, upper, lower := 56.0, float64(opt.Width)-12, 28.0, float64(opt.Height)-34
	y := func(v float64) float64 { return lower - (lower-upper)*v/top }

	var b bytes.Buffer
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" class="pledge-chart" role="img" `+
		`aria-labelledby="%s-title %s-desc"><title id="%s-title">%s</title><desc id="%s-desc">%s</desc>`,
		opt.Width, opt.Height, id, id, id, esc(title), id, esc(strings.Join(desc, "; ")))
	for _, t := range ticks {
		fmt.Fprintf(&b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="%s"/>`, left, y(t), right, y(t),
			colGrid)
		fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" text-anchor="end" font-size="11" fill="%s">%s</text>`, left-6,
			y(t)+4, colMuted, esc(TickLabel(t, step, ticks)))
	}
	n := len(bars)
	if n > 0 {
		slot := (right - left) / float64(n)
		w := slot * 0.32
		if w > 28 {
			w = 28
		}
		for i, bar := range bars {
			mid := left + slot*(float64(i)+0.5)
			if finite(bar.Pledged) && bar.Pledged > 0 {
				fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="#ffffff" stroke="%s" `+
					`stroke-width="2"><title>%s pledged %s</title></rect>`, mid-w-1, y(bar.Pledged), w,
					lower-y(bar.Pledged), colTarget, esc(bar.Label), esc(FormatValue(bar.Pledged, unit)))
			}
			if finite(bar.Delivered) && bar.Delivered > 0 {
				fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s"><title>%s `+
					`delivered %s</title></rect>`, mid+1, y(bar.Delivered), w, lower-y(bar.Delivered), colActual,
					esc(bar.Label), esc(FormatValue(bar.Delivered, unit)))
			}
			fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" text-anchor="middle" font-size="11" fill="%s">%s</text>`,
				mid, lower+16, colText, esc(bar.Label))
		}
	}
	fmt.Fprintf(&b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="%s"/>`, left, lower, right, lower,
		colAxis)
	fmt.Fprintf(&b, `<rect x="%.1f" y="8" width="12" height="12" fill="#ffffff" stroke="%s" stroke-width="2"/>`+
		`<text x="%.1f" y="18" font-size="12" fill="%s">Pledged</text>`, left, colTarget, left+18, colText)
	fmt.Fprintf(&b, `<rect x="%.1f" y="8" width="12" height="12" fill="%s"/>`+
		`<text x="%.1f" y="18" font-size="12" fill="%s">Delivered</text>`, left+90, colActual, left+108, colText)
	b.WriteString(`</svg>`)
	return b.Bytes()
}
