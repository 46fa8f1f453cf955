package account

import "strings"

// Quote puts a title someone wrote in quotation marks for a sentence of the
// audit log or the updates feed: “Meal referrals”. A title its author
// already put in quotation marks ("I have someone to talk to") is quoted
// once, not twice, and a quotation mark inside is left as written (Go's %q
// would escape it as \").
func Quote(title string) string {
	t := strings.TrimSpace(title)
	for _, pair := range [][2]string{{`"`, `"`}, {"“", "”"}, {"„", "“"}, {"«", "»"}, {"'", "'"}, {"‘", "’"}} {
		if len(t) > len(pair[0])+len(pair[1]) && strings.HasPrefix(t, pair[0]) && strings.HasSuffix(t, pair[1]) {
			t = strings.TrimSpace(t[len(pair[0]) : len(t)-len(pair[1])])
			break
		}
	}
	return "“" + t + "”"
}
