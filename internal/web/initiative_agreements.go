package web

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"

	"backbone/internal/account"
	"backbone/internal/errs"
	"backbone/internal/httpx"
	"backbone/internal/initiative"
)

// agreementRow is an agreement as the list shows it.
type agreementRow struct {
	initiative.Agreement
	RenewalDue bool
}

type agreementListData struct {
	Initiative *initiative.Initiative
	Agreements []agreementRow
	DueCount   int
	CanManage  bool
}

// agreementFormData is the form that drafts an agreement, with the dates as typed.
type agreementFormData struct {
	Initiative  *initiative.Initiative
	Input       initiative.AgreementInput
	EffectiveOn string
	EndsOn      string
	Reminder    string
	Errors      map[string]string
	Members     []initiative.Member
	Kinds       []string
}

// signableParty is a party the user may sign for.
type signableParty struct {
	OrganizationID, OrganizationName string
}

type agreementViewData struct {
	Initiative   *initiative.Initiative
	Agreement    *initiative.Agreement
	RenewalDue   bool
	CanManage    bool
	CanSign      []signableParty
	Signatory    string
	SignError    string
	SignOrg      string
	Errors       map[string]string
	Problem      string
	MaxDocument  string
	DocumentSize string
}

// renewalDue reports whether an agreement is in its renewal reminder window.
func renewalDue(a initiative.Agreement, now time.Time) bool {
	return a.Status != initiative.AgreementExpired && a.RenewalDueOn != nil && !now.Before(*a.RenewalDueOn)
}

func (h *handler) agreementList(w http.ResponseWriter, r *http.Request) {
	in := h.viewableInitiative(w, r)
	if in == nil {
		return
	}
	list, err := h.Initiatives.Agreements(r.Context(), in.ID)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := agreementListData{Initiative: in}
	now := h.now()
	for _, a := range list {
		row := agreementRow{Agreement: a, RenewalDue: renewalDue(a, now)}
		if row.RenewalDue {
			d.DueCount++
		}
		d.Agreements = append(d.Agreements, row)
	}
	d.CanManage, _ = h.Accounts.Can(r.Context(), httpx.User(r.Context()), account.ManageGovernance, account.Initiative(in.ID))
	h.render(w, r, http.StatusOK, "initiative_agreements", "Agreements · "+in.Name, "initiatives", d)
}

// governedInitiative loads the initiative in the path when the user may
// manage its governance, and otherwise answers the request and returns nil.
func (h *handler) governedInitiative(w http.ResponseWriter, r *http.Request) *initiative.Initiative {
	in := h.viewableInitiative(w, r)
	if in == nil {
		return nil
	}
	if err := h.Accounts.Authorize(r.Context(), httpx.User(r.Context()), account.ManageGovernance, account.Initiative(in.ID)); err != nil {
		h.fail(w, r, err)
		return nil
	}
	return in
}

func (h *handler) renderAgreementForm(w http.ResponseWriter, r *http.Request, status int, d agreementFormData) {
	members, err := h.Initiatives.Members(r.Context(), d.Initiative.ID)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	for _, m := range members {
		if m.Status == "active" {
			d.Members = append(d.Members, m)
		}
	}
	d.Kinds = initiative.AgreementKinds
	h.render(w, r, status, "initiative_agreements_form", "New agreement · "+d.Initiative.Name, "initiatives", d)
}

func (h *handler) agreementNew(w http.ResponseWriter, r *http.Request) {
	in := h.governedInitiative(w, r)
	if in == nil {
		return
	}
	h.renderAgreementForm(w, r, http.StatusOK, agreementFormData{Initiative: in, Input: initiative.AgreementInput{Kind: "mou"},
		EffectiveOn: h.now().Format(time.DateOnly), Reminder: "60"})
}

// agreementDate reads a yyyy-mm-dd date; empty is nil.
func agreementDate(s string) (*time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, nil
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return nil, errors.New("must be a date, like 2025-03-31")
	}
	return &t, nil
}

// parseAgreementForm reads the form into the input and checks it all, so
// that every mistake is shown at once.
func parseAgreementForm(r *http.Request, d *agreementFormData) map[string]string {
	d.EffectiveOn, d.EndsOn, d.Reminder = r.PostFormValue("effective_on"), r.PostFormValue("ends_on"), strings.TrimSpace(r.PostFormValue("renewal_reminder_days"))
	d.Input = initiative.AgreementInput{Title: r.PostFormValue("title"), Kind: r.PostFormValue("kind"), Parties: r.PostForm["parties"]}
	problems := map[string]string{}
	var err error
	if d.Input.EffectiveOn, err = agreementDate(d.EffectiveOn); err != nil {
		problems["effective_on"] = err.Error()
	}
	if d.Input.EndsOn, err = agreementDate(d.EndsOn); err != nil {
		problems["ends_on"] = err.Error()
	}
	if d.Reminder != "" {
		if d.Input.RenewalReminderDays, err = strconv.Atoi(d.Reminder); err != nil {
			problems["renewal_reminder_days"] = "must be a whole number of days, like 60"
		}
	}
	check := d.Input
	var v *errs.ValidationError
	if err := check.Normalize(); errors.As(err, &v) {
		for f, msg := range v.Fields {
			if _, ok := problems[f]; !ok {
				problems[f] = msg
			}
		}
	}
	return problems
}

func (h *handler) agreementCreate(w http.ResponseWriter, r *http.Request) {
	in := h.governedInitiative(w, r)
	if in == nil {
		return
	}
	d := agreementFormData{Initiative: in}
	if problems := parseAgreementForm(r, &d); len(problems) > 0 {
		d.Errors = problems
		h.renderAgreementForm(w, r, http.StatusUnprocessableEntity, d)
		return
	}
	a, err := h.Initiatives.CreateAgreement(r.Context(), httpx.Actor(r), in.ID, d.Input)
	var v *errs.ValidationError
	var c *errs.ConflictError
	switch {
	case errors.As(err, &v):
		d.Errors = v.Fields
		h.renderAgreementForm(w, r, http.StatusUnprocessableEntity, d)
		return
	case errors.As(err, &c):
		d.Errors = map[string]string{c.Field: c.Message}
		h.renderAgreementForm(w, r, http.StatusConflict, d)
		return
	case err != nil:
		h.fail(w, r, err)
		return
	}
	h.setFlash(w, r, "success", fmt.Sprintf("The agreement %q was drafted. Each party can now sign it here.", a.Title))
	redirect(w, r, fmt.Sprintf("/initiatives/%d/agreements/%d", in.ID, a.ID))
}

// initiativeAgreement loads the agreement in the path when it belongs to
// the initiative in the path, which the user may view.
func (h *handler) initiativeAgreement(w http.ResponseWriter, r *http.Request) (*initiative.Initiative, *initiative.Agreement) {
	return inInitiative(h, w, r, "agreement", h.Initiatives.Agreement, func(a *initiative.Agreement) int64 { return a.InitiativeID })
}

// inInitiative loads the record whose id is the path value param, when the
// user may view the initiative in the path and the record belongs to it;
// otherwise it answers the request (404 for a record of another
// initiative) and returns nils.
func inInitiative[T any](h *handler, w http.ResponseWriter, r *http.Request, param string,
	load func(context.Context, int64) (*T, error), initiativeOf func(*T) int64) (*initiative.Initiative, *T) {
	in := h.viewableInitiative(w, r)
	if in == nil {
		return nil, nil
	}
	id, err := strconv.ParseInt(r.PathValue(param), 10, 64)
	if err != nil || id <= 0 {
		h.fail(w, r, errs.ErrNotFound)
		return nil, nil
	}
	rec, err := load(r.Context(), id)
	if err == nil && initiativeOf(rec) != in.ID {
		err = errs.ErrNotFound
	}
	if err != nil {
		h.fail(w, r, err)
		return nil, nil
	}
	return in, rec
}

// signableParties returns the parties that have not signed and that the user may sign for.
func (h *handler) signableParties(ctx context.Context, a *initiative.Agreement) ([]signableParty, error) {
	u := httpx.User(ctx)
	var out []signableParty
	for _, p := range a.Parties {
		if p.SignedAt != nil {
			continue
		}
		ok, err := h.Accounts.Can(ctx, u, account.ActForOrganization, account.Org(p.OrganizationID))
		if err != nil {
			return nil, err
		}
		if ok {
			out = append(out, signableParty{p.OrganizationID, p.OrganizationName})
		}
	}
	return out, nil
}

func (h *handler) renderAgreement(w http.ResponseWriter, r *http.Request, status int, d agreementViewData) {
	ctx := r.Context()
	u := httpx.User(ctx)
	var err error
	if d.Agreement.Status != initiative.AgreementExpired {
		if d.CanSign, err = h.signableParties(ctx, d.Agreement); err != nil {
			h.fail(w, r, err)
			return
		}
	}
	if d.CanManage, err = h.Accounts.Can(ctx, u, account.ManageGovernance, account.Initiative(d.Initiative.ID)); err != nil {
		h.fail(w, r, err)
		return
	}
	if d.Signatory == "" {
		d.Signatory = u.Name
	}
	d.RenewalDue = renewalDue(*d.Agreement, h.now())
	d.MaxDocument = documentSizeWords(initiative.MaxDocumentSize)
	d.DocumentSize = documentSizeWords(d.Agreement.DocumentSize)
	h.render(w, r, status, "initiative_agreements_view", d.Agreement.Title+" · "+d.Initiative.Name, "initiatives", d)
}

// documentSizeWords writes a file size as people read it.
func documentSizeWords(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

func (h *handler) agreementView(w http.ResponseWriter, r *http.Request) {
	in, a := h.initiativeAgreement(w, r)
	if a == nil {
		return
	}
	h.renderAgreement(w, r, http.StatusOK, agreementViewData{Initiative: in, Agreement: a})
}

// agreementSign records a party's signature; the user must be able to act
// for that organization.
func (h *handler) agreementSign(w http.ResponseWriter, r *http.Request) {
	in, a := h.initiativeAgreement(w, r)
	if a == nil {
		return
	}
	orgID := r.PostFormValue("organization_id")
	if err := h.Accounts.Authorize(r.Context(), httpx.User(r.Context()), account.ActForOrganization, account.Org(orgID)); err != nil {
		h.fail(w, r, err)
		return
	}
	signatory := r.PostFormValue("signatory")
	signed, err := h.Initiatives.SignAgreement(r.Context(), httpx.Actor(r), a.ID, orgID, signatory)
	var v *errs.ValidationError
	var c *errs.ConflictError
	switch {
	case errors.As(err, &v):
		h.renderAgreement(w, r, http.StatusUnprocessableEntity, agreementViewData{Initiative: in, Agreement: a, Errors: v.Fields, Signatory: signatory, SignOrg: orgID})
		return
	case errors.As(err, &c):
		h.renderAgreement(w, r, http.StatusConflict, agreementViewData{Initiative: in, Agreement: a, Problem: c.Message})
		return
	case err != nil:
		h.fail(w, r, err)
		return
	}
	msg := "Your signature was recorded."
	if signed.Status == initiative.AgreementSigned {
		msg += " Every party has now signed: the agreement is in force."
	}
	h.setFlash(w, r, "success", msg)
	redirect(w, r, fmt.Sprintf("/initiatives/%d/agreements/%d", in.ID, a.ID))
}

// agreementUpload attaches the document. The size is checked from the
// request and the part's header before the file is read, and the read is
// capped, so that a huge file is refused, not loaded.
func (h *handler) agreementUpload(w http.ResponseWriter, r *http.Request) {
	in, a := h.initiativeAgreement(w, r)
	if a == nil {
		return
	}
	if err := h.Accounts.Authorize(r.Context(), httpx.User(r.Context()), account.ManageGovernance, account.Initiative(in.ID)); err != nil {
		h.fail(w, r, err)
		return
	}
	tooBig := fmt.Sprintf("is too large: an agreement's document may be at most %s. Scan it at a lower resolution or save it as a smaller PDF, then try again.",
		documentSizeWords(initiative.MaxDocumentSize))
	refuse := func(msg string) {
		h.renderAgreement(w, r, http.StatusUnprocessableEntity, agreementViewData{Initiative: in, Agreement: a, Errors: map[string]string{"document": msg}})
	}
	if r.ContentLength > initiative.MaxDocumentSize+64<<10 {
		refuse(tooBig)
		return
	}
	file, header, err := r.FormFile("document")
	if err != nil {
		refuse("is missing: choose a file to attach")
		return
	}
	defer file.Close()
	if header.Size > initiative.MaxDocumentSize {
		refuse(tooBig)
		return
	}
	data, err := io.ReadAll(io.LimitReader(file, initiative.MaxDocumentSize+1))
	if err != nil {
		h.fail(w, r, fmt.Errorf("read uploaded document: %w", err))
		return
	}
	if len(data) > initiative.MaxDocumentSize {
		refuse(tooBig)
		return
	}
	doc := initiative.Document{Name: header.Filename, ContentType: header.Header.Get("Content-Type"), Data: data}
	err = h.Initiatives.AttachDocument(r.Context(), httpx.Actor(r), a.ID, doc)
	var v *errs.ValidationError
	switch {
	case errors.As(err, &v):
		h.renderAgreement(w, r, http.StatusUnprocessableEntity, agreementViewData{Initiative: in, Agreement: a, Errors: v.Fields})
		return
	case err != nil:
		h.fail(w, r, err)
		return
	}
	h.setFlash(w, r, "success", header.Filename+" was attached to the agreement.")
	redirect(w, r, fmt.Sprintf("/initiatives/%d/agreements/%d", in.ID, a.ID))
}

// agreementDownload sends the document as a download, in its stored type,
// to anyone who may view the initiative.
func (h *handler) agreementDownload(w http.ResponseWriter, r *http.Request) {
	_, a := h.initiativeAgreement(w, r)
	if a == nil {
		return
	}
	doc, err := h.Initiatives.AgreementDocument(r.Context(), a.ID)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", doc.ContentType)
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": doc.Name}))
	w.Header().Set("Content-Length", strconv.Itoa(len(doc.Data)))
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Cache-Control", "private, no-store")
	_, _ = w.Write(doc.Data)
}
