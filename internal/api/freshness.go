package api

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"time"

	"backbone/internal/account"
	"backbone/internal/directory"
	"backbone/internal/errs"
	"backbone/internal/httpx"
)

// queryInt reads a whole-number query parameter, noting in v when it is not one.
func queryInt(q url.Values, name string, def int, v *errs.ValidationError) int {
	s := q.Get(name)
	if s == "" {
		return def
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		v.Add(name, "must be a whole number")
	}
	return n
}

// needsVerification serves the records whose verification is older than
// older_than_days.
func (h *handler) needsVerification(w http.ResponseWriter, r *http.Request) error {
	var v errs.ValidationError
	q := r.URL.Query()
	days := queryInt(q, "older_than_days", 365, &v)
	if days > 36500 {
		v.Add("older_than_days", "must be at most 36500")
	}
	limit, offset := queryInt(q, "limit", 50, &v), queryInt(q, "offset", 0, &v)
	if err := v.OrNil(); err != nil {
		return err
	}
	age := time.Duration(days) * 24 * time.Hour
	page, err := h.Directory.NeedsVerification(r.Context(), httpx.Actor(r), age, limit, offset)
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusOK, page)
	return nil
}

// verifyOrganization records that a steward checked an organization's record.
func (h *handler) verifyOrganization(w http.ResponseWriter, r *http.Request) error {
	out, err := h.Directory.Verify(r.Context(), httpx.Actor(r), directory.KindOrganization, r.PathValue("id"))
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusOK, out)
	return nil
}

// changeProposalBody is a proposed update: some fields of the organization, as
// in a PATCH (with the version they were written against), and a note.
type changeProposalBody struct {
	Fields json.RawMessage `json:"fields"`
	Note   string          `json:"note"`
}

// proposeOrganizationUpdate stores an update proposed by one of the
// organization's people: the fields sent are merged over its record as the
// proposer reads it.
func (h *handler) proposeOrganizationUpdate(w http.ResponseWriter, r *http.Request) error {
	ctx, actor, id := r.Context(), httpx.Actor(r), r.PathValue("id")
	existing, err := h.Directory.OrganizationFor(ctx, actor, account.ProposeUpdate, id)
	if err != nil {
		return err
	}
	data, err := readBody(w, r)
	if err != nil {
		return err
	}
	var body changeProposalBody
	if err := decodeStrict(data, &body); err != nil {
		return err
	}
	if len(bytes.TrimSpace(body.Fields)) == 0 || bytes.Equal(bytes.TrimSpace(body.Fields), []byte("null")) {
		return &errs.ValidationError{
			Fields: map[string]string{"fields": "is required: the fields to change, as an object"},
		}
	}
	in, version, err := decodeOrganizationPatch(body.Fields, directory.InputOf(existing))
	if err != nil {
		return err
	}
	p, err := h.Directory.ProposeOrganizationUpdate(ctx, actor, id, version, in, body.Note)
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusCreated, p)
	return nil
}

// listOrganizationProposals serves the proposals about one organization to
// the stewards and to the organization's own people.
func (h *handler) listOrganizationProposals(w http.ResponseWriter, r *http.Request) error {
	return h.writeChangeProposals(w, r, r.PathValue("id"), "all")
}

// listChangeProposals serves the stewards' review queue.
func (h *handler) listChangeProposals(w http.ResponseWriter, r *http.Request) error {
	return h.writeChangeProposals(w, r, "", directory.ProposalPending)
}

func (h *handler) writeChangeProposals(w http.ResponseWriter, r *http.Request, orgID, status string) error {
	var v errs.ValidationError
	q := r.URL.Query()
	f := directory.ProposalFilter{Status: q.Get("status"), OrganizationID: orgID,
		Limit: queryInt(q, "limit", 25, &v), Offset: queryInt(q, "offset", 0, &v)}
	if f.Status == "" {
		f.Status = status
	}
	if err := v.OrNil(); err != nil {
		return err
	}
	page, err := h.Directory.ListProposals(r.Context(), httpx.Actor(r), f)
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusOK, page)
	return nil
}

// proposalReviewBody is a steward's note on a proposal; the body may be left out
// when accepting.
type proposalReviewBody struct {
	Note string `json:"note"`
}

func (h *handler) acceptChangeProposal(w http.ResponseWriter, r *http.Request) error {
	return h.reviewChangeProposal(w, r, true)
}

func (h *handler) rejectChangeProposal(w http.ResponseWriter, r *http.Request) error {
	return h.reviewChangeProposal(w, r, false)
}

func (h *handler) reviewChangeProposal(w http.ResponseWriter, r *http.Request, accept bool) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var body proposalReviewBody
	if r.ContentLength != 0 || r.Header.Get("Content-Type") != "" {
		data, err := readBody(w, r)
		if err != nil {
			return err
		}
		if err := decodeStrict(data, &body); err != nil {
			return err
		}
	}
	var p *directory.Proposal
	if accept {
		p, err = h.Directory.AcceptProposal(r.Context(), httpx.Actor(r), id, body.Note)
	} else {
		p, err = h.Directory.RejectProposal(r.Context(), httpx.Actor(r), id, body.Note)
	}
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusOK, p)
	return nil
}

func guideFilter(q url.Values) directory.GuideFilter {
	return directory.GuideFilter{Sector: q.Get("sector"), Category: q.Get("category"), Area: q.Get("area")}
}

// guide serves a resource guide as JSON.
func (h *handler) guide(w http.ResponseWriter, r *http.Request) error {
	g, err := h.Directory.Guide(r.Context(), httpx.Actor(r), guideFilter(r.URL.Query()))
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusOK, g)
	return nil
}

// guidePDF serves a resource guide as a PDF file.
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
	_, _ = buf.WriteTo(w)
	return nil
}

// freshnessSchemas are the component schemas of verification, proposals
// and the resource guide.
func freshnessSchemas() obj {
	str := obj{"type": "string"}
	when := obj{"type": "string", "format": "date-time"}
	maybeWhen := obj{"type": []string{"string", "null"}, "format": "date-time"}
	list := obj{"type": []string{"array", "null"}, "items": str}
	closed := func(props obj, description string) obj {
		required := make([]string, 0, len(props))
		for name := range props {
			required = append(required, name)
		}
		sort.Strings(required)
		return obj{
			"type":                 "object",
			"additionalProperties": false,
			"properties":           props,
			"required":             required,
			"description":          description,
		}
	}
	page := func(item string) obj {
		return closed(
			obj{"items": obj{"type": "array", "items": ref(item)}, "total": obj{"type": "integer", "minimum": 0},
				"limit": obj{
					"type":    "integer",
					"minimum": 1,
				}, "offset": obj{"type": "integer", "minimum": 0}},
			"One page of "+item+" values",
		)
	}
	kind := obj{"type": "string", "enum": []string{directory.KindOrganization, directory.KindService}}
	return obj{
		"StaleRecord": closed(
			obj{"kind": kind, "id": str, "name": str, "organization_id": str, "organization_name": str,
				"last_verified_at": maybeWhen, "verified_by": str},
			"An organization or service whose verification is old or missing",
		),
		"StaleRecordPage": page("StaleRecord"),
		"Verification": closed(obj{"kind": kind, "id": str, "name": str, "verified_at": when, "verified_by": str},
			"Who verified a record, and when"),
		"ChangeProposalCreate": obj{"type": "object", "additionalProperties": false, "required": []string{"fields"},
			"properties": obj{
				"fields": ref("OrganizationPatch"),
				"note": obj{
					"type":        "string",
					"maxLength":   2000,
					"description": "Why, for the steward who reviews it",
				},
			}, "description": "A proposed update: the fields to change (with the version they were written against) and a note"},
		"ChangeProposalReview": obj{"type": "object", "additionalProperties": false,
			"properties": obj{
				"note": obj{
					"type":        "string",
					"maxLength":   2000,
					"description": "The steward's note; required to reject",
				},
			}},
		"FieldChange": closed(obj{"field": str, "label": str, "current": str, "proposed": str,
			"changed": obj{"type": "boolean", "description": "False when the record already holds the proposed value"}},
			"One field of a proposal: its value now and the value proposed"),
		"ChangeProposal": closed(
			obj{
				"id":          obj{"type": "integer"},
				"entity_type": obj{"type": "string", "enum": []string{directory.KindOrganization}},
				"entity_id":   str,
				"entity_name": str,
				"fields": obj{
					"type":        "object",
					"description": "The fields it changes, named as in OrganizationPatch",
				},
				"base_version":    obj{"type": "integer"},
				"current_version": obj{"type": "integer"},
				"stale": obj{
					"type":        "boolean",
					"description": "The record changed after the proposal was made; it cannot be accepted",
				},
				"note":        str,
				"proposed_by": str,
				"proposed_at": when,
				"status": obj{
					"type": "string",
					"enum": []string{directory.ProposalPending, directory.ProposalAccepted, directory.ProposalRejected},
				},
				"reviewed_by": str,
				"review_note": str,
				"reviewed_at": maybeWhen,
				"changes": obj{
					"type":  []string{"array", "null"},
					"items": ref("FieldChange"),
				},
			},
			"An update proposed to an organization's record",
		),
		"ChangeProposalPage": page("ChangeProposal"),
		"GuideService": closed(obj{"id": str, "name": str, "status": str, "description": str, "organization_id": str,
			"organization_name": str, "website": str, "email": str, "addresses": list, "phones": list, "hours": list,
			"eligibility": str, "fees": str, "languages": list}, "One service in a resource guide"),
		"Guide": closed(obj{"title": str, "generated_at": when, "service_count": obj{"type": "integer", "minimum": 0},
			"filter": closed(obj{"sector": str, "category": str, "area": str}, "What the guide covers"),
			"categories": obj{
				"type": "array",
				"items": closed(obj{"name": str, "services": obj{"type": "array", "items": ref("GuideService")}},
					"A heading of the guide"),
			}}, "A resource guide: the matching services grouped by category"),
	}
}
