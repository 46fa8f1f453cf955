package network_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"backbone/internal/account"
	"backbone/internal/network"
	"backbone/internal/store"
	"backbone/internal/testutil/storetest"
)

// tiesFile writes a ties file of rows "from,to,level" among names, each
// tie from names[i] to names[i+1..], n ties in all.
func tiesFile(names []string, n int, level func(i int) string) string {
	var b strings.Builder
	b.WriteString("from,to,kinds,level\n")
	i := 0
	for f := range names {
		for t := f + 1; t < len(names) && i < n; t++ {
			fmt.Fprintf(&b, "%s,%s,referral,%s\n", names[f], names[t], level(i))
			i++
		}
	}
	return b.String()
}

func countRows(t *testing.T, db *store.DB, query string) int {
	t.Helper()
	var n int
	if err := db.QueryRowContext(context.Background(), query).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestImportTiesBatchEdges imports files that span several batches (of 4
// rows here): a row at fault in the middle of a batch, or one that repeats
// a tie of an earlier batch by other words, is named by its row, and
// nothing is written.
func TestImportTiesBatchEdges(t *testing.T) {
	defer network.SetTieBatchRows(4)()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := network.NewStore(db)
		names := []string{"Alder", "Birch", "Cedar", "Dogwood", "Elm", "Fir"}
		ids := orgs(t, db, names...)
		good := tiesFile(names, 15, func(int) string { return "cooperation" })
		lines := strings.Split(good, "\n")
		with := func(row int, line string) string {
			out := append([]string(nil), lines...)
			out[row-1] = line
			return strings.Join(out, "\n")
		}
		for _, c := range []struct{ body, want string }{
			// Row 7 is the second row of the second batch.
			{with(7, "Birch,Nobody Here,referral,cooperation"),
				`ties.csv row 7: to: no active organization has the id or name "Nobody Here"`},
			{with(7, "Birch,"+ids[1]+",referral,cooperation"),
				"ties.csv row 7: to: must be another organization"},
			// Row 11 gives row 2's tie again, by id and in other case.
			{with(11, ids[0]+",BIRCH,referral,cooperation"),
				`ties.csv row 11: the tie from "` + ids[0] + `" to "BIRCH" is already in row 2`},
			// A missing organization in row 7 is named before the bad
			// level of row 8, read before row 7's batch was looked up.
			{with(8, "Birch,Elm,referral,close") + "", "ties.csv row 8: level: must be one of"},
			{strings.Replace(with(7, "Birch,Nobody Here,referral,cooperation"), "Birch,Elm,referral,cooperation",
				"Birch,Elm,referral,close", 1), `ties.csv row 7: to: no active organization`},
			// The last row of the file, alone in its batch.
			{good + "Fir,Nobody Here,referral,cooperation\n", "ties.csv row 17: to: no active organization"},
		} {
			if _, err := s.ImportTiesCSV(ctx, actor, strings.NewReader(c.body), "ties.csv", false); err == nil ||
				!strings.Contains(err.Error(), c.want) {
				t.Errorf("got %v, want %q", err, c.want)
			}
		}
		for _, table := range []string{"ties", "tie_versions"} {
			if n := countRows(t, db, `SELECT COUNT(*) FROM `+table); n != 0 {
				t.Fatalf("refused imports wrote %d rows of %s", n, table)
			}
		}
		if n := countRows(t, db, `SELECT COUNT(*) FROM audit_events WHERE entity_type = 'tie'`); n != 0 {
			t.Fatalf("refused imports wrote %d audit events", n)
		}

		res, err := s.ImportTiesCSV(ctx, actor, strings.NewReader(good), "ties.csv", false)
		if err != nil || res.Created != 15 {
			t.Fatalf("import: %v %+v", err, res)
		}
		if n := countRows(t, db, `SELECT COUNT(*) FROM tie_versions WHERE version = 1 AND superseded_at IS NULL
			AND change_note = 'imported from ties.csv' AND actor = 'test'`); n != 15 {
			t.Fatalf("%d first versions, want 15", n)
		}
		events, err := account.NewStore(db).ListAudit(ctx, account.AuditFilter{EntityType: "tie", Limit: 100})
		if err != nil || len(events) != 15 || events[0].Action != "create" ||
			!strings.HasPrefix(events[0].Summary, "recorded a tie from ") ||
			!strings.Contains(events[0].After, `"level":"cooperation"`) {
			t.Fatalf("audit: %v %d %+v", err, len(events), events)
		}
		// Created organizations come one by one, in the order the rows
		// name them, whatever the batch.
		more := "from,to\nAlder,Grove\nHazel,Birch\nalder,grove house\n"
		res, err = s.ImportTiesCSV(ctx, actor, strings.NewReader(more), "more.csv", true)
		if err != nil || res.Created != 3 || res.CreatedOrganizations != 3 {
			t.Fatalf("import creating organizations: %v %+v", err, res)
		}
	})
}

// TestImportTiesAgain imports a file of several batches again: unchanged,
// it writes nothing; with some ties changed, those get a new version (the
// old one closed) and an audit event, and the others nothing.
func TestImportTiesAgain(t *testing.T) {
	defer network.SetTieBatchRows(4)()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := network.NewStore(db)
		names := []string{"Alder", "Birch", "Cedar", "Dogwood", "Elm", "Fir"}
		orgs(t, db, names...)
		first := tiesFile(names, 14, func(int) string { return "awareness" })
		if res, err := s.ImportTiesCSV(ctx, actor, strings.NewReader(first), "ties.csv", false); err != nil ||
			res.Created != 14 {
			t.Fatalf("import: %v %+v", err, res)
		}
		counts := func() [3]int {
			return [3]int{countRows(t, db, `SELECT COUNT(*) FROM tie_versions`),
				countRows(t, db, `SELECT COUNT(*) FROM audit_events WHERE entity_type = 'tie'`),
				countRows(t, db, `SELECT COALESCE(SUM(version), 0) FROM ties`)}
		}
		before := counts()
		res, err := s.ImportTiesCSV(ctx, actor, strings.NewReader(first), "ties.csv", false)
		if err != nil || res != (network.ImportResult{Unchanged: 14}) {
			t.Fatalf("unchanged import: %v %+v", err, res)
		}
		if after := counts(); after != before {
			t.Fatalf("an unchanged import wrote: versions, events, version sum %v, then %v", before, after)
		}

		// Rows 2, 6 and 11 (1st, 5th and 10th ties): three batches.
		changed := tiesFile(names, 14, func(i int) string {
			if i == 0 || i == 4 || i == 9 {
				return "collaboration"
			}
			return "awareness"
		})
		res, err = s.ImportTiesCSV(ctx, actor, strings.NewReader(changed), "changed.csv", false)
		if err != nil || res != (network.ImportResult{Updated: 3, Unchanged: 11}) {
			t.Fatalf("changed import: %v %+v", err, res)
		}
		if after := counts(); after != [3]int{before[0] + 3, before[1] + 3, before[2] + 3} {
			t.Fatalf("a changed import: versions, events, version sum %v, then %v", before, after)
		}
		page, err := s.ListTies(ctx, network.TieFilter{Level: "collaboration"})
		if err != nil || page.Total != 3 {
			t.Fatalf("changed ties: %v %+v", err, page)
		}
		for _, tie := range page.Items {
			hist, err := s.TieHistory(ctx, actor, tie.ID)
			if err != nil || tie.Version != 2 || len(hist) != 2 || hist[0].Level != "collaboration" ||
				hist[0].SupersededAt != nil || hist[0].ChangeNote != "imported from changed.csv" ||
				hist[1].Level != "awareness" || hist[1].SupersededAt == nil {
				t.Fatalf("history of %s: %v %+v", tie.ID, err, hist)
			}
			events, err := account.NewStore(db).ListAudit(ctx, account.AuditFilter{EntityType: "tie", EntityID: tie.ID})
			if err != nil || len(events) != 2 || events[0].Action != "update" ||
				!strings.Contains(events[0].Before, `"level":"awareness"`) ||
				!strings.Contains(events[0].After, `"level":"collaboration"`) {
				t.Fatalf("audit of %s: %v %+v", tie.ID, err, events)
			}
		}
		// The map of today has the new versions, as one edit would.
		now, err := s.MapAsOf(ctx, actor, db.Now())
		if err != nil || len(now) != 14 {
			t.Fatalf("map today: %v %d", err, len(now))
		}
	})
}

// TestImportTiesSharedName: names are not unique (an HSDS file may hold
// "St Vincent De Paul" and "St Vincent de Paul"); a row that names one of
// two such organizations is refused, naming the row and asking for the id,
// and the id works.
func TestImportTiesSharedName(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := network.NewStore(db)
		ids := orgs(t, db, "St Vincent De Paul", "Harbor Shelter")
		if _, err := db.ExecContext(ctx, `INSERT INTO organizations (id, name, created_at, updated_at)
			VALUES ('svdp-2', 'St Vincent de Paul', $1, $1)`, db.Now()); err != nil {
			t.Fatal(err)
		}
		body := "from,to,kinds,level\nHarbor Shelter,st vincent de paul,referral,cooperation\n"
		_, err := s.ImportTiesCSV(ctx, actor, strings.NewReader(body), "ties.csv", false)
		if err == nil || !strings.Contains(err.Error(),
			`ties.csv row 2: to: 2 active organizations are named "st vincent de paul": give the id`) {
			t.Fatalf("a shared name: %v", err)
		}
		body = "from,to,kinds,level\nHarbor Shelter," + ids[0] + ",referral,cooperation\n"
		if res, err := s.ImportTiesCSV(ctx, actor, strings.NewReader(body), "ties.csv", false); err != nil ||
			res.Created != 1 {
			t.Fatalf("by id: %v %+v", err, res)
		}
	})
}
