package demo_test

import (
	"context"
	"strings"
	"testing"

	"backbone/internal/account"
	"backbone/internal/demo"
	"backbone/internal/health"
	"backbone/internal/store"
	"backbone/internal/testutil/storetest"
)

// TestDemoBalance: in the demo, the member giving most of the meals holds
// one vote in seven, the library pledged 0.5 FTE and delivered 0.4, and
// the Salvation Army's shortfall is named; an offer meets a need.
func TestDemoBalance(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		res, err := demo.Load(ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		s, sys := health.NewStore(db), account.SystemActor("test")
		b, err := s.Balance(ctx, sys, res.InitiativeID)
		if err != nil {
			t.Fatal(err)
		}
		var alerts []string
		for _, a := range b.Alerts {
			alerts = append(alerts, a.Message)
		}
		all := strings.Join(alerts, "\n")
		for _, want := range []string{"Samaritan House gave 62% of meals and holds 1 vote in 7",
			"Salvation Army pledged 300 meals of in-kind goods and delivered 200 meals (67%)"} {
			if !strings.Contains(all, want) {
				t.Errorf("no alert %q in:\n%s", want, all)
			}
		}
		if len(alerts) != 2 {
			t.Errorf("alerts:\n%s", all)
		}
		found := false
		for _, m := range b.Members {
			for _, l := range m.Lines {
				if m.OrganizationName == "Redwood City Public Library" && l.PledgedWords() == "0.5 FTE" &&
					l.DeliveredWords() == "0.4 FTE" {
					found = true
				}
			}
		}
		if !found {
			t.Errorf("the library's 0.5 FTE pledge and 0.4 delivered are not in %+v", b.Members)
		}
		board, err := s.Board(ctx, sys, res.InitiativeID)
		if err != nil {
			t.Fatal(err)
		}
		if len(board.Suggestions) != 1 || !strings.Contains(board.Suggestions[0].Why(), "both are volunteers") {
			t.Errorf("suggestions %+v", board.Suggestions)
		}
	})
}
