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

// listChangeProposals serves the stewards' review queue, or one's own
// proposals (mine=true).
func (h *handler) listChangeProposals(w http.ResponseWriter, r *http.Request) error {
	if r.URL.Query().Get("mine") == "true" {
		return h.writeChangeProposals(w, r, "", "all")
	}
	return h.writeChangeProposals(w, r, "", directory.ProposalPending)
}

// newOrganizationProposalBody proposes an organization: its fields, as in
// the form to add one, and a note for the steward.
type newOrganizationProposalBody struct {
	Fields json.RawMessage `json:"fields"`
	Note   string          `json:"note"`
}

// proposeOrganization stores an organization proposed by someone who works
// for one, for a steward to review.
func (h *handler) proposeOrganization(w http.ResponseWriter, r *http.Request) error {
	ctx, actor := r.Context(), httpx.Actor(r)
	if err := h.Accounts.Check(ctx, actor, account.ProposeOrganization, account.Platform); err != nil {
		return err
	}
	data, err := readBody(w, r)
	if err != nil {
		return err
	}
	var body newOrganizationProposalBody
	if err := decodeStrict(data, &body); err != nil {
		return err
	}
	if len(bytes.TrimSpace(body.Fields)) == 0 || bytes.Equal(bytes.TrimSpace(body.Fields), []byte("null")) {
		return &errs.ValidationError{
			Fields: map[string]string{"fields": "is required: the organization's fields, as an object"},
		}
	}
	var in directory.OrganizationInput
	if err := decodeStrict(body.Fields, &in); err != nil {
		return err
	}
	p, err := h.Directory.ProposeOrganization(ctx, actor, in, body.Note)
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusCreated, p)
	return nil
}

func (h *handler) writeChangeProposals(w http.ResponseWriter, r *http.Request, orgID, status string) error {
	var v errs.ValidationError
	q := r.URL.Query()
	f := directory.ProposalFilter{Status: q.Get("status"), OrganizationID: orgID, Mine: q.Get("mine") == "true",
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

// proposalReviewBody is a steward's review of a proposal: the note, and
// when accepting, the fields to apply (all when left out), the conflicting
// ones to overwrite and corrected values. The body may be left out when
// accepting all.
type proposalReviewBody struct {
	Note      string         `json:"note"`
	Fields    []string       `json:"fields"`
	Overwrite []string       `json:"overwrite"`
	Values    map[string]any `json:"values"`
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
		rv := directory.ProposalReview{
			Fields:    body.Fields,
			Overwrite: body.Overwrite,
			Values:    body.Values,
			Note:      body.Note,
		}
		p, err = h.Directory.AcceptProposal(r.Context(), httpx.Actor(r), id, rv)
	} else {
		if body.Fields != nil || body.Overwrite != nil || body.Values != nil {
			return &errs.ValidationError{Fields: map[string]string{
				"fields": "a rejection declines the whole proposal: send only the note"}}
		}
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
		"NewOrganizationProposal": obj{"type": "object", "additionalProperties": false, "required": []string{"fields"},
			"properties": obj{
				"fields": ref("OrganizationFields"),
				"note": obj{"type": "string", "maxLength": 2000,
					"description": "Why, for the steward who reviews it"},
			}, "description": "A proposed organization, not in the directory yet: its fields and a note"},
		"ChangeProposalReview": obj{"type": "object", "additionalProperties": false,
			"properties": obj{
				"note": obj{
					"type":        "string",
					"maxLength":   2000,
					"description": "The steward's note; required to reject",
				},
				"fields": obj{"type": "array", "items": str, "description": "Accepting: the fields to apply " +
					"(names as in FieldChange.field); the others are declined. Left out: all of them. " +
					"A new organization's name must be among them. Not allowed when rejecting"},
				"overwrite": obj{"type": "array", "items": str, "description": "Accepting: fields changed in the " +
					"record since the proposal was made (FieldChange.conflict) to apply all the same"},
				"values": obj{"type": "object", "description": "Accepting: corrected values of accepted fields, " +
					"named as in OrganizationFields, in place of the proposed ones"},
			}},
		"FieldChange": closed(obj{"field": str, "label": str, "current": str, "proposed": str,
			"base":    obj{"type": "string", "description": "The value when the proposal was made"},
			"changed": obj{"type": "boolean", "description": "False when the record already holds the proposed value"},
			"conflict": obj{"type": "boolean", "description": "Pending, and changed in the record since the " +
				"proposal was made: accepting it overwrites that change, so it must be listed in overwrite"},
			"outcome": obj{"type": "string", "enum": []string{"", directory.FieldApplied, directory.FieldDeclined},
				"description": "Once reviewed: whether the field was applied or declined; empty while pending"},
			"applied": obj{
				"type":        "string",
				"description": "Once applied: the value given, the proposed one or the steward's correction",
			}},
			"One field of a proposal: its value now, when proposed, and the value proposed"),
		"OrganizationName": closed(obj{"id": str, "name": str}, "An organization of the directory, by name"),
		"ChangeProposal": closed(
			obj{
				"id": obj{"type": "integer"},
				"entity_type": obj{
					"type":        "string",
					"enum":        []string{directory.KindOrganization, directory.KindNewOrganization},
					"description": "organization: an update to one; new_organization: an organization to add",
				},
				"entity_id": obj{"type": "string",
					"description": "The organization; for a new organization, empty until it is accepted"},
				"entity_name": str,
				"fields": obj{
					"type":        "object",
					"description": "The fields it changes, named as in OrganizationPatch",
				},
				"base_version":    obj{"type": "integer"},
				"current_version": obj{"type": "integer"},
				"stale": obj{
					"type":        "boolean",
					"description": "The record changed after the proposal was made; see conflict on each change",
				},
				"note": str,
				"proposed_by": obj{
					"type":        "string",
					"description": "Who proposed it: their sign-in e-mail when they proposed it",
				},
				"proposed_by_name": obj{
					"type":        "string",
					"description": "The proposer's name as their account has it now",
				},
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
				"applied": obj{"type": []string{"object", "null"},
					"description": "Once accepted: the fields applied, with the values they were given"},
				"declined": obj{"type": []string{"array", "null"}, "items": str,
					"description": "Once reviewed: the proposed fields left out"},
				"similar": obj{"type": "array", "items": ref("OrganizationName"),
					"description": "A pending new organization: organizations already in the directory with a like name"},
			},
			"An update proposed to an organization's record, or an organization proposed for the directory",
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
