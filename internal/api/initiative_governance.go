package api

import (
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"

	"backbone/internal/errs"
	"backbone/internal/httpx"
	"backbone/internal/initiative"
)

// getGovernance answers with the current framework, or says that none has
// been adopted yet.
func (h *handler) getGovernance(w http.ResponseWriter, r *http.Request) error {
	in, err := h.viewableInitiative(r)
	if err != nil {
		return err
	}
	g, err := h.Initiatives.Governance(r.Context(), httpx.Actor(r), in.ID)
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

func (h *handler) listGovernanceVersions(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	history, err := h.Initiatives.GovernanceHistory(r.Context(), httpx.Actor(r), id)
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusOK, list(history))
	return nil
}

func (h *handler) saveGovernance(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var body initiative.GovernanceInput
	if err := decodeBody(w, r, &body); err != nil {
		return err
	}
	g, err := h.Initiatives.SaveGovernance(r.Context(), httpx.Actor(r), id, body)
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

func (h *handler) listAgreements(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	as, err := h.Initiatives.Agreements(r.Context(), httpx.Actor(r), id)
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusOK, list(as))
	return nil
}

func (h *handler) createAgreement(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
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
	a, err := h.Initiatives.CreateAgreement(r.Context(), httpx.Actor(r), id, next)
	if err != nil {
		return err
	}
	location(w, id, "agreements", a.ID)
	h.writeJSON(w, r, http.StatusCreated, a)
	return nil
}

// agreementOf reads the path's agreement, of the path's initiative, for
// someone who may see the initiative.
func (h *handler) agreementOf(r *http.Request) (*initiative.Agreement, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	aid, err := pathID(r, "agreement")
	if err != nil {
		return nil, err
	}
	return h.Initiatives.Agreement(r.Context(), httpx.Actor(r), id, aid)
}

func (h *handler) getAgreement(w http.ResponseWriter, r *http.Request) error {
	a, err := h.agreementOf(r)
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusOK, a)
	return nil
}

// updateAgreement merges the body over the agreement as it stands; the
// domain decides whether the caller may change it.
func (h *handler) updateAgreement(w http.ResponseWriter, r *http.Request) error {
	a, err := h.agreementOf(r)
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
	saved, err := h.Initiatives.UpdateAgreement(r.Context(), httpx.Actor(r), a.InitiativeID, a.ID, next)
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusOK, saved)
	return nil
}

// signAgreement records a signature: those who act for the signing
// organization sign for it, and backbone staff may record a signature made
// on paper (account.SignAgreement).
func (h *handler) signAgreement(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	aid, err := pathID(r, "agreement")
	if err != nil {
		return err
	}
	var body agreementSignature
	if err := decodeBody(w, r, &body); err != nil {
		return err
	}
	signed, err := h.Initiatives.SignAgreement(r.Context(), httpx.Actor(r), id, aid, body.OrganizationID, body.Signatory)
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusOK, signed)
	return nil
}

// uploadBody is a request body that remembers why it could not be read: a
// dropped connection is the client's problem (400), not the server's.
type uploadBody struct {
	io.Reader
	err error
}

func (b *uploadBody) Read(p []byte) (int, error) {
	n, err := b.Reader.Read(p)
	if err != nil && !errors.Is(err, io.EOF) {
		b.err = err
	}
	return n, err
}

// attachDocument stores the request body as the agreement's file. The
// domain asks whether the caller may before it reads the body, and reads no
// more than MaxDocumentSize bytes: a larger file is refused (413), not
// read whole.
func (h *handler) attachDocument(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	aid, err := pathID(r, "agreement")
	if err != nil {
		return err
	}
	body := &uploadBody{Reader: r.Body}
	err = h.Initiatives.AttachDocument(r.Context(), httpx.Actor(r), id, aid,
		documentName(r), r.Header.Get("Content-Type"), body)
	switch {
	case errors.Is(err, initiative.ErrDocumentTooLarge):
		return &requestError{status: http.StatusRequestEntityTooLarge, kind: "body-too-large",
			detail: fmt.Sprintf("an agreement's document may be at most %d MiB", initiative.MaxDocumentSize>>20)}
	case body.err != nil:
		return &requestError{status: http.StatusBadRequest, kind: "bad-request", detail: "could not read the request body"}
	case err != nil:
		return err
	}
	saved, err := h.Initiatives.Agreement(r.Context(), httpx.Actor(r), id, aid)
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
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	aid, err := pathID(r, "agreement")
	if err != nil {
		return err
	}
	doc, err := h.Initiatives.AgreementDocument(r.Context(), httpx.Actor(r), id, aid)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", doc.ServedType())
	w.Header().Set("Content-Security-Policy", "sandbox; default-src 'none'")
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
