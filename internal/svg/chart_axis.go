package svg

// The axes of charts: round tick values, their labels, and round dates.

import (
	"math"
	"strconv"
	"strings"
	"time"
)

// NiceTicks covers lo..hi with at most about n+1 round values, a step of 1,
// 2, 2.5 or 5 times a power of ten: 0, 250, 500, 750, 1000. The first tick is
// at or below lo and the last at or above hi. Equal lo and hi are widened.
func NiceTicks(lo, hi float64, n int) []float64 {
	if n < 1 {
		n = 1
	}
	if !finite(lo) || !finite(hi) {
		lo, hi = 0, 1
	}
	if lo > hi {
		lo, hi = hi, lo
	}
	if lo == hi {
		d := math.Abs(lo) / 10
		if d == 0 {
			d = 1
		}
		lo, hi = lo-d, hi+d
	}
	raw := (hi - lo) / float64(n)
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	step := 10 * mag
	for _, m := range []float64{1, 2, 2.5, 5} {
		if m*mag >= raw*(1-1e-9) {
			step = m * mag
			break
		}
	}
	first := math.Floor(lo/step+1e-9) * step
	var ticks []float64
	for i := 0; ; i++ {
		v := first + float64(i)*step
		// Round away the floating-point dust (0.30000000000000004).
		v, _ = strconv.ParseFloat(strconv.FormatFloat(v, 'g', 12, 64), 64)
		if v == 0 {
			v = 0 // no negative zero
		}
		ticks = append(ticks, v)
		if v >= hi-step*1e-9 || i > 100 {
			break
		}
	}
	return ticks
}

// TickLabel writes a value-axis tick: thousands as k, millions as M and
// billions as B when the ticks are that large, with as many decimals as the
// step needs and no trailing zeros.
func TickLabel(v, step float64, ticks []float64) string {
	big := 0.0
	for _, t := range ticks {
		big = math.Max(big, math.Abs(t))
	}
	suffix, scale := "", 1.0
	switch {
	case big >= 1e9:
		suffix, scale = "B", 1e9
	case big >= 1e6:
		suffix, scale = "M", 1e6
	case big >= 1e4:
		suffix, scale = "k", 1e3
	}
	if v == 0 {
		return "0"
	}
	s := strconv.FormatFloat(v/scale, 'f', decimalsFor(step/scale), 64)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".") // 2.5k, 5k, 7.5k
	}
	return s + suffix
}

// decimalsFor is how many decimals show a multiple of step exactly.
func decimalsFor(step float64) int {
	for d := 0; d < 8; d++ {
		s := step * math.Pow(10, float64(d))
		if math.Abs(s-math.Round(s)) < 1e-6*math.Max(1, s) {
			return d
		}
	}
	return 8
}

// FormatValue writes a value for a label or tooltip: whole numbers with
// thousands separators from 1,000 on, otherwise three significant digits,
// followed by the unit when there is one.
func FormatValue(v float64, unit string) string {
	var s string
	switch a := math.Abs(v); {
	case !finite(v):
		s = strconv.FormatFloat(v, 'f', -1, 64)
	case a >= 1000:
		s = groupThousands(strconv.FormatFloat(math.Round(v), 'f', 0, 64))
	case a == 0:
		s = "0"
	default:
		d := max(0, 2-int(math.Floor(math.Log10(a))))
		s = strconv.FormatFloat(v, 'f', d, 64)
		if strings.Contains(s, ".") {
			s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
		}
	}
	switch unit {
	case "":
	case "%":
		s += unit
	default:
		s += " " + unit
	}
	return s
}

func groupThousands(s string) string {
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// TimeTick is a labelled mark on a time axis.
type TimeTick struct {
	At    time.Time
	Label string
}

// TimeTicks marks the span from..to with at most n ticks at round dates:
// days or weeks for spans under two months, else months (1, 2, 3 or 6
// apart, labelled "Mar", with the year on the first and on Januaries) or
// years (1, 2, 5, 10 or more apart, labelled "2026").
func TimeTicks(from, to time.Time, n int) []TimeTick {
	if n < 2 {
		n = 2
	}
	if !to.After(from) {
		return []TimeTick{{At: from, Label: from.Format("2 Jan 2006")}}
	}
	loc := from.Location()
	span := to.Sub(from).Hours() / 24
	var ticks []TimeTick
	if span < 62 {
		for _, step := range []int{1, 2, 7, 14, 28} {
			start := time.Date(from.Year(), from.Month(), from.Day(), 0, 0, 0, 0, loc)
			if start.Before(from) {
				start = start.AddDate(0, 0, 1)
			}
			if int(span)/step+1 <= n || step == 28 {
				for t := start; !t.After(to); t = t.AddDate(0, 0, step) {
					ticks = append(ticks, TimeTick{At: t, Label: t.Format("2 Jan")})
				}
				return ticks
			}
		}
	}
	months := int(span/30.44) + 1
	for _, step := range []int{1, 2, 3, 6, 12, 24, 60, 120, 240, 600, 1200} {
		if months/step+1 > n {
			continue
		}
		t := time.Date(from.Year(), from.Month(), 1, 0, 0, 0, 0, loc)
		if step >= 12 {
			years := step / 12
			y := from.Year() - ((from.Year()%years)+years)%years
			t = time.Date(y, 1, 1, 0, 0, 0, 0, loc)
		} else {
			for (int(t.Month())-1)%step != 0 {
				t = t.AddDate(0, 1, 0)
			}
		}
		for t.Before(from) {
			t = t.AddDate(0, step, 0)
		}
		for ; !t.After(to); t = t.AddDate(0, step, 0) {
			label := t.Format("2006")
			if step < 12 {
				label = t.Format("Jan")
				if len(ticks) == 0 || t.Month() == time.January {
					label = t.Format("Jan 2006")
				}
			}
			ticks = append(ticks, TimeTick{At: t, Label: label})
		}
		break
	}
	return ticks
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
