package web

import (
	"backbone/internal/clock"
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"backbone/internal/account"
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
func (h *handler) guidePage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if err := h.Accounts.Authorize(ctx, httpx.User(ctx), account.ViewDirectory, account.Platform); err != nil {
		h.fail(w, r, err)
		return
	}
	d := guidePageData{Filter: guideFilter(r.URL.Query()), Sectors: directory.Sectors}
	var err error
	if d.Categories, err = h.Directory.GuideCategories(ctx); err != nil {
		h.fail(w, r, err)
		return
	}
	d.CategoryGroups = optionGroups(groupRuns(d.Categories, func(o directory.GuideOption) string { return o.Group }))
	if d.Areas, err = h.Directory.GuideAreas(ctx); err != nil {
		h.fail(w, r, err)
		return
	}
	status := http.StatusOK
	if len(r.URL.Query()) > 0 {
		if d.Guide, err = h.Directory.Guide(ctx, d.Filter); err != nil {
			var v *errs.ValidationError
			if !errors.As(err, &v) {
				h.fail(w, r, err)
				return
			}
			status, d.Problem = http.StatusUnprocessableEntity, strings.Join(slices.Sorted(maps.Values(v.Fields)), " ")
		} else {
			d.Filter = d.Guide.Filter
			d.Query = guideQuery(d.Filter)
		}
	}
	h.render(w, r, status, "guide", "Resource guide", "guide", d)
}

// parseGuidePrint parses the printable guide on its own: a whole page
// without the application's header, navigation and footer.
func parseGuidePrint(c clock.Clock) *template.Template {
	return template.Must(template.New("guide_print.html").Funcs(funcMap(c)).ParseFS(assets, "templates/guide_print.html"))
}

type guidePrintData struct {
	Guide *directory.Guide
	Query string
}

// guidePrint serves the guide as a page made for printing.
func (h *handler) guidePrint(w http.ResponseWriter, r *http.Request) {
	t := h.guidePrintView
	g := h.loadGuide(w, r)
	if g == nil {
		return
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "guide_print", guidePrintData{Guide: g, Query: guideQuery(g.Filter)}); err != nil {
		h.serverError(w, r, fmt.Errorf("render printable guide: %w", err))
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	_, _ = buf.WriteTo(w)
}

// guidePDF serves the guide as a PDF file to download.
func (h *handler) guidePDF(w http.ResponseWriter, r *http.Request) {
	g := h.loadGuide(w, r)
	if g == nil {
		return
	}
	var buf bytes.Buffer
	if err := g.WritePDF(&buf, true); err != nil {
		h.serverError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `attachment; filename="`+g.FileName()+`"`)
	w.Header().Set("Cache-Control", "no-store")
	_, _ = buf.WriteTo(w)
}

// loadGuide checks the user may read the directory and gathers the guide
// the query asks for, or answers the request and returns nil.
func (h *handler) loadGuide(w http.ResponseWriter, r *http.Request) *directory.Guide {
	ctx := r.Context()
	if err := h.Accounts.Authorize(ctx, httpx.User(ctx), account.ViewDirectory, account.Platform); err != nil {
		h.fail(w, r, err)
		return nil
	}
	g, err := h.Directory.Guide(ctx, guideFilter(r.URL.Query()))
	if err != nil {
		h.fail(w, r, err)
		return nil
	}
	return g
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
