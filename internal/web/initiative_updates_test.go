package web_test

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"backbone/internal/account"
	"backbone/internal/initiative"
)

func TestUpdatesFeed(t *testing.T) {
	w := newWorkspace(t)
	ctx := context.Background()
	sys := account.SystemActor("test")
	status(t, w.outsider.Get(w.base+"/updates"), http.StatusNotFound)
	for i := 1; i <= 35; i++ {
		if _, err := w.a.Initiatives.AddAgendaItem(ctx, sys, w.id, initiative.AgendaItemInput{Title: fmt.Sprintf("Goal number %d", i)}); err != nil {
			t.Fatal(err)
		}
	}
	r := w.lead.Get(w.base + "/updates")
	status(t, r, http.StatusOK)
	mustContain(t, r, "added “Goal number 35” to the common agenda", "Governance", "Older updates")
	// One person's thirty edits in a sitting are one line, the rest folded under it.
	if n := strings.Count(r.Body, `<li class="feed-governance">`); n != 1 || !strings.Contains(r.Body, "and 29 more changes of this kind") {
		t.Errorf("a burst of edits is %d lines: %s", n, r.Body)
	}
	if strings.Contains(r.Body, "Goal number 5”") {
		t.Error("the first page reaches back too far")
	}
	older := regexp.MustCompile(`href="(/initiatives/\d+/updates\?before=\d+)"`).FindStringSubmatch(r.Body)
	if older == nil {
		t.Fatal("no link to older updates")
	}
	r = w.lead.Get(older[1])
	mustContain(t, r, "Goal number 5”", "Back to the newest updates", "Member")
	if strings.Contains(r.Body, "Goal number 35") {
		t.Error("the older page repeats the newest")
	}
}
