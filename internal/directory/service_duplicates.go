package directory

import (
	"cmp"
	"context"
	"database/sql"
	"slices"
	"strings"

	"backbone/internal/account"
	"backbone/internal/errs"
)

// ServiceDuplicatePair is two services that are probably the same, with the
// evidence and a score (higher is surer). SameOrganization tells the pairs
// within one organization (an import that wrote a service twice) from those
// across two (two organizations that may be one, or a service run by two).
type ServiceDuplicatePair struct {
	A                ServiceOfOrganization `json:"a"`
	B                ServiceOfOrganization `json:"b"`
	SameOrganization bool                  `json:"same_organization"`
	Evidence         []Evidence            `json:"evidence"`
	Score            int                   `json:"score"`
}

// serviceEvidenceWeights rank the evidence about two services: the name
// first, then an e-mail and a phone of the service's own, then its website
// (often the organization's), then an address where it is offered
// (services of one organization share their buildings).
var serviceEvidenceWeights = map[string]int{"name": 4, "email": 3, "phone": 3, "website": 2, "address": 1}

// serviceEvidenceKinds are the kinds in the order the evidence is listed.
var serviceEvidenceKinds = []string{"name", "email", "phone", "website", "address"}

// commonServiceWords are words a service's name may hold or leave out
// without naming another service ("Food Pantry Program", "The Food
// Pantry").
var commonServiceWords = map[string]bool{"the": true, "a": true, "an": true, "of": true, "for": true, "and": true,
	"at": true, "program": true, "programs": true, "service": true, "services": true, "inc": true, "llc": true}

// ServiceNameKey is a service's name for comparison: its words in lower
// case, "&" read as "and", without punctuation and the common words of
// services' names (program, services, the, of, ...); the words as they are
// when nothing else is left.
func ServiceNameKey(name string) string {
	words := wordsOf(strings.ReplaceAll(strings.ToLower(name), "&", " and "))
	kept := slices.DeleteFunc(slices.Clone(words), func(w string) bool { return commonServiceWords[w] })
	if len(kept) == 0 {
		kept = words
	}
	return strings.Join(kept, " ")
}

// EmailKey is an e-mail address in lower case; "" when it is not one.
func EmailKey(email string) string {
	e := strings.ToLower(strings.TrimSpace(email))
	if i := strings.LastIndex(e, "@"); i < 1 || !strings.Contains(e[i:], ".") {
		return ""
	}
	return e
}

// serviceKeys files services by a normalized key of each kind.
type serviceKeys struct {
	refs   map[string]*ServiceOfOrganization // id → service, candidates only
	groups map[string]map[string][]string    // kind → key → ids
	shown  map[string]map[string]string      // kind → key → a value as read
}

func (k *serviceKeys) add(kind, key, id, shown string) {
	if key == "" || k.refs[id] == nil {
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

// listed is the rule that makes a pair a probable duplicate: the names
// match, or two other kinds of evidence do, one of them a phone or an
// e-mail (a building and a website are often the organization's, shared by
// all its services). Across two organizations the name alone is not
// enough: many organizations run a "Food Pantry".
func (p *ServiceDuplicatePair) listed() bool {
	var name, direct bool
	for _, e := range p.Evidence {
		name = name || e.Kind == "name"
		direct = direct || e.Kind == "phone" || e.Kind == "email"
	}
	if p.SameOrganization && name {
		return true
	}
	return len(p.Evidence) >= 2 && (name || direct)
}

// FindServiceDuplicates lists the pairs of services that are probably the
// same, most certain first, those within one organization before those
// across two, leaving out the pairs a steward dismissed, the services
// merged or defunct, and those of archived organizations. Each service,
// phone and address is read once and filed under its normalized keys
// (ServiceNameKey, PhoneKey, EmailKey, WebsiteKey, AddressKey); pairs come
// only from services that share a key, and a value more than maxShared
// services share (within one organization, or across) is no evidence. The
// stewards list them (account.ListDuplicates).
func (s *Store) FindServiceDuplicates(ctx context.Context, actor account.Actor, limit int) (
	[]ServiceDuplicatePair, int, error) {
	if err := s.rules.Check(ctx, actor, account.ListDuplicates, account.Platform); err != nil {
		return nil, 0, err
	}

	k := &serviceKeys{refs: map[string]*ServiceOfOrganization{}, groups: map[string]map[string][]string{},
		shown: map[string]map[string]string{}}
	for kind := range serviceEvidenceWeights {
		k.groups[kind] = map[string][]string{}
		k.shown[kind] = map[string]string{}
	}
	type own struct{ id, email, url string }
	var owns []own
	err := s.scanRows(ctx, `SELECT sv.id, sv.name, sv.organization_id, o.name, sv.status, sv.email, sv.url
		FROM services sv JOIN organizations o ON o.id = sv.organization_id
		WHERE o.archived_at IS NULL AND sv.status <> 'defunct'
		AND NOT EXISTS (SELECT 1 FROM service_aliases a WHERE a.old_id = sv.id)`, func(v []string) {
		k.refs[v[0]] = &ServiceOfOrganization{ID: v[0], Name: v[1], OrganizationID: v[2], OrganizationName: v[3],
			Status: v[4]}
		owns = append(owns, own{v[0], v[5], v[6]})
	})
	if err != nil {
		return nil, 0, err
	}
	for _, o := range owns {
		k.add("name", ServiceNameKey(k.refs[o.id].Name), o.id, k.refs[o.id].Name)
		k.add("email", EmailKey(o.email), o.id, o.email)
		k.add("website", WebsiteKey(o.url), o.id, o.url)
	}
	err = s.scanRows(ctx, `SELECT COALESCE(p.service_id, sal.service_id, ''), p.number
		FROM phones p LEFT JOIN service_at_locations sal ON sal.id = p.service_at_location_id
		WHERE p.service_id IS NOT NULL OR p.service_at_location_id IS NOT NULL`,
		func(v []string) { k.add("phone", PhoneKey(v[1]), v[0], v[1]) })
	if err != nil {
		return nil, 0, err
	}
	err = s.scanRows(ctx, `SELECT sal.service_id, a.address_1, a.city, a.postal_code
		FROM service_at_locations sal JOIN addresses a ON a.location_id = sal.location_id`,
		func(v []string) {
			k.add("address", AddressKey(v[1], v[2], v[3]), v[0], strings.TrimSpace(v[1]+", "+v[2]+" "+v[3]))
		})
	if err != nil {
		return nil, 0, err
	}

	dismissed, err := s.dismissedPairs(ctx, serviceMergeTables)
	if err != nil {
		return nil, 0, err
	}

	pairs := map[[2]string]*ServiceDuplicatePair{}
	note := func(kind, key, a, b string) {
		pk := [2]string{min(a, b), max(a, b)}
		if dismissed[pk] {
			return
		}
		p := pairs[pk]
		if p == nil {
			p = &ServiceDuplicatePair{A: *k.refs[pk[0]], B: *k.refs[pk[1]]}
			p.SameOrganization = p.A.OrganizationID == p.B.OrganizationID
			pairs[pk] = p
		}
		p.Evidence = append(p.Evidence, Evidence{Kind: kind, Value: k.shown[kind][key]})
		p.Score += serviceEvidenceWeights[kind]
	}
	for _, kind := range serviceEvidenceKinds {
		for key, ids := range k.groups[kind] {
			if len(ids) < 2 {
				continue
			}
			// Within each organization, and across when few share it.
			if len(ids) <= maxShared {
				for i, a := range ids {
					for _, b := range ids[i+1:] {
						note(kind, key, a, b)
					}
				}
				continue
			}
			byOrg := map[string][]string{}
			for _, id := range ids {
				byOrg[k.refs[id].OrganizationID] = append(byOrg[k.refs[id].OrganizationID], id)
			}
			for _, same := range byOrg {
				if len(same) < 2 || len(same) > maxShared {
					continue
				}
				for i, a := range same {
					for _, b := range same[i+1:] {
						note(kind, key, a, b)
					}
				}
			}
		}
	}

	out := make([]ServiceDuplicatePair, 0, len(pairs))
	for _, p := range pairs {
		if p.listed() {
			out = append(out, *p)
		}
	}
	slices.SortFunc(out, func(x, y ServiceDuplicatePair) int {
		return cmp.Or(
			-cmp.Compare(boolRank(x.SameOrganization), boolRank(y.SameOrganization)),
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

func boolRank(b bool) int {
	if b {
		return 1
	}
	return 0
}

// DismissServiceDuplicate records that two services are not the same, so
// the pair is not listed again. The stewards dismiss
// (account.DismissDuplicate).
func (s *Store) DismissServiceDuplicate(ctx context.Context, actor account.Actor, aID, bID string) error {
	if err := s.rules.Check(ctx, actor, account.DismissDuplicate, account.Platform); err != nil {
		return err
	}
	if aID == "" || bID == "" || aID == bID {
		var v errs.ValidationError
		v.Add("b_id", "two different services are needed")
		return &v
	}
	a, b := min(aID, bID), max(aID, bID)
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		var refs [2]ServiceOfOrganization
		for i, id := range []string{a, b} {
			r, err := serviceRef(ctx, tx, id)
			if err != nil {
				return err
			}
			refs[i] = r
		}
		now := s.now()
		if added, err := serviceMergeTables.dismiss(ctx, tx, a, b, now, actor.Label); err != nil || !added {
			return err
		}
		return account.Record(ctx, tx, actor, account.Event{At: now, Action: "not_duplicate",
			EntityType: KindOrganization, EntityID: refs[0].OrganizationID,
			Summary: "the services " + refs[0].Name + " and " + refs[1].Name + " are not the same service",
			After:   map[string]any{"service_a_id": a, "service_b_id": b}})
	})
}
