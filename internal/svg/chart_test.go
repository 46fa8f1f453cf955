package svg

import (
	"encoding/xml"
	"io"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"
)

func wellFormed(t *testing.T, out []byte) {
	t.Helper()
	dec := xml.NewDecoder(strings.NewReader(string(out)))
	for {
		_, err := dec.Token()
		if err == io.EOF {
			return
		}
		if err != nil {
			t.Fatalf("not well-formed XML: %v\n%s", err, out)
		}
	}
}

func fp(v float64) *float64 { return &v }

var jan2024 = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)

func monthlyPoints(n int, f func(i int) float64) []ChartPoint {
	ps := make([]ChartPoint, n)
	for i := range ps {
		ps[i] = ChartPoint{At: jan2024.AddDate(0, i, 0), Value: f(i)}
	}
	return ps
}

// goalChart is a chart of everything a goal can have: a year of values,
// one with a note, a baseline and a target, a projection with its band, and
// two milestones, one reached.
func goalChart() ChartData {
	due := jan2024.AddDate(3, 0, 0)
	c := ChartData{
		Title: "Readers & writers <K-3>", Unit: "students",
		Actual:   monthlyPoints(12, func(i int) float64 { return 100 + 10*float64(i) }),
		Baseline: fp(100), Target: fp(500), Start: jan2024, Due: due,
		Projection: &ChartProjection{From: jan2024.AddDate(0, 11, 0), FromValue: 210, To: due, ToValue: 460, Low: 400, High: 520, HasBand: true},
		Milestones: []ChartMilestone{{At: jan2024.AddDate(1, 0, 0), Value: 250, Label: "Year 1 \"done\"", Reached: true}, {At: jan2024.AddDate(2, 0, 0), Value: 350}},
	}
	c.Actual[3].Note = "2 of 3 partners"
	return c
}

func TestProgressChartElements(t *testing.T) {
	out := ProgressChart(goalChart(), ChartOptions{ID: "goal 7"})
	wellFormed(t, out)
	s := string(out)
	for _, want := range []string{
		`<title id="goal-7-title">Readers &amp; writers &lt;K-3&gt;</title>`, `aria-labelledby="goal-7-title goal-7-desc"`,
		`<desc id="goal-7-desc">12 values from Jan 2024 to Dec 2024; the latest is 210 students.`,
		`class="actual"`, `<polyline`, `class="target"`, `>Target 500 students<`, `class="baseline"`, `>Baseline 100 students<`,
		`class="projection"`, `class="band"`, `stroke-dasharray="6 4"`, `class="due"`, `due 1 Jan 2027`,
		`class="milestone"`, `Year 1 &#34;done&#34;`, `not yet reached`,
		`<title>1 Apr 2024: 130 students (2 of 3 partners)</title>`,
		`>Jan 2024<`, `>Jul<`, `>0<`, `>500<`,
		`>Actual<`, `>Projection<`, `>Milestone<`,
	} {
		if !strings.Contains(s, want) {
			t.Errorf("chart lacks %q", want)
		}
	}
	if n := strings.Count(s, `class="point"`); n != 12 {
		t.Errorf("%d points drawn, want 12", n)
	}
}

func TestProgressChartEdgeCases(t *testing.T) {
	tests := []struct {
		name    string
		data    ChartData
		want    []string
		notWant []string
	}{
		{"nothing", ChartData{}, []string{"No values reported yet"}, []string{`class="point"`, `>Actual<`}},
		{"one point", ChartData{Actual: monthlyPoints(1, func(int) float64 { return 7 })},
			[]string{`class="point"`, "One value: 7 on 1 Jan 2024."}, []string{`<polyline`}},
		{"120 points", ChartData{Actual: monthlyPoints(120, func(i int) float64 { return float64(i * i) })},
			[]string{`>2024<`, `>2030<`, `r="2.0"`}, []string{`>Jan<`}},
		{"negative", ChartData{Actual: monthlyPoints(6, func(i int) float64 { return -50 + 3*float64(i) }), Target: fp(0)},
			[]string{`>-50<`, `>0<`, `>Target 0<`}, nil},
		{"very large", ChartData{Actual: monthlyPoints(6, func(i int) float64 { return 2e9 * float64(i) }), Unit: "$"},
			[]string{`>10B<`, `10,000,000,000 $`}, []string{"e+"}},
		{"not numbers are skipped", ChartData{Actual: []ChartPoint{{At: jan2024, Value: math.NaN()}, {At: jan2024.AddDate(0, 1, 0), Value: 3}, {At: jan2024.AddDate(0, 2, 0), Value: math.Inf(1)}}},
			[]string{"One value"}, []string{"NaN", "Inf"}},
		{"percent", ChartData{Actual: monthlyPoints(3, func(i int) float64 { return 40.5 }), Unit: "%"},
			[]string{"40.5%"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := ProgressChart(tt.data, ChartOptions{})
			wellFormed(t, out)
			s := string(out)
			for _, w := range tt.want {
				if !strings.Contains(s, w) {
					t.Errorf("chart lacks %q", w)
				}
			}
			for _, w := range tt.notWant {
				if strings.Contains(s, w) {
					t.Errorf("chart has %q", w)
				}
			}
			if strings.Contains(s, "NaN") {
				t.Error("a coordinate is NaN")
			}
		})
	}
}

func TestSparkline(t *testing.T) {
	for _, vs := range [][]float64{nil, {5}, {5, 5, 5}, {1, -3, 1e9, math.NaN()}} {
		out := Sparkline(vs, 0, 0)
		wellFormed(t, out)
		s := string(out)
		if strings.Contains(s, "NaN") || !strings.Contains(s, `class="sparkline"`) {
			t.Errorf("sparkline of %v: %s", vs, s)
		}
		if len(vs) > 0 && !strings.Contains(s, "<circle") {
			t.Errorf("sparkline of %v lacks the last value", vs)
		}
	}
	if s := string(Sparkline([]float64{1, 2, 3}, 100, 20)); !strings.Contains(s, `points="3.0,17.0 50.0,10.0 97.0,3.0"`) || !strings.Contains(s, "latest 3") {
		t.Errorf("sparkline: %s", s)
	}
}

func TestNiceTicks(t *testing.T) {
	tests := []struct {
		lo, hi float64
		n      int
		want   []float64
	}{
		{0, 1000, 4, []float64{0, 250, 500, 750, 1000}},
		{0, 980, 5, []float64{0, 200, 400, 600, 800, 1000}},
		{13, 87, 5, []float64{0, 20, 40, 60, 80, 100}},
		{0.1, 0.7, 6, []float64{0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7}},
		{-37, 12, 5, []float64{-40, -30, -20, -10, 0, 10, 20}},
		{5, 5, 4, []float64{4.5, 4.75, 5, 5.25, 5.5}},
		{0, 0, 4, []float64{-1, -0.5, 0, 0.5, 1}},
		{0, 1.2e7, 5, []float64{0, 2.5e6, 5e6, 7.5e6, 1e7, 1.25e7}},
		{-2e6, 1.2e7, 6, []float64{-2.5e6, 0, 2.5e6, 5e6, 7.5e6, 1e7, 1.25e7}},
		{100, 0, 2, []float64{0, 50, 100}},
	}
	for _, tt := range tests {
		if got := NiceTicks(tt.lo, tt.hi, tt.n); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("NiceTicks(%v, %v, %d) = %v, want %v", tt.lo, tt.hi, tt.n, got, tt.want)
		}
	}
}

func TestTickLabel(t *testing.T) {
	tests := []struct {
		ticks []float64
		want  []string
	}{
		{[]float64{0, 250, 500, 750, 1000}, []string{"0", "250", "500", "750", "1000"}},
		{[]float64{0, 2500, 5000, 7500, 10000}, []string{"0", "2.5k", "5k", "7.5k", "10k"}},
		{[]float64{-2.5e6, 0, 2.5e6}, []string{"-2.5M", "0", "2.5M"}},
		{[]float64{0.1, 0.2, 0.3}, []string{"0.1", "0.2", "0.3"}},
		{[]float64{0, 2.5, 5}, []string{"0", "2.5", "5"}},
		{[]float64{0, 5e9, 1e10}, []string{"0", "5B", "10B"}},
	}
	for _, tt := range tests {
		for i, v := range tt.ticks {
			if got := TickLabel(v, tt.ticks[1]-tt.ticks[0], tt.ticks); got != tt.want[i] {
				t.Errorf("TickLabel(%v) in %v = %q, want %q", v, tt.ticks, got, tt.want[i])
			}
		}
	}
}

func TestTimeTicks(t *testing.T) {
	d := func(y int, m time.Month, day int) time.Time { return time.Date(y, m, day, 0, 0, 0, 0, time.UTC) }
	labels := func(ts []TimeTick) []string {
		var out []string
		for _, tk := range ts {
			out = append(out, tk.Label)
		}
		return out
	}
	tests := []struct {
		name     string
		from, to time.Time
		n        int
		want     []string
	}{
		{"months", d(2024, 1, 15), d(2024, 7, 1), 8, []string{"Feb 2024", "Mar", "Apr", "May", "Jun", "Jul"}},
		{"quarters across a year", d(2024, 1, 1), d(2025, 12, 31), 9, []string{"Jan 2024", "Apr", "Jul", "Oct", "Jan 2025", "Apr", "Jul", "Oct"}},
		{"years", d(2014, 1, 1), d(2024, 1, 1), 12, []string{"2014", "2015", "2016", "2017", "2018", "2019", "2020", "2021", "2022", "2023", "2024"}},
		{"every other year", d(2013, 6, 1), d(2024, 1, 1), 6, []string{"2014", "2016", "2018", "2020", "2022", "2024"}},
		{"five years", d(1990, 1, 1), d(2024, 1, 1), 8, []string{"1990", "1995", "2000", "2005", "2010", "2015", "2020"}},
		{"weeks", d(2024, 1, 1), d(2024, 2, 1), 6, []string{"1 Jan", "8 Jan", "15 Jan", "22 Jan", "29 Jan"}},
		{"days", d(2024, 1, 1), d(2024, 1, 4), 6, []string{"1 Jan", "2 Jan", "3 Jan", "4 Jan"}},
	}
	for _, tt := range tests {
		if got := labels(TimeTicks(tt.from, tt.to, tt.n)); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestFormatValue(t *testing.T) {
	for _, tt := range []struct {
		v    float64
		unit string
		want string
	}{
		{0, "", "0"}, {1234567.8, "people", "1,234,568 people"}, {-2000000, "", "-2,000,000"}, {999.5, "", "1000"},
		{12.345, "", "12.3"}, {0.05, "%", "0.05%"}, {-3.25, "", "-3.25"},
	} {
		if got := FormatValue(tt.v, tt.unit); got != tt.want {
			t.Errorf("FormatValue(%v, %q) = %q, want %q", tt.v, tt.unit, got, tt.want)
		}
	}
}

// legendOfFive is a chart whose legend has all five items.
func legendOfFive() ChartData {
	return ChartData{
		Actual: monthlyPoints(3, func(i int) float64 { return float64(i) }), Baseline: fp(0), Target: fp(10),
		Due:        jan2024.AddDate(1, 0, 0),
		Projection: &ChartProjection{From: jan2024.AddDate(0, 2, 0), FromValue: 2, To: jan2024.AddDate(1, 0, 0), ToValue: 12},
		Milestones: []ChartMilestone{{At: jan2024.AddDate(0, 6, 0), Value: 5}},
	}
}

func TestProgressChartNarrowLegendWraps(t *testing.T) {
	pic := ProgressPicture(legendOfFive(), ChartOptions{Width: 300, Height: 200})
	wellFormed(t, pic.SVG())
	rows := map[float64]bool{}
	in := false
	for _, m := range pic.Marks {
		switch {
		case m.Kind == MarkGroup:
			in = m.Class == "legend"
		case in && m.Kind == MarkText:
			rows[m.Points[0].Y] = true
		}
	}
	if len(rows) < 2 {
		t.Errorf("a 300-wide legend of five items is on %d row(s)", len(rows))
	}
}
