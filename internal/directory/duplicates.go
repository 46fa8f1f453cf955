package directory

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"unicode"

	"backbone/internal/account"
	"backbone/internal/errs"
)

// Evidence is one reason two organizations are probably the same: what kind
// (name, phone, address, website) and the value they share, as read.
type Evidence struct {
	Kind  string `json:"kind"`
	Value string `json:"value"`
}

// OrganizationRef names an organization in a list.
type OrganizationRef struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// DuplicatePair is two organizations that are probably the same, with the
// evidence and a score (higher is more certain).
type DuplicatePair struct {
	A        OrganizationRef `json:"a"`
	B        OrganizationRef `json:"b"`
	Evidence []Evidence      `json:"evidence"`
	Score    int             `json:"score"`
}

// evidenceWeights rank the evidence: a name that differs only in case,
// punctuation or legal suffix is the surest sign, then a website's domain
// and a phone, then an address (agencies share buildings).
var evidenceWeights = map[string]int{"name": 4, "website": 3, "phone": 3, "address": 2}

// maxShared is how many organizations may share a phone, an address or a
// website before the value stops being evidence: a county switchboard, a
// community centre that houses thirty agencies, a shared hosting site.
const maxShared = 8

// legalSuffixes are the words a name may end with (or, for "the", start
// with) without naming another organization.
var legalSuffixes = []string{"inc", "incorporated", "llc", "l l c", "corp", "corporation", "co", "company",
	"ltd", "limited", "lp", "llp", "pllc", "pc", "plc", "nfp", "npo"}

// NameKey is an organization's name for comparison: letters and digits in
// lower case, "&" read as "and", without a leading "the" or a trailing legal
// suffix (Inc, LLC, Corp., ...).
func NameKey(name string) string {
	words := wordsOf(strings.ReplaceAll(strings.ToLower(name), "&", " and "))
	if len(words) > 1 && words[0] == "the" {
		words = words[1:]
	}
	for len(words) > 1 {
		joined := strings.Join(words, " ")
		trimmed := false
		for _, s := range legalSuffixes {
			if strings.HasSuffix(joined, " "+s) {
				words = wordsOf(strings.TrimSuffix(joined, " "+s))
				trimmed = true
				break
			}
		}
		if !trimmed {
			break
		}
	}
	return strings.Join(words, " ")
}

var apostrophes = strings.NewReplacer("'", "", "’", "")

// wordsOf splits text into its runs of letters and digits; an apostrophe
// joins (St. Mary's → st marys).
func wordsOf(s string) []string {
	s = apostrophes.Replace(s)
	return strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// PhoneKey is a phone number's digits, without a leading country code 1 for
// a North American number; "" for fewer than seven digits.
func PhoneKey(number string) string {
	var b strings.Builder
	for _, r := range number {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	d := b.String()
	if len(d) == 11 && d[0] == '1' {
		d = d[1:]
	}
	if len(d) < 7 {
		return ""
	}
	return d
}

var streetWords = map[string]string{"street": "st", "avenue": "ave", "road": "rd", "boulevard": "blvd",
	"drive": "dr", "lane": "ln", "court": "ct", "place": "pl", "suite": "ste", "north": "n", "south": "s",
	"east": "e", "west": "w", "highway": "hwy", "parkway": "pkwy"}

// AddressKey is a street address for comparison: its words with the usual
// abbreviations (Street → st), and the first five characters of the postal
// code, or the city when there is none; "" without a street.
func AddressKey(street, city, postal string) string {
	words := wordsOf(strings.ToLower(street))
	if len(words) == 0 {
		return ""
	}
	for i, w := range words {
		if short, ok := streetWords[w]; ok {
			words[i] = short
		}
	}
	s := strings.Join(words, " ")
	place := strings.ToLower(strings.TrimSpace(postal))
	if len(place) > 5 {
		place = place[:5]
	}
	if place == "" {
		place = strings.Join(wordsOf(strings.ToLower(city)), " ")
	}
	if place == "" {
		return ""
	}
	return s + ", " + place
}

// sharedHosts are sites many organizations have pages on: their pages are
// told apart by the first part of the path.
var sharedHosts = []string{"facebook.com", "sites.google.com", "google.com", "linktr.ee", "instagram.com",
	"twitter.com", "x.com", "linkedin.com", "wixsite.com", "wordpress.com", "blogspot.com", "yelp.com"}

// WebsiteKey is a website's domain in lower case without "www.", or the
// domain and the first part of the path on a site many organizations share
// (facebook.com/name); "" when it is not an address.
func WebsiteKey(website string) string {
	w := strings.TrimSpace(strings.ToLower(website))
	if w == "" {
		return ""
	}
	if !strings.Contains(w, "://") {
		w = "http://" + w
	}
	u, err := url.Parse(w)
	if err != nil || !strings.Contains(u.Hostname(), ".") {
		return ""
	}
	host := strings.TrimPrefix(u.Hostname(), "www.")
	if slices.Contains(sharedHosts, host) {
		first, _, _ := strings.Cut(strings.Trim(u.Path, "/"), "/")
		if first == "" {
			return ""
		}
		return host + "/" + first
	}
	return host
}

// duplicateKeys groups organizations by a normalized key of each kind, so
// that finding duplicates reads each record once and never compares every
// pair.
type duplicateKeys struct {
	names  map[string]string              // id → name, active organizations only
	groups map[string]map[string][]string // kind → key → ids
	shown  map[string]map[string]string   // kind → key → a value as read
}

func (k *duplicateKeys) add(kind, key, id, shown string) {
	if key == "" {
		return
	}
	if _, ok := k.names[id]; !ok {
		return
	}
	g := k.groups[kind]
	if slices.Contains(g[key], id) {
		return
	}
	g[key] = append(g[key], id)
	if _, ok := k.shown[kind][key]; !ok {
		k.shown[kind][key] = shown
	}
}

// FindDuplicates lists the pairs of active organizations that are probably
// the same, most certain first, leaving out the pairs a steward dismissed.
// Each organization, phone and address is read once and filed under its
// normalized keys (NameKey, PhoneKey, AddressKey, WebsiteKey); pairs come
// only from organizations that share a key. The stewards list them
// (account.ListDuplicates).
func (s *Store) FindDuplicates(ctx context.Context, actor account.Actor, limit int) ([]DuplicatePair, int, error) {
	if err := s.rules.Check(ctx, actor, account.ListDuplicates, account.Platform); err != nil {
		return nil, 0, err
	}

	k := &duplicateKeys{names: map[string]string{}, groups: map[string]map[string][]string{},
		shown: map[string]map[string]string{}}
	for kind := range evidenceWeights {
		k.groups[kind] = map[string][]string{}
		k.shown[kind] = map[string]string{}
	}
	type site struct{ id, website string }
	var sites []site
	err := s.scanRows(ctx, `SELECT id, name, website FROM organizations WHERE archived_at IS NULL`, func(v []string) {
		k.names[v[0]] = v[1]
		sites = append(sites, site{v[0], v[2]})
	})
	if err != nil {
		return nil, 0, err
	}
	for _, st := range sites {
		k.add("name", NameKey(k.names[st.id]), st.id, k.names[st.id])
		k.add("website", WebsiteKey(st.website), st.id, st.website)
	}
	err = s.scanRows(ctx, `SELECT COALESCE(p.organization_id, sv.organization_id, l.organization_id, ''), p.number
		FROM phones p LEFT JOIN services sv ON sv.id = p.service_id LEFT JOIN locations l ON l.id = p.location_id`,
		func(v []string) { k.add("phone", PhoneKey(v[1]), v[0], v[1]) })
	if err != nil {
		return nil, 0, err
	}
	err = s.scanRows(ctx, `SELECT l.organization_id, a.address_1, a.city, a.postal_code
		FROM addresses a JOIN locations l ON l.id = a.location_id WHERE l.organization_id IS NOT NULL`,
		func(v []string) {
			k.add("address", AddressKey(v[1], v[2], v[3]), v[0], strings.TrimSpace(v[1]+", "+v[2]+" "+v[3]))
		})
	if err != nil {
		return nil, 0, err
	}

	dismissed, err := s.dismissedPairs(ctx, organizationMergeTables)
	if err != nil {
		return nil, 0, err
	}

	pairs := map[[2]string]*DuplicatePair{}
	for _, kind := range []string{"name", "website", "phone", "address"} {
		for key, ids := range k.groups[kind] {
			if len(ids) < 2 || len(ids) > maxShared {
				continue
			}
			for i, a := range ids {
				for _, b := range ids[i+1:] {
					pk := [2]string{min(a, b), max(a, b)}
					if dismissed[pk] {
						continue
					}
					p := pairs[pk]
					if p == nil {
						p = &DuplicatePair{
							A: OrganizationRef{pk[0], k.names[pk[0]]},
							B: OrganizationRef{pk[1], k.names[pk[1]]},
						}
						pairs[pk] = p
					}
					p.Evidence = append(p.Evidence, Evidence{Kind: kind, Value: k.shown[kind][key]})
					p.Score += evidenceWeights[kind]
				}
			}
		}
	}

	out := make([]DuplicatePair, 0, len(pairs))
	for _, p := range pairs {
		out = append(out, *p)
	}
	slices.SortFunc(out, func(x, y DuplicatePair) int {
		return cmp.Or(
			cmp.Compare(y.Score, x.Score),
			strings.Compare(strings.ToLower(x.A.Name), strings.ToLower(y.A.Name)),
			strings.Compare(x.A.ID, y.A.ID),
			strings.Compare(x.B.ID, y.B.ID),
		)
	})
	total := len(out)
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out, total, nil
}

// dismissedPairs reads the pairs stewards found not to be duplicates.
func (s *Store) dismissedPairs(ctx context.Context, t mergeTables) (map[[2]string]bool, error) {
	dismissed := map[[2]string]bool{}
	err := s.scanRows(ctx, `SELECT a_id, b_id FROM `+t.dismissals, func(v []string) {
		dismissed[[2]string{v[0], v[1]}] = true
	})
	return dismissed, err
}

// scanRows runs a query whose columns are all text and hands each row to fn.
func (s *Store) scanRows(ctx context.Context, query string, fn func([]string)) error {
	rows, err := s.db.QueryContext(ctx, query)
	if err != nil {
		return fmt.Errorf("find duplicates: %w", err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return err
	}
	vals := make([]sql.NullString, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	out := make([]string, len(cols))
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return fmt.Errorf("find duplicates: %w", err)
		}
		for i, v := range vals {
			out[i] = v.String
		}
		fn(out)
	}
	return rows.Err()
}

// DismissDuplicate records that two organizations are not the same, so the
// pair is not listed again. The stewards dismiss
// (account.DismissDuplicate).
func (s *Store) DismissDuplicate(ctx context.Context, actor account.Actor, aID, bID string) error {
	if err := s.rules.Check(ctx, actor, account.DismissDuplicate, account.Platform); err != nil {
		return err
	}
	if aID == "" || bID == "" || aID == bID {
		var v errs.ValidationError
		v.Add("b", "two different organizations are needed")
		return &v
	}
	a, b := min(aID, bID), max(aID, bID)
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		var names [2]string
		for i, id := range []string{a, b} {
			o, err := s.organization(ctx, tx, id)
			if err != nil {
				return err
			}
			names[i] = o.Name
		}
		now := s.now()
		if added, err := organizationMergeTables.dismiss(ctx, tx, a, b, now, actor.Label); err != nil || !added {
			return err
		}
		return account.Record(
			ctx,
			tx,
			actor,
			account.Event{At: now, Action: "not_duplicate", EntityType: KindOrganization,
				EntityID: a, Summary: names[0] + " and " + names[1] + " are not the same organization",
				After: map[string]any{"a_id": a, "b_id": b}},
		)
	})
}
