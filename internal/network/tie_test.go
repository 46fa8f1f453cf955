package network_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"backbone/internal/account"
	"backbone/internal/directory"
	"backbone/internal/errs"
	"backbone/internal/network"
	"backbone/internal/store"
	"backbone/internal/testutil/storetest"
)

var actor = account.SystemActor("test")

func orgs(t *testing.T, db *store.DB, names ...string) []string {
	t.Helper()
	dir := directory.NewStore(db)
	var ids []string
	for _, n := range names {
		o, err := dir.CreateOrganization(context.Background(), actor, "", directory.OrganizationInput{Name: n, Description: n + " helps."})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, o.ID)
	}
	return ids
}

func TestTieInput(t *testing.T) {
	cases := []struct {
		in     network.TieInput
		fields []string
	}{
		{network.TieInput{FromID: "a", ToID: "b"}, nil},
		{network.TieInput{}, []string{"from_organization_id", "to_organization_id"}},
		{network.TieInput{FromID: "a", ToID: "a"}, []string{"to_organization_id"}},
		{network.TieInput{FromID: "a", ToID: "b", Kinds: []string{"referral", "gossip"}}, []string{"kinds"}},
		{network.TieInput{FromID: "a", ToID: "b", Level: "besties", Status: "complicated"}, []string{"level", "status"}},
		{network.TieInput{FromID: "a", ToID: "b", Since: "2024-13-01"}, []string{"since"}},
		{network.TieInput{FromID: "a", ToID: "b", Since: "2024-05-01", Until: "2024-04-30"}, []string{"until"}},
		{network.TieInput{FromID: "a", ToID: "b", Notes: strings.Repeat("n", 5001)}, []string{"notes"}},
	}
	for i, c := range cases {
		err := c.in.Normalize()
		var v *errs.ValidationError
		if len(c.fields) == 0 {
			if err != nil {
				t.Errorf("case %d: %v", i, err)
			}
			continue
		}
		if !errors.As(err, &v) || len(v.Fields) != len(c.fields) {
			t.Errorf("case %d: got %v, want fields %v", i, err, c.fields)
			continue
		}
		for _, f := range c.fields {
			if v.Fields[f] == "" {
				t.Errorf("case %d: no message for %s: %v", i, f, v.Fields)
			}
		}
	}
	in := network.TieInput{FromID: "a", ToID: "b", Kinds: []string{" Referral", "joint programming", "referral"}}
	if err := in.Normalize(); err != nil || strings.Join(in.Kinds, ",") != "joint_programming,referral" || in.Level != "awareness" || in.Status != "active" {
		t.Fatalf("normalized %+v, %v", in, err)
	}
	for status, style := range map[string]string{"active": "solid", "developing": "dotted", "strained": "crossed", "ended": "none"} {
		if got := network.LineStyle(status); got != style {
			t.Errorf("LineStyle(%s) = %s", status, got)
		}
	}
}

func TestTiesAndHistory(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := network.NewStore(db)
		ids := orgs(t, db, "Samaritan House", "County Health", "Food Bank")
		tie, err := s.CreateTie(ctx, actor, network.TieInput{FromID: ids[0], ToID: ids[1], Kinds: []string{"referral"}, Level: "cooperation", Since: "2023-01-15"}, "first meeting")
		if err != nil {
			t.Fatal(err)
		}
		if tie.FromName != "Samaritan House" || tie.ToName != "County Health" || tie.Version != 1 || tie.LineStyle() != "solid" || tie.Strong() {
			t.Fatalf("tie %+v", tie)
		}
		var conflict *errs.ConflictError
		if _, err := s.CreateTie(ctx, actor, network.TieInput{FromID: ids[0], ToID: ids[1]}, ""); !errors.As(err, &conflict) {
			t.Fatalf("second tie for the pair: %v", err)
		}
		var v *errs.ValidationError
		if _, err := s.CreateTie(ctx, actor, network.TieInput{FromID: ids[0], ToID: "nope"}, ""); !errors.As(err, &v) || v.Fields["to_organization_id"] == "" {
			t.Fatalf("unknown organization: %v", err)
		}
		in := network.InputOf(tie)
		in.Level, in.Kinds = "coordination", []string{"referral", "data_sharing"}
		up, err := s.UpdateTie(ctx, actor, tie.ID, 1, in, "signed the data agreement")
		if err != nil {
			t.Fatal(err)
		}
		if up.Version != 2 || !up.Strong() {
			t.Fatalf("updated %+v", up)
		}
		in.Status = "strained"
		if _, err := s.UpdateTie(ctx, actor, tie.ID, 1, in, ""); !errors.As(err, &conflict) || conflict.Field != "version" {
			t.Fatalf("stale edit: %v", err)
		}
		if _, err := s.UpdateTie(ctx, actor, tie.ID, 2, in, "staff turnover"); err != nil {
			t.Fatal(err)
		}
		hist, err := s.TieHistory(ctx, actor, tie.ID)
		if err != nil || len(hist) != 3 || hist[0].Status != "strained" || hist[0].SupersededAt != nil || hist[2].ChangeNote != "first meeting" || hist[2].SupersededAt == nil {
			t.Fatalf("history: %v %+v", err, hist)
		}
		if _, err := s.CreateTie(ctx, actor, network.TieInput{FromID: ids[2], ToID: ids[0], Status: "ended", Until: "2022-12-31", Since: "2020-01-01"}, ""); err != nil {
			t.Fatal(err)
		}
		page, err := s.ListTies(ctx, network.TieFilter{OrganizationID: ids[0]})
		if err != nil || page.Total != 1 {
			t.Fatalf("ties of Samaritan House (ended left out): %v %+v", err, page)
		}
		page, err = s.ListTies(ctx, network.TieFilter{OrganizationID: ids[0], Status: "all"})
		if err != nil || page.Total != 2 {
			t.Fatalf("all ties: %v %+v", err, page)
		}
		for f, want := range map[network.TieFilter]int{{Kind: "data_sharing"}: 1, {Kind: "funding"}: 0, {Level: "coordination"}: 1, {Level: "collaboration"}: 0, {Status: "strained"}: 1} {
			page, err := s.ListTies(ctx, f)
			if err != nil || page.Total != want {
				t.Errorf("filter %+v: %v total %d, want %d", f, err, page.Total, want)
			}
		}
		if _, err := s.ListTies(ctx, network.TieFilter{Kind: "gossip"}); !errors.As(err, &v) {
			t.Fatalf("bad filter: %v", err)
		}
		// The map as it stands today has the strained version; before the
		// tie's since date it is not there, while the tie that ran from
		// 2020 to 2022 is, as it ran, though it was recorded today.
		now, err := s.MapAsOf(ctx, actor, db.Now())
		if err != nil || len(now) != 1 || now[0].Status != "strained" {
			t.Fatalf("map today: %v %+v", err, now)
		}
		old, err := s.MapAsOf(ctx, actor, time.Date(2022, 6, 1, 0, 0, 0, 0, time.UTC))
		if err != nil || len(old) != 1 || old[0].FromName != "Food Bank" || old[0].Status != "active" {
			t.Fatalf("map in 2022 (valid time): %v %+v", err, old)
		}
	})
}

func TestImportTiesCSV(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := network.NewStore(db)
		ids := orgs(t, db, "Samaritan House", "County Health")
		good := "from,to,kinds,level,status,since,notes\n" +
			"Samaritan House,county health,referral;funding,collaboration,active,2021-03-01,Weekly case conferences\n" +
			ids[1] + ",New Clinic,,awareness,developing,,\"=HYPERLINK(\"\"https://evil.example\"\",\"\"x\"\")\"\n"
		if _, err := s.ImportTiesCSV(ctx, actor, strings.NewReader(good), "ties.csv", false); err == nil || !strings.Contains(err.Error(), `ties.csv row 3: to: no active organization has the id or name "New Clinic"`) {
			t.Fatalf("missing organization: %v", err)
		}
		if page, _ := s.ListTies(ctx, network.TieFilter{Status: "all"}); page.Total != 0 {
			t.Fatalf("a refused import wrote %d ties", page.Total)
		}
		res, err := s.ImportTiesCSV(ctx, actor, strings.NewReader(good), "ties.csv", true)
		if err != nil || res.Created != 2 || res.CreatedOrganizations != 1 {
			t.Fatalf("import: %v %+v", err, res)
		}
		res, err = s.ImportTiesCSV(ctx, actor, strings.NewReader(good), "ties.csv", false)
		if err != nil || res.Unchanged != 2 || res.Created != 0 {
			t.Fatalf("re-import: %v %+v", err, res)
		}
		changed := strings.Replace(good, "collaboration", "coordination", 1)
		if res, err = s.ImportTiesCSV(ctx, actor, strings.NewReader(changed), "ties.csv", false); err != nil || res.Updated != 1 {
			t.Fatalf("changed import: %v %+v", err, res)
		}
		var out strings.Builder
		n, err := s.ExportTiesCSV(ctx, actor, &out)
		if err != nil || n != 2 || !strings.Contains(out.String(), "Samaritan House,County Health,funding;referral,coordination,active,2021-03-01,,Weekly case conferences") {
			t.Fatalf("export: %v %d\n%s", err, n, out.String())
		}
		// A note a spreadsheet would run as a formula is exported as text
		// (a quote before it), and reads back as it was recorded.
		if !strings.Contains(out.String(), `"'=HYPERLINK(""https://evil.example"",""x"")"`) {
			t.Fatalf("a formula exported as it is:\n%s", out.String())
		}
		if res, err = s.ImportTiesCSV(ctx, actor, strings.NewReader(out.String()), "export.csv", false); err != nil || res.Unchanged != 2 {
			t.Fatalf("export imports back unchanged: %v %+v", err, res)
		}
		for body, want := range map[string]string{
			"":                                "ties.csv row 1: the file is empty",
			"from,to,weight\n":                "ties.csv row 1: weight: unknown column",
			"from,kinds\n":                    "ties.csv row 1: to: required column missing",
			"from,to\nSamaritan House,\n":     "ties.csv row 2: to: is required",
			"from,to,level\na,b,close\n":      "ties.csv row 2: level: must be one of",
			"from,to,since\na,b,31/12/2020\n": "ties.csv row 2: since: must be a date",
			"from,to,kinds\na,b,gossip\n":     `ties.csv row 2: kinds: "gossip" is not a kind of tie`,
			"from,to\na,b\nA,B\n":             `ties.csv row 3: the tie from "A" to "B" is already in row 2`,
			"from,to\na,a\n":                  "ties.csv row 2: to: must be another organization",
			"from,to\n\"a,b\n":                "ties.csv row 2:",
			"from,to,notes\na,b,x\x00y\n":     "ties.csv row 2: notes: must not hold a NUL character",
			"from,to\na\xff,b\n":              "ties.csv row 2: from: must be text (UTF-8)",
		} {
			_, err := s.ImportTiesCSV(ctx, actor, strings.NewReader(body), "ties.csv", true)
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("%q: got %v, want %q", body, err, want)
			}
		}
	})
}

func FuzzReadTiesCSV(f *testing.F) {
	f.Add("from,to,kinds,level,status,since,until,notes\na,b,referral,cooperation,active,2020-01-01,,n\n")
	f.Add("from,to\n\"x\ny\",z\n")
	f.Fuzz(func(t *testing.T, body string) {
		_, _ = network.ReadTiesCSV(strings.NewReader(body), "fuzz.csv")
	})
}
