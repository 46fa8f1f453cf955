package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"backbone/internal/demo"
	"backbone/internal/testutil/apptest"
	"backbone/internal/testutil/storetest"
)

func TestDashboard(t *testing.T) {
	db := storetest.SQLite(t)
	res, err := demo.Load(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	a := apptest.New(t, db)
	c := a.NewClient(t)
	if r := c.PostForm("/login", url.Values{"email": {"partner@example.org"}, "password": {demo.Password}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign in: %d", r.StatusCode)
	}
	path := fmt.Sprintf("/initiatives/%d/dashboard", res.InitiativeID)
	r := c.Get(path)
	if r.StatusCode != http.StatusOK {
		t.Fatalf("dashboard: %d", r.StatusCode)
	}
	mustContain(t, r, "Deliver 15,000 home-delivered meals a month", "Home-delivered meals · monthly", "of the way",
		`class="status status-`, "<svg", "Late reports", "Redwood City Public Library</strong>: Isolated older adults connected",
		"I have someone to talk to on Tuesdays now", "shared with consent")
	if strings.Contains(r.Body, "%!") {
		t.Fatal("a value was not formatted")
	}
	csv := c.Get(path + ".csv")
	if !strings.HasPrefix(csv.Header.Get("Content-Type"), "text/csv") || !strings.Contains(csv.Body, "goal,indicator,unit,period,combined_value") ||
		strings.Count(csv.Body, "Home-delivered meals") != 18 {
		t.Fatalf("csv: %q", csv.Body[:min(len(csv.Body), 300)])
	}
	// Someone with no part in a private initiative does not see its dashboard.
	if _, err := db.Exec(`UPDATE initiatives SET is_public = FALSE`); err != nil {
		t.Fatal(err)
	}
	a.AddUser(t, "outsider@example.org", "member")
	if r := a.SignIn(t, "outsider@example.org").Get(path); r.StatusCode != http.StatusNotFound {
		t.Fatalf("outsider: %d", r.StatusCode)
	}
}
