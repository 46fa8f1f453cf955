package web

import (
	"errors"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"backbone/internal/account"
	"backbone/internal/directory"
	"backbone/internal/errs"
	"backbone/internal/httpx"
)

const searchPerPage = 20

type searchPageData struct {
	Query url.Values
	Form  searchForm
	Page  *directory.SearchPage
	// Choices are what the form offers from the directory: categories,
	// languages, the service areas (which the area filter takes whole)
	// and the cities near takes.
	Choices *directory.SearchChoices
	// CategoryGroups are the categories by taxonomy, as optionGroups
	// gives them (none when there is one taxonomy).
	CategoryGroups []group[string]
	Where          string // where the results are, said in words: "within 10 km of Redwood City"
	PageNo         int
	Pages          int    // pages counted; more may follow when Page.Capped
	Count          string // how many results, as the page says it
	Ranked         string // how many text matches are ranked at most (directory.SearchCandidateCap)
	Asked          bool   // whether the form was sent at all
	Unit           string // the unit of distances and the radius: "mi" or "km"
	WiderRadius    string // the wider radius offered when nothing was found, in Unit (widerRadius)
	// OtherErrors are the problems of fields the form does not show one
	// beside (the others are shown there, once).
	OtherErrors map[string]string
	Errors      map[string]string
}

// searchForm is the search form as typed, to show it again.
type searchForm struct {
	Text, Category, Language, Area, Near, Radius, Sort string
	OpenNow                                            bool
}

// searchPage shows the search form and, once it is sent, a page of results.
func (h *handler) searchPage(w http.ResponseWriter, r *http.Request) error {
	ctx, actor := r.Context(), httpx.Actor(r)
	q := r.URL.Query()
	data := searchPageData{Query: q}
	// The form offers what the directory holds: its categories, the
	// languages its services are offered in, its service areas.
	var err error
	if data.Choices, err = h.Directory.SearchChoices(ctx, actor); err != nil {
		return err
	}
	var groups []group[string]
	for _, g := range data.Choices.CategoryGroups {
		groups = append(groups, group[string]{Label: g.Taxonomy, Items: g.Categories})
	}
	data.CategoryGroups = optionGroups(groups)
	data.Form = searchForm{Text: q.Get("q"), Category: q.Get("category"), Language: q.Get("language"), Area: q.Get("area"),
		Near: q.Get("near"), Radius: q.Get("radius"), Sort: q.Get("sort"), OpenNow: q.Get("open_now") != ""}
	// A language asked for by code or in another case ("es", from a link)
	// is shown as asked, selected, rather than as "Any language".
	if l := data.Form.Language; l != "" && !slices.Contains(data.Choices.Languages, l) {
		data.Choices.Languages = append([]string{l}, data.Choices.Languages...)
	}
	data.PageNo, _ = strconv.Atoi(q.Get("page"))
	data.PageNo = max(data.PageNo, 1)
	data.Asked = len(q) > 0
	if !data.Asked {
		h.render(w, r, http.StatusOK, "search", "Search the directory", "search", data)
		return nil
	}

	if data.Unit, err = h.Directory.DistanceUnit(ctx); err != nil {
		return err
	}
	sq, err := parseSearchForm(data.Form, data.PageNo, data.Unit)
	var page *directory.SearchPage
	if err == nil {
		page, err = h.Directory.Search(ctx, actor, sq)
	}
	var v *errs.ValidationError
	if errors.As(err, &v) {
		data.Errors = v.Fields
		data.OtherErrors = map[string]string{}
		for f, msg := range v.Fields {
			if f != "q" && f != "near" && f != "radius" {
				data.OtherErrors[f] = msg
			}
		}
		h.render(w, r, http.StatusBadRequest, "search", "Search the directory", "search", data)
		return nil
	}
	if err != nil {
		return err
	}
	page.InUnit(data.Unit)
	data.Page = page
	data.Pages = (page.Total + searchPerPage - 1) / searchPerPage
	if page.Capped {
		// More than Total results: more than this many pages, for sure.
		data.Pages = page.Total / searchPerPage
	}
	data.Count = searchCount(page)
	if page.NearLat != nil {
		r := sq.RadiusKm
		if data.Unit == account.Miles {
			r = math.Round(r/directory.KmPerMile*100) / 100
		}
		data.Where = fmt.Sprintf("within %s %s of %s", strconv.FormatFloat(r, 'f', -1, 64), data.Unit,
			strings.TrimSpace(data.Form.Near))
	}
	data.Ranked = thousands(directory.SearchCandidateCap)
	data.WiderRadius = widerRadius(page, data.Unit)
	h.render(w, r, http.StatusOK, "search", "Search the directory", "search", data)
	return nil
}

// parseSearchForm turns the form into a query; the domain checks the rest.
// The radius is in unit (account.Miles or account.Kilometres): 5 miles or
// 10 kilometres when none is given.
func parseSearchForm(f searchForm, pageNo int, unit string) (directory.SearchQuery, error) {
	q := directory.SearchQuery{Text: f.Text, Category: f.Category, Language: f.Language, Area: f.Area, Near: f.Near,
		Sort: f.Sort, OpenNow: f.OpenNow, Limit: searchPerPage, Offset: (pageNo - 1) * searchPerPage}
	perUnit, words := 1.0, "kilometres, such as 10"
	q.RadiusKm = directory.DefaultRadiusKm
	if unit == account.Miles {
		perUnit, words = directory.KmPerMile, "miles, such as 5"
		q.RadiusKm = 5 * directory.KmPerMile
	}
	if s := strings.TrimSpace(f.Radius); s != "" {
		r, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return q, &errs.ValidationError{Fields: map[string]string{"radius": "must be a number of " + words}}
		}
		q.RadiusKm = r * perUnit
	}
	if q.Near == "" && q.Sort == "distance" {
		q.Sort = ""
	}
	return q, nil
}

// searchCount says how many services were found, saying "more than" when
// counting stopped at the cap (see directory.SearchPage.Capped).
func searchCount(p *directory.SearchPage) string {
	unit := "services"
	if p.Total == 1 && !p.Capped {
		unit = "service"
	}
	n := thousands(p.Total) + " " + unit
	if p.Capped {
		return "More than " + n
	}
	return n
}

// thousands writes n with commas between groups of three digits.
func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
