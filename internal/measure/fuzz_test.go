package measure

import (
	"errors"
	"math"
	"strings"
	"testing"
	"time"
)

// FuzzReadCSV feeds arbitrary bytes to the CSV reader and the row checks:
// they must never panic, and every refusal must be an ImportError that
// names the file and a row.
func FuzzReadCSV(f *testing.F) {
	for _, seed := range []string{
		"indicator,organization,period,value,note\nMeals,Pantry,2025-01,12,\n",
		"indicator,organization,period,value\nMeals,Pantry,2025-Q1,1\n",
		"\ufeffIndicator,Organization,Period,Value,Weight\n1,org-pantry,2025-01,\"1,234.5\",2\n",
		"indicator,organization,period,value\n\"unterminated,x,y,z\n",
		"indicator,indicator\n",
		"",
		"a,b\n1,2\n",
		"indicator,organization,period,value\nMeals,Pantry,2025-13,x\nMeals,Pantry,2025-01,1\nMeals,pantry,2025-01,2\n",
	} {
		f.Add(seed)
	}
	monthly := &Indicator{ID: 1, Name: "Meals", Frequency: Monthly, Aggregation: Sum, Reporters: []string{"org-pantry"}}
	quarterly := &Indicator{ID: 2, Name: "Rides", Frequency: Quarterly, Aggregation: Average, Reporters: []string{"org-clinic", "org-pantry"}}
	cat := &catalog{
		indicators: map[string]*Indicator{"meals": monthly, "1": monthly, "rides": quarterly, "2": quarterly},
		orgs:       map[string]string{"org-pantry": "org-pantry", "pantry": "org-pantry", "org-clinic": "org-clinic", "clinic": "org-clinic"},
		orgNames:   map[string]string{"org-pantry": "Pantry", "org-clinic": "Clinic"},
		now:        time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC),
	}
	f.Fuzz(func(t *testing.T, data string) {
		rows, err := readCSV(strings.NewReader(data), "fuzz.csv")
		if err == nil {
			var checked []importRow
			checked, err = cat.check(rows, "fuzz.csv")
			if err == nil {
				seen := map[rowKey]bool{}
				for _, r := range checked {
					k := rowKey{r.ind.ID, r.org, r.period}
					if seen[k] {
						t.Fatalf("duplicate row accepted: %+v", r)
					}
					seen[k] = true
					p, perr := ParsePeriodFor(r.ind.Frequency, r.period)
					if perr != nil {
						t.Fatalf("accepted period %q: %v", r.period, perr)
					}
					if p.Index() > PeriodOf(r.ind.Frequency, cat.now).Index() {
						t.Fatalf("accepted period %q, after the current one", r.period)
					}
					if math.IsNaN(r.value) || math.Abs(r.value) > MaxMagnitude || (r.ind.Aggregation == Sum && r.value < 0) {
						t.Fatalf("accepted value %v of %s", r.value, r.ind.Name)
					}
				}
				return
			}
		}
		var ie *ImportError
		if !errors.As(err, &ie) || ie.File != "fuzz.csv" || ie.Row < 1 {
			t.Fatalf("error %v is not an ImportError with a row", err)
		}
	})
}
