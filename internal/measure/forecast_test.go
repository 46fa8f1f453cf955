package measure

import (
	"math"
	"testing"
	"time"
)

var day0 = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)

// on is day0 plus d days.
func on(d float64) time.Time { return day0.Add(time.Duration(d * 24 * float64(time.Hour))) }

func series(xs, ys []float64) []Point {
	ps := make([]Point, len(xs))
	for i := range xs {
		ps[i] = Point{At: on(xs[i]), Value: ys[i]}
	}
	return ps
}

func near(a, b, tol float64) bool { return math.Abs(a-b) <= tol }

// Anscombe's quartet, data set I: the textbook answer is y = 3.0001 + 0.5001x
// with a residual standard error of 1.237 on 9 degrees of freedom.
func TestFitTrendAnscombe(t *testing.T) {
	xs := []float64{10, 8, 13, 9, 11, 14, 6, 4, 12, 7, 5}
	ys := []float64{8.04, 6.95, 7.58, 8.81, 8.33, 9.96, 7.24, 4.26, 10.84, 4.82, 5.68}
	tr, ok := FitTrend(series(xs, ys))
	if !ok {
		t.Fatal("no trend")
	}
	if !near(tr.Slope, 0.5001, 1e-4) || !near(tr.At(on(0)), 3.0001, 1e-4) || !near(tr.ResidualSE, 1.2366, 1e-4) {
		t.Errorf("slope %v intercept %v se %v", tr.Slope, tr.At(on(0)), tr.ResidualSE)
	}
	if !tr.Origin.Equal(on(4)) {
		t.Errorf("origin %v, want the earliest point", tr.Origin)
	}
}

func TestForecast(t *testing.T) {
	tests := []struct {
		name            string
		xs, ys          []float64
		due             float64
		value, halfBand float64
		band            bool
	}{
		// x 1..5, y 2 4 5 4 5: ŷ = 2.2 + 0.6x, SSE 2.4, s = √0.8; at x = 10,
		// ŷ = 8.2 and the half band 1.96·√0.8·√(1 + 1/5 + 49/10) = 4.3298.
		{"textbook", []float64{1, 2, 3, 4, 5}, []float64{2, 4, 5, 4, 5}, 10, 8.2, 4.3298, true},
		{"single point stays flat", []float64{3}, []float64{42}, 100, 42, 0, false},
		{"two points, no band", []float64{0, 10}, []float64{0, 5}, 20, 10, 0, false},
		{"flat series", []float64{0, 30, 60, 90}, []float64{7, 7, 7, 7}, 365, 7, 0, true},
		{"falling (lower is better)", []float64{0, 1, 2}, []float64{30, 20, 10}, 5, -20, 0, true},
		{"same moment", []float64{2, 2, 2}, []float64{1, 2, 3}, 50, 2, 1.96 * math.Sqrt2 * math.Sqrt(1+1.0/3), true},
		{"due in the past", []float64{10, 20, 30}, []float64{1, 2, 3}, 0, 0, 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, ok := Forecast(series(tt.xs, tt.ys), on(tt.due))
			if !ok {
				t.Fatal("no forecast")
			}
			if !near(p.Value, tt.value, 1e-9) {
				t.Errorf("value %v, want %v", p.Value, tt.value)
			}
			if p.HasBand != tt.band || !near(p.High-p.Value, tt.halfBand, 1e-4) || !near(p.Value-p.Low, tt.halfBand, 1e-4) {
				t.Errorf("band %v [%v, %v], want ±%v", p.HasBand, p.Low, p.High, tt.halfBand)
			}
		})
	}
	if _, ok := Forecast(nil, day0); ok {
		t.Error("a forecast from no points")
	}
}

func TestSlopePerYear(t *testing.T) {
	tr, _ := FitTrend(series([]float64{0, 365.25}, []float64{0, 12}))
	if !near(tr.SlopePerYear(), 12, 1e-9) {
		t.Errorf("slope per year %v", tr.SlopePerYear())
	}
}
