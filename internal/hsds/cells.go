package hsds

import (
	"strings"
	"time"
)

// Reading what the older formats (Ohana's CSV, HSDS 1.x and 2.0) write
// alike: lists in one cell, days of the week, dates and times as people
// write them, and the accepted payment methods that HSDS 3.0 has no field
// for.

// cellList splits a cell that holds a comma-separated list.
func cellList(s string) []string {
	var out []string
	for _, part := range strings.Split(s, ",") {
		if p := strings.TrimSpace(part); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// weekdays are the RFC 5545 codes of the days of the week, by name.
var weekdays = map[string]string{"monday": "MO", "tuesday": "TU", "wednesday": "WE", "thursday": "TH", "friday": "FR",
	"saturday": "SA", "sunday": "SU"}

// ohanaDate reads the date forms Ohana's data uses into YYYY-MM-DD, or ""
// for one that is not a plausible day.
func ohanaDate(s string) string {
	layouts := []string{"01/02/2006", "1/2/2006", "01/02/06", "1/2/06", "January 02, 2006", "January 2, 2006", "2006-01-02"}
	for _, layout := range layouts {
		if t, err := time.Parse(layout, strings.TrimSpace(s)); err == nil && t.Year() >= 1900 {
			return t.Format("2006-01-02")
		}
	}
	return ""
}

// clockOf reads a time of day written as older directories write it
// ("09:30", "9:30:00", "3pm", "3:30 p.m.") as HH:MM.
func clockOf(v string) (string, bool) {
	compact := strings.ToLower(strings.ReplaceAll(strings.ReplaceAll(v, " ", ""), ".", ""))
	for _, layout := range []string{"15:04", "15:04:05", "3pm", "3:04pm"} {
		if t, err := time.Parse(layout, compact); err == nil {
			return t.Format("15:04"), true
		}
	}
	return "", false
}

// paymentTaxonomyID is the taxonomy that the older formats' accepted
// payment methods (HSDS 2.0's payment_accepted table, Ohana's
// accepted_payments) become terms of: HSDS 3.0 has no field for them.
var paymentTaxonomyID = LegacyID("taxonomy", "payment_accepted")

// paymentTerm is the id of the term of a payment method, one whatever its
// case (known holds those made, by lower case); add makes the taxonomy
// and the term the first time each is needed.
func paymentTerm(known map[string]string, method string, add func(table, id string, values map[string]string)) string {
	key := strings.ToLower(method)
	if term, ok := known[key]; ok {
		return term
	}
	if len(known) == 0 {
		add("taxonomy", paymentTaxonomyID, map[string]string{"name": "Payment accepted",
			"description": "The methods of payment that services accept, from an older directory format " +
				"(HSDS 3.0 has no field for them)."})
	}
	term := LegacyID("payment_accepted_term", key)
	known[key] = term
	add("taxonomy_term", term, map[string]string{"name": method, "description": method, "taxonomy": "Payment accepted",
		"taxonomy_id": paymentTaxonomyID})
	return term
}
