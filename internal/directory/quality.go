package directory

import (
	"strconv"
	"strings"

	"golang.org/x/text/language"
)

// The data-quality checks: what a steward should look at in a directory
// that HSDS itself accepts. They never refuse a file; QualityReport lists
// what they find. Each is a plain function of the values it judges.

// The kinds of data-quality problem, as the report and the API name them.
const (
	QualityEmptyRequired   = "empty_required"
	QualityHoursReversed   = "closes_before_opens"
	QualityNoCoordinates   = "no_coordinates"
	QualityPhoneNotNumber  = "phone_not_number"
	QualityNameCollision   = "name_collision"
	QualityUnknownLanguage = "unknown_language"
)

// QualityKinds lists the kinds in the order the report shows them, with
// what each means to a steward.
var QualityKinds = []struct{ Kind, Label string }{
	{QualityEmptyRequired, "Required text left empty"},
	{QualityHoursReversed, "Hours that close before they open"},
	{QualityNoCoordinates, "Physical addresses without exact coordinates"},
	{QualityPhoneNotNumber, "Phones that are not a number"},
	{QualityNameCollision, "Organization names that collide"},
	{QualityUnknownLanguage, "Unknown language codes"},
}

// ParseClock reads a time of day as HSDS files write it ("09:00",
// "9:00", "09:00:00", "09:00:00Z", "09:00:00-07:00", "9:00 AM", "3 pm",
// "0900") and returns the minutes after midnight; ok is false for anything
// else.
func ParseClock(s string) (minutes int, ok bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	half := ""
	for _, suffix := range []string{"a.m.", "p.m.", "am", "pm"} {
		if strings.HasSuffix(s, suffix) {
			half, s = suffix[:1], strings.TrimSpace(strings.TrimSuffix(s, suffix))
			break
		}
	}
	// A zone after the seconds ("Z", "+02:00", "-07:00") does not move the
	// clock face a person reads.
	if i := strings.IndexAny(s, "z+"); i > 0 {
		s = s[:i]
	} else if i := strings.LastIndexByte(s, '-'); i > 0 {
		s = s[:i]
	}
	var parts []string
	switch {
	case strings.Contains(s, ":"):
		parts = strings.Split(s, ":")
	case len(s) == 4 && half == "":
		parts = []string{s[:2], s[2:]}
	default:
		parts = []string{s, "0"}
	}
	if len(parts) > 3 || len(parts[0]) == 0 || len(parts[0]) > 2 || parts[1] != "0" && len(parts[1]) != 2 ||
		len(parts) == 3 && len(parts[2]) != 2 {
		return 0, false
	}
	var nums [3]int
	for i, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 || strings.HasPrefix(p, "+") {
			return 0, false
		}
		nums[i] = n
	}
	h, m := nums[0], nums[1]
	if m > 59 || nums[2] > 59 {
		return 0, false
	}
	switch half {
	case "":
		if h > 24 || h == 24 && m > 0 {
			return 0, false
		}
	default:
		if h < 1 || h > 12 {
			return 0, false
		}
		h %= 12
		if half == "p" {
			h += 12
		}
	}
	return h*60 + m, true
}

// HoursReversed reports whether hours that open at opens and close at
// closes close before they open by a slip of the clock, such as
// "09:00–03:00" meant for 3 pm. Hours that open in the afternoon or
// evening and close by noon run overnight (a shelter's "20:00–08:00") and
// are not reversed; times that cannot be read are not judged here.
func HoursReversed(opens, closes string) bool {
	o, ok1 := ParseClock(opens)
	c, ok2 := ParseClock(closes)
	if !ok1 || !ok2 || c >= o {
		return false
	}
	overnight := o >= 12*60 && c <= 12*60
	return !overnight
}

// PhoneIsNumber reports whether s reads as a phone number: 3 to 15
// digits (211 and 911 are numbers) with the separators people write
// (spaces, dashes, dots, brackets, a leading +), perhaps letters of a
// vanity number ("1-800-FLOWERS"), and perhaps an extension ("x12",
// "ext. 12"). Words such as "call the front desk" are not a number.
func PhoneIsNumber(s string) bool {
	s = strings.TrimSpace(s)
	s = strings.TrimPrefix(strings.TrimPrefix(s, "tel:"), "TEL:")
	// Lower-cased byte for byte (strings.ToLower may change the length of
	// text that is not UTF-8), so that an index in lower is one in s.
	lower := strings.Map(func(r rune) rune {
		if r >= 'A' && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	}, s)
	if len(lower) != len(s) {
		return false
	}
	for _, ext := range []string{" extension ", " ext. ", " ext ", " ext.", " x ", " x", "x", "#"} {
		if i := strings.LastIndex(lower, ext); i > 0 && allDigits(strings.TrimSpace(lower[i+len(ext):])) {
			s = s[:i]
			break
		}
	}
	digits, letters := 0, 0
	for i, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r >= 'A' && r <= 'Z':
			letters++
		case r == '+' && i == 0:
		case r == ' ' || r == '-' || r == '.' || r == '(' || r == ')' || r == '/':
		default:
			return false
		}
	}
	if letters > 0 {
		// A vanity number spells part of a number that starts with digits.
		return digits >= 4 && digits+letters >= 7 && digits+letters <= 15
	}
	return digits >= 3 && digits <= 15
}

func allDigits(s string) bool {
	if s == "" || len(s) > 6 {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// LanguageKnown reports whether code is a language code a computer can
// read: an ISO 639 code or a BCP 47 tag ("es", "spa", "zh-Hant"). An
// empty code is not judged (a language may be named only).
func LanguageKnown(code string) bool {
	code = strings.TrimSpace(code)
	if code == "" {
		return true
	}
	_, err := language.Parse(code)
	return err == nil
}

// NoRequirements reports whether an eligibility text says that anyone
// may use a service ("None", "N/A", "No restrictions"), which a page
// says as "no requirements" rather than "Who can use it: None".
func NoRequirements(eligibility string) bool {
	s := strings.ToLower(strings.TrimSpace(strings.TrimRight(strings.TrimSpace(eligibility), ".!")))
	switch s {
	case "none", "n/a", "na", "no restrictions", "no restriction", "no requirements", "no requirement",
		"no eligibility requirements", "open to all", "anyone", "everyone", "nil", "-":
		return true
	}
	return false
}
