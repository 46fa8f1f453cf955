package measure_test

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"backbone/internal/measure"
	"backbone/internal/store"
	"backbone/internal/testutil/storetest"
)

func TestImportCSV(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		meals := f.indicator(t, "Meals delivered", measure.Sum, measure.Monthly)
		rides := f.indicator(t, "Rides given", measure.Average, measure.Quarterly)
		good := "\ufeffIndicator,Organization,Period,Value,Note\n" +
			"Meals delivered,Food Pantry,2025-01,\"1,200\",\n" +
			"meals delivered,org-library,2025-01,300,first month\n" +
			"\n" +
			fmt.Sprintf("%d,Free Clinic,2025-02,50,\n", meals.ID) +
			"Rides given,Food Pantry,2025-q1,10,\n" +
			"Rides given,Public Library,2025-Q1,20,\n"

		bad := []struct{ name, row, column, msg string }{
			{"unknown indicator", "Bus passes,Food Pantry,2025-01,1,", "indicator", "no indicator"},
			{"unknown organization", "Meals delivered,Town Hall,2025-01,1,", "organization", "no member organization"},
			{"not a reporter", "Meals delivered,Adult School,2025-01,1,", "organization", ""},
			{"wrong frequency", "Meals delivered,Food Pantry,2025-Q1,1,", "period", "reported monthly"},
			{"not a month", "Meals delivered,Food Pantry,2025-13,1,", "period", "not a month"},
			{"not a number", "Meals delivered,Food Pantry,2025-03,lots,", "value", "not a number"},
			{"missing value", "Meals delivered,Food Pantry,2025-03,,", "value", "required"},
			{"duplicate", "Meals delivered,food pantry,2025-01,5,", "period", "already in row 2"},
			{
				"a NUL in a note",
				"Meals delivered,Food Pantry,2025-03,5,a\x00b",
				"note",
				"must not hold a NUL character",
			},
			{"not UTF-8", "Meals delivered,Food Pantry\xe9,2025-03,5,", "organization", "must be text (UTF-8)"},
		}
		// Adult School is not even a member; make a member that is not a reporter.
		in := measure.IndicatorInput{Name: meals.Name, Definition: meals.Definition, Aggregation: measure.Sum,
			Frequency: measure.Monthly, Reporters: []string{f.pantry, f.library, f.clinic}}
		if _, err := f.s.UpdateIndicator(f.ctx, actor, f.ini, meals.ID, in); err != nil {
			t.Fatal(err)
		}
		for _, b := range bad {
			file := good + b.row + "\n"
			_, err := f.s.ImportCSV(f.ctx, actor, f.ini, strings.NewReader(file), "march.csv")
			var ie *measure.ImportError
			if !errors.As(err, &ie) {
				t.Fatalf("%s: want an import error, got %v", b.name, err)
			}
			if ie.File != "march.csv" || ie.Row != 8 || ie.Column != b.column || !strings.Contains(ie.Msg, b.msg) {
				t.Fatalf("%s: got %+v", b.name, ie)
			}
			if n := f.count(t, "measurements") + f.count(t, "rollups"); n != 0 {
				t.Fatalf("%s: a refused file wrote %d rows", b.name, n)
			}
		}
		for _, h := range []string{"indicator,organization,period\n", "indicator,organization,period,value,colour\n", ""} {
			_, err := f.s.ImportCSV(f.ctx, actor, f.ini, strings.NewReader(h), "h.csv")
			var ie *measure.ImportError
			if !errors.As(err, &ie) || ie.Row != 1 {
				t.Fatalf("header %q: %v", h, err)
			}
		}

		res, err := f.s.ImportCSV(f.ctx, actor, f.ini, strings.NewReader(good), "march.csv")
		if err != nil {
			t.Fatal(err)
		}
		if res.Rows != 5 || res.Created != 5 || res.Periods != 3 {
			t.Fatalf("result %+v", res)
		}
		points, _ := f.s.Rollup(f.ctx, actor, f.ini, meals.ID, "", "")
		if len(points) != 2 || points[0].Value != 1500 || points[0].Count != 2 || points[1].Value != 50 {
			t.Fatalf("meals roll-up %+v", points)
		}
		if points, _ := f.s.Rollup(f.ctx, actor, f.ini, rides.ID, "", ""); len(points) != 1 || points[0].Value != 15 {
			t.Fatalf("rides roll-up %+v", points)
		}

		// Again, with a correction, an unchanged row and a new row in an
		// existing period.
		f.now = f.now.Add(time.Hour)
		again := "indicator,organization,period,value,note\n" +
			"Meals delivered,Food Pantry,2025-01,1250,recounted\n" +
			"Meals delivered,Public Library,2025-01,300,first month\n" +
			"Meals delivered,Free Clinic,2025-01,50,\n"
		res, err = f.s.ImportCSV(f.ctx, actor, f.ini, strings.NewReader(again), "again.csv")
		if err != nil {
			t.Fatal(err)
		}
		if res.Created != 1 || res.Corrected != 1 || res.Unchanged != 1 || res.Periods != 1 {
			t.Fatalf("second result %+v", res)
		}
		points, _ = f.s.Rollup(f.ctx, actor, f.ini, meals.ID, "2025-01", "2025-01")
		if len(points) != 1 || points[0].Value != 1600 || points[0].Count != 3 {
			t.Fatalf("after correction %+v", points)
		}
		hist, _ := f.s.MeasurementHistory(f.ctx, actor, f.ini, meals.ID, f.pantry, "2025-01")
		if len(hist) != 2 || hist[1].Value != 1200 || hist[0].Note != "recounted" {
			t.Fatalf("history %+v", hist)
		}
		if a := f.audit(t); !strings.HasPrefix(a[0], "Imported 2 measurements from again.csv") {
			t.Fatalf("audit %q", a[0])
		}
		// A report after an import keeps the roll-up right.
		f.report(t, f.clinic, meals.ID, "2025-02", 70)
		points, _ = f.s.Rollup(f.ctx, actor, f.ini, meals.ID, "2025-02", "2025-02")
		if points[0].Value != 70 || points[0].Count != 1 {
			t.Fatalf("after report %+v", points)
		}
	})
}

func TestImportRollupsMatchReports(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		var csv strings.Builder
		csv.WriteString("indicator,organization,period,value,weight\n")
		var inds []*measure.Indicator
		for _, agg := range measure.Aggregations {
			inds = append(inds, f.indicator(t, "By "+agg, agg, measure.Monthly))
		}
		for i, ind := range inds {
			for j, org := range []string{f.pantry, f.library, f.clinic} {
				for m := 1; m <= 3; m++ {
					fmt.Fprintf(&csv, "%s,%s,2025-%02d,%d,%d\n", ind.Name, org, m, (i+1)*(j+2)*m%7, j+1)
				}
			}
		}
		if _, err := f.s.ImportCSV(f.ctx, actor, f.ini, strings.NewReader(csv.String()), "all.csv"); err != nil {
			t.Fatal(err)
		}
		for _, ind := range inds {
			imported, _ := f.s.Rollup(f.ctx, actor, f.ini, ind.ID, "", "")
			// Recompute through Report: a no-op correction of one value forces the roll-up to be rebuilt from rows.
			for _, p := range imported {
				hist, _ := f.s.MeasurementHistory(f.ctx, actor, f.ini, ind.ID, f.clinic, p.Period)
				if _, err := f.s.ReportWeighted(f.ctx, actor, f.ini, f.clinic, ind.ID, p.Period, hist[0].Value,
					hist[0].Weight, ""); err != nil {
					t.Fatal(err)
				}
			}
			rebuilt, _ := f.s.Rollup(f.ctx, actor, f.ini, ind.ID, "", "")
			for i := range imported {
				a, b := imported[i], rebuilt[i]
				if a.Value != b.Value || a.Count != b.Count || a.Sum != b.Sum || a.Min != b.Min || a.Max != b.Max ||
					a.WeightSum != b.WeightSum {
					t.Errorf("%s %s: imported %+v, rebuilt %+v", ind.Name, a.Period, a, b)
				}
			}
		}
	})
}

func TestImportXLSXAndTemplate(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		meals := f.indicator(t, "Meals delivered", measure.Sum, measure.Monthly)
		f.indicator(t, "Rides given", measure.Sum, measure.Quarterly)

		var csvT bytes.Buffer
		if err := f.s.Template(f.ctx, actor, f.ini, measure.FormatCSV, f.now, &csvT); err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(strings.TrimSpace(csvT.String()), "\n")
		if len(lines) != 7 || lines[0] != "indicator,organization,period,value,weight,note" ||
			lines[1] != "Meals delivered,Food Pantry,2025-04,,," ||
			lines[4] != "Rides given,Food Pantry,2025-Q1,,," {
			t.Fatalf("csv template:\n%s", csvT.String())
		}
		// The template as written refuses to import: no values yet.
		if _, err := f.s.ImportCSV(f.ctx, actor, f.ini, bytes.NewReader(csvT.Bytes()), "t.csv"); err == nil ||
			!strings.Contains(err.Error(), "t.csv row 2: value: is required") {
			t.Fatalf("empty template: %v", err)
		}

		var xT bytes.Buffer
		if err := f.s.Template(f.ctx, actor, f.ini, measure.FormatXLSX, f.now, &xT); err != nil {
			t.Fatal(err)
		}
		wb, err := excelize.OpenReader(&xT)
		if err != nil {
			t.Fatal(err)
		}
		if got := wb.GetSheetList(); len(got) != 2 || got[0] != "Measurements" {
			t.Fatalf("sheets %v", got)
		}
		for r := 2; r <= 7; r++ {
			if err := wb.SetCellValue("Measurements", fmt.Sprintf("D%d", r), r*100); err != nil {
				t.Fatal(err)
			}
		}
		var filled bytes.Buffer
		if err := wb.Write(&filled); err != nil {
			t.Fatal(err)
		}
		res, err := f.s.ImportXLSX(f.ctx, actor, f.ini, bytes.NewReader(filled.Bytes()), "filled.xlsx")
		if err != nil {
			t.Fatal(err)
		}
		if res.Created != 6 {
			t.Fatalf("xlsx result %+v", res)
		}
		points, _ := f.s.Rollup(f.ctx, actor, f.ini, meals.ID, "", "")
		if len(points) != 1 || points[0].Value != 200+300+400 {
			t.Fatalf("xlsx roll-up %+v", points)
		}

		// A bad cell names its row and column.
		if err := wb.SetCellValue("Measurements", "D5", "n/a"); err != nil {
			t.Fatal(err)
		}
		filled.Reset()
		if err := wb.Write(&filled); err != nil {
			t.Fatal(err)
		}
		_, err = f.s.ImportXLSX(f.ctx, actor, f.ini, bytes.NewReader(filled.Bytes()), "bad.xlsx")
		var ie *measure.ImportError
		if !errors.As(err, &ie) || ie.Row != 5 || ie.Column != "value" || ie.File != "bad.xlsx" {
			t.Fatalf("bad xlsx: %v", err)
		}
		if _, err := f.s.ImportXLSX(f.ctx, actor, f.ini, strings.NewReader("not a workbook"), "junk.xlsx"); !errors.As(
			err,
			&ie,
		) {
			t.Fatalf("junk: %v", err)
		}
		if err := f.s.Template(f.ctx, actor, f.ini, "pdf", f.now, &filled); err == nil {
			t.Fatal("pdf template accepted")
		}
	})
}

// BenchmarkImportCSV imports 100,000 measurements (50 indicators × 20
// organizations × 100 months) into a fresh database per run, on SQLite and
// (when configured) PostgreSQL. BACKBONE_BENCH_MONTHS=1000 makes it a
// million rows.
func BenchmarkImportCSV(b *testing.B) {
	months := 100
	if v, err := strconv.Atoi(os.Getenv("BACKBONE_BENCH_MONTHS")); err == nil && v > 0 {
		months = v
	}
	const indicators, orgs = 50, 20
	var file bytes.Buffer
	file.WriteString("indicator,organization,period,value,note\n")
	for i := 0; i < indicators; i++ {
		for o := 0; o < orgs; o++ {
			for m := 0; m < months; m++ {
				// From 1900, so that a million rows (1,000 months) end before
				// now: a period that has not begun is refused.
				fmt.Fprintf(&file, "Indicator %d,Org %d,%d-%02d,%d,\n", i, o, 1900+m/12, m%12+1, (i*31+o*7+m)%1000)
			}
		}
	}
	data := file.Bytes()
	for _, engine := range []string{"sqlite", "postgres"} {
		b.Run(engine, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for n := 0; n < b.N; n++ {
				b.StopTimer()
				var db *store.DB
				if engine == "sqlite" {
					db = storetest.SQLite(b)
				} else {
					db = storetest.Postgres(b)
				}
				f := newFixture(b, db)
				var ids []string
				for o := 0; o < orgs; o++ {
					id := fmt.Sprintf("bench-%d", o)
					if _, err := db.ExecContext(f.ctx, `INSERT INTO organizations (id, name, created_at, updated_at) VALUES ($1, $2, $3, $3)`, id, fmt.Sprintf("Org %d", o), db.Now()); err != nil {
						b.Fatal(err)
					}
					if _, err := db.ExecContext(f.ctx, `INSERT INTO initiative_members (initiative_id, organization_id, role, status) VALUES ($1, $2, 'core_partner', 'active')`, f.ini, id); err != nil {
						b.Fatal(err)
					}
					ids = append(ids, id)
				}
				for i := 0; i < indicators; i++ {
					if _, err := f.s.CreateIndicator(f.ctx, actor, f.ini, measure.IndicatorInput{Name: fmt.Sprintf("Indicator %d", i), Definition: "d", Reporters: ids}); err != nil {
						b.Fatal(err)
					}
				}
				b.StartTimer()
				res, err := f.s.ImportCSV(f.ctx, actor, f.ini, bytes.NewReader(data), "bench.csv")
				if err != nil {
					b.Fatal(err)
				}
				if res.Created != indicators*orgs*months {
					b.Fatalf("created %d", res.Created)
				}
			}
			b.ReportMetric(float64(indicators*orgs*months)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
		})
	}
}

// TestImportSharedName: organization names are not unique (an imported
// directory may hold "Food Pantry" and "FOOD PANTRY"); a row that names
// one of two by a name they share is asked for an id, not given either.
func TestImportSharedName(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		meals := f.indicator(t, "Meals delivered", measure.Sum, measure.Monthly)
		in := measure.IndicatorInput{Name: meals.Name, Definition: meals.Definition, Aggregation: measure.Sum,
			Frequency: measure.Monthly, Reporters: []string{f.pantry, f.clinic}}
		if _, err := f.s.UpdateIndicator(f.ctx, actor, f.ini, meals.ID, in); err != nil {
			t.Fatal(err)
		}
		if _, err := db.ExecContext(f.ctx, `UPDATE organizations SET name = 'FOOD PANTRY' WHERE id = $1`,
			f.clinic); err != nil {
			t.Fatal(err)
		}
		_, err := f.s.ImportCSV(f.ctx, actor, f.ini, strings.NewReader("indicator,organization,period,value\n"+
			"Meals delivered,Food Pantry,2025-01,5\n"), "shared.csv")
		var ie *measure.ImportError
		if !errors.As(err, &ie) || ie.Column != "organization" || !strings.Contains(ie.Msg, "give its id") {
			t.Fatalf("a shared name: %v", err)
		}
		if _, err := f.s.ImportCSV(f.ctx, actor, f.ini, strings.NewReader("indicator,organization,period,value\n"+
			"Meals delivered,"+f.clinic+",2025-01,5\n"), "by-id.csv"); err != nil {
			t.Fatalf("by id: %v", err)
		}
	})
}

// TestTemplateFormulaCells: an indicator named like a spreadsheet formula
// is written into the CSV template as text (a quote before it), and the
// filled template imports under the indicator's own name.
func TestTemplateFormulaCells(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		f.indicator(t, "=HYPERLINK(\"https://evil.example\")", measure.Sum, measure.Monthly)
		var csvT bytes.Buffer
		if err := f.s.Template(f.ctx, actor, f.ini, measure.FormatCSV, f.now, &csvT); err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(strings.TrimSpace(csvT.String()), "\n")
		if len(lines) < 2 || !strings.HasPrefix(lines[1], `"'=HYPERLINK(""https://evil.example"")",`) {
			t.Fatalf("csv template:\n%s", csvT.String())
		}
		filled := lines[0] + "\n" + strings.Replace(lines[1], ",,,", ",12,,", 1) + "\n"
		res, err := f.s.ImportCSV(f.ctx, actor, f.ini, strings.NewReader(filled), "filled.csv")
		if err != nil || res.Created != 1 {
			t.Fatalf("import %q: %v %+v", filled, err, res)
		}
	})
}

// TestImportXLSXBomb: a small workbook whose sheet unpacks to far more than
// the limit is refused, naming the file, before it is read into memory.
func TestImportXLSXBomb(t *testing.T) {
	defer measure.SetXLSXUnzipLimit(4 << 20)()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		var tpl bytes.Buffer
		if err := f.s.Template(f.ctx, actor, f.ini, measure.FormatXLSX, f.now, &tpl); err != nil {
			t.Fatal(err)
		}
		// The template again, its sheet padded with 8 MiB of blanks
		// (a few KiB compressed).
		zr, err := zip.NewReader(bytes.NewReader(tpl.Bytes()), int64(tpl.Len()))
		if err != nil {
			t.Fatal(err)
		}
		var bomb bytes.Buffer
		zw := zip.NewWriter(&bomb)
		for _, zf := range zr.File {
			w, err := zw.Create(zf.Name)
			if err != nil {
				t.Fatal(err)
			}
			rc, err := zf.Open()
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(rc)
			rc.Close()
			if zf.Name == "xl/worksheets/sheet1.xml" {
				body = bytes.Replace(body, []byte("<sheetData>"), append([]byte("<sheetData>"),
					bytes.Repeat([]byte(" "), 8<<20)...), 1)
			}
			if _, err := w.Write(body); err != nil {
				t.Fatal(err)
			}
		}
		if err := zw.Close(); err != nil {
			t.Fatal(err)
		}
		if bomb.Len() > 1<<20 {
			t.Fatalf("the bomb is %d bytes", bomb.Len())
		}
		_, err = f.s.ImportXLSX(f.ctx, actor, f.ini, bytes.NewReader(bomb.Bytes()), "bomb.xlsx")
		var ie *measure.ImportError
		if !errors.As(err, &ie) || ie.File != "bomb.xlsx" || !strings.Contains(ie.Msg, "unpacks to more than 4 MiB") {
			t.Fatalf("bomb: %v", err)
		}
	})
}
