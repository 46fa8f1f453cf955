package directory

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"
)

// What a person writes when adding or editing a service, and the checks it
// passes before anything is stored.

// ServiceStatuses are the statuses HSDS gives a service.
var ServiceStatuses = []string{"active", "inactive", "defunct", "temporarily closed"}

// Weekdays are the RFC 5545 day codes HSDS schedules use, Monday first.
var Weekdays = []string{"MO", "TU", "WE", "TH", "FR", "SA", "SU"}

// CommonLanguages are offered as checkboxes on the service form; any other
// language can be written in.
var CommonLanguages = []string{"English", "Spanish", "Chinese", "Vietnamese", "Tagalog", "Arabic", "Korean",
	"Russian", "French", "Haitian Creole", "Portuguese", "American Sign Language"}

// languageCodes are the ISO 639 codes of the common languages, which the
// search's language filter also matches.
var languageCodes = map[string]string{
	"english":                "en",
	"spanish":                "es",
	"chinese":                "zh",
	"vietnamese":             "vi",
	"tagalog":                "tl",
	"arabic":                 "ar",
	"korean":                 "ko",
	"russian":                "ru",
	"french":                 "fr",
	"haitian creole":         "ht",
	"portuguese":             "pt",
	"american sign language": "ase",
}

// ServiceInput is what a person writes when adding or editing a service,
// with the lists that belong to it, each saved as a whole.
type ServiceInput struct {
	Name                   string          `json:"name"`
	AlternateName          string          `json:"alternate_name"`
	Description            string          `json:"description"`
	URL                    string          `json:"url"`
	Email                  string          `json:"email"`
	Status                 string          `json:"status"`
	InterpretationServices string          `json:"interpretation_services"`
	ApplicationProcess     string          `json:"application_process"`
	FeesDescription        string          `json:"fees_description"`
	WaitTime               string          `json:"wait_time"`
	EligibilityDescription string          `json:"eligibility_description"`
	MinimumAge             *float64        `json:"minimum_age"`
	MaximumAge             *float64        `json:"maximum_age"`
	Languages              []string        `json:"languages"`
	ServiceAreas           []string        `json:"service_areas"`
	TaxonomyTermIDs        []string        `json:"taxonomy_term_ids"`
	LocationIDs            []string        `json:"location_ids"`
	Phones                 []PhoneInput    `json:"phones"`
	Schedules              []ScheduleInput `json:"schedules"`
}

// ScheduleInput is one row of opening hours: the days it holds for and the
// times the service opens and closes (HH:MM, 24-hour; a closing time before
// the opening one runs past midnight).
type ScheduleInput struct {
	Days     []string `json:"days"`
	OpensAt  string   `json:"opens_at"`
	ClosesAt string   `json:"closes_at"`
}

// Normalize trims the input and checks it, returning every problem at once,
// field by field; rows of a list are named by their place in it, such as
// schedules[1].opens_at.
func (in *ServiceInput) Normalize() error {
	var c fieldCheck
	trimAll(&in.Name, &in.AlternateName, &in.Description, &in.URL, &in.Email, &in.Status, &in.InterpretationServices,
		&in.ApplicationProcess, &in.FeesDescription, &in.WaitTime, &in.EligibilityDescription)
	if in.Name == "" {
		c.Add("name", "is required")
	}
	c.tooLong("name", in.Name, maxName)
	c.tooLong("alternate_name", in.AlternateName, maxName)
	for _, f := range []struct {
		name, value string
		max         int
	}{{"description", in.Description, maxDescription}, {"interpretation_services", in.InterpretationServices, maxMission},
		{"application_process", in.ApplicationProcess, maxMission}, {"fees_description", in.FeesDescription, maxMission},
		{"wait_time", in.WaitTime, maxShort}, {"eligibility_description", in.EligibilityDescription, maxMission},
		{"email", in.Email, maxShort}, {"url", in.URL, maxURL}} {
		c.tooLong(f.name, f.value, f.max)
	}
	in.Status = strings.ToLower(in.Status)
	if in.Status == "" {
		in.Status = "active"
	}
	if !slices.Contains(ServiceStatuses, in.Status) {
		c.Add("status", "must be one of "+strings.Join(ServiceStatuses, ", "))
	}
	if in.Email != "" && !looksLikeEmail(in.Email) {
		c.Add("email", "must be an email address like intake@example.org")
	}
	if in.URL != "" {
		if !strings.Contains(in.URL, "://") {
			in.URL = "https://" + in.URL
		}
		u, err := url.Parse(in.URL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || !strings.Contains(u.Host, ".") {
			c.Add("url", "must be a web address like https://example.org/meals")
		}
	}
	for _, age := range []struct {
		field string
		v     *float64
	}{{"minimum_age", in.MinimumAge}, {"maximum_age", in.MaximumAge}} {
		if age.v != nil && !(*age.v >= 0 && *age.v <= 130) { // NaN too
			c.Add(age.field, "must be an age between 0 and 130")
		}
	}
	if in.MinimumAge != nil && in.MaximumAge != nil && *in.MinimumAge > *in.MaximumAge {
		c.Add("maximum_age", "must not be below the minimum age")
	}
	in.Languages = distinctText(&c, "languages", in.Languages, 100)
	in.ServiceAreas = distinctText(&c, "service_areas", in.ServiceAreas, maxName)
	in.TaxonomyTermIDs = distinctText(&c, "taxonomy_term_ids", in.TaxonomyTermIDs, maxShort)
	in.LocationIDs = distinctText(&c, "location_ids", in.LocationIDs, maxShort)
	in.Phones = normalizePhones(&c, in.Phones)
	in.Schedules = normalizeSchedules(&c, in.Schedules)
	return c.OrNil()
}

// distinctText trims a list, dropping blanks and repeats (in any case).
func distinctText(c *fieldCheck, field string, list []string, max int) []string {
	out := []string{}
	seen := map[string]bool{}
	for _, s := range list {
		s = strings.TrimSpace(s)
		if s == "" || seen[strings.ToLower(s)] {
			continue
		}
		seen[strings.ToLower(s)] = true
		c.tooLong(field, s, max)
		out = append(out, s)
	}
	return out
}

// normalizeSchedules drops rows with neither days nor times (a form's
// spare rows), writes days as MO..SU and times as HH:MM.
func normalizeSchedules(c *fieldCheck, rows []ScheduleInput) []ScheduleInput {
	out := []ScheduleInput{}
	for i, r := range rows {
		trimAll(&r.OpensAt, &r.ClosesAt)
		var days []string
		for _, d := range r.Days {
			if d = strings.TrimSpace(d); d == "" {
				continue
			}
			code := dayCode(d)
			if code == "" {
				c.Add(
					fmt.Sprintf("schedules[%d].days", i),
					fmt.Sprintf("%q is not a day; use MO, TU, WE, TH, FR, SA or SU", d),
				)
				continue
			}
			if !slices.Contains(days, code) {
				days = append(days, code)
			}
		}
		if len(days) == 0 && r.OpensAt == "" && r.ClosesAt == "" {
			continue
		}
		slices.SortFunc(days, func(a, b string) int { return slices.Index(Weekdays, a) - slices.Index(Weekdays, b) })
		at := fmt.Sprintf("schedules[%d].", i)
		if len(days) == 0 {
			c.Add(at+"days", "needs at least one day")
		}
		for _, t := range []struct {
			field string
			value *string
		}{{"opens_at", &r.OpensAt}, {"closes_at", &r.ClosesAt}} {
			if *t.value == "" {
				c.Add(at+t.field, "is required: a time such as 09:00")
				continue
			}
			parsed, err := time.Parse("15:04", *t.value)
			if err != nil {
				c.Add(at+t.field, "must be a time such as 09:00 or 17:30 (24-hour)")
				continue
			}
			*t.value = parsed.Format("15:04")
		}
		if r.OpensAt != "" && r.OpensAt == r.ClosesAt {
			c.Add(at+"closes_at", "must differ from the opening time")
		}
		out = append(out, ScheduleInput{Days: days, OpensAt: r.OpensAt, ClosesAt: r.ClosesAt})
	}
	return out
}

// dayCode reads a day as a code (MO) or a name (Monday, mon), or returns "".
func dayCode(d string) string {
	d = strings.ToUpper(d)
	for _, code := range Weekdays {
		if d == code {
			return code
		}
	}
	for i, name := range []string{"MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY"} {
		if len(d) >= 3 && strings.HasPrefix(name, d) {
			return Weekdays[i]
		}
	}
	return ""
}

// weekdayCodes returns the RFC 5545 codes of the days a schedule's byday
// names (codes or names, as dayCode reads them), each once, Monday first;
// none for days of a month ("1MO") or nothing readable.
func weekdayCodes(days []string) []string {
	var codes []string
	for _, d := range days {
		if code := dayCode(strings.TrimSpace(d)); code != "" && !slices.Contains(codes, code) {
			codes = append(codes, code)
		}
	}
	slices.SortFunc(codes, func(a, b string) int { return slices.Index(Weekdays, a) - slices.Index(Weekdays, b) })
	return codes
}
