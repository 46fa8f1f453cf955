package web

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"backbone/internal/clock"
	"backbone/internal/directory"
	"backbone/internal/errs"
	"backbone/internal/httpx"
)

type guidePageData struct {
	Filter     directory.GuideFilter
	Sectors    []string
	Categories []directory.GuideOption
	// CategoryGroups are the categories by taxonomy, for the picker's
	// groups (none when there is one taxonomy).
	CategoryGroups []group[directory.GuideOption]
	Areas          []directory.GuideOption
	Guide          *directory.Guide // a preview of what the choice gives, once one is made
	Query          string           // the choice as a query string, for the print and PDF links
	Problem        string
}

func guideFilter(q url.Values) directory.GuideFilter {
	return directory.GuideFilter{Sector: q.Get("sector"), Category: q.Get("category"), Area: q.Get("area")}
}

func guideQuery(f directory.GuideFilter) string {
	v := url.Values{}
	for k, s := range map[string]string{"sector": f.Sector, "category": f.Category, "area": f.Area} {
		if s != "" {
			v.Set(k, s)
		}
	}
	if len(v) == 0 {
		return ""
	}
	return "?" + v.Encode()
}

// guidePage lets a person pick what a resource guide covers and shows what
// the choice gives, with links to the printable page and the PDF.
func (h *handler) guidePage(w http.ResponseWriter, r *http.Request) error {
	ctx, actor := r.Context(), httpx.Actor(r)
	d := guidePageData{Filter: guideFilter(r.URL.Query()), Sectors: directory.Sectors}
	var err error
	if d.Categories, err = h.Directory.GuideCategories(ctx, actor); err != nil {
		return err
	}
	d.CategoryGroups = optionGroups(groupRuns(d.Categories, func(o directory.GuideOption) string { return o.Group }))
	if d.Areas, err = h.Directory.GuideAreas(ctx, actor); err != nil {
		return err
	}

	status := http.StatusOK
	if len(r.URL.Query()) > 0 {
		if d.Guide, err = h.Directory.Guide(ctx, actor, d.Filter); err != nil {
			var v *errs.ValidationError
			if !errors.As(err, &v) {
				return err
			}
			status, d.Problem = http.StatusUnprocessableEntity, strings.Join(slices.Sorted(maps.Values(v.Fields)), " ")
		} else {
			d.Filter = d.Guide.Filter
			d.Query = guideQuery(d.Filter)
		}
	}
	h.render(w, r, status, "guide", "Resource guide", "guide", d)
	return nil
}

// parseGuidePrint parses the printable guide on its own: a whole page
// without the application's header, navigation and footer.
func parseGuidePrint(c clock.Clock, loc *time.Location) *template.Template {
	return template.Must(template.New("guide_print.html").Funcs(funcMap(c, loc)).ParseFS(assets, "templates/guide_print.html"))
}

type guidePrintData struct {
	Guide *directory.Guide
	Query string
}

// guidePrint serves the guide as a page made for printing.
func (h *handler) guidePrint(w http.ResponseWriter, r *http.Request) error {
	g, err := h.Directory.Guide(r.Context(), httpx.Actor(r), guideFilter(r.URL.Query()))
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	d := guidePrintData{Guide: g, Query: guideQuery(g.Filter)}
	if err := h.guidePrintView.ExecuteTemplate(&buf, "guide_print", d); err != nil {
		return fmt.Errorf("render printable guide: %w", err)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	_, _ = buf.WriteTo(w)
	return nil
}

// guidePDF serves the guide as a PDF file to download.
func (h *handler) guidePDF(w http.ResponseWriter, r *http.Request) error {
	g, err := h.Directory.Guide(r.Context(), httpx.Actor(r), guideFilter(r.URL.Query()))
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := g.WritePDF(&buf, true); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `attachment; filename="`+g.FileName()+`"`)
	w.Header().Set("Cache-Control", "no-store")
	_, _ = buf.WriteTo(w)
	return nil
}

// optionGroups gives the groups of a category list's options, for its
// <optgroup>s: none when the options are all of one group (the list is
// flat then); a group of no name (terms of no taxonomy) is "Other
// categories". The search form's and the guide's lists both follow it.
func optionGroups[T any](groups []group[T]) []group[T] {
	if len(groups) < 2 {
		return nil
	}
	for i := range groups {
		if groups[i].Label == "" {
			groups[i].Label = "Other categories"
		}
	}
	return groups
}
