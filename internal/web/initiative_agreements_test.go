package web_test

import (
	"bytes"
	"context"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"backbone/internal/account"
	"backbone/internal/initiative"
	"backbone/internal/testutil/apptest"
)

func agreementForm(f *decisionFixture, title, from, until string) url.Values {
	return url.Values{"title": {title}, "kind": {"mou"}, "parties": {f.food.ID, f.legal.ID},
		"effective_on": {from}, "ends_on": {until}, "renewal_reminder_days": {"30"}}
}

func uploadDocument(t *testing.T, c *apptest.Client, path, name string, data []byte) *apptest.Response {
	t.Helper()
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	_ = w.WriteField("csrf_token", c.CSRF())
	part, err := w.CreateFormFile("document", name)
	if err != nil {
		t.Fatal(err)
	}
	part.Write(data)
	w.Close()
	return c.PostMultipart(path, w.FormDataContentType(), &body)
}

func TestAgreementPages(t *testing.T) {
	f := newDecisionFixture(t)
	ctx, sys := context.Background(), account.SystemActor("test")
	list := f.base + "/agreements"
	count := func() int {
		as, err := f.a.Initiatives.Agreements(ctx, sys, f.id)
		if err != nil {
			t.Fatal(err)
		}
		return len(as)
	}

	wantStatus(t, "outsider lists agreements", f.outsider.Get(list), http.StatusNotFound)
	mustContain(t, f.food1.Get(list), "No agreements yet", "Backbone staff draft agreements")
	wantStatus(t, "member opens the new-agreement form", f.food1.Get(list+"/new"), http.StatusForbidden)
	wantStatus(t, "member drafts an agreement", f.food1.PostForm(list, agreementForm(f, "MOU", "2025-01-01", "2026-01-01")), http.StatusForbidden)
	mustContain(t, f.staff.Get(list+"/new"), "Draft an agreement", "Food Bank", "United Fund")

	// An end before the start is an error on ends_on, and nothing is written.
	r := f.staff.PostForm(list, agreementForm(f, "Referral MOU", "2025-06-01", "2025-01-01"))
	wantStatus(t, "end before start", r, http.StatusUnprocessableEntity)
	mustContain(t, r, `id="ends_on-error"`, "must not be before the effective date", `value="Referral MOU"`)
	r = f.staff.PostForm(list, url.Values{"title": {""}, "kind": {"mou"}, "parties": {f.food.ID}, "effective_on": {"June"}})
	wantStatus(t, "bad agreement", r, http.StatusUnprocessableEntity)
	mustContain(t, r, "Title is required", "at least two member organizations", "must be a date")
	if n := count(); n != 0 {
		t.Fatalf("refused agreements were written: %d", n)
	}

	today := f.a.DB.Now()
	r = f.staff.PostForm(list, agreementForm(f, "Referral MOU", today.AddDate(0, -11, 0).Format(time.DateOnly), today.AddDate(0, 0, 10).Format(time.DateOnly)))
	wantStatus(t, "draft", r, http.StatusSeeOther)
	path := r.Header.Get("Location")
	if !regexp.MustCompile(`^/initiatives/\d+/agreements/\d+$`).MatchString(path) {
		t.Fatalf("agreement address: %q", path)
	}
	mustContain(t, f.food1.Get(list), "Referral MOU", "Draft", "Renewal due", "1 agreement is due for renewal")
	page := f.food1.Get(path)
	mustContain(t, page, "Not signed yet", `id="sign-form"`, "Signing for <strong>Food Bank</strong>", "Renewal due")
	if strings.Contains(page.Body, `id="upload-form"`) {
		t.Error("a member is offered the upload form")
	}
	wantStatus(t, "outsider sees an agreement", f.outsider.Get(path), http.StatusNotFound)
	wantStatus(t, "agreement of another initiative", f.food1.Get(fmt.Sprintf("%s/agreements/999", f.base)), http.StatusNotFound)

	// Each party signs for itself only.
	wantStatus(t, "sign for another party", f.food1.PostForm(path+"/sign", url.Values{"organization_id": {f.legal.ID}, "signatory": {"Ann"}}), http.StatusForbidden)
	wantStatus(t, "funder signs", f.fund1.PostForm(path+"/sign", url.Values{"organization_id": {f.fund.ID}, "signatory": {"Ann"}}), http.StatusForbidden)
	r = f.food1.PostForm(path+"/sign", url.Values{"organization_id": {f.food.ID}, "signatory": {""}})
	wantStatus(t, "sign without a name", r, http.StatusUnprocessableEntity)
	mustContain(t, r, `id="signatory-error"`)
	wantStatus(t, "food signs", f.food1.PostForm(path+"/sign", url.Values{"organization_id": {f.food.ID}, "signatory": {"Ann Lee, director"}}), http.StatusSeeOther)
	mustContain(t, f.legal1.Get(list), "Partially signed")
	wantStatus(t, "food signs twice", f.food1.PostForm(path+"/sign", url.Values{"organization_id": {f.food.ID}, "signatory": {"Ann"}}), http.StatusConflict)
	wantStatus(t, "legal signs", f.legal1.PostForm(path+"/sign", url.Values{"organization_id": {f.legal.ID}, "signatory": {"Bo Chen"}}), http.StatusSeeOther)
	mustContain(t, f.legal1.Get(path), "Every party has now signed", "Signed on", "Ann Lee, director", "Bo Chen")

	// Documents: only backbone staff upload; too large is refused before it is stored.
	pdf := []byte("%PDF-1.4 signed copy")
	wantStatus(t, "member uploads", uploadDocument(t, f.food1, path+"/document", "mou.pdf", pdf), http.StatusForbidden)
	r = uploadDocument(t, f.staff, path+"/document", "huge.pdf", bytes.Repeat([]byte("x"), initiative.MaxDocumentSize+1))
	wantStatus(t, "too large", r, http.StatusUnprocessableEntity)
	mustContain(t, r, `id="document-error"`, "is too large", "at most 10.0 MiB")
	r = uploadDocument(t, f.staff, path+"/document", "", nil)
	wantStatus(t, "no file", r, http.StatusUnprocessableEntity)
	if _, err := f.a.Initiatives.AgreementDocument(ctx, sys, f.id, 1); err == nil {
		t.Fatal("a refused upload was stored")
	}
	wantStatus(t, "no document yet", f.food1.Get(path+"/document"), http.StatusNotFound)
	wantStatus(t, "upload", uploadDocument(t, f.staff, path+"/document", "Referral MOU (signed).pdf", pdf), http.StatusSeeOther)
	mustContain(t, f.legal1.Get(path), "Download Referral MOU (signed).pdf")
	r = f.fund1.Get(path + "/document")
	wantStatus(t, "download", r, http.StatusOK)
	if cd := r.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment;") || !strings.Contains(cd, "signed") {
		t.Errorf("Content-Disposition: %q", cd)
	}
	if ct := r.Header.Get("Content-Type"); ct != "application/octet-stream" {
		t.Errorf("Content-Type: %q", ct)
	}
	if r.Body != string(pdf) {
		t.Errorf("downloaded %q", r.Body)
	}
	wantStatus(t, "outsider downloads", f.outsider.Get(path+"/document"), http.StatusNotFound)
}
