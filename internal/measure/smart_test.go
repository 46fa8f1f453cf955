package measure

import (
	"strings"
	"testing"
	"time"
)

func num(v float64) *float64 { return &v }

// monthly is n monthly points starting at day0, the first v0, each step d.
func monthly(n int, v0, d float64) []Point {
	ps := make([]Point, n)
	for i := range ps {
		ps[i] = Point{At: day0.AddDate(0, i, 0), Value: v0 + float64(i)*d}
	}
	return ps
}

func TestCheckSMART(t *testing.T) {
	// A complete goal: from 100 to 130 in three years, 10 a year.
	good := GoalDraft{
		Statement: "More third graders read at grade level", Indicator: "Third-grade reading proficiency",
		Baseline: num(100), Target: num(130), Unit: "students",
		Starts: day0, Due: day0.AddDate(3, 0, 0), AgendaItem: "Early literacy", HigherIsBetter: true,
	}
	with := func(f func(*GoalDraft)) GoalDraft { g := good; f(&g); return g }
	rising := monthly(36, 50, 1) // 12 a year
	flatThenRising := monthly(25, 0, 0)
	for i := 13; i < 25; i++ {
		flatThenRising[i].Value = float64(i-12) * 2.5
	}
	tests := []struct {
		name    string
		goal    GoalDraft
		history []Point
		letters string // the letters of the findings, in order
		want    string // a phrase of one finding
		unsure  bool   // whether the A finding is undecided
	}{
		{"SMART", good, rising, "", "", false},
		{"no indicator", with(func(g *GoalDraft) { g.Indicator = " " }), rising, "S", "choose the indicator", false},
		{"nothing at all", GoalDraft{}, nil, "SMART", "write what the goal is", true},
		{"no target", with(func(g *GoalDraft) { g.Target = nil }), rising, "MA", "give a target.", true},
		{"no unit", with(func(g *GoalDraft) { g.Unit = "" }), rising, "M", "give a unit.", false},
		{"no target nor unit", with(func(g *GoalDraft) { g.Target, g.Unit = nil, "" }), rising, "MA", "a target and a unit", true},
		{"no agenda item", with(func(g *GoalDraft) { g.AgendaItem = "" }), rising, "R", "common agenda", false},
		{"no due date", with(func(g *GoalDraft) { g.Due = time.Time{} }), rising, "AT", "give a due date", true},
		{"due before start", with(func(g *GoalDraft) { g.Due = day0.AddDate(-1, 0, 0) }), rising, "AT", "after the start", true},
		{"too little history", good, rising[:2], "A", "Not enough history to judge", true},
		{"no history", good, nil, "A", "at least 3 past values", true},
		// 10 a year needed, 12 a year seen: fine; 40 a year is more than
		// three times 12.
		{"needs 3.3 times the best change", with(func(g *GoalDraft) { g.Target = num(220) }), rising, "A", "a change of 40 students a year, more than 3 times", false},
		{"needs 3 times the best change", with(func(g *GoalDraft) { g.Target = num(206) }), rising, "", "", false},
		{"history goes the other way", good, monthly(24, 80, -0.5), "A", "moved the other way (-6 students a year)", false},
		{"flat history", good, monthly(24, 80, 0), "A", "best yearly change in the history (0 students)", false},
		{"lower is better, achievable", with(func(g *GoalDraft) { g.Target, g.HigherIsBetter = num(70), false }), monthly(24, 80, -1), "", "", false},
		{"lower is better, history rising", with(func(g *GoalDraft) { g.Target, g.HigherIsBetter = num(70), false }), rising, "A", "moved the other way (+12 students a year)", false},
		{"asks to hold ground", with(func(g *GoalDraft) { g.Target = num(100) }), monthly(24, 80, -1), "", "", false},
		// Under a year of history: the trend is the best change.
		{"short history judged by trend", with(func(g *GoalDraft) { g.Target = num(220) }), monthly(5, 0, 1), "A", "(12.1 students)", false},
		// Flat for a year, then 30 in the next: 60 a year is within three
		// times the best year, though not three times the average.
		{"best year counts, not the average", with(func(g *GoalDraft) { g.Target = num(280) }), flatThenRising, "", "", false},
		{"percent unit", with(func(g *GoalDraft) { g.Target, g.Unit = num(220), "%" }), rising, "A", "40% a year", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := CheckSMART(tt.goal, tt.history)
			var letters strings.Builder
			found := tt.want == ""
			for _, f := range got {
				letters.WriteString(f.Letter)
				if strings.Contains(f.Message, tt.want) {
					found = true
				}
				if f.Letter == "A" && f.Undecided != tt.unsure {
					t.Errorf("A undecided %v: %s", f.Undecided, f.Message)
				}
				if !strings.HasPrefix(f.Criterion, map[string]string{"S": "Spec", "M": "Meas", "A": "Achi", "R": "Rele", "T": "Time"}[f.Letter]) {
					t.Errorf("letter %s with criterion %s", f.Letter, f.Criterion)
				}
			}
			if letters.String() != tt.letters {
				t.Errorf("letters %q, want %q: %+v", letters.String(), tt.letters, got)
			}
			if !found {
				t.Errorf("no finding says %q: %+v", tt.want, got)
			}
		})
	}
}

func TestFormatNumber(t *testing.T) {
	for v, want := range map[float64]string{0: "0", 1234.6: "1235", 12.345: "12.3", 0.012345: "0.0123", -6: "-6", 40: "40", 1.5: "1.5"} {
		if got := formatNumber(v); got != want {
			t.Errorf("formatNumber(%v) = %q, want %q", v, got, want)
		}
	}
}
