package measure_test

import (
	"strings"
	"testing"
	"time"

	"backbone/internal/measure"
)

func TestParsePeriod(t *testing.T) {
	cases := []struct {
		in      string
		want    string
		freq    measure.Frequency
		errWant string // a part of the error, "" for none
	}{
		{"2024-03", "2024-03", measure.Monthly, ""},
		{" 2024-12 ", "2024-12", measure.Monthly, ""},
		{"2024-01", "2024-01", measure.Monthly, ""},
		{"2024-Q1", "2024-Q1", measure.Quarterly, ""},
		{"2024-q4", "2024-Q4", measure.Quarterly, ""},
		{"2024-H2", "2024-H2", measure.Semiannual, ""},
		{"2024", "2024", measure.Annual, ""},
		{"2024-13", "", "", "not a month"},
		{"2024-00", "", "", "not a month"},
		{"2024-3", "", "", "not a period"},
		{"2024-Q5", "", "", "not a quarter"},
		{"2024-Q0", "", "", "not a quarter"},
		{"2024-H3", "", "", "not a half year"},
		{"2024-Q", "", "", "not a period"},
		{"2024-", "", "", "nothing follows"},
		{"24-03", "", "", "four-digit year"},
		{"", "", "", "required"},
		{"March 2024", "", "", "four-digit year"},
		{"2024-+3", "", "", "not a period"},
		{"2024-Q+1", "", "", "not a period"},
		{"2024-03-01", "", "", "not a period"},
	}
	for _, c := range cases {
		t.Run(c.in, func(t *testing.T) {
			p, err := measure.ParsePeriod(c.in)
			if c.errWant != "" {
				if err == nil || !strings.Contains(err.Error(), c.errWant) {
					t.Fatalf("ParsePeriod(%q) = %v, %v; want an error with %q", c.in, p, err, c.errWant)
				}
				return
			}
			if err != nil || p.String() != c.want || p.Freq != c.freq {
				t.Fatalf("ParsePeriod(%q) = %v (%s), %v; want %s (%s)", c.in, p, p.Freq, err, c.want, c.freq)
			}
		})
	}
}

func TestParsePeriodFor(t *testing.T) {
	cases := []struct {
		freq    measure.Frequency
		in      string
		errWant string
	}{
		{measure.Monthly, "2024-03", ""},
		{measure.Monthly, "2024-Q1", "reported monthly"},
		{measure.Quarterly, "2024-03", "reported quarterly"},
		{measure.Semiannual, "2024", "reported semiannual"},
		{measure.Annual, "2024-H1", "reported annual"},
		{measure.Annual, "2024", ""},
		{measure.Monthly, "2024-13", "not a month"},
	}
	for _, c := range cases {
		_, err := measure.ParsePeriodFor(c.freq, c.in)
		if (c.errWant == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), c.errWant)) {
			t.Errorf("ParsePeriodFor(%s, %q) = %v; want %q", c.freq, c.in, err, c.errWant)
		}
	}
}

func TestPeriodArithmetic(t *testing.T) {
	mustParse := func(s string) measure.Period {
		p, err := measure.ParsePeriod(s)
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	cases := []struct {
		from  string
		n     int
		want  string
		start string // of from
		end   string
	}{
		{"2024-12", 1, "2025-01", "2024-12-01", "2025-01-01"},
		{"2024-01", -1, "2023-12", "2024-01-01", "2024-02-01"},
		{"2024-01", -25, "2021-12", "2024-01-01", "2024-02-01"},
		{"2024-Q4", 1, "2025-Q1", "2024-10-01", "2025-01-01"},
		{"2024-Q1", -5, "2022-Q4", "2024-01-01", "2024-04-01"},
		{"2024-H2", 1, "2025-H1", "2024-07-01", "2025-01-01"},
		{"2024-H1", -1, "2023-H2", "2024-01-01", "2024-07-01"},
		{"2024", 3, "2027", "2024-01-01", "2025-01-01"},
	}
	for _, c := range cases {
		p := mustParse(c.from)
		if got := p.Add(c.n).String(); got != c.want {
			t.Errorf("%s + %d = %s, want %s", c.from, c.n, got, c.want)
		}
		if got := p.Start().Format(time.DateOnly); got != c.start {
			t.Errorf("%s starts %s, want %s", c.from, got, c.start)
		}
		if got := p.End().Format(time.DateOnly); got != c.end {
			t.Errorf("%s ends %s, want %s", c.from, got, c.end)
		}
		if p.Add(c.n).Index()-p.Index() != c.n {
			t.Errorf("%s: index distance is not %d", c.from, c.n)
		}
	}
	now := time.Date(2025, 5, 14, 10, 0, 0, 0, time.UTC)
	for f, want := range map[measure.Frequency][2]string{
		measure.Monthly: {"2025-05", "2025-04"}, measure.Quarterly: {"2025-Q2", "2025-Q1"},
		measure.Semiannual: {"2025-H1", "2024-H2"}, measure.Annual: {"2025", "2024"},
	} {
		if got := measure.PeriodOf(f, now).String(); got != want[0] {
			t.Errorf("PeriodOf(%s) = %s, want %s", f, got, want[0])
		}
		if got := measure.LastClosed(f, now).String(); got != want[1] {
			t.Errorf("LastClosed(%s) = %s, want %s", f, got, want[1])
		}
	}
}

func TestFormatNumber(t *testing.T) {
	for in, want := range map[float64]string{10000: "10,000", 2.5: "2.5", -1234567.891: "-1,234,567.89", 0: "0", 999: "999", 1000: "1,000", -0.001: "0"} {
		if got := measure.FormatNumber(in); got != want {
			t.Errorf("FormatNumber(%v) = %q, want %q", in, got, want)
		}
	}
}
