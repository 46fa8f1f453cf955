package web_test

import (
	"strings"
	"testing"
	"time"

	"backbone/internal/testutil/apptest"
	"backbone/internal/testutil/browser"
)

// TestBrowserDecisionByVote takes a decision by vote in a real browser:
// backbone staff write the governance framework (majority, with a quorum)
// and put a proposal; two member organizations' admins vote; when the
// deadline has passed, staff close the vote and the outcome, with its
// reasons, is in the decision log.
func TestBrowserDecisionByVote(t *testing.T) {
	b := browser.Start(t)
	f := newDecisionFixture(t)
	signIn := func(email string) {
		b.Go(f.a.URL + "/login")
		b.Fill("#email", email)
		b.Fill("#password", apptest.Password)
		b.Submit("form[action='/login'] button[type=submit]")
	}
	signOut := func() { b.Submit("form[action='/logout'] button") }

	signIn("staff@example.org")
	b.Go(f.a.URL + f.base + "/governance")
	if !b.HasText("#no-governance", "No governance framework has been agreed yet") {
		t.Fatalf("empty governance: %q", b.Text("main"))
	}
	b.Check("input[name=decision_rule][value=majority]")
	b.Fill("#quorum_percent", "50")
	b.Fill("#threshold_percent", "50")
	b.Fill("#conflict_steps-0-description", "The two leads talk it over")
	b.Submit("#governance-form button.primary")
	if !b.HasText("#conflict_steps-0-mediator-error", "Who mediates is required") {
		t.Fatalf("list entry error not shown next to it: %q", b.Text("main"))
	}
	b.Fill("#conflict_steps-0-mediator", "the backbone director")
	b.Fill("#channels-0-what", "Partner newsletter")
	b.Fill("#channels-0-how_often", "Monthly")
	b.Fill("#channels-0-who", "Backbone staff")
	b.Submit("#governance-form button.primary")
	if !b.HasText(".flash-success", "Version 1 of the governance framework was saved") || !b.HasText("#rule-text", "By majority vote") {
		t.Fatalf("governance not saved: %q", b.Text("main"))
	}

	b.Click(".subnav a[href$='/decisions']")
	b.WaitVisible("#propose-form")
	b.Fill("#title", "Share one intake form")
	b.Fill("#body", "All partners use the same intake form from March.")
	b.Fill("#deadline", f.a.DB.Now().AddDate(0, 0, 7).Format(time.DateOnly))
	b.Submit("#propose-form button[type=submit]")
	if !b.HasText(".flash-success", "is open for votes") || !b.HasText("h1", "Share one intake form") {
		t.Fatalf("proposal not made: %q", b.Text("main"))
	}
	proposal := b.URL()
	signOut()

	// Food Bank votes no, then changes its mind before voting closes.
	signIn("food@example.org")
	b.Go(proposal)
	b.Check("#vote-form input[name=choice][value=no]")
	b.Submit("#vote-form button[type=submit]")
	if !b.HasText(".flash-success", "You can change it until voting closes") || !b.HasText("#vote-form .my-vote", "You voted No on") {
		t.Fatalf("first vote: %q", b.Text("main"))
	}
	var checked string
	b.Eval(`document.querySelector("#vote-form input[name=choice]:checked").value`, &checked)
	if checked != "no" || !b.HasText("#vote-form button[type=submit]", "Change the vote") {
		t.Fatalf("the current vote is not shown on the form: %q checked", checked)
	}
	for _, email := range []string{"food@example.org", "legal@example.org"} {
		if email != "food@example.org" {
			signIn(email)
			b.Go(proposal)
		}
		b.Check("#vote-form input[name=choice][value=yes]")
		b.Submit("#vote-form button[type=submit]")
		if !b.HasText(".flash-success", "vote was recorded") {
			t.Fatalf("%s's vote: %q", email, b.Text("main"))
		}
		signOut()
	}

	// County Health has not voted, so the vote runs to its deadline; let it pass.
	if _, err := f.a.DB.Exec(`UPDATE proposals SET deadline = $1`, f.a.DB.Now().Add(-time.Minute)); err != nil {
		t.Fatal(err)
	}
	signIn("staff@example.org")
	b.Go(proposal)
	if !b.HasText("#votes", "Food Bank") || !b.HasText("#votes", "Legal Aid") {
		t.Fatalf("votes not shown: %q", b.Text("main"))
	}
	b.Click("#vote-history summary")
	if !b.HasText("#vote-history", "Food Bank voted No") || !b.HasText("#vote-history", "Food Bank changed its vote to Yes") {
		t.Fatalf("vote history: %q", b.Text("#vote-history"))
	}
	b.Submit("#close-form button[type=submit]")
	if !strings.HasSuffix(b.URL(), "/decisions/log") || !b.HasText(".flash-success", "is closed: passed") {
		t.Fatalf("not closed: %s %q", b.URL(), b.Text("main"))
	}
	if !b.HasText("#decision-log .outcome", "Passed") || !b.HasText("#decision-log .reasons", "2 of 3 voting members took part") ||
		!b.HasText("#decision-log .reasons", "passed with 100% yes") {
		t.Fatalf("decision log: %q", b.Text("#decision-log"))
	}
}
