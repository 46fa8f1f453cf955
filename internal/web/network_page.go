package web

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"backbone/internal/account"
	"backbone/internal/errs"
	"backbone/internal/httpx"
	"backbone/internal/network"
)

type networkData struct {
	Page       *network.TiePage
	Filter     network.TieFilter
	Kinds      []string
	Levels     []string
	Statuses   []string
	CanImport  bool
	Error      string
	ImportDone *network.ImportResult
}

// networkPage lists the relationship map's ties with filters, and lets a
// steward import and anyone export them as CSV.
func (h *handler) networkPage(w http.ResponseWriter, r *http.Request) {
	if err := h.Accounts.Authorize(r.Context(), httpx.User(r.Context()), account.ViewDirectory, account.Platform); err != nil {
		h.fail(w, r, err)
		return
	}
	h.showNetwork(w, r, http.StatusOK, "", nil)
}

func (h *handler) showNetwork(w http.ResponseWriter, r *http.Request, status int, problem string, done *network.ImportResult) {
	q := r.URL.Query()
	offset, _ := strconv.Atoi(q.Get("offset"))
	f := network.TieFilter{Kind: q.Get("kind"), Level: q.Get("level"), Status: q.Get("status"), Limit: 200, Offset: offset}
	d := networkData{Filter: f, Kinds: network.Kinds, Levels: network.Levels, Statuses: network.Statuses, Error: problem, ImportDone: done}
	d.CanImport, _ = h.Accounts.Can(r.Context(), httpx.User(r.Context()), account.ImportTies, account.Platform)
	page, err := h.Network.ListTies(r.Context(), f)
	var v *errs.ValidationError
	switch {
	case errors.As(err, &v):
		d.Error, status = v.Error(), http.StatusBadRequest
	case err != nil:
		h.fail(w, r, err)
		return
	default:
		d.Page = page
	}
	h.render(w, r, status, "network", "Relationships", "network", d)
}

// tiesCSV downloads every tie in the import's format.
func (h *handler) tiesCSV(w http.ResponseWriter, r *http.Request) {
	if err := h.Accounts.Authorize(r.Context(), httpx.User(r.Context()), account.ViewDirectory, account.Platform); err != nil {
		h.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="ties-%s.csv"`, h.now().Format("2006-01-02")))
	if _, err := h.Network.ExportTiesCSV(r.Context(), w); err != nil {
		h.Logger.Error("export ties", "request_id", httpx.RequestID(r.Context()), "err", err)
	}
}

// tiesImport takes an uploaded ties CSV: all of it, or, when a row is wrong,
// none of it, with the row and column named.
func (h *handler) tiesImport(w http.ResponseWriter, r *http.Request) {
	if err := h.Accounts.Authorize(r.Context(), httpx.User(r.Context()), account.ImportTies, account.Platform); err != nil {
		h.fail(w, r, err)
		return
	}
	file, hdr, err := r.FormFile("file")
	if err != nil {
		h.showNetwork(w, r, http.StatusUnprocessableEntity, "Choose a CSV file to import.", nil)
		return
	}
	defer file.Close()
	res, err := h.Network.ImportTiesCSV(r.Context(), httpx.Actor(r), file, hdr.Filename, r.PostFormValue("create_missing") == "on")
	var ie *network.ImportError
	var v *errs.ValidationError
	if errors.As(err, &ie) || errors.As(err, &v) {
		h.showNetwork(w, r, http.StatusUnprocessableEntity, "Nothing was imported: "+err.Error(), nil)
		return
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.showNetwork(w, r, http.StatusOK, "", &res)
}
