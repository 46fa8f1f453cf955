package svg

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "write the golden charts in testdata anew")

// TestProgressChartGolden pins representative charts byte for byte, so that
// a change to how ProgressChart is written cannot change what it draws
// unnoticed. After a change meant to alter the drawing, look at the charts
// and run the test with -update.
func TestProgressChartGolden(t *testing.T) {
	due := jan2024.AddDate(3, 0, 0)
	full := ChartData{
		Title: "Readers & writers <K-3>", Unit: "students",
		Actual:   monthlyPoints(12, func(i int) float64 { return 100 + 10*float64(i) }),
		Baseline: fp(100), Target: fp(500), Start: jan2024, Due: due,
		Projection: &ChartProjection{From: jan2024.AddDate(0, 11, 0), FromValue: 210, To: due, ToValue: 460,
			Low: 400, High: 520, HasBand: true},
		Milestones: []ChartMilestone{{At: jan2024.AddDate(1, 0, 0), Value: 250, Label: "Year 1", Reached: true},
			{At: jan2024.AddDate(2, 0, 0), Value: 350}},
	}
	full.Actual[3].Note = "2 of 3 partners"
	narrow := ChartData{
		Actual: monthlyPoints(3, func(i int) float64 { return float64(i) }), Baseline: fp(0), Target: fp(10),
		Due: jan2024.AddDate(1, 0, 0),
		Projection: &ChartProjection{From: jan2024.AddDate(0, 2, 0), FromValue: 2, To: jan2024.AddDate(1, 0, 0),
			ToValue: 12},
		Milestones: []ChartMilestone{{At: jan2024.AddDate(0, 6, 0), Value: 5}},
	}
	tests := []struct {
		name string
		data ChartData
		opt  ChartOptions
	}{
		{"full", full, ChartOptions{ID: "goal 7"}},
		{"narrow", narrow, ChartOptions{Width: 300, Height: 200}},
		{"empty", ChartData{Today: jan2024}, ChartOptions{}},
		{"dense", ChartData{Actual: monthlyPoints(120, func(i int) float64 { return float64(i * i) }), Unit: "$"},
			ChartOptions{Width: 480, Height: 240}},
		{"negative", ChartData{Actual: monthlyPoints(6, func(i int) float64 { return -50 + 3*float64(i) }),
			Target: fp(0), Baseline: fp(-45)}, ChartOptions{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := ProgressChart(tt.data, tt.opt)
			file := filepath.Join("testdata", "progress_"+tt.name+".svg")
			if *update {
				if err := os.WriteFile(file, out, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(out, want) {
				t.Errorf("the chart differs from %s:\n%s", file, out)
			}
		})
	}
}
