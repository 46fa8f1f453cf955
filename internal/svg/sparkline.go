package svg

import (
	"bytes"
	"fmt"
	"math"
)

// Sparkline draws values as a small line for the at-a-glance list, with the
// last value marked.
func Sparkline(values []float64, w, h int) []byte {
	if w <= 0 {
		w = 120
	}
	if h <= 0 {
		h = 28
	}
	var vs []float64
	for _, v := range values {
		if finite(v) {
			vs = append(vs, v)
		}
	}
	var b bytes.Buffer
	title := "No values"
	if len(vs) > 0 {
		title = fmt.Sprintf("%d values, latest %s", len(vs), FormatValue(vs[len(vs)-1], ""))
	}
	fmt.Fprintf(
		&b,
		`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" width="%d" height="%d" role="img" class="sparkline"><title>%s</title>`,
		w,
		h,
		w,
		h,
		esc(title),
	)
	if len(vs) > 0 {
		lo, hi := vs[0], vs[0]
		for _, v := range vs {
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
		pad := 3.0
		x := func(i int) float64 {
			if len(vs) == 1 {
				return float64(w) - pad
			}
			return pad + (float64(w)-2*pad)*float64(i)/float64(len(vs)-1)
		}
		y := func(v float64) float64 {
			if hi == lo {
				return float64(h) / 2
			}
			return float64(h) - pad - (float64(h)-2*pad)*(v-lo)/(hi-lo)
		}
		if len(vs) > 1 {
			fmt.Fprintf(
				&b,
				`<polyline fill="none" stroke="%s" stroke-width="1.5" stroke-linejoin="round" points="`,
				colActual,
			)
			for i, v := range vs {
				if i > 0 {
					b.WriteByte(' ')
				}
				fmt.Fprintf(&b, "%.1f,%.1f", x(i), y(v))
			}
			b.WriteString(`"/>`)
		}
		fmt.Fprintf(&b, `<circle cx="%.1f" cy="%.1f" r="2.5" fill="%s"/>`, x(len(vs)-1), y(vs[len(vs)-1]), colActual)
	}
	b.WriteString(`</svg>`)
	return b.Bytes()
}
