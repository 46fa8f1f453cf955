package directory_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"backbone/internal/account"
	"backbone/internal/directory"
	"backbone/internal/errs"
	"backbone/internal/store"
	"backbone/internal/testutil/storetest"
)

// qualityFixture has the shapes of a real county directory that HSDS 3.0
// accepts and Backbone refused: a P.O. box with no city and no postal
// code, two organizations whose names differ only in case, and the
// problems of quality a steward should see (a program without a
// description, a physical place without coordinates, hours that close
// before they open, a phone that is words, a language code that is a
// name).
const qualityFixture = "testdata/quality.json"

// The fixture's records the tests name.
const (
	qPantry    = "9d1c3b6e-0b1a-4c55-9f0e-5a1d7e0c0001"
	qDePaul    = "9d1c3b6e-0b1a-4c55-9f0e-5a1d7e0c1001"
	qdePaul    = "9d1c3b6e-0b1a-4c55-9f0e-5a1d7e0c1002"
	qMain      = "9d1c3b6e-0b1a-4c55-9f0e-5a1d7e0c7001"
	qPOBox     = "9d1c3b6e-0b1a-4c55-9f0e-5a1d7e0c8002"
	qWordPhone = "9d1c3b6e-0b1a-4c55-9f0e-5a1d7e0c3003"
)

// problemKeys says the problems as "kind record field fix", sorted as the
// report sorts them.
func problemKeys(ps []directory.QualityProblem) string {
	var out []string
	for _, p := range ps {
		out = append(out, p.Kind+" "+p.Record+" "+p.Field+" "+p.FixURL)
	}
	return strings.Join(out, "\n")
}

func TestQualityFixtureImports(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := directory.NewStore(db)
		c, err := s.SaveBundle(ctx, actor, readPath(t, qualityFixture))
		if err != nil {
			t.Fatalf("a file valid against HSDS 3.0 was refused: %v", err)
		}
		if c.Organizations != 2 || c.Services != 2 || c.Addresses != 2 || c.Phones != 3 {
			t.Fatalf("counts %s", c)
		}
		var city, postal string
		if err := db.QueryRow(`SELECT city, postal_code FROM addresses WHERE id = $1`, qPOBox).Scan(&city,
			&postal); err != nil ||
			city != "" ||
			postal != "" {
			t.Fatalf("P.O. box: %q %q %v", city, postal, err)
		}
		// Both organizations are listed, in a stable order.
		page, err := s.ListOrganizations(
			ctx,
			directory.OrganizationFilter{Query: "vincent", Limit: 10, Status: "active"},
		)
		if err != nil || page.Total != 2 {
			t.Fatalf("list: %+v %v", page, err)
		}

		r, err := s.QualityReport(ctx, actor, directory.QualityFilter{})
		if err != nil {
			t.Fatal(err)
		}
		want := strings.Join([]string{
			"empty_required address city /locations/" + qMain[:len(qMain)-1] + "2/edit",
			"empty_required address postal_code /locations/" + qMain[:len(qMain)-1] + "2/edit",
			"empty_required program description /organizations/" + qDePaul + "/edit",
			"closes_before_opens schedule closes_at /services/" + qPantry + "/edit",
			"no_coordinates location latitude /locations/" + qMain + "/edit",
			"phone_not_number phone number /services/" + qPantry + "/edit",
			"name_collision organization name /organizations/" + qDePaul + "/edit",
			"name_collision organization name /organizations/" + qdePaul + "/edit",
			"unknown_language language code /services/" + qPantry + "/edit",
		}, "\n")
		if got := problemKeys(r.Problems); got != want {
			t.Fatalf("problems:\n%s\nwant\n%s", got, want)
		}
		counts := map[string]int{}
		for _, k := range r.Counts {
			counts[k.Kind] = k.Count
		}
		if r.Total != 9 || counts[directory.QualityEmptyRequired] != 3 || counts[directory.QualityNameCollision] != 2 {
			t.Fatalf("counts %+v", r.Counts)
		}
		for _, p := range r.Problems {
			if p.FixName == "" || p.Message == "" {
				t.Errorf("problem without a name or message: %+v", p)
			}
		}
		// One kind, paged.
		one, err := s.QualityReport(
			ctx,
			actor,
			directory.QualityFilter{Kind: directory.QualityNameCollision, Limit: 1, Offset: 1},
		)
		if err != nil || one.Matched != 2 || len(one.Problems) != 1 || one.Problems[0].RecordID != qdePaul {
			t.Fatalf("one kind: %+v %v", one, err)
		}
		var v *errs.ValidationError
		if _, err := s.QualityReport(ctx, actor, directory.QualityFilter{Kind: "typos"}); !errors.As(err, &v) {
			t.Fatalf("unknown kind: %v", err)
		}

		// Fixed, a problem is gone: the phone becomes a number.
		sv, err := s.Service(ctx, actor, qPantry)
		if err != nil {
			t.Fatal(err)
		}
		in := sv.ServiceInput
		for i := range in.Phones {
			if in.Phones[i].Number == "call the front desk" {
				in.Phones[i].Number = "650-555-0111"
			}
		}
		if _, err := s.UpdateService(ctx, actor, qPantry, in); err != nil {
			t.Fatal(err)
		}
		after, err := s.QualityReport(ctx, actor, directory.QualityFilter{Kind: directory.QualityPhoneNotNumber})
		if err != nil || after.Matched != 0 || after.Total != 8 {
			t.Fatalf("after the fix: %+v %v", after, err)
		}
		// The organization that shares its name can still be edited.
		o, err := s.Organization(ctx, qdePaul)
		if err != nil {
			t.Fatal(err)
		}
		oin := directory.InputOf(o)
		oin.Description = "Clothing and furniture."
		if _, err := s.UpdateOrganization(ctx, actor, qdePaul, 0, oin); err != nil {
			t.Fatalf("edit an organization whose name another shares: %v", err)
		}
	})
}

func TestQualityReportOfAnImport(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := directory.NewStore(db)
		importAll(t, db, sample)
		before, err := s.QualityReport(ctx, actor, directory.QualityFilter{})
		if err != nil {
			t.Fatal(err)
		}
		b := readPath(t, qualityFixture)
		if _, err := s.SaveBundle(ctx, actor, b); err != nil {
			t.Fatal(err)
		}
		// The import's report names only what the file brought.
		r, err := s.ImportQuality(ctx, b, 50)
		if err != nil || r.Total != 9 {
			t.Fatalf("import report: %d %v\n%s", r.Total, err, problemKeys(r.Problems))
		}
		all, err := s.QualityReport(ctx, actor, directory.QualityFilter{})
		if err != nil || all.Total != before.Total+9 {
			t.Fatalf("report: %d, %d before, %v", all.Total, before.Total, err)
		}
		// Only the stewards read it.
		if _, err := s.QualityReport(ctx, account.Actor{}, directory.QualityFilter{}); !errors.Is(
			err,
			errs.ErrUnauthenticated,
		) {
			t.Fatalf("nobody signed in: %v", err)
		}
	})
}
