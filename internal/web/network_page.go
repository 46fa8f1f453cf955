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
func (h *handler) networkPage(w http.ResponseWriter, r *http.Request) error {
	return h.showNetwork(w, r, http.StatusOK, "", nil)
}

// showNetwork renders the ties page: with a problem (the import's), or what
// an import did.
func (h *handler) showNetwork(w http.ResponseWriter, r *http.Request, status int, problem string,
	done *network.ImportResult) error {
	q := r.URL.Query()
	offset, _ := strconv.Atoi(q.Get("offset")) // not a number: the first page
	f := network.TieFilter{Kind: q.Get("kind"), Level: q.Get("level"), Status: q.Get("status"), Limit: 200, Offset: offset}
	d := networkData{Filter: f, Kinds: network.Kinds, Levels: network.Levels, Statuses: network.Statuses, Error: problem, ImportDone: done}

	page, err := h.Network.Ties(r.Context(), httpx.Actor(r), f)
	var v *errs.ValidationError
	switch {
	case errors.As(err, &v):
		d.Error, status = v.Error(), http.StatusBadRequest
	case err != nil:
		return err
	default:
		d.Page = page
	}

	if d.CanImport, err = h.may(r, account.ImportTies, account.Platform); err != nil {
		return err
	}
	h.render(w, r, status, "network", "Relationships", "network", d)
	return nil
}

// download is a response that becomes a file download with its first byte,
// so that an error before anything is written is still shown as a page.
type download struct {
	http.ResponseWriter
	contentType, filename string
	started               bool
}

func (d *download) Write(p []byte) (int, error) {
	if !d.started {
		d.started = true
		d.Header().Set("Content-Type", d.contentType)
		d.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s"`, d.filename))
	}
	return d.ResponseWriter.Write(p)
}

// tiesCSV downloads every tie in the import's format.
func (h *handler) tiesCSV(w http.ResponseWriter, r *http.Request) error {
	dl := &download{ResponseWriter: w, contentType: "text/csv; charset=utf-8",
		filename: fmt.Sprintf("ties-%s.csv", h.now().Format("2006-01-02"))}
	_, err := h.Network.ExportTiesCSV(r.Context(), httpx.Actor(r), dl)
	if err != nil && !dl.started {
		return err
	}
	if err != nil {
		// Half a file has gone out: too late for an error page.
		h.Logger.Error("export ties", "request_id", httpx.RequestID(r.Context()), "err", err)
	}
	return nil
}

// tiesImport takes an uploaded ties CSV: all of it, or, when a row is wrong,
// none of it, with the row and column named.
func (h *handler) tiesImport(w http.ResponseWriter, r *http.Request) error {
	// The rule is asked before the upload is read; the store asks again.
	if err := h.offer(r, account.ImportTies, account.Platform); err != nil {
		return err
	}
	file, hdr, err := r.FormFile("file")
	if err != nil {
		return h.showNetwork(w, r, http.StatusUnprocessableEntity, "Choose a CSV file to import.", nil)
	}
	defer file.Close()

	res, err := h.Network.ImportTiesCSV(r.Context(), httpx.Actor(r), file, hdr.Filename, r.PostFormValue("create_missing") == "on")
	var ie *network.ImportError
	var v *errs.ValidationError
	if errors.As(err, &ie) && ie.Missing != "" {
		return h.showNetwork(w, r, http.StatusUnprocessableEntity, "Nothing was imported: "+err.Error()+
			". Check the spelling, or tick “Add organizations that are not in the directory yet” and import the file again.", nil)
	}
	if errors.As(err, &ie) || errors.As(err, &v) {
		return h.showNetwork(w, r, http.StatusUnprocessableEntity, "Nothing was imported: "+err.Error(), nil)
	}
	if err != nil {
		return err
	}
	return h.showNetwork(w, r, http.StatusOK, "", &res)
}
