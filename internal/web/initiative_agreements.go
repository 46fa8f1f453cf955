package web

import (
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
	"backbone/internal/review"
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

// signableParty is a party the user may record a signature for: their own
// organization, or (for backbone staff) any party that signed on paper.
type signableParty struct {
	OrganizationID, OrganizationName string
	Own                              bool // the user acts for it
}

type agreementViewData struct {
	Blocks       *subjectPanel // the agreement's roadblocks and reviews
	Initiative   *initiative.Initiative
	Agreement    *initiative.Agreement
	RenewalDue   bool
	CanManage    bool
	CanSign      []signableParty
	OnPaper      bool // some of CanSign are not the user's own: a signature made on paper
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

func (h *handler) agreementList(w http.ResponseWriter, r *http.Request) error {
	in, err := h.initiativeOf(r)
	if err != nil {
		return err
	}
	list, err := h.Initiatives.Agreements(r.Context(), httpx.Actor(r), in.ID)
	if err != nil {
		return err
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
	if d.CanManage, err = h.may(r, account.DraftAgreement, account.Initiative(in.ID)); err != nil {
		return err
	}
	h.render(w, r, http.StatusOK, "initiative_agreements", "Agreements · "+in.Name, "initiatives", d)
	return nil
}

func (h *handler) renderAgreementForm(w http.ResponseWriter, r *http.Request, status int, d agreementFormData) error {
	members, err := h.Initiatives.Members(r.Context(), d.Initiative.ID)
	if err != nil {
		return err
	}
	for _, m := range members {
		if m.Status == "active" {
			d.Members = append(d.Members, m)
		}
	}
	d.Kinds = initiative.AgreementKinds
	h.render(w, r, status, "initiative_agreements_form", "New agreement · "+d.Initiative.Name, "initiatives", d)
	return nil
}

// agreementNew offers the form to those who may draft an agreement.
func (h *handler) agreementNew(w http.ResponseWriter, r *http.Request) error {
	in, err := h.initiativeOf(r)
	if err != nil {
		return err
	}
	if err := h.offered(r, account.DraftAgreement, account.Initiative(in.ID)); err != nil {
		return err
	}
	return h.renderAgreementForm(
		w,
		r,
		http.StatusOK,
		agreementFormData{Initiative: in, Input: initiative.AgreementInput{Kind: "mou"},
			EffectiveOn: h.now().Format(time.DateOnly), Reminder: "60"},
	)
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
	d.EffectiveOn, d.EndsOn, d.Reminder = r.PostFormValue(
		"effective_on",
	), r.PostFormValue(
		"ends_on",
	), strings.TrimSpace(
		r.PostFormValue("renewal_reminder_days"),
	)
	d.Input = initiative.AgreementInput{
		Title:   r.PostFormValue("title"),
		Kind:    r.PostFormValue("kind"),
		Parties: r.PostForm["parties"],
	}
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

func (h *handler) agreementCreate(w http.ResponseWriter, r *http.Request) error {
	in, err := h.initiativeOf(r)
	if err != nil {
		return err
	}
	d := agreementFormData{Initiative: in}
	if problems := parseAgreementForm(r, &d); len(problems) > 0 {
		if err := h.offered(r, account.DraftAgreement, account.Initiative(in.ID)); err != nil {
			return err
		}
		d.Errors = problems
		return h.renderAgreementForm(w, r, http.StatusUnprocessableEntity, d)
	}
	a, err := h.Initiatives.CreateAgreement(r.Context(), httpx.Actor(r), in.ID, d.Input)
	var v *errs.ValidationError
	var c *errs.ConflictError
	switch {
	case errors.As(err, &v):
		d.Errors = v.Fields
		return h.renderAgreementForm(w, r, http.StatusUnprocessableEntity, d)
	case errors.As(err, &c):
		d.Errors = map[string]string{c.Field: c.Message}
		return h.renderAgreementForm(w, r, http.StatusConflict, d)
	case err != nil:
		return err
	}
	h.setFlash(w, r, "success", fmt.Sprintf("The agreement %s was drafted. Each party can now sign it here.", account.Quote(a.Title)))
	redirect(w, r, fmt.Sprintf("/initiatives/%d/agreements/%d", in.ID, a.ID))
	return nil
}

// initiativeAgreement reads the initiative and the agreement of the path,
// for someone who may see them; an agreement of another initiative is not
// found.
func (h *handler) initiativeAgreement(r *http.Request) (*initiative.Initiative, *initiative.Agreement, error) {
	in, err := h.initiativeOf(r)
	if err != nil {
		return nil, nil, err
	}
	id, err := pathInt(r, "agreement")
	if err != nil {
		return nil, nil, err
	}
	a, err := h.Initiatives.Agreement(r.Context(), httpx.Actor(r), in.ID, id)
	return in, a, err
}

// signableParties returns the parties that have not signed and for which
// the user may record a signature.
func (h *handler) signableParties(r *http.Request, a *initiative.Agreement) ([]signableParty, error) {
	var out []signableParty
	for _, p := range a.Parties {
		if p.SignedAt != nil {
			continue
		}
		party := account.OrgIn(p.OrganizationID, a.InitiativeID)
		ok, err := h.may(r, account.SignAgreement, party)
		if err != nil {
			return nil, err
		}
		if !ok {
			continue
		}
		own, err := h.may(r, account.ActForOrganization, party)
		if err != nil {
			return nil, err
		}
		out = append(out, signableParty{p.OrganizationID, p.OrganizationName, own})
	}
	return out, nil
}

func (h *handler) renderAgreement(w http.ResponseWriter, r *http.Request, status int, d agreementViewData) error {
	var err error
	if d.Agreement.Status != initiative.AgreementExpired {
		if d.CanSign, err = h.signableParties(r, d.Agreement); err != nil {
			return err
		}
	}
	for _, p := range d.CanSign {
		d.OnPaper = d.OnPaper || !p.Own
	}
	if d.CanManage, err = h.may(r, account.AttachAgreementDocument, account.Initiative(d.Initiative.ID)); err != nil {
		return err
	}
	if d.Signatory == "" && !d.OnPaper {
		d.Signatory = httpx.User(r.Context()).Name
	}
	d.RenewalDue = renewalDue(*d.Agreement, h.now())
	d.MaxDocument = documentSizeWords(initiative.MaxDocumentSize)
	d.DocumentSize = documentSizeWords(d.Agreement.DocumentSize)
	if d.Blocks, err = h.subjectPanel(r, review.KindAgreement, d.Agreement.ID); err != nil {
		return err
	}
	h.render(w, r, status, "initiative_agreements_view", d.Agreement.Title+" · "+d.Initiative.Name, "initiatives", d)
	return nil
}

// documentSizeWords writes a file size as people read it.
func documentSizeWords(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return plural(int(n), "byte")
}

func (h *handler) agreementView(w http.ResponseWriter, r *http.Request) error {
	in, a, err := h.initiativeAgreement(r)
	if err != nil {
		return err
	}
	return h.renderAgreement(w, r, http.StatusOK, agreementViewData{Initiative: in, Agreement: a})
}

// agreementSign records a party's signature, for someone who acts for the
// party, or backbone staff recording a signature made on paper.
func (h *handler) agreementSign(w http.ResponseWriter, r *http.Request) error {
	in, a, err := h.initiativeAgreement(r)
	if err != nil {
		return err
	}
	orgID, signatory := r.PostFormValue("organization_id"), r.PostFormValue("signatory")
	signed, err := h.Initiatives.SignAgreement(r.Context(), httpx.Actor(r), in.ID, a.ID, orgID, signatory)
	var v *errs.ValidationError
	var c *errs.ConflictError
	switch {
	case errors.As(err, &v):
		return h.renderAgreement(
			w,
			r,
			http.StatusUnprocessableEntity,
			agreementViewData{Initiative: in, Agreement: a, Errors: v.Fields, Signatory: signatory, SignOrg: orgID},
		)
	case errors.As(err, &c):
		return h.renderAgreement(
			w,
			r,
			http.StatusConflict,
			agreementViewData{Initiative: in, Agreement: a, Problem: c.Message},
		)
	case err != nil:
		return err
	}
	msg := "Your signature was recorded."
	own, err := h.may(r, account.ActForOrganization, account.OrgIn(orgID, in.ID))
	if err != nil {
		return err
	}
	if !own {
		msg = "The signature made on paper was recorded."
	}
	if signed.Status == initiative.AgreementSigned {
		msg += " Every party has now signed: the agreement is in force."
	}
	h.setFlash(w, r, "success", msg)
	redirect(w, r, fmt.Sprintf("/initiatives/%d/agreements/%d", in.ID, a.ID))
	return nil
}

// agreementUpload attaches the document. The domain asks whether the user
// may before it reads the file, and reads no more of it than an agreement
// may hold.
func (h *handler) agreementUpload(w http.ResponseWriter, r *http.Request) error {
	in, a, err := h.initiativeAgreement(r)
	if err != nil {
		return err
	}
	var name, contentType string
	var body io.Reader = strings.NewReader("") // no file: the domain says it is missing
	if file, header, err := r.FormFile("document"); err == nil {
		defer file.Close()
		name, contentType, body = header.Filename, header.Header.Get("Content-Type"), file
	}
	err = h.Initiatives.AttachDocument(r.Context(), httpx.Actor(r), in.ID, a.ID, name, contentType, body)
	var v *errs.ValidationError
	switch {
	case errors.Is(err, initiative.ErrDocumentTooLarge):
		v = &errs.ValidationError{Fields: map[string]string{"document": fmt.Sprintf(
			"is too large: an agreement's document may be at most %s. Scan it at a lower resolution or save it as a smaller PDF, then try again.",
			documentSizeWords(initiative.MaxDocumentSize),
		)}}
	case errors.As(err, &v):
	case err != nil:
		return err
	}
	if v != nil {
		return h.renderAgreement(
			w,
			r,
			http.StatusUnprocessableEntity,
			agreementViewData{Initiative: in, Agreement: a, Errors: v.Fields},
		)
	}
	h.setFlash(w, r, "success", name+" was attached to the agreement.")
	redirect(w, r, fmt.Sprintf("/initiatives/%d/agreements/%d", in.ID, a.ID))
	return nil
}

// agreementDownload sends the document as a download, in its stored type,
// to anyone who may view the initiative.
func (h *handler) agreementDownload(w http.ResponseWriter, r *http.Request) error {
	id, err := pathInt(r, "id")
	if err != nil {
		return err
	}
	aid, err := pathInt(r, "agreement")
	if err != nil {
		return err
	}
	doc, err := h.Initiatives.AgreementDocument(r.Context(), httpx.Actor(r), id, aid)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", doc.ServedType())
	w.Header().Set("Content-Security-Policy", "sandbox; default-src 'none'")
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": doc.Name}))
	w.Header().Set("Content-Length", strconv.Itoa(len(doc.Data)))
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Cache-Control", "private, no-store")
	_, _ = w.Write(doc.Data)
	return nil
}
