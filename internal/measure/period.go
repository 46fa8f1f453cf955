package measure

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Frequency is how often an indicator is reported.
type Frequency string

// The reporting frequencies.
const (
	Monthly    Frequency = "monthly"
	Quarterly  Frequency = "quarterly"
	Semiannual Frequency = "semiannual"
	Annual     Frequency = "annual"
)

// Frequencies lists the frequencies, most frequent first.
var Frequencies = []Frequency{Monthly, Quarterly, Semiannual, Annual}

// Valid reports whether f is a known frequency.
func (f Frequency) Valid() bool { return f.perYear() > 0 }

// perYear is how many periods of f make a year (0 for an unknown frequency).
func (f Frequency) perYear() int {
	switch f {
	case Monthly:
		return 12
	case Quarterly:
		return 4
	case Semiannual:
		return 2
	case Annual:
		return 1
	}
	return 0
}

// example is a period key of f, for messages.
func (f Frequency) example() string {
	switch f {
	case Monthly:
		return "2024-03"
	case Quarterly:
		return "2024-Q1"
	case Semiannual:
		return "2024-H1"
	}
	return "2024"
}

// Period is one reporting period: a month, a quarter, a half year or a year.
// Its key (String) sorts in time order among periods of one frequency.
type Period struct {
	Freq Frequency
	Year int
	N    int // the month (1–12), quarter (1–4) or half (1–2); 1 for a year
}

// String returns the canonical key: 2024-03, 2024-Q1, 2024-H1 or 2024.
func (p Period) String() string {
	switch p.Freq {
	case Monthly:
		return fmt.Sprintf("%04d-%02d", p.Year, p.N)
	case Quarterly:
		return fmt.Sprintf("%04d-Q%d", p.Year, p.N)
	case Semiannual:
		return fmt.Sprintf("%04d-H%d", p.Year, p.N)
	case Annual:
		return fmt.Sprintf("%04d", p.Year)
	}
	return ""
}

// IsZero reports whether p is the zero Period.
func (p Period) IsZero() bool { return p.Freq == "" }

// monthsPer is how many months one period of f spans.
func (f Frequency) monthsPer() int { return 12 / f.perYear() }

// Start returns the first instant of the period, in UTC.
func (p Period) Start() time.Time {
	return time.Date(p.Year, time.Month((p.N-1)*p.Freq.monthsPer()+1), 1, 0, 0, 0, 0, time.UTC)
}

// End returns the first instant after the period, in UTC.
func (p Period) End() time.Time { return p.Next().Start() }

// Next returns the period after p.
func (p Period) Next() Period { return p.Add(1) }

// Prev returns the period before p.
func (p Period) Prev() Period { return p.Add(-1) }

// Add returns the period n periods after p (before, for negative n).
func (p Period) Add(n int) Period {
	per := p.Freq.perYear()
	i := p.Year*per + (p.N - 1) + n
	y, r := i/per, i%per
	if r < 0 {
		y, r = y-1, r+per
	}
	return Period{Freq: p.Freq, Year: y, N: r + 1}
}

// Index is the number of periods since year 0, so that the distance between
// two periods of one frequency is a subtraction.
func (p Period) Index() int { return p.Year*p.Freq.perYear() + p.N - 1 }

// PeriodOf returns the period of frequency f that holds t (in UTC).
func PeriodOf(f Frequency, t time.Time) Period {
	t = t.UTC()
	m := int(t.Month())
	return Period{Freq: f, Year: t.Year(), N: (m-1)/f.monthsPer() + 1}
}

// LastClosed returns the newest period of frequency f that has ended by now.
func LastClosed(f Frequency, now time.Time) Period { return PeriodOf(f, now).Prev() }

// PeriodError says why a text is not a period.
type PeriodError struct {
	Text string
	Msg  string
}

func (e *PeriodError) Error() string { return e.Msg }

func periodErr(text, format string, args ...any) error {
	return &PeriodError{Text: text, Msg: fmt.Sprintf(format, args...)}
}

// ParsePeriod reads a period key of any frequency: 2024-03 (a month),
// 2024-Q1 (a quarter), 2024-H1 (a half year) or 2024 (a year). Lower-case
// q and h and surrounding spaces are accepted.
func ParsePeriod(s string) (Period, error) {
	text := strings.TrimSpace(s)
	if text == "" {
		return Period{}, periodErr(s, "a period is required (such as 2024-03, 2024-Q1, 2024-H1 or 2024)")
	}
	yearText, rest, hasRest := strings.Cut(text, "-")
	year, err := strconv.Atoi(yearText)
	if err != nil || len(yearText) != 4 || year < 1000 {
		return Period{}, periodErr(s, "%q is not a period: it must start with a four-digit year (such as 2024-03, 2024-Q1, 2024-H1 or 2024)", text)
	}
	if !hasRest {
		return Period{Freq: Annual, Year: year, N: 1}, nil
	}
	if rest == "" {
		return Period{}, periodErr(s, "%q is not a period: nothing follows the year", text)
	}
	freq, max, digits := Monthly, 12, rest
	switch rest[0] {
	case 'Q', 'q':
		freq, max, digits = Quarterly, 4, rest[1:]
	case 'H', 'h':
		freq, max, digits = Semiannual, 2, rest[1:]
	}
	n, err := strconv.Atoi(digits)
	if err != nil || digits == "" || digits[0] == '+' || digits[0] == '-' || (freq == Monthly && len(digits) != 2) || (freq != Monthly && len(digits) != 1) {
		return Period{}, periodErr(s, "%q is not a period (write a month as 2024-03, a quarter as 2024-Q1, a half year as 2024-H1, a year as 2024)", text)
	}
	if n < 1 || n > max {
		switch freq {
		case Monthly:
			return Period{}, periodErr(s, "%q is not a month: months run from 01 to 12", text)
		case Quarterly:
			return Period{}, periodErr(s, "%q is not a quarter: quarters run from Q1 to Q4", text)
		default:
			return Period{}, periodErr(s, "%q is not a half year: halves are H1 and H2", text)
		}
	}
	return Period{Freq: freq, Year: year, N: n}, nil
}

// ParsePeriodFor reads a period that must be of frequency f: a monthly
// indicator given a quarter is refused, naming the frequency it needs.
func ParsePeriodFor(f Frequency, s string) (Period, error) {
	p, err := ParsePeriod(s)
	if err != nil {
		return p, err
	}
	if p.Freq != f {
		return Period{}, periodErr(s, "%q is %s, but this indicator is reported %s (write periods like %s)",
			strings.TrimSpace(s), p.Freq.noun(), f, f.example())
	}
	return p, nil
}

// noun names one period of f.
func (f Frequency) noun() string {
	switch f {
	case Monthly:
		return "a month"
	case Quarterly:
		return "a quarter"
	case Semiannual:
		return "a half year"
	}
	return "a year"
}

// PeriodLabel names a period key for people: "Nov 2026", "Q3 2026",
// "H1 2026" or "2026". A string that is not a period key is returned as
// it is.
func PeriodLabel(key string) string {
	p, err := ParsePeriod(key)
	if err != nil {
		return key
	}
	switch p.Freq {
	case Monthly:
		return p.Start().Format("Jan 2006")
	case Quarterly:
		return fmt.Sprintf("Q%d %d", p.N, p.Year)
	case Semiannual:
		return fmt.Sprintf("H%d %d", p.N, p.Year)
	}
	return fmt.Sprint(p.Year)
}
