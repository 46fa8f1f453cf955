package initiative_test

import (
	"errors"
	"strings"
	"testing"

	"backbone/internal/errs"
	"backbone/internal/initiative"
	"backbone/internal/store"
	"backbone/internal/testutil/storetest"
)

func TestAgenda(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newWorkFixture(t, db)
		ctx, s, id := f.ctx, f.s, f.ini.ID

		_, err := s.AddAgendaItem(ctx, actor, id, initiative.AgendaItemInput{Title: "  ", Description: strings.Repeat("d", 10001)})
		checkField(t, err, "title")
		checkField(t, err, "description")
		if _, err := s.AddAgendaItem(ctx, actor, 9999, initiative.AgendaItemInput{Title: "X"}); !errors.Is(err, errs.ErrNotFound) {
			t.Fatalf("unknown initiative: %v", err)
		}
		var items []*initiative.AgendaItem
		for _, title := range []string{"Reach isolated older adults", "Food security", "Support caregivers"} {
			it, err := s.AddAgendaItem(ctx, actor, id, initiative.AgendaItemInput{Title: " " + title + " "})
			if err != nil {
				t.Fatal(err)
			}
			items = append(items, it)
		}
		if items[2].Position != 3 || items[0].Title != "Reach isolated older adults" {
			t.Fatalf("added %+v", items[2])
		}
		edited, err := s.EditAgendaItem(ctx, actor, id, items[1].ID, initiative.AgendaItemInput{Title: "Food security for all", Description: "Meals and groceries."})
		if err != nil || edited.Title != "Food security for all" || edited.Position != 2 {
			t.Fatalf("edit: %v %+v", err, edited)
		}
		if _, err := s.EditAgendaItem(ctx, actor, id, 9999, initiative.AgendaItemInput{Title: "X"}); !errors.Is(err, errs.ErrNotFound) {
			t.Fatalf("edit unknown: %v", err)
		}

		checkField(t, s.ReorderAgenda(ctx, actor, id, []int64{items[0].ID, items[1].ID}), "ids")
		checkField(t, s.ReorderAgenda(ctx, actor, id, []int64{items[0].ID, items[0].ID, items[1].ID}), "ids")
		if err := s.ReorderAgenda(ctx, actor, id, []int64{items[2].ID, items[0].ID, items[1].ID}); err != nil {
			t.Fatal(err)
		}
		titles := func() string {
			list, err := s.AgendaItems(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for i, it := range list {
				if it.Position != i+1 {
					t.Fatalf("position %d at %d", it.Position, i)
				}
				out = append(out, it.Title)
			}
			return strings.Join(out, "; ")
		}
		if got := titles(); got != "Support caregivers; Reach isolated older adults; Food security for all" {
			t.Fatalf("reordered: %s", got)
		}
		moved, err := s.MoveAgendaItem(ctx, actor, id, items[1].ID, -1)
		if err != nil || moved.Position != 2 || moved.Title != "Food security for all" {
			t.Fatalf("move up: %v %+v", err, moved)
		}
		_, err = s.MoveAgendaItem(ctx, actor, id, items[2].ID, -1)
		checkConflict(t, err, "cannot move further")
		if _, err := s.MoveAgendaItem(ctx, actor, id, 9999, 1); !errors.Is(err, errs.ErrNotFound) {
			t.Fatalf("move unknown: %v", err)
		}
		if err := s.ReorderAgenda(ctx, actor, id, []int64{items[2].ID, items[0].ID, items[1].ID}); err != nil {
			t.Fatal(err)
		}

		if _, err := s.ArchiveAgendaItem(ctx, actor, id, items[2].ID); err != nil {
			t.Fatal(err)
		}
		_, err = s.ArchiveAgendaItem(ctx, actor, id, items[2].ID)
		checkConflict(t, err, "already archived")
		_, err = s.EditAgendaItem(ctx, actor, id, items[2].ID, initiative.AgendaItemInput{Title: "X"})
		checkConflict(t, err, "archived")
		if got := titles(); got != "Reach isolated older adults; Food security for all" {
			t.Fatalf("after archive: %s", got)
		}
		if it, err := s.AgendaItem(ctx, actor, id, items[2].ID); err != nil || it.ArchivedAt == nil {
			t.Fatalf("archived item: %v %+v", err, it)
		}
		if _, err := s.AddAgendaItem(ctx, actor, id, initiative.AgendaItemInput{Title: "Measure together"}); err != nil {
			t.Fatal(err)
		}
		if got := titles(); got != "Reach isolated older adults; Food security for all; Measure together" {
			t.Fatalf("after add: %s", got)
		}
		summaries := strings.Join(f.audit(t), "\n")
		for _, want := range []string{`added “Food security” to the common agenda of Aging Well`, `edited common agenda item “Food security for all”`,
			"reordered the common agenda of Aging Well", `took “Support caregivers” off the common agenda`} {
			if !strings.Contains(summaries, want) {
				t.Errorf("no audit event %q", want)
			}
		}
	})
}
