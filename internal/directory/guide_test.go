package directory_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"backbone/internal/directory"
	"backbone/internal/store"
	"backbone/internal/testutil/filetest"
	"backbone/internal/testutil/storetest"
)

// seedGuide adds two organizations with services filed under taxonomy
// terms (Food, with Meals under it; Housing), locations in two cities,
// phones, schedules, a service area and a language.
func seedGuide(t *testing.T, db *store.DB) {
	t.Helper()
	ctx := context.Background()
	s := directory.NewStore(db)
	if _, err := s.CreateOrganization(ctx, actor, "org-casa", directory.OrganizationInput{Name: "Casa de la Peña", Description: "Familias.", Sectors: []string{"food"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateOrganization(ctx, actor, "org-home", directory.OrganizationInput{Name: "Home Base", Description: "Housing.", Sectors: []string{"housing"}}); err != nil {
		t.Fatal(err)
	}
	now := db.Now()
	for _, q := range []string{
		`INSERT INTO taxonomy_terms (id, name) VALUES ('t-food', 'Food'), ('t-housing', 'Housing')`,
		`INSERT INTO taxonomy_terms (id, name, parent_id) VALUES ('t-meals', 'Meals', 't-food')`,
		`INSERT INTO services (id, organization_id, name, status, description, eligibility_description, fees_description, created_at, updated_at) VALUES
			('s-pantry', 'org-casa', 'Despensa José', 'active', 'Groceries every week.', 'Residents of San Mateo County', 'Free', $1, $1),
			('s-meals', 'org-casa', 'Hot Meals', 'active', '', 'Anyone', '', $1, $1),
			('s-shelter', 'org-home', 'Family Shelter', 'active', '', 'Families with children', '', $1, $1),
			('s-closed', 'org-home', 'Old Program', 'defunct', '', '', '', $1, $1)`,
		`INSERT INTO attributes (id, link_id, taxonomy_term_id, link_entity) VALUES
			('a1', 's-pantry', 't-food', 'service'), ('a2', 's-meals', 't-meals', 'service'), ('a3', 's-shelter', 't-housing', 'service')`,
		`INSERT INTO locations (id, organization_id, name) VALUES ('l-casa', 'org-casa', 'Casa'), ('l-home', 'org-home', 'Home Base')`,
		`INSERT INTO addresses (id, location_id, address_1, city, state_province, postal_code, country, address_type) VALUES
			('ad1', 'l-casa', '12 Calle Ñandú', 'Redwood City', 'CA', '94063', 'US', 'physical'),
			('ad2', 'l-home', '5 Main St', 'San Mateo', 'CA', '94401', 'US', 'physical')`,
		`INSERT INTO service_at_locations (id, service_id, location_id) VALUES ('sal1', 's-pantry', 'l-casa'), ('sal2', 's-meals', 'l-casa'), ('sal3', 's-shelter', 'l-home')`,
		`INSERT INTO phones (id, location_id, number, type) VALUES ('p1', 'l-casa', '650-555-0100', 'voice')`,
		`INSERT INTO phones (id, service_id, number, extension, type) VALUES ('p2', 's-shelter', '650-555-0199', '12', 'hotline')`,
		`INSERT INTO schedules (id, service_id, byday, opens_at, closes_at) VALUES ('sc1', 's-pantry', 'MO,WE', '09:00', '12:00')`,
		`INSERT INTO schedules (id, location_id, freq, opens_at, closes_at) VALUES ('sc2', 'l-home', 'DAILY', '18:00:00', '07:00:00')`,
		`INSERT INTO service_areas (id, service_id, name) VALUES ('sa1', 's-shelter', 'San Mateo County')`,
		`INSERT INTO languages (id, service_id, name) VALUES ('lg1', 's-pantry', 'Spanish')`,
	} {
		var err error
		if strings.Contains(q, "$1") {
			_, err = db.Exec(q, now)
		} else {
			_, err = db.Exec(q)
		}
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}

func TestGuide(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		seedGuide(t, db)
		s := directory.NewStore(db)
		mapGuideKeywords(t, s)

		g, err := s.Guide(ctx, actor, directory.GuideFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if g.ServiceCount != 3 || len(g.Categories) != 3 {
			t.Fatalf("whole guide: %d services, %+v", g.ServiceCount, g.Categories)
		}
		var headings []string
		for _, c := range g.Categories {
			headings = append(headings, c.Name)
		}
		// Each service under each top-level section of its mapped
		// categories: Hot Meals under Emergency and Food.
		if strings.Join(headings, "|") != "Emergency|Food|Housing" {
			t.Fatalf("headings %v", headings)
		}
		pantry := g.Categories[1].Services[0]
		if pantry.Name != "Despensa José" || pantry.OrganizationName != "Casa de la Peña" ||
			strings.Join(pantry.Addresses, "") != "12 Calle Ñandú, Redwood City, CA 94063" ||
			strings.Join(
				pantry.Phones,
				"",
			) != "650-555-0100" || strings.Join(pantry.Hours, "") != "Mon, Wed 09:00–12:00" ||
			pantry.Eligibility != "Residents of San Mateo County" || pantry.Fees != "Free" || strings.Join(pantry.Languages, "") != "Spanish" {
			t.Fatalf("pantry entry %+v", pantry)
		}
		shelter := g.Categories[2].Services[0]
		if strings.Join(shelter.Phones, "") != "650-555-0199 ext. 12 (hotline)" ||
			strings.Join(shelter.Hours, "") != "Daily 18:00–07:00" {
			t.Fatalf("shelter entry %+v", shelter)
		}

		// A category takes in the terms under it, and heads the guide.
		g, err = s.Guide(ctx, actor, directory.GuideFilter{Category: "food"})
		if err != nil || g.ServiceCount != 2 || len(g.Categories) != 2 {
			t.Fatalf("food: %v %+v", err, g)
		}
		// A category picked by its id (as the form's list gives it) is named
		// on the cover; its services are under their sections.
		g, err = s.Guide(ctx, actor, directory.GuideFilter{Category: "t-meals"})
		if err != nil || g.Title != "Meals resources" || len(g.Categories) != 2 || g.Categories[0].Name != "Emergency" {
			t.Fatalf("meals by id: %v %q %+v", err, g.Title, g.Categories)
		}
		for _, tc := range []struct {
			f    directory.GuideFilter
			want int
		}{
			{directory.GuideFilter{Category: "t-meals"}, 1},
			{directory.GuideFilter{Sector: "housing"}, 1},
			{directory.GuideFilter{Area: "redwood city"}, 2},
			{directory.GuideFilter{Area: "mateo county"}, 1},
			{directory.GuideFilter{Area: "San Mateo"}, 1}, // its city and its service area: counted once
			{directory.GuideFilter{Sector: "food", Area: "San Mateo"}, 0},
		} {
			g, err := s.Guide(ctx, actor, tc.f)
			if err != nil || g.ServiceCount != tc.want {
				t.Errorf("%+v: %v, %d services, want %d", tc.f, err, g.ServiceCount, tc.want)
			}
		}
		if _, err := s.Guide(ctx, actor, directory.GuideFilter{Sector: "astrology"}); err == nil {
			t.Error("unknown sector accepted")
		}
		cats, err := s.GuideCategories(ctx, actor)
		if err != nil || len(cats) != 4 || cats[0].Label != "Emergency Food" || cats[0].Count != 1 {
			t.Fatalf("categories %v %+v", err, cats)
		}
		// The cities of addresses and the service areas, each once.
		areas, err := s.GuideAreas(ctx, actor)
		if err != nil || len(areas) != 3 || areas[0].Value != "Redwood City" || areas[1].Value != "San Mateo" ||
			areas[2].Value != "San Mateo County" {
			t.Fatalf("areas %v %+v", err, areas)
		}
	})
}

func TestGuidePDF(t *testing.T) {
	db := storetest.SQLite(t)
	seedGuide(t, db)
	g, err := directory.NewStore(db).Guide(context.Background(), actor, directory.GuideFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := g.WritePDF(&buf, false); err != nil {
		t.Fatal(err)
	}
	pdf := buf.Bytes()
	checkPDF(t, pdf, 3) // the cover, the contents and the three categories on one page
	// The core font writes cp1252: é is byte 0xE9, ñ 0xF1, Ñ 0xD1.
	for _, want := range []string{"Despensa Jos\xe9", "Casa de la Pe\xf1a", "12 Calle \xd1and\xfa", "Mon, Wed 09:00\x9612:00",
		"Community resource guide", "3 services from 2 organizations in 2 categories", "Who can use it", "Residents of San " +
			"Mateo County",
		"Contents", "/Title (Contents)"} {
		if !bytes.Contains(pdf, []byte(want)) {
			t.Errorf("PDF lacks %q", want)
		}
	}
	// Compressed, as served, it is still a whole PDF.
	buf.Reset()
	if err := g.WritePDF(&buf, true); err != nil {
		t.Fatal(err)
	}
	checkPDF(t, buf.Bytes(), 3)
}

// TestGuidePDFContents: in a guide of many categories of every size, the
// categories follow one another (a new page only when the heading and an
// entry would not fit), and the contents name the page each category is
// on in the PDF written.
func TestGuidePDFContents(t *testing.T) {
	g := &directory.Guide{Title: "Community resource guide", GeneratedAt: time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC)}
	for i := range 40 {
		c := directory.GuideCategory{Name: fmt.Sprintf("Category %02d %s", i, strings.Repeat("with a long name ", i%9))}
		for j := range i % 7 {
			c.Services = append(c.Services, directory.GuideService{
				ID: fmt.Sprintf(
					"s%d-%d",
					i,
					j,
				), Name: fmt.Sprintf("Service %d.%d", i, j), OrganizationName: "Peña Familias",
				Description: strings.Repeat("Meals and groceries for families. ", 1+j%5),
				Phones:      []string{"650-555-0100"}, Hours: []string{"Mon–Fri 09:00–17:00"},
			})
			g.ServiceCount++
		}
		g.Categories = append(g.Categories, c)
	}
	named, written, err := g.PDFStarts()
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(named, written) {
		t.Fatalf("the contents name pages %v, the categories are on %v", named, written)
	}
	var buf bytes.Buffer
	if err := g.WritePDF(&buf, false); err != nil {
		t.Fatal(err)
	}
	pages := len(pageObject.FindAll(buf.Bytes(), -1))
	if last := written[len(written)-1]; last > pages || written[0] < 3 {
		t.Fatalf("categories start on %v of %d pages", written, pages)
	}
	if pages >= len(g.Categories)+2 {
		t.Errorf("%d pages for %d categories: a page per category", pages, len(g.Categories))
	}
	for i := 1; i < len(written); i++ {
		if written[i] < written[i-1] {
			t.Fatalf("category %d starts on page %d, before category %d (page %d)", i, written[i], i-1, written[i-1])
		}
	}
	checkPDF(t, buf.Bytes(), pages)

	// Read by poppler, as a reader's PDF viewer would: the contents say
	// "Category 07 ... (n) .... page", and that page has the heading.
	text := pdfText(t, buf.Bytes())
	for i, c := range g.Categories {
		if i%5 != 0 {
			continue
		}
		line := regexp.MustCompile(
			`(?m)^\s*` + regexp.QuoteMeta(c.Name[:12]) + `.*\(` + strconv.Itoa(len(c.Services)) + `\)[ .]+(\d+)\s*$`,
		)
		contents := strings.Join(text[1:written[0]-1], "\n")
		m := line.FindStringSubmatch(contents)
		if m == nil || m[1] != strconv.Itoa(written[i]) {
			t.Fatalf("the contents list %q at %v, want page %d:\n%s", c.Name, m, written[i], contents)
		}
		if !strings.Contains(text[written[i]-1], c.Name[:11]) {
			t.Errorf("page %d lacks the heading %q", written[i], c.Name)
		}
	}
}

// pdfText reads a PDF with poppler's pdftotext and returns each page's text.
func pdfText(t *testing.T, pdf []byte) []string {
	t.Helper()
	tool := filetest.Tool(t, "pdftotext", "poppler-utils")
	path := filepath.Join(t.TempDir(), "guide.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(tool, "-layout", "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return strings.Split(string(out), "\f")
}

var (
	pageObject = regexp.MustCompile(`/Type /Page\b[^s]`)
	startXref  = regexp.MustCompile(`startxref\s+(\d+)\s+%%EOF\s*$`)
)

// checkPDF checks what a reader relies on: the header, the trailer, that
// the cross-reference table is where the trailer says, and the page count.
func checkPDF(t *testing.T, pdf []byte, pages int) {
	t.Helper()
	if !bytes.HasPrefix(pdf, []byte("%PDF-1.")) {
		t.Fatalf("not a PDF: %q", pdf[:min(len(pdf), 20)])
	}
	m := startXref.FindSubmatch(pdf)
	if m == nil {
		t.Fatal("no startxref and end-of-file trailer")
	}
	off, _ := strconv.Atoi(string(m[1]))
	if off <= 0 || off >= len(pdf) || !bytes.HasPrefix(pdf[off:], []byte("xref")) {
		t.Fatalf("startxref %d does not point at the xref table", off)
	}
	if n := len(pageObject.FindAll(pdf, -1)); n != pages {
		t.Fatalf("%d pages, want %d", n, pages)
	}
	if !bytes.Contains(pdf, []byte("/Count "+strconv.Itoa(pages))) {
		t.Errorf("page tree does not count %d pages", pages)
	}
}

// TestGuideFilters: in a synthetic directory, every guide finds exactly the
// services that the filter's plain reading finds (each condition tested on
// every service, as the guide did before it looked them up by index), and
// one broader than a guide may be is refused; a category with more
// services than a guide holds is offered as such.
func TestGuideFilters(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s, _ := synthStore(t, db, directory.MaxGuideServices+100, 5)
		broad := directory.SynthTerms[0]
		for _, q := range []string{
			`INSERT INTO organization_sectors (organization_id, sector) SELECT id, 'food' FROM organizations WHERE id IN (SELECT id FROM organizations ORDER BY id LIMIT 120)`,
			`INSERT INTO attributes (id, link_id, taxonomy_term_id, link_entity) SELECT 'every-' || id, id, (SELECT id FROM taxonomy_terms WHERE name = '` + broad + `'), 'service' FROM services`,
			`UPDATE services SET status = 'defunct' WHERE id IN (SELECT id FROM services ORDER BY id LIMIT 7)`,
		} {
			if _, err := db.ExecContext(ctx, q); err != nil {
				t.Fatal(err)
			}
		}
		plain := func(f directory.GuideFilter) []string {
			where := []string{"o.archived_at IS NULL", "sv.status NOT IN ('inactive', 'defunct')"}
			var args []any
			arg := func(v any) string { args = append(args, v); return "$" + strconv.Itoa(len(args)) }
			if f.Sector != "" {
				where = append(
					where,
					"EXISTS (SELECT 1 FROM organization_sectors os WHERE os.organization_id = o.id AND os.sector = "+arg(
						f.Sector,
					)+")",
				)
			}
			if f.Category != "" {
				id, name := arg(f.Category), arg(strings.ToLower(f.Category))
				where = append(
					where,
					`EXISTS (SELECT 1 FROM attributes a JOIN taxonomy_terms t ON t.id = a.taxonomy_term_id
					LEFT JOIN taxonomy_terms up ON up.id = t.parent_id
					WHERE a.link_id = sv.id AND (t.id =
					`+id+` OR lower(t.name) = `+name+` OR up.id = `+id+` OR lower(up.name) = `+name+`))`,
				)
			}
			if f.Area != "" {
				like, city := arg(store.LikePattern(f.Area)), arg(strings.ToLower(f.Area))
				where = append(
					where,
					`(EXISTS (SELECT 1 FROM service_areas sa WHERE sa.service_id = sv.id AND lower(sa.name) LIKE `+like+` ESCAPE '\')
					OR EXISTS (SELECT 1 FROM service_at_locations sal JOIN addresses ad ON ad.location_id = sal.location_id
						WHERE sal.service_id = sv.id AND lower(ad.city) = `+city+`))`,
				)
			}
			rows, err := db.QueryContext(
				ctx,
				`SELECT sv.id FROM services sv JOIN organizations o ON o.id = sv.organization_id WHERE `+
					strings.Join(where, " AND ")+` ORDER BY sv.id`,
				args...)
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			var ids []string
			for rows.Next() {
				var id string
				rows.Scan(&id)
				ids = append(ids, id)
			}
			return ids
		}
		city := directory.SynthArea.Cities[0].Name
		for _, f := range []directory.GuideFilter{
			{Area: city},
			{Area: strings.ToUpper(city[:3])}, // a part of a service area's name; no city is named so
			{Category: directory.SynthTerms[3]},
			{Category: directory.SynthTerms[3], Area: city},
			{Sector: "food"},
			{Sector: "food", Area: city},
			{Category: broad},
			{Category: "no such term"},
			{Area: "Atlantis"},
		} {
			want := plain(f)
			g, err := s.Guide(ctx, actor, f)
			if len(want) > directory.MaxGuideServices {
				if err == nil || !strings.Contains(err.Error(), "more than 1000 services") {
					t.Errorf("%+v: %d services, want refused: %v", f, len(want), err)
				}
				continue
			}
			if err != nil {
				t.Fatalf("%+v: %v", f, err)
			}
			var got []string
			for _, c := range g.Categories {
				for _, sv := range c.Services {
					got = append(got, sv.ID)
				}
			}
			slices.Sort(got)
			if g.ServiceCount != len(want) || !slices.Equal(got, want) {
				t.Errorf("%+v: %d services %v, want %d", f, g.ServiceCount, len(got), len(want))
			}
			if f.Area == city && len(want) == 0 {
				t.Errorf("%+v: the test finds nothing to compare", f)
			}
		}
		cats, err := s.GuideCategories(ctx, actor)
		if err != nil {
			t.Fatal(err)
		}
		if len(cats) != len(directory.SynthTerms) {
			t.Fatalf("%d categories, want %d", len(cats), len(directory.SynthTerms))
		}
		for _, c := range cats {
			var n int // the services filed under the term, counted the plain way
			if err := db.QueryRowContext(ctx, `SELECT COUNT(DISTINCT a.link_id) FROM attributes a JOIN services sv ON sv.id = a.link_id
				WHERE a.taxonomy_term_id = $1`, c.Value).Scan(&n); err != nil {
				t.Fatal(err)
			}
			if capped := n > directory.MaxGuideServices; c.Capped != capped ||
				c.Count != min(n, directory.MaxGuideServices) ||
				capped != (c.Label == broad) {
				t.Errorf("%s: %+v, want %d", c.Label, c, n)
			}
		}
	})
}

func TestSayHours(t *testing.T) {
	type h = directory.ScheduleHours
	for _, c := range []struct {
		name string
		in   []h
		want []string
	}{
		{"nothing", nil, []string{}},
		{"a row per weekday, as Ohana writes them, joined and in weekday order", []h{
			{ByDay: "FR", Opens: "08:00", Closes: "17:00"}, {ByDay: "MO", Opens: "08:00:00", Closes: "17:00:00"},
			{ByDay: "Wednesday", Opens: "08:00", Closes: "17:00"}, {ByDay: "SA", Opens: "10:00", Closes: "12:00"},
		}, []string{"Mon, Wed, Fri 08:00–17:00", "Sat 10:00–12:00"}},
		{"three days or more in a row are a run; the whole week is daily", []h{
			{ByDay: "MO,TU,WE,TH,FR", Opens: "08:00", Closes: "17:00"}, {ByDay: "SA,SU", Opens: "10:00", Closes: "12:00"},
			{ByDay: "SU,MO,TU,TH,FR,SA", Opens: "13:00", Closes: "14:00"}, {ByDay: "WE,TH,FR,SA,SU,MO,TU", Opens: "18:00", Closes: "19:00"},
		}, []string{"Mon–Fri 08:00–17:00", "Mon, Tue, Thu–Sun 13:00–14:00", "Daily 18:00–19:00", "Sat, Sun 10:00–12:00"}},
		{"a split day keeps both times; a day written twice is said once", []h{
			{ByDay: "TU,MO", Opens: "13:00", Closes: "17:00"}, {ByDay: "MO,TU,MO", Opens: "09:00", Closes: "12:00"},
			{ByDay: "TU", Opens: "09:00", Closes: "12:00"},
		}, []string{"Mon, Tue 13:00–17:00", "Mon, Tue 09:00–12:00"}},
		{"a different description is a line of its own", []h{
			{ByDay: "MO", Opens: "09:00", Closes: "12:00"}, {ByDay: "TU", Opens: "09:00", Closes: "12:00", Description: "Walk-in"},
		}, []string{"Mon 09:00–12:00", "Tue 09:00–12:00: Walk-in"}},
		{"the others after the weekly ones, in their order, without repeats", []h{
			{Freq: "YEARLY", Opens: "10:00", Closes: "14:00", Description: "Open house"}, {Freq: "DAILY", Opens: "08:30", Closes: "17:00"},
			{ByDay: "SU", Freq: "WEEKLY", Opens: "10:00", Closes: "11:00"}, {Freq: "DAILY", Opens: "08:30", Closes: "17:00"},
			{ByDay: "1MO", Freq: "MONTHLY", Opens: "18:00", Closes: "20:00"}, {ByDay: "-1FR,+3WE,-2TH", Freq: "MONTHLY", Opens: "09:00"},
		}, []string{"Sun 10:00–11:00", "10:00–14:00: Open house", "Daily 08:30–17:00", "1st Mon 18:00–20:00",
			"last Fri, 3rd Wed, 2nd last Thu from 09:00"}},
	} {
		if got := directory.SayHours(c.in); !slices.Equal(got, c.want) {
			t.Errorf("%s: got %q, want %q", c.name, got, c.want)
		}
	}
}
