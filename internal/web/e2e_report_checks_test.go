package web_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"backbone/internal/demo"
	"backbone/internal/measure"
	"backbone/internal/testutil/apptest"
	"backbone/internal/testutil/browser"
	"backbone/internal/testutil/storetest"
)

// TestBrowserReportChecks is the report form in a real browser: backbone
// staff give an indicator an allowed range; the partner picks periods from
// the indicator's own list, sees the weight only for a weighted average, is
// refused a value out of range, confirms a value far from its history, and
// withdraws it with a reason.
func TestBrowserReportChecks(t *testing.T) {
	b := browser.Start(t)
	db := storetest.SQLite(t)
	res, err := demo.Load(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	a := apptest.New(t, db)
	var samaritan string
	if err := db.QueryRow(`SELECT id FROM organizations WHERE name = 'Samaritan House'`).Scan(&samaritan); err != nil {
		t.Fatal(err)
	}
	signIn := func(email string) {
		b.Go(a.URL + "/login")
		b.Fill("#email", email)
		b.Fill("#password", demo.Password)
		b.Submit("form[action='/login'] button[type=submit]")
		if strings.Contains(b.URL(), "/login") {
			t.Fatalf("sign in as %s: %q", email, b.Text("main"))
		}
	}
	base := fmt.Sprintf("%s/initiatives/%d", a.URL, res.InitiativeID)
	now := a.DB.Now()
	month, quarter := measure.LastClosed(measure.Monthly, now).String(), measure.LastClosed(measure.Quarterly, now).String()
	current := measure.PeriodOf(measure.Monthly, now).String()

	signIn("coordinator@example.org")
	b.Go(base + "/measures")
	b.Click("#add-indicator > summary")
	b.Fill("#name", "Clients satisfied")
	b.Fill("#definition", "Share of the clients asked who said they were satisfied, in percent.")
	b.Fill("#indicator-unit", "percent")
	b.Select("#aggregation", "weighted_average")
	b.Select("#frequency", "quarterly")
	b.Fill("#weight_label", "clients asked")
	b.Fill("#minimum", "0")
	b.Fill("#maximum", "100")
	b.Check(fmt.Sprintf("#indicator-form input[name=reporters][value='%s']", samaritan))
	b.Submit("#indicator-form button.primary")
	if !b.HasText(".flash-success", "Clients satisfied") {
		t.Fatalf("indicator not added: %q", b.Text("main"))
	}
	b.Submit("form[action='/logout'] button")

	signIn("partner@example.org")
	b.Go(base + "/report")
	visiblePeriods := func() []string {
		var out []string
		b.Eval(`Array.from(document.querySelectorAll("#period optgroup:not([hidden]) option")).map(o => o.value)`, &out)
		return out
	}
	meals := "Home-delivered meals (meals, monthly) for Samaritan House"
	b.Select("#item", meals)
	if got := b.Value("#period"); got != month {
		t.Fatalf("meals period %q, want %q", got, month)
	}
	if ps := visiblePeriods(); len(ps) != 13 || ps[0] != current || strings.Contains(ps[0], "Q") {
		t.Fatalf("monthly periods offered: %v", ps)
	}
	if b.Exists("#weight-field:not([hidden])") {
		t.Fatal("the weight shows for a sum")
	}
	b.Select("#item", "Clients satisfied (percent, quarterly, weighted by clients asked) for Samaritan House")
	if got := b.Value("#period"); got != quarter {
		t.Fatalf("quarterly period %q, want %q", got, quarter)
	}
	if ps := visiblePeriods(); len(ps) != 5 || !strings.Contains(ps[0], "Q") {
		t.Fatalf("quarterly periods offered: %v", ps)
	}
	if !b.Exists("#weight-field:not([hidden])") || !b.HasText("#weight-what", "clients asked") {
		t.Fatal("the weight is hidden for a weighted average")
	}
	b.Fill("#value", "150")
	b.Fill("#weight", "40")
	b.Submit("#report-form button.primary")
	if !b.HasText("#value-error", "must be at most 100, the largest value “Clients satisfied” allows") {
		t.Fatalf("out of range: %q", b.Text("main"))
	}
	b.Fill("#value", "85")
	b.Submit("#report-form button.primary")
	if !b.HasText(".flash-success", "Recorded 85 for "+quarter) {
		t.Fatalf("in range: %q", b.Text("main"))
	}

	// A value far from Samaritan House's history asks to be confirmed.
	b.Select("#item", meals)
	b.Select("#period", current)
	b.Fill("#value", "9000000")
	b.Submit("#report-form button.primary")
	if !b.HasText("#value-error", "far from what Samaritan House usually reports") || !b.Exists("#report-unusual #confirm") {
		t.Fatalf("far value: %q", b.Text("main"))
	}
	if got := b.Value("#period"); got != current {
		t.Fatalf("the form came back with period %q, want %q", got, current)
	}
	b.Check("#confirm")
	b.Submit("#report-form button.primary")
	if !b.HasText(".flash-success", "Recorded 9,000,000 for "+current) {
		t.Fatalf("confirmed: %q", b.Text("main"))
	}

	// It was wrong after all: withdrawn, with a reason.
	row := fmt.Sprintf("#recent-values tr:has(input[name=period][value='%s']):has(input[name=item][value$='|%s'])", current, samaritan)
	if !b.HasText(row, "9,000,000") {
		t.Fatalf("recent values: %q", b.Text("#recent-values"))
	}
	b.Click(row + " summary")
	b.Fill(row+" input[name=reason]", "Typed three zeros too many")
	b.Submit(row + " button[type=submit]")
	if !b.HasText(".flash-success", "Withdrew 9,000,000 for "+current) || b.HasText("#recent-values", "9,000,000") {
		t.Fatalf("withdrawn: %q", b.Text("main"))
	}
	b.Submit("form[action='/logout'] button")

	// Backbone staff withdraw a partner's value from the goal's page, where
	// they see every member's part.
	var goal int64
	if err := db.QueryRow(`SELECT r.goal_id FROM goal_revisions r JOIN indicators i ON i.id = r.indicator_id
		WHERE i.name = 'Home-delivered meals' AND i.initiative_id = $1 ORDER BY r.goal_id LIMIT 1`, res.InitiativeID).Scan(&goal); err != nil {
		t.Fatal(err)
	}
	signIn("coordinator@example.org")
	b.Go(fmt.Sprintf("%s/goals/%d?period=%s", base, goal, month))
	part := fmt.Sprintf("#contributions tr:has(input[name=item][value$='|%s'])", samaritan)
	was := b.Text(part + " td.num")
	b.Click(part + " summary")
	b.Fill(part+" input[name=reason]", "Counted the whole quarter")
	b.Submit(part + " button[type=submit]")
	if !b.HasText(".flash-success", "Withdrew "+was+" for "+month) || !strings.Contains(b.URL(), "period="+month) {
		t.Fatalf("staff withdrawal: %s %q", b.URL(), b.Text("main"))
	}
	var samaritanRow string
	b.Eval(`Array.from(document.querySelectorAll("#contributions tbody tr")).map(tr => tr.innerText).find(t => t.startsWith("Samaritan House")) || ""`, &samaritanRow)
	if !strings.Contains(samaritanRow, "not yet") {
		t.Fatalf("the withdrawn part still counts: %q", samaritanRow)
	}
}
