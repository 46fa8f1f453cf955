package api

import (
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"

	"backbone/internal/account"
	"backbone/internal/errs"
	"backbone/internal/httpx"
	"backbone/internal/initiative"
)

func (h *handler) getGovernance(w http.ResponseWriter, r *http.Request) error {
	in, err := h.initiativeFor(r, account.ViewInitiative)
	if err != nil {
		return err
	}
	g, err := h.Initiatives.Governance(r.Context(), in.ID)
	if errors.Is(err, errs.ErrNotFound) {
		return &requestError{status: http.StatusNotFound, kind: "not-found",
			detail: fmt.Sprintf("%s has no governance framework yet; backbone staff adopt the first version with PUT %s/initiatives/%d/governance", in.Name, prefix, in.ID)}
	}
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusOK, g)
	return nil
}

func (h *handler) saveGovernance(w http.ResponseWriter, r *http.Request) error {
	in, err := h.initiativeFor(r, account.ManageGovernance)
	if err != nil {
		return err
	}
	var body initiative.GovernanceInput
	if err := decodeBody(w, r, &body); err != nil {
		return err
	}
	g, err := h.Initiatives.SaveGovernance(r.Context(), httpx.Actor(r), in.ID, body)
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusOK, g)
	return nil
}

// agreementBody is the body of POST /agreements and PATCH
// /agreements/{agreement}: for a PATCH, the fields present replace the
// agreement's, and an empty ends_on clears it. Dates are written YYYY-MM-DD.
type agreementBody struct {
	Title               *string   `json:"title"`
	Kind                *string   `json:"kind"`
	Parties             *[]string `json:"parties"`
	EffectiveOn         *string   `json:"effective_on"`
	EndsOn              *string   `json:"ends_on"`
	RenewalReminderDays *int      `json:"renewal_reminder_days"`
}

// over merges the body over base.
func (b agreementBody) over(base initiative.AgreementInput) (initiative.AgreementInput, error) {
	in := base
	if b.Title != nil {
		in.Title = *b.Title
	}
	if b.Kind != nil {
		in.Kind = *b.Kind
	}
	if b.Parties != nil {
		in.Parties = *b.Parties
	}
	if b.RenewalReminderDays != nil {
		in.RenewalReminderDays = *b.RenewalReminderDays
	}
	var v errs.ValidationError
	if b.EffectiveOn != nil {
		in.EffectiveOn = parseDay(&v, "effective_on", b.EffectiveOn)
	}
	if b.EndsOn != nil {
		in.EndsOn = parseDay(&v, "ends_on", b.EndsOn)
	}
	return in, v.OrNil()
}

// agreementSignature is the body of POST /agreements/{agreement}/sign.
type agreementSignature struct {
	OrganizationID string `json:"organization_id"`
	Signatory      string `json:"signatory"`
}

func (h *handler) createAgreement(w http.ResponseWriter, r *http.Request) error {
	in, err := h.initiativeFor(r, account.ManageGovernance)
	if err != nil {
		return err
	}
	var body agreementBody
	if err := decodeBody(w, r, &body); err != nil {
		return err
	}
	next, err := body.over(initiative.AgreementInput{})
	if err != nil {
		return err
	}
	a, err := h.Initiatives.CreateAgreement(r.Context(), httpx.Actor(r), in.ID, next)
	if err != nil {
		return err
	}
	location(w, in.ID, "agreements", a.ID)
	h.writeJSON(w, r, http.StatusCreated, a)
	return nil
}

// agreementFor returns the path's agreement once the caller may take action
// a on its initiative.
func (h *handler) agreementFor(r *http.Request, a account.Action) (*initiative.Agreement, error) {
	in, err := h.initiativeFor(r, a)
	if err != nil {
		return nil, err
	}
	id, err := pathID(r, "agreement")
	if err != nil {
		return nil, err
	}
	ag, err := h.Initiatives.Agreement(r.Context(), id)
	if err != nil {
		return nil, err
	}
	return ag, belongs(ag.InitiativeID, in.ID, "agreement", id)
}

func (h *handler) getAgreement(w http.ResponseWriter, r *http.Request) error {
	a, err := h.agreementFor(r, account.ViewInitiative)
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusOK, a)
	return nil
}

func (h *handler) updateAgreement(w http.ResponseWriter, r *http.Request) error {
	a, err := h.agreementFor(r, account.ManageGovernance)
	if err != nil {
		return err
	}
	var body agreementBody
	if err := decodeBody(w, r, &body); err != nil {
		return err
	}
	parties := make([]string, len(a.Parties))
	for i, p := range a.Parties {
		parties[i] = p.OrganizationID
	}
	effective := a.EffectiveOn
	next, err := body.over(initiative.AgreementInput{Title: a.Title, Kind: a.Kind, Parties: parties, EffectiveOn: &effective,
		EndsOn: a.EndsOn, RenewalReminderDays: a.RenewalReminderDays})
	if err != nil {
		return err
	}
	saved, err := h.Initiatives.UpdateAgreement(r.Context(), httpx.Actor(r), a.ID, next)
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusOK, saved)
	return nil
}

// signAgreement records a signature: the signing organization's admins
// sign for it, and backbone staff may record a signature made on paper.
func (h *handler) signAgreement(w http.ResponseWriter, r *http.Request) error {
	a, err := h.agreementFor(r, account.ViewInitiative)
	if err != nil {
		return err
	}
	var body agreementSignature
	if err := decodeBody(w, r, &body); err != nil {
		return err
	}
	orgID := strings.TrimSpace(body.OrganizationID)
	if orgID == "" {
		return &errs.ValidationError{Fields: map[string]string{"organization_id": "is required: the party that signs"}}
	}
	if err := h.authorizeFor(r, account.ActForOrganization, orgID, account.ManageGovernance, a.InitiativeID); err != nil {
		return err
	}
	signed, err := h.Initiatives.SignAgreement(r.Context(), httpx.Actor(r), a.ID, orgID, body.Signatory)
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusOK, signed)
	return nil
}

// attachDocument stores the request body as the agreement's file. The body
// is read through a limit, so an oversized upload is refused (413) after
// MaxDocumentSize bytes rather than read whole.
func (h *handler) attachDocument(w http.ResponseWriter, r *http.Request) error {
	a, err := h.agreementFor(r, account.ManageGovernance)
	if err != nil {
		return err
	}
	tooLarge := &requestError{status: http.StatusRequestEntityTooLarge, kind: "body-too-large",
		detail: fmt.Sprintf("an agreement's document may be at most %d MiB", initiative.MaxDocumentSize>>20)}
	if r.ContentLength > initiative.MaxDocumentSize {
		return tooLarge
	}
	data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, initiative.MaxDocumentSize))
	var over *http.MaxBytesError
	if errors.As(err, &over) {
		return tooLarge
	}
	if err != nil {
		return &requestError{status: http.StatusBadRequest, kind: "bad-request", detail: "could not read the request body"}
	}
	doc := initiative.Document{Name: documentName(r), ContentType: r.Header.Get("Content-Type"), Data: data}
	if err := h.Initiatives.AttachDocument(r.Context(), httpx.Actor(r), a.ID, doc); err != nil {
		return err
	}
	saved, err := h.Initiatives.Agreement(r.Context(), a.ID)
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusOK, saved)
	return nil
}

// documentName is the uploaded file's name: the filename query parameter,
// else the filename of a Content-Disposition header.
func documentName(r *http.Request) string {
	if name := r.URL.Query().Get("filename"); name != "" {
		return name
	}
	if _, params, err := mime.ParseMediaType(r.Header.Get("Content-Disposition")); err == nil {
		return params["filename"]
	}
	return ""
}

// agreementDocument answers with the agreement's file as an attachment, so
// that a browser never renders an uploaded file as a page of this site.
func (h *handler) agreementDocument(w http.ResponseWriter, r *http.Request) error {
	a, err := h.agreementFor(r, account.ViewInitiative)
	if err != nil {
		return err
	}
	doc, err := h.Initiatives.AgreementDocument(r.Context(), a.ID)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", doc.ContentType)
	disposition := mime.FormatMediaType("attachment", map[string]string{"filename": doc.Name})
	if disposition == "" {
		disposition = "attachment"
	}
	w.Header().Set("Content-Disposition", disposition)
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(doc.Data)
	return nil
}
