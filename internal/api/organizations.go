package api

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"backbone/internal/account"
	"backbone/internal/directory"
	"backbone/internal/errs"
	"backbone/internal/httpx"
)

// listOrganizations serves one page of the directory, with a Link header to
// the pages before and after it.
func (h *handler) listOrganizations(w http.ResponseWriter, r *http.Request) error {
	f, err := parseFilter(r.URL.Query())
	if err != nil {
		return err
	}
	page, err := h.Directory.ViewOrganizations(r.Context(), httpx.Actor(r), f)
	if err != nil {
		return err
	}
	if link := pageLinks(r.URL, page.Total, page.Limit, page.Offset); link != "" {
		w.Header().Set("Link", link)
	}
	h.writeJSON(w, r, http.StatusOK, page)
	return nil
}

// parseFilter reads the list's query parameters, naming each one that is
// wrong.
func parseFilter(q url.Values) (directory.OrganizationFilter, error) {
	var v errs.ValidationError
	f := directory.OrganizationFilter{Query: q.Get("q"), Sector: q.Get("sector"), Status: q.Get("status"), Sort: q.Get("sort")}
	wholeNumber(q, "limit", &f.Limit, &v)
	wholeNumber(q, "offset", &f.Offset, &v)
	if _, ok := q["limit"]; ok && f.Limit == 0 {
		v.Add("limit", fmt.Sprintf("must be between 1 and %d", directory.MaxPageSize))
	}
	if s := q.Get("updated_since"); s != "" {
		t, err := time.Parse(time.RFC3339, s)
		if err != nil {
			v.Add("updated_since", "must be a time like 2024-05-01T00:00:00Z (RFC 3339)")
		}
		f.UpdatedSince = t
	}
	var invalid *errs.ValidationError
	if err := f.Check(); errors.As(err, &invalid) {
		for field, msg := range invalid.Fields {
			v.Add(field, msg)
		}
	}
	return f, v.OrNil()
}

// wholeNumber reads an optional whole-number query parameter into dst,
// adding a message to v when it is not one.
func wholeNumber(q url.Values, name string, dst *int, v *errs.ValidationError) {
	if s := q.Get(name); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			v.Add(name, "must be a whole number")
			return
		}
		*dst = n
	}
}

// pageLinks returns the RFC 8288 Link header value for the pages next to
// the one at offset, keeping the request's other parameters.
func pageLinks(u *url.URL, total, limit, offset int) string {
	link := func(off int, rel string) string {
		q := u.Query()
		q.Set("limit", strconv.Itoa(limit))
		q.Set("offset", strconv.Itoa(off))
		return fmt.Sprintf(`<%s?%s>; rel="%s"`, u.Path, q.Encode(), rel)
	}
	var links []string
	if offset+limit < total {
		links = append(links, link(offset+limit, "next"))
	}
	if offset > 0 {
		links = append(links, link(max(0, min(offset, total)-limit), "prev"))
	}
	return strings.Join(links, ", ")
}

// getOrganization serves one organization.
func (h *handler) getOrganization(w http.ResponseWriter, r *http.Request) error {
	o, err := h.Directory.ViewOrganization(r.Context(), httpx.Actor(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	h.writeOrganization(w, r, http.StatusOK, o)
	return nil
}

// createOrganization adds an organization from a JSON body; a client-chosen
// id that is taken is a conflict, not an overwrite. Someone who may not add
// one is refused before the body is read; CreateOrganization, which
// decides, checks again.
func (h *handler) createOrganization(w http.ResponseWriter, r *http.Request) error {
	ctx, actor := r.Context(), httpx.Actor(r)
	if err := h.Accounts.Check(ctx, actor, account.CreateOrganization, account.Platform); err != nil {
		return err
	}
	data, err := readBody(w, r)
	if err != nil {
		return err
	}
	id, in, err := decodeOrganization(data, h.now())
	if err != nil {
		return err
	}
	o, err := h.Directory.CreateOrganization(ctx, actor, id, in)
	if err != nil {
		return err
	}
	w.Header().Set("Location", organizationPath(o.ID))
	h.writeOrganization(w, r, http.StatusCreated, o)
	return nil
}

// updateOrganization changes the fields the body holds and keeps the rest.
// The version the client saw comes from the body or an If-Match header; with
// neither, the version just read guards the merge against a concurrent edit.
func (h *handler) updateOrganization(w http.ResponseWriter, r *http.Request) error {
	ctx, actor, id := r.Context(), httpx.Actor(r), r.PathValue("id")
	existing, err := h.Directory.OrganizationFor(ctx, actor, account.EditOrganization, id)
	if err != nil {
		return err
	}
	data, err := readBody(w, r)
	if err != nil {
		return err
	}
	ifMatch, err := parseIfMatch(r.Header.Get("If-Match"))
	if err != nil {
		return err
	}
	in, version, err := decodeOrganizationPatch(data, directory.InputOf(existing))
	if err != nil {
		return err
	}
	if version != 0 && ifMatch != 0 && version != ifMatch {
		return &requestError{status: http.StatusBadRequest, kind: "bad-request", field: "version",
			detail: fmt.Sprintf("the body's version (%d) and If-Match (%d) disagree", version, ifMatch)}
	}
	if version == 0 {
		version = ifMatch
	}
	if version == 0 {
		version = existing.Version
	}
	o, err := h.Directory.UpdateOrganization(ctx, actor, id, version, in)
	if err != nil {
		return err
	}
	h.writeOrganization(w, r, http.StatusOK, o)
	return nil
}

// parseIfMatch reads an If-Match header holding one version as an entity
// tag ("3"); "*" or no header is 0, for no check.
func parseIfMatch(s string) (int, error) {
	s = strings.TrimSpace(s)
	if s == "" || s == "*" {
		return 0, nil
	}
	n, err := strconv.Atoi(strings.Trim(strings.TrimPrefix(s, "W/"), `"`))
	if err != nil || n < 1 {
		return 0, &requestError{status: http.StatusBadRequest, kind: "bad-request", field: "If-Match",
			detail: `If-Match must hold the organization's ETag, like "3"`}
	}
	return n, nil
}

// archiveOrganization takes an organization out of the lists.
func (h *handler) archiveOrganization(w http.ResponseWriter, r *http.Request) error {
	return h.setArchived(w, r, true)
}

// restoreOrganization brings an archived organization back.
func (h *handler) restoreOrganization(w http.ResponseWriter, r *http.Request) error {
	return h.setArchived(w, r, false)
}

func (h *handler) setArchived(w http.ResponseWriter, r *http.Request, archived bool) error {
	o, err := h.Directory.SetArchived(r.Context(), httpx.Actor(r), r.PathValue("id"), archived)
	if err != nil {
		return err
	}
	h.writeOrganization(w, r, http.StatusOK, o)
	return nil
}

// writeOrganization answers with one organization and its version as ETag.
func (h *handler) writeOrganization(w http.ResponseWriter, r *http.Request, status int, o *directory.Organization) {
	w.Header().Set("ETag", fmt.Sprintf(`"%d"`, o.Version))
	h.writeJSON(w, r, status, o)
}

// organizationPath is where an organization is served.
func organizationPath(id string) string {
	return prefix + "/organizations/" + url.PathEscape(id)
}

// userBody is how the API shows a user.
type userBody struct {
	ID    int64  `json:"id"`
	Email string `json:"email"`
	Name  string `json:"name"`
	Role  string `json:"role"`
}

// me serves the token's user. Any valid token may see its own user, so
// there is no permission to check beyond authentication.
func (h *handler) me(w http.ResponseWriter, r *http.Request) error {
	u := httpx.User(r.Context())
	h.writeJSON(w, r, http.StatusOK, userBody{ID: u.ID, Email: u.Email, Name: u.Name, Role: u.Role})
	return nil
}

// sectors serves the list of known sectors.
func (h *handler) sectors(w http.ResponseWriter, r *http.Request) error {
	sectors, err := h.Directory.ListSectors(r.Context(), httpx.Actor(r))
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusOK, map[string][]string{"items": sectors})
	return nil
}

// openAPI serves the OpenAPI document.
func (h *handler) openAPI(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(h.openapi)
	return nil
}
