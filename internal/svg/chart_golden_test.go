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
	tests := []struct {
		name string
		data ChartData
		opt  ChartOptions
	}{
		{"full", goalChart(), ChartOptions{ID: "goal 7"}},
		{"narrow", legendOfFive(), ChartOptions{Width: 300, Height: 200}},
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
