package measure

import (
	"math"
	"testing"
	"time"
)

func TestProgress(t *testing.T) {
	tests := []struct {
		name                     string
		baseline, target, actual float64
		higher                   bool
		want                     float64
	}{
		{"halfway up", 100, 200, 150, true, 50},
		{"at baseline", 100, 200, 100, true, 0},
		{"went backwards", 100, 200, 80, true, -20},
		{"target passed", 100, 200, 260, true, 160},
		{"halfway down (lower is better)", 40, 20, 30, false, 50},
		{"lower is better, worse", 40, 20, 50, false, -50},
		{"lower is better, target passed", 40, 20, 10, false, 150},
		{"negative values", -10, 10, 0, true, 50},
		{"hold a level, held", 5, 5, 6, true, 100},
		{"hold a level, slipped", 5, 5, 4, true, 0},
		{"hold a level low, held", 5, 5, 4, false, 100},
		{"hold a level, exactly", 5, 5, 5, false, 100},
	}
	for _, tt := range tests {
		if got := Progress(tt.baseline, tt.target, tt.actual, tt.higher); !near(got, tt.want, 1e-9) {
			t.Errorf("%s: Progress = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestStatus(t *testing.T) {
	tests := []struct {
		name                        string
		baseline, target, projected float64
		higher                      bool
		now, start, due             float64
		want                        ProgressStatus
	}{
		{"reaches target", 0, 100, 100, true, 100, 0, 365, StatusOnTrack},
		{"beyond target", 0, 100, 130, true, 100, 0, 365, StatusOnTrack},
		{"80% of the way", 0, 100, 80, true, 100, 0, 365, StatusAtRisk},
		{"79% of the way", 0, 100, 79, true, 100, 0, 365, StatusOffTrack},
		{"going backwards", 0, 100, -5, true, 100, 0, 365, StatusOffTrack},
		{"lower is better on track", 50, 20, 18, false, 100, 0, 365, StatusOnTrack},
		{"lower is better at risk", 50, 20, 25, false, 100, 0, 365, StatusAtRisk},
		{"lower is better off track", 50, 20, 45, false, 100, 0, 365, StatusOffTrack},
		{"due passed, met", 0, 100, 100, true, 400, 0, 365, StatusOnTrack},
		{"due passed, nearly met", 0, 100, 90, true, 400, 0, 365, StatusOffTrack},
		{"due before start", 0, 100, 100, true, 100, 365, 0, StatusNoData},
		{"no projection", 0, 100, math.NaN(), true, 100, 0, 365, StatusNoData},
	}
	for _, tt := range tests {
		got := Status(tt.baseline, tt.target, tt.projected, tt.higher, on(tt.now), on(tt.start), on(tt.due))
		if got != tt.want {
			t.Errorf("%s: Status = %s, want %s", tt.name, got, tt.want)
		}
	}
	if got := Status(0, 100, 100, true, on(100), on(0), time.Time{}); got != StatusNoData {
		t.Errorf("no due date: %s", got)
	}
}

func TestAssess(t *testing.T) {
	rising := series([]float64{0, 90, 180, 270}, []float64{10, 20, 30, 40})
	flat := series([]float64{0, 90, 180, 270}, []float64{0, 0, 0, 0})
	falling := series([]float64{0, 90, 180, 270}, []float64{-10, -20, -30, -30}) // baseline 0
	tests := []struct {
		name             string
		points           []Point
		target           float64
		higher           bool
		now, due         float64
		want             ProgressStatus
		percent          float64
		projectedAtLeast float64
	}{
		{"no data", nil, 100, true, 300, 365, StatusNoData, 0, math.Inf(-1)},
		{"one point", rising[:1], 100, true, 300, 365, StatusNoData, 10, math.Inf(-1)},
		{"rising to target", rising, 50, true, 300, 365, StatusOnTrack, 80, 50},
		{"rising too slowly", rising, 100, true, 300, 365, StatusOffTrack, 40, 45},
		{"due passed, judged on the value at due", rising, 35, true, 300, 200, StatusOffTrack, 40.0 / 35 * 100, 0},
		{"target already passed", rising, 30, true, 300, 365, StatusOnTrack, 40.0 / 30 * 100, 50},
		{"flat at the baseline", flat, 100, true, 300, 365, StatusOffTrack, 0, 0},
		{"lower is better, falling fast enough", falling, -40, false, 300, 365, StatusOnTrack, 75, math.Inf(-1)},
		{"lower is better, falling too slowly", falling, -100, false, 300, 365, StatusOffTrack, 30, math.Inf(-1)},
	}
	for _, tt := range tests {
		a := Assess(0, tt.target, tt.points, tt.higher, on(tt.now), on(0), on(tt.due))
		if a.Status != tt.want || !near(a.Percent, tt.percent, 1e-9) {
			t.Errorf("%s: status %s percent %v, want %s %v", tt.name, a.Status, a.Percent, tt.want, tt.percent)
		}
		if a.Projected && a.Projection.Value < tt.projectedAtLeast {
			t.Errorf("%s: projection %v", tt.name, a.Projection.Value)
		}
	}
}
