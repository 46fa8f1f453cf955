package measure

import (
	"math"
	"sort"
	"time"
)

// Point is one value of a series at a moment: a combined measurement for a
// period, or a past value of a comparable indicator.
type Point struct {
	At    time.Time
	Value float64
}

// Trend is a least-squares straight line through a series, with time
// measured in days from Origin.
type Trend struct {
	Origin    time.Time
	Intercept float64 // the value at Origin
	Slope     float64 // change per day
	N         int     // points fitted
	// ResidualSE is the residual standard error, sqrt(SSE/(n-2)); zero when
	// there are fewer than 3 points.
	ResidualSE float64
	meanX      float64 // mean of the days, for the prediction interval
	sxx        float64 // sum of squared deviations of the days
}

// Projection is where a series' trend is expected to be at a date.
type Projection struct {
	Trend Trend
	At    time.Time
	Value float64
	// Low and High bound a 95% prediction interval; equal to Value when
	// HasBand is false (fewer than 3 points).
	Low, High float64
	HasBand   bool
}

// daysPerYear turns a slope per day into a slope per year.
const daysPerYear = 365.25

func days(origin, t time.Time) float64 { return t.Sub(origin).Hours() / 24 }

// FitTrend fits a least-squares line to the points (in any order). It reports
// false when there are no points. One point, or points all at one moment,
// give a flat line through their mean.
func FitTrend(points []Point) (Trend, bool) {
	if len(points) == 0 {
		return Trend{}, false
	}
	ps := append([]Point(nil), points...)
	sort.SliceStable(ps, func(i, j int) bool { return ps[i].At.Before(ps[j].At) })
	tr := Trend{Origin: ps[0].At, N: len(ps)}
	n := float64(len(ps))
	var sx, sy float64
	for _, p := range ps {
		sx += days(tr.Origin, p.At)
		sy += p.Value
	}
	mx, my := sx/n, sy/n
	var sxx, sxy float64
	for _, p := range ps {
		dx := days(tr.Origin, p.At) - mx
		sxx += dx * dx
		sxy += dx * (p.Value - my)
	}
	tr.meanX, tr.sxx = mx, sxx
	if sxx > 0 {
		tr.Slope = sxy / sxx
	}
	tr.Intercept = my - tr.Slope*mx
	if len(ps) >= 3 {
		var sse float64
		for _, p := range ps {
			r := p.Value - tr.At(p.At)
			sse += r * r
		}
		tr.ResidualSE = math.Sqrt(sse / (n - 2))
	}
	return tr, true
}

// At is the trend's value at t.
func (tr Trend) At(t time.Time) float64 {
	return tr.Intercept + tr.Slope*days(tr.Origin, t)
}

// SlopePerYear is the trend's change over a year.
func (tr Trend) SlopePerYear() float64 { return tr.Slope * daysPerYear }

// Forecast projects the series' least-squares trend to due. The band is the
// textbook 95% prediction interval for a new value at due,
// ±1.96·s·sqrt(1 + 1/n + (x₀−x̄)²/Sxx) with s the residual standard error, so
// it widens the further the projection reaches past the data; with fewer
// than 3 points there is no band. It reports false when there are no points.
func Forecast(points []Point, due time.Time) (Projection, bool) {
	tr, ok := FitTrend(points)
	if !ok {
		return Projection{}, false
	}
	p := Projection{Trend: tr, At: due, Value: tr.At(due)}
	p.Low, p.High = p.Value, p.Value
	if tr.N >= 3 {
		n := float64(tr.N)
		d := days(tr.Origin, due) - tr.meanX
		f := 1 + 1/n
		if tr.sxx > 0 {
			f += d * d / tr.sxx
		}
		half := 1.96 * tr.ResidualSE * math.Sqrt(f)
		p.Low, p.High, p.HasBand = p.Value-half, p.Value+half, true
	}
	return p, true
}
