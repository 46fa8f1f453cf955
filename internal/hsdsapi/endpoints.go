package hsdsapi

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"

	"backbone/internal/directory"
)

// endpoint is one resource of the API: its list at path and each record at
// path/{id}, with the query parameters the specification gives each.
type endpoint struct {
	path       string // such as "/services"
	resource   string // the directory's HSDS resource, such as "service"
	listParams []string
	itemParams []string
}

// Every endpoint also takes version (see versionParam).
var endpoints = []endpoint{
	{path: "/services", resource: "service", listParams: []string{"search", "page", "per_page", "format", "taxonomy_term_id",
		"taxonomy_id", "organization_id", "modified_after", "minimal", "full"}},
	{path: "/organizations", resource: "organization", listParams: []string{"search", "full_service", "full", "page", "per_page", "format"},
		itemParams: []string{"full_service"}},
	{path: "/service_at_locations", resource: "service_at_location", listParams: []string{"search", "taxonomy_term_id", "taxonomy_id",
		"organization_id", "modified_after", "full", "page", "per_page", "format", "postcode", "proximity"}},
	{path: "/taxonomies", resource: "taxonomy", listParams: []string{"search", "page", "per_page", "format"}},
	{path: "/taxonomy_terms", resource: "taxonomy_term", listParams: []string{"search", "page", "per_page", "format", "taxonomy_id",
		"top_only", "parent_id"}},
}

// page is the specification's paged list (components.schemas.Page with
// its contents).
type page struct {
	TotalItems int              `json:"total_items"`
	TotalPages int              `json:"total_pages"`
	PageNumber int              `json:"page_number"`
	Size       int              `json:"size"`
	FirstPage  bool             `json:"first_page"`
	LastPage   bool             `json:"last_page"`
	Empty      bool             `json:"empty"`
	Contents   []map[string]any `json:"contents"`
}

// newPage does the paging arithmetic: pages count from 1, a page past the
// last is empty, and no items make zero pages.
func newPage(number, perPage, total int, contents []map[string]any) page {
	pages := (total + perPage - 1) / perPage
	return page{TotalItems: total, TotalPages: pages, PageNumber: number, Size: len(contents),
		FirstPage: number == 1, LastPage: number >= pages, Empty: len(contents) == 0, Contents: contents}
}

// list answers a resource's paged list, or with format=ndjson every match,
// one object a line.
func (h *handler) list(e endpoint) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		p, err := parseParams(r, e.listParams)
		if err != nil {
			h.fail(w, r, err)
			return
		}
		q, form, fullServices, err := p.listQuery(e.resource)
		if err != nil {
			h.fail(w, r, err)
			return
		}
		if p.ndjson {
			h.stream(w, r, e.resource, q, form, fullServices)
			return
		}
		res, err := h.dir.HSDSList(r.Context(), e.resource, q, form, fullServices)
		if err != nil {
			h.fail(w, r, err)
			return
		}
		h.writeJSON(w, r, newPage(p.page, q.Limit, res.Total, res.Objects))
	}
}

// streamBatch is how many objects the ndjson stream reads at a time.
const streamBatch = 500

// stream writes every match as newline-delimited JSON, without paging, as
// the specification's format parameter describes.
func (h *handler) stream(w http.ResponseWriter, r *http.Request, resource string, q directory.HSDSQuery, form directory.HSDSForm, fullServices bool) {
	q.Limit, q.Offset = streamBatch, 0
	res, err := h.dir.HSDSList(r.Context(), resource, q, form, fullServices)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/x-ndjson")
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	for {
		for _, obj := range res.Objects {
			if err := enc.Encode(obj); err != nil {
				return // the client went away
			}
		}
		q.Offset += streamBatch
		if len(res.Objects) < streamBatch || q.Offset >= res.Total {
			break
		}
		if res, err = h.dir.HSDSList(r.Context(), resource, q, form, fullServices); err != nil {
			// The status is sent: all that can be done is to stop short and say why in the log.
			h.logger.Error("hsds stream", "path", r.URL.Path, "err", err)
			break
		}
	}
	_ = bw.Flush()
}

// detail answers one record's fully nested object.
func (h *handler) detail(e endpoint) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		p, err := parseParams(r, e.itemParams)
		if err != nil {
			h.fail(w, r, err)
			return
		}
		fullServices, err := p.boolean("full_service")
		if err != nil {
			h.fail(w, r, err)
			return
		}
		version, err := p.version()
		if err != nil {
			h.fail(w, r, err)
			return
		}
		obj, err := h.dir.HSDSObjectIn(r.Context(), e.resource, r.PathValue("id"), version, fullServices)
		if err != nil {
			h.fail(w, r, err)
			return
		}
		h.writeJSON(w, r, obj)
	}
}

// listQuery turns a list's parameters into the directory's query and the
// form of its objects, refusing combinations that mean nothing.
func (p *params) listQuery(resource string) (directory.HSDSQuery, directory.HSDSForm, bool, error) {
	q := directory.HSDSQuery{Search: p.text("search"), TaxonomyTermID: p.text("taxonomy_term_id"), TaxonomyID: p.text("taxonomy_id"),
		OrganizationID: p.text("organization_id"), PostalCode: p.text("postcode"), ParentID: p.text("parent_id")}
	var err error
	if q.Version, err = p.version(); err != nil {
		return q, 0, false, err
	}
	if q.ModifiedAfter, err = p.time("modified_after"); err != nil {
		return q, 0, false, err
	}
	if q.TopOnly, err = p.boolean("top_only"); err != nil {
		return q, 0, false, err
	}
	full, err := p.boolean("full")
	if err != nil {
		return q, 0, false, err
	}
	minimal, err := p.boolean("minimal")
	if err != nil {
		return q, 0, false, err
	}
	fullServices, err := p.boolean("full_service")
	if err != nil {
		return q, 0, false, err
	}
	form := directory.HSDSListed
	switch {
	case full && minimal:
		return q, 0, false, badParam("minimal", "minimal=true and full=true ask for opposite things; send one of them")
	case fullServices && !full:
		return q, 0, false, badParam("full_service", "full_service=true nests whole services in full organizations: send it with full=true")
	case full:
		form = directory.HSDSFull
	case minimal:
		form = directory.HSDSMinimal
	}
	if err := p.paging(form == directory.HSDSMinimal, &q); err != nil {
		return q, 0, false, err
	}
	return q, form, fullServices, nil
}

// errUnsupported is a parameter the specification names that this API
// cannot honour yet.
var errUnsupported = errors.New("not supported")

func unsupported(name, why string) error {
	return &paramError{name: name, detail: fmt.Sprintf("the %s parameter is not supported by this API yet: %s", name, why), err: errUnsupported}
}

// writeJSON answers with v as JSON.
func (h *handler) writeJSON(w http.ResponseWriter, r *http.Request, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(append(body, '\n'))
}
