package initiative_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"backbone/internal/errs"
	"backbone/internal/initiative"
	"backbone/internal/store"
	"backbone/internal/testutil/storetest"
)

func TestCheckRACI(t *testing.T) {
	tests := []struct {
		letters []string
		want    initiative.RACIFlags
	}{
		{nil, initiative.RACIFlags{NoAccountable: true, NoResponsible: true}},
		{[]string{"R", "A", "C", "I"}, initiative.RACIFlags{}},
		{[]string{"R", "R", "A"}, initiative.RACIFlags{}},
		{[]string{"R", "C"}, initiative.RACIFlags{NoAccountable: true}},
		{[]string{"A", "A", "R"}, initiative.RACIFlags{SeveralAccountable: true}},
		{[]string{"A", "I"}, initiative.RACIFlags{NoResponsible: true}},
		{[]string{"A", "A", "A"}, initiative.RACIFlags{SeveralAccountable: true, NoResponsible: true}},
	}
	for _, tt := range tests {
		if got := initiative.CheckRACI(tt.letters); got != tt.want {
			t.Errorf("CheckRACI(%v) = %+v, want %+v", tt.letters, got, tt.want)
		}
		if got := initiative.CheckRACI(tt.letters); got.Any() != (tt.want != initiative.RACIFlags{}) {
			t.Errorf("CheckRACI(%v).Any() = %v", tt.letters, got.Any())
		}
	}
}

func TestTitleSimilarity(t *testing.T) {
	tests := []struct {
		a, b   string
		want   float64
		shared string
	}{
		{"Home-delivered meals", "Home delivered meals", 1, "[delivered home meal]"},
		{"Deliver meals to seniors", "Meal delivery for seniors", 0.5, "[meal senior]"},
		{"Brown-bag groceries", "Grocery bags for the brown bag program", 0.75, "[bag brown grocery]"},
		{"Lunch boxes", "Box lunch", 1, "[box lunch]"},
		{"Bus passes", "Free bus pass", 2.0 / 3, "[bus pass]"},
		{"CalFresh enrollment", "Peer counseling", 0, "[]"},
		{"The and of", "for the", 0, "[]"},
		{"", "Meals", 0, "[]"},
		{"Class for caregivers", "Classes for caregiver", 1, "[caregiver class]"},
	}
	for _, tt := range tests {
		got, shared := initiative.TitleSimilarity(tt.a, tt.b)
		if got != tt.want || fmt.Sprint(shared) != tt.shared {
			t.Errorf("TitleSimilarity(%q, %q) = %v %v, want %v %s", tt.a, tt.b, got, shared, tt.want, tt.shared)
		}
	}
}

func TestFindOverlaps(t *testing.T) {
	act := func(id int64, org string, item int64, title, status string) initiative.Activity {
		return initiative.Activity{ID: id, OrganizationID: org, AgendaItemID: item, Title: title, Status: status}
	}
	acts := []initiative.Activity{
		act(1, "a", 1, "Home-delivered meals", "under_way"),
		act(2, "b", 1, "Delivered meals at home", "planned"),      // overlaps 1
		act(3, "a", 1, "Home delivered meals (north)", "planned"), // same organization as 1: not an overlap with it
		act(4, "c", 2, "Home-delivered meals", "planned"),         // another item
		act(5, "d", 1, "Home-delivered meals", "done"),            // finished
		act(6, "e", 0, "Home-delivered meals", "planned"),         // no item
		act(7, "f", 1, "Caregiver respite", "planned"),
	}
	var got []string
	for _, o := range initiative.FindOverlaps(acts) {
		got = append(got, fmt.Sprintf("%d-%d", o.First.ID, o.Second.ID))
	}
	if strings.Join(got, " ") != "1-2 2-3" {
		t.Fatalf("overlaps %v", got)
	}
}

func TestActivitiesAndRACI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newWorkFixture(t, db)
		ctx, s, id := f.ctx, f.s, f.ini.ID
		food, err := s.AddAgendaItem(ctx, actor, id, initiative.AgendaItemInput{Title: "Food security"})
		if err != nil {
			t.Fatal(err)
		}
		care, _ := s.AddAgendaItem(ctx, actor, id, initiative.AgendaItemInput{Title: "Support caregivers"})
		old, _ := s.AddAgendaItem(ctx, actor, id, initiative.AgendaItemInput{Title: "Old goal"})
		if _, err := s.ArchiveAgendaItem(ctx, actor, id, old.ID); err != nil {
			t.Fatal(err)
		}
		other, err := s.Create(ctx, actor, initiative.Input{Name: "After School"})
		if err != nil {
			t.Fatal(err)
		}
		elsewhere, _ := s.AddAgendaItem(ctx, actor, other.ID, initiative.AgendaItemInput{Title: "Homework help"})

		day := func(s string) *time.Time {
			d, err := time.Parse("2006-01-02", s)
			if err != nil {
				t.Fatal(err)
			}
			return &d
		}
		_, err = s.AddActivity(ctx, actor, id, initiative.ActivityInput{Status: "paused", Starts: day("2026-05-01"), Ends: day("2026-04-01")})
		for _, field := range []string{"organization_id", "title", "status", "ends_on"} {
			checkField(t, err, field)
		}
		_, err = s.AddActivity(ctx, actor, id, initiative.ActivityInput{OrganizationID: f.school, Title: "Classes"})
		checkField(t, err, "organization_id")
		for _, item := range []int64{old.ID, elsewhere.ID, 9999} {
			_, err = s.AddActivity(ctx, actor, id, initiative.ActivityInput{OrganizationID: f.pantry, AgendaItemID: item, Title: "Classes"})
			checkField(t, err, "agenda_item_id")
		}

		add := func(org string, item int64, title, status string) *initiative.Activity {
			t.Helper()
			a, err := s.AddActivity(ctx, actor, id, initiative.ActivityInput{OrganizationID: org, AgendaItemID: item, Title: title, Status: status,
				Starts: day("2026-01-15"), Ends: day("2026-12-31")})
			if err != nil {
				t.Fatal(err)
			}
			return a
		}
		bags := add(f.pantry, food.ID, "Weekly grocery bags", "")
		bags2 := add(f.library, food.ID, "Grocery bags weekly", "under_way")
		meals := add(f.health, food.ID, "Home-delivered meals", "planned")
		loose := add(f.health, 0, "Newsletter", "planned")
		if bags.Status != "planned" || bags.OrganizationName != "Food Pantry" || bags.AgendaItemTitle != "Food security" ||
			!bags.Starts.Equal(*day("2026-01-15")) || bags.Starts.Location() != time.UTC || loose.AgendaItemID != 0 {
			t.Fatalf("added %+v", bags)
		}

		// The library leaves; its activity can still be closed, but not
		// moved to a non-member.
		if err := s.Leave(ctx, actor, id, f.library, "Budget cuts"); err != nil {
			t.Fatal(err)
		}
		up := initiative.ActivityInput{OrganizationID: f.library, AgendaItemID: food.ID, Title: "Grocery bags weekly", Status: "stopped"}
		if bags2, err = s.UpdateActivity(ctx, actor, id, bags2.ID, up); err != nil || bags2.Status != "stopped" {
			t.Fatalf("stop: %v %+v", err, bags2)
		}
		up.OrganizationID = f.school
		_, err = s.UpdateActivity(ctx, actor, id, bags2.ID, up)
		checkField(t, err, "organization_id")
		if _, err := s.UpdateActivity(ctx, actor, id, 9999, up); !errors.Is(err, errs.ErrNotFound) {
			t.Fatalf("update unknown: %v", err)
		}
		dup := add(f.fundMember(t), food.ID, "Grocery bag delivery weekly", "planned")

		list, err := s.Activities(ctx, id)
		if err != nil || len(list) != 5 || list[len(list)-1].Title != "Newsletter" {
			t.Fatalf("activities: %v %+v", err, list)
		}

		// RACI letters.
		setRACI := func(activity int64, in initiative.RACIInput) error {
			_, err := s.SetRACI(ctx, actor, id, activity, in)
			return err
		}
		checkField(t, setRACI(bags.ID, initiative.RACIInput{Letter: "R"}), "organization_id")
		checkField(t, setRACI(bags.ID, initiative.RACIInput{OrganizationID: f.pantry, Letter: "X"}), "letter")
		checkField(t, setRACI(bags.ID, initiative.RACIInput{OrganizationID: f.library, Letter: "R"}), "organization_id")
		checkField(t, setRACI(bags.ID, initiative.RACIInput{UserID: 9999, Letter: "R"}), "user_id")
		if err := setRACI(9999, initiative.RACIInput{OrganizationID: f.pantry, Letter: "R"}); !errors.Is(err, errs.ErrNotFound) {
			t.Fatalf("unknown activity: %v", err)
		}
		ana := f.user(t, "Ana Outreach")
		set := func(activity int64, org string, user int64, letter string) {
			t.Helper()
			if err := setRACI(activity, initiative.RACIInput{OrganizationID: org, UserID: user, Letter: letter}); err != nil {
				t.Fatal(err)
			}
		}
		set(bags.ID, f.pantry, 0, "r")
		set(bags.ID, f.pantry, 0, "A") // replaces R
		set(bags.ID, "", ana, "R")
		set(meals.ID, f.health, 0, "A")
		set(meals.ID, f.pantry, 0, "A")
		set(meals.ID, f.fund, 0, "I")
		set(meals.ID, f.fund, 0, "") // removed
		set(loose.ID, f.health, 0, "R")
		if letters, err := s.RACI(ctx, bags.ID); err != nil || len(letters) != 2 || letters[0].Name != "Food Pantry" || letters[1].Name != "Ana Outreach" {
			t.Fatalf("RACI of bags: %v %+v", err, letters)
		}

		m, err := s.RACIMatrix(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		var cols []string
		for _, o := range m.Organizations {
			cols = append(cols, o.OrganizationID)
		}
		if strings.Join(cols, " ") != "org-health org-fund org-pantry" {
			t.Fatalf("columns %v", cols)
		}
		rows := map[int64]initiative.RACIRow{}
		for _, r := range m.Rows {
			rows[r.Activity.ID] = r
		}
		if r := rows[bags.ID]; r.Letters[f.pantry] != "A" || len(r.People) != 1 || r.Flags.Any() {
			t.Fatalf("bags row %+v", r)
		}
		if r := rows[meals.ID]; !r.Flags.SeveralAccountable || !r.Flags.NoResponsible || r.Flags.NoAccountable || len(r.Letters) != 2 {
			t.Fatalf("meals row %+v", r)
		}
		if r := rows[loose.ID]; !r.Flags.NoAccountable || r.Flags.NoResponsible {
			t.Fatalf("newsletter row %+v", r)
		}
		if r := rows[bags2.ID]; r.Flags.Any() {
			t.Fatalf("a stopped activity is flagged: %+v", r)
		}
		if r := rows[dup.ID]; !r.Flags.NoAccountable || !r.Flags.NoResponsible {
			t.Fatalf("activity without letters %+v", r)
		}

		// Coverage: the food item has an overlap (pantry and fund both do
		// grocery bags; the library's stopped one does not count), the
		// caregivers item is a gap, the newsletter serves no item.
		c, err := s.Coverage(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if len(c.Items) != 2 || len(c.Gaps) != 1 || c.Gaps[0].ID != care.ID || !c.Items[1].Gap || c.Items[0].Gap {
			t.Fatalf("coverage items %+v gaps %+v", c.Items, c.Gaps)
		}
		if got := strings.Join(c.Items[0].Organizations, ", "); got != "Community Fund, County Health, Food Pantry" {
			t.Fatalf("who works on food: %s", got)
		}
		if len(c.Items[0].Activities) != 4 || len(c.Unassigned) != 1 || c.Unassigned[0].ID != loose.ID {
			t.Fatalf("coverage activities %+v unassigned %+v", c.Items[0].Activities, c.Unassigned)
		}
		if len(c.Overlaps) != 1 || len(c.Items[0].Overlaps) != 1 || c.Overlaps[0].Similarity < 0.5 ||
			!(c.Overlaps[0].First.ID == dup.ID && c.Overlaps[0].Second.ID == bags.ID || c.Overlaps[0].First.ID == bags.ID && c.Overlaps[0].Second.ID == dup.ID) {
			t.Fatalf("overlaps %+v", c.Overlaps)
		}

		if gone, err := s.DeleteActivity(ctx, actor, id, meals.ID); err != nil || gone.Title != "Home-delivered meals" {
			t.Fatalf("delete: %v %+v", err, gone)
		}
		if _, err := s.Activity(ctx, actor, id, meals.ID); !errors.Is(err, errs.ErrNotFound) {
			t.Fatalf("deleted activity: %v", err)
		}
		if _, err := s.DeleteActivity(ctx, actor, id, meals.ID); !errors.Is(err, errs.ErrNotFound) {
			t.Fatalf("delete twice: %v", err)
		}
		summaries := strings.Join(f.audit(t), "\n")
		for _, want := range []string{`Food Pantry added the activity “Weekly grocery bags” to Aging Well`,
			`marked the activity “Grocery bags weekly” of Public Library stopped`, `made Food Pantry accountable for the activity “Weekly grocery bags”`,
			`took Community Fund's RACI letter for the activity “Home-delivered meals” away`, `deleted the activity “Home-delivered meals” of County Health`} {
			if !strings.Contains(summaries, want) {
				t.Errorf("no audit event %q", want)
			}
		}
	})
}

// fundMember makes the community fund an active core partner and returns its id.
func (f *workFixture) fundMember(t *testing.T) string {
	t.Helper()
	if err := f.s.AddMember(f.ctx, actor, f.ini.ID, f.fund, "core_partner", "active"); err != nil {
		t.Fatal(err)
	}
	return f.fund
}
