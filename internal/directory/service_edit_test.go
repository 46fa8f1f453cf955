package directory_test

import (
	"context"
	"errors"
	"math"
	"slices"
	"strings"
	"testing"

	"backbone/internal/account"
	"backbone/internal/directory"
	"backbone/internal/errs"
	"backbone/internal/hsds"
	"backbone/internal/store"
	"backbone/internal/testutil/storetest"
)

func fieldsOf(t *testing.T, err error) map[string]string {
	t.Helper()
	var v *errs.ValidationError
	if !errors.As(err, &v) {
		t.Fatalf("want a validation error, got %v", err)
	}
	return v.Fields
}

func TestServiceInputNormalize(t *testing.T) {
	age := func(f float64) *float64 { return &f }
	cases := []struct {
		name   string
		in     directory.ServiceInput
		fields []string
	}{
		{"name required", directory.ServiceInput{}, []string{"name"}},
		{"unknown status", directory.ServiceInput{Name: "Meals", Status: "closed"}, []string{"status"}},
		{"ages", directory.ServiceInput{Name: "Meals", MinimumAge: age(60), MaximumAge: age(18)}, []string{"maximum_age"}},
		{"age range", directory.ServiceInput{Name: "Meals", MinimumAge: age(-1)}, []string{"minimum_age"}},
		{"bad email and url", directory.ServiceInput{Name: "Meals", Email: "nobody", URL: "ftp://x.org"}, []string{"email", "url"}},
		{"phone without number", directory.ServiceInput{Name: "Meals", Phones: []directory.PhoneInput{{}, {Type: "fax"}}}, []string{"phones[1].number"}},
		{"schedule rows", directory.ServiceInput{Name: "Meals", Schedules: []directory.ScheduleInput{
			{Days: []string{"MO"}, OpensAt: "09:00", ClosesAt: "17:00"},
			{Days: []string{"TU"}, OpensAt: "9am", ClosesAt: "17:00"},
			{OpensAt: "09:00", ClosesAt: "12:00"},
			{Days: []string{"Funday"}, OpensAt: "09:00", ClosesAt: "12:00"},
		}}, []string{"schedules[1].opens_at", "schedules[2].days", "schedules[3].days"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fields := fieldsOf(t, c.in.Normalize())
			for _, f := range c.fields {
				if fields[f] == "" {
					t.Errorf("no message for %s in %v", f, fields)
				}
			}
			if len(fields) != len(c.fields) {
				t.Errorf("messages %v, want only %v", fields, c.fields)
			}
		})
	}
	in := directory.ServiceInput{Name: " Meals ", URL: "meals.example.org", Languages: []string{"Spanish", " spanish", "", "English"},
		Schedules: []directory.ScheduleInput{{Days: []string{"friday", "mo"}, OpensAt: "9:00", ClosesAt: "17:30"}, {}},
		Phones:    []directory.PhoneInput{{Number: " 650-555-0100 ", Type: "Voice"}, {}}}
	if err := in.Normalize(); err != nil {
		t.Fatal(err)
	}
	if in.Name != "Meals" || in.Status != "active" || in.URL != "https://meals.example.org" || len(in.Languages) != 2 ||
		len(in.Schedules) != 1 || strings.Join(in.Schedules[0].Days, ",") != "MO,FR" || in.Schedules[0].OpensAt != "09:00" ||
		len(in.Phones) != 1 || in.Phones[0].Type != "voice" {
		t.Fatalf("normalized %+v", in)
	}
}

func TestLocationInputNormalize(t *testing.T) {
	lat, bad := 37.48, 200.0
	fields := fieldsOf(t, (&directory.LocationInput{Latitude: &lat}).Normalize())
	if fields["name"] == "" || fields["longitude"] == "" {
		t.Fatalf("fields %v", fields)
	}
	fields = fieldsOf(t, (&directory.LocationInput{Name: "Office", Latitude: &lat, Longitude: &bad,
		Address: directory.AddressInput{PostalCode: "94063"}}).Normalize())
	for _, f := range []string{"longitude", "address.address_1"} {
		if fields[f] == "" {
			t.Errorf("no message for %s in %v", f, fields)
		}
	}
	// A P.O. box may have no city: the data-quality report lists it.
	if fields["address.city"] != "" {
		t.Errorf("a city is required: %v", fields)
	}
	// Not a number ("NaN" parses as one) is outside every range.
	nan := math.NaN()
	fields = fieldsOf(t, (&directory.LocationInput{Name: "Office", Latitude: &nan, Longitude: &nan}).Normalize())
	if fields["latitude"] == "" || fields["longitude"] == "" {
		t.Fatalf("NaN coordinates: %v", fields)
	}
	fields = fieldsOf(t, (&directory.ServiceInput{Name: "Meals", MinimumAge: &nan, MaximumAge: &nan}).Normalize())
	if fields["minimum_age"] == "" || fields["maximum_age"] == "" {
		t.Fatalf("NaN ages: %v", fields)
	}
}

func TestServicesAndLocations(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := directory.NewStore(db)
		o, err := s.CreateOrganization(ctx, actor, "", input("Samaritan House"))
		if err != nil {
			t.Fatal(err)
		}
		for _, q := range []string{`INSERT INTO taxonomy_terms (id, name) VALUES ('food', 'Food')`,
			`INSERT INTO taxonomy_terms (id, name) VALUES ('meals', 'Home-delivered meals')`} {
			if _, err := db.ExecContext(ctx, q); err != nil {
				t.Fatal(err)
			}
		}
		lat, lon := 37.4852, -122.2364
		loc, err := s.CreateLocation(ctx, actor, o.ID, directory.LocationInput{Name: "Main office", Latitude: &lat, Longitude: &lon,
			Address: directory.AddressInput{Address1: "4031 Pacific Blvd", City: "San Mateo", StateProvince: "CA", PostalCode: "94403"},
			Phones:  []directory.PhoneInput{{Number: "650-341-4081", Type: "voice"}}})
		if err != nil {
			t.Fatal(err)
		}
		if loc.Address.Country != "US" || len(loc.Phones) != 1 || *loc.Latitude != lat || loc.OrganizationName != "Samaritan House" {
			t.Fatalf("location %+v", loc)
		}
		in := directory.ServiceInput{Name: "Meals on Wheels", Description: "Hot meals brought home.", EligibilityDescription: "Adults over 60",
			FeesDescription: "Free", Languages: []string{"Spanish", "Tongan"}, ServiceAreas: []string{"San Mateo County"},
			TaxonomyTermIDs: []string{"food"}, LocationIDs: []string{loc.ID},
			Phones:    []directory.PhoneInput{{Number: "650-555-0100", Extension: "2", Type: "voice"}},
			Schedules: []directory.ScheduleInput{{Days: []string{"MO", "WE"}, OpensAt: "09:00", ClosesAt: "12:00"}}}
		sv, err := s.CreateService(ctx, actor, o.ID, in)
		if err != nil {
			t.Fatal(err)
		}
		got, err := s.Service(ctx, actor, sv.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != "active" || got.OrganizationID != o.ID || len(got.Languages) != 2 || got.ServiceAreas[0] != "San Mateo County" ||
			len(got.TaxonomyTerms) != 1 || got.TaxonomyTerms[0].Name != "Food" || len(got.Locations) != 1 ||
			!strings.Contains(got.Locations[0].Address, "4031 Pacific Blvd") || got.Phones[0].Extension != "2" ||
			strings.Join(got.Hours, ";") != "Mon, Wed 09:00–12:00" {
			t.Fatalf("service %+v hours %q", got, got.Hours)
		}
		found, err := s.Search(ctx, actor, directory.SearchQuery{Category: "Food"})
		if err != nil || found.Total != 1 {
			t.Fatalf("search by term: %v %+v", err, found)
		}
		if l, _ := s.Location(ctx, actor, loc.ID); len(l.Services) != 1 || l.Services[0].Name != "Meals on Wheels" {
			t.Fatalf("services at location %+v", l)
		}

		// Links must exist and belong to the organization.
		other, _ := s.CreateOrganization(ctx, actor, "", input("County Health"))
		elsewhere, err := s.CreateLocation(ctx, actor, other.ID, directory.LocationInput{Name: "Clinic"})
		if err != nil {
			t.Fatal(err)
		}
		bad := in
		bad.TaxonomyTermIDs, bad.LocationIDs = []string{"nope"}, []string{elsewhere.ID}
		fields := fieldsOf(t, func() error { _, err := s.UpdateService(ctx, actor, sv.ID, bad); return err }())
		if fields["taxonomy_term_ids"] == "" || fields["location_ids"] == "" {
			t.Fatalf("fields %v", fields)
		}

		// Every list is replaced as a whole; an ended service is defunct, not deleted.
		in.Status, in.Languages, in.ServiceAreas = "defunct", []string{"English"}, nil
		in.TaxonomyTermIDs, in.LocationIDs, in.Phones = []string{"meals"}, nil, nil
		in.Schedules = []directory.ScheduleInput{{Days: []string{"FR"}, OpensAt: "22:00", ClosesAt: "02:00"}}
		up, err := s.UpdateService(ctx, actor, sv.ID, in)
		if err != nil {
			t.Fatal(err)
		}
		if up.Status != "defunct" || strings.Join(up.Languages, ",") != "English" || len(up.ServiceAreas) != 0 || len(up.Locations) != 0 ||
			len(up.Phones) != 0 || up.TaxonomyTermIDs[0] != "meals" || len(up.Schedules) != 1 || up.Schedules[0].ClosesAt != "02:00" {
			t.Fatalf("updated %+v", up)
		}
		if found, _ := s.Search(ctx, actor, directory.SearchQuery{Category: "Food"}); found.Total != 0 {
			t.Fatalf("the removed term still finds the service: %+v", found)
		}
		ll := directory.LocationInput{Name: "Main office (upstairs)", Phones: []directory.PhoneInput{{Number: "211"}}}
		if l, err := s.UpdateLocation(ctx, actor, loc.ID, ll); err != nil || l.Latitude != nil || !l.Address.Empty() || l.Phones[0].Number != "211" {
			t.Fatalf("update location: %v %+v", err, l)
		}

		events, err := account.NewStore(db).ListAudit(ctx, account.AuditFilter{EntityType: "organization", EntityID: o.ID, Limit: 20})
		if err != nil {
			t.Fatal(err)
		}
		var summaries []string
		for _, e := range events {
			summaries = append(summaries, e.Summary)
		}
		for _, want := range []string{"added the location Main office", "added the service Meals on Wheels",
			"edited the service Meals on Wheels (now defunct)", "edited the location Main office (upstairs)"} {
			if !slices.Contains(summaries, want) {
				t.Errorf("audit lacks %q: %q", want, summaries)
			}
		}

		if _, err := s.Service(ctx, actor, "nope"); !errors.Is(err, errs.ErrNotFound) {
			t.Fatalf("unknown service: %v", err)
		}
		if _, err := s.Location(ctx, actor, "nope"); !errors.Is(err, errs.ErrNotFound) {
			t.Fatalf("unknown location: %v", err)
		}
		if _, err := s.CreateService(ctx, actor, "nope", directory.ServiceInput{Name: "X"}); !errors.Is(err, errs.ErrNotFound) {
			t.Fatalf("service of an unknown organization: %v", err)
		}
		if _, err := s.SetArchived(ctx, actor, o.ID, true); err != nil {
			t.Fatal(err)
		}
		var conflict *errs.ConflictError
		if _, err := s.CreateLocation(ctx, actor, o.ID, directory.LocationInput{Name: "Annex"}); !errors.As(err, &conflict) {
			t.Fatalf("location of an archived organization: %v", err)
		}
	})
}

// TestEditKeepsWhatTheFormDoesNotShow: saving a service or a location as
// its form shows it (an imported one, with more than the form says) keeps
// each phone, schedule, language and area that did not change: the same
// id (by which HSDS readers and a re-import know it) and what the form
// does not show. What did change is removed or added, and only that.
func TestEditKeepsWhatTheFormDoesNotShow(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := directory.NewStore(db)
		b, err := hsds.ReadPath(hsds20)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.SaveBundle(ctx, actor, b); err != nil {
			t.Fatal(err)
		}
		id := func(table, legacy string) string { return hsds.LegacyID(table, legacy) }
		rows := func(q string, args ...any) string {
			t.Helper()
			return strings.Join(column(t, db, q, args...), " | ")
		}
		pantry, office := id("service", "10"), id("location", "30")
		// The warehouse's street address has an attention line; it has a postal address too.
		for _, q := range []string{`UPDATE addresses SET attention = 'Receiving' WHERE location_id = $1`,
			`INSERT INTO addresses (id, location_id, address_1, city, state_province, postal_code, country, address_type)
				VALUES ('po', $1, 'PO Box 7', 'Redwood City', 'CA', '94064', 'US', 'postal')`} {
			if _, err := db.ExecContext(ctx, q, office); err != nil {
				t.Fatal(err)
			}
		}
		parts := func() string {
			return rows(`SELECT id || ' ' || byday || ' ' || description FROM schedules WHERE service_id = $1 ORDER BY id`, pantry) + " / " +
				rows(`SELECT id || ' ' || code || ' ' || name FROM languages WHERE service_id = $1 ORDER BY id`, pantry) + " / " +
				rows(`SELECT id || ' ' || name || ' ' || description FROM service_areas WHERE service_id = $1 ORDER BY id`, pantry)
		}
		phone := func() string {
			return rows(`SELECT p.id || ' ' || p.number || ' ' || (SELECT COUNT(*) FROM languages l WHERE l.phone_id = p.id) FROM phones p WHERE p.location_id = $1`, office) +
				" / " + rows(`SELECT id || ' ' || attention || ' ' || address_1 || ' ' || address_type FROM addresses WHERE location_id = $1 ORDER BY id`, office)
		}
		before, beforePhone := parts(), phone()
		if !strings.Contains(before, "Pantry days") || !strings.Contains(before, "Residents of the county") || !strings.Contains(beforePhone, " 2 / ") ||
			!strings.Contains(beforePhone, "Receiving 100 Harbor Blvd physical") {
			t.Fatalf("fixture: %s; %s", before, beforePhone)
		}

		// Saved as shown: nothing changes.
		sv, err := s.Service(ctx, actor, pantry)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.UpdateService(ctx, actor, pantry, sv.ServiceInput); err != nil {
			t.Fatal(err)
		}
		loc, err := s.Location(ctx, actor, office)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.UpdateLocation(ctx, actor, office, loc.LocationInput); err != nil {
			t.Fatal(err)
		}
		if after := parts(); after != before {
			t.Errorf("a service saved as shown changed:\n%s\nwas\n%s", after, before)
		}
		if after := phone(); after != beforePhone {
			t.Errorf("a location saved as shown changed its phone: %s, was %s", after, beforePhone)
		}

		// The street changed: the same address, its attention line kept.
		moved := loc.LocationInput
		moved.Address.Address1 = "102 Harbor Blvd"
		if _, err := s.UpdateLocation(ctx, actor, office, moved); err != nil {
			t.Fatal(err)
		}
		if after, want := phone(), strings.Replace(beforePhone, "100 Harbor Blvd", "102 Harbor Blvd", 1); after != want || after == beforePhone {
			t.Errorf("a new street: %s, want %s", after, want)
		}
		// Cleared, the location has no street address left.
		moved.Address = directory.AddressInput{}
		if _, err := s.UpdateLocation(ctx, actor, office, moved); err != nil {
			t.Fatal(err)
		}
		if got := rows(`SELECT address_type FROM addresses WHERE location_id = $1 ORDER BY address_type`, office); got != "postal" {
			t.Errorf("addresses left after clearing the street: %q", got)
		}

		// A language and an hour added, the area kept: only the new rows are new.
		in := sv.ServiceInput
		in.Languages = append(in.Languages, "Tongan")
		in.Schedules = append(in.Schedules, directory.ScheduleInput{Days: []string{"SA"}, OpensAt: "10:00", ClosesAt: "12:00"})
		if _, err := s.UpdateService(ctx, actor, pantry, in); err != nil {
			t.Fatal(err)
		}
		after := parts()
		for _, kept := range strings.Split(strings.ReplaceAll(before, " / ", " | "), " | ") {
			if !strings.Contains(after, kept) {
				t.Errorf("%q was lost: %s", kept, after)
			}
		}
		if !strings.Contains(after, " SA ") || !strings.Contains(after, " Tongan") {
			t.Errorf("the additions are missing: %s", after)
		}
		// The pantry's days taken away: that schedule goes, the rest stays.
		in.Schedules = in.Schedules[len(in.Schedules)-1:]
		if _, err := s.UpdateService(ctx, actor, pantry, in); err != nil {
			t.Fatal(err)
		}
		if got := rows(`SELECT byday FROM schedules WHERE service_id = $1`, pantry); got != "SA" {
			t.Errorf("hours after removing a row: %s", got)
		}
	})
}
