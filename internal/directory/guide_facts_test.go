package directory_test

import (
	"testing"

	"backbone/internal/directory"
)

// TestGuideFactsEligibility: the printed guide says "None" as no
// requirements, as the service page does, and keeps a real rule as written.
func TestGuideFactsEligibility(t *testing.T) {
	for in, want := range map[string]string{
		"None":                          "Anyone: no requirements",
		" N/A. ":                        "Anyone: no requirements",
		"No restrictions":               "Anyone: no requirements",
		"Residents of San Mateo County": "Residents of San Mateo County",
	} {
		var got string
		for _, f := range (directory.GuideService{Eligibility: in}).Facts() {
			if f.Label == "Who can use it" {
				got = f.Text
			}
		}
		if got != want {
			t.Errorf("eligibility %q printed as %q, want %q", in, got, want)
		}
	}
}
