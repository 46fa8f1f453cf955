package web

import (
	"errors"
	"fmt"
	"io"
	"net/http"

	"backbone/internal/account"
	"backbone/internal/directory"
	"backbone/internal/errs"
	"backbone/internal/httpx"
)

// maxUpload bounds an uploaded directory file (the form limit is a little larger).
const maxUpload = 15 << 20

type importData struct {
	Error  string
	Counts *directory.Counts
	Format string
	File   string
}

func (h *handler) directoryImportPage(w http.ResponseWriter, r *http.Request) {
	if err := h.Accounts.Authorize(r.Context(), httpx.User(r.Context()), account.CreateOrganization, account.Platform); err != nil {
		h.fail(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "directory_import", "Import a directory", "organizations", importData{})
}

// directoryImport reads the uploaded file whole before writing anything:
// a file with a bad row is refused with the file, row and field named, and
// the database stays as it was.
func (h *handler) directoryImport(w http.ResponseWriter, r *http.Request) {
	if err := h.Accounts.Authorize(r.Context(), httpx.User(r.Context()), account.CreateOrganization, account.Platform); err != nil {
		h.fail(w, r, err)
		return
	}
	again := func(status int, msg string) {
		h.render(w, r, status, "directory_import", "Import a directory", "organizations", importData{Error: msg})
	}
	file, hdr, err := r.FormFile("file")
	if err != nil {
		again(http.StatusUnprocessableEntity, "Choose a file to import.")
		return
	}
	defer file.Close()
	if hdr.Size > maxUpload {
		again(http.StatusRequestEntityTooLarge, fmt.Sprintf("%s is %d MiB; upload at most %d MiB here, or import larger directories with the command line (backbone import hsds).", hdr.Filename, hdr.Size>>20, maxUpload>>20))
		return
	}
	format, counts, err := h.Directory.ImportUpload(r.Context(), httpx.Actor(r), hdr.Filename, file, hdr.Size)
	switch {
	case errors.Is(err, errs.ErrUnavailable):
		h.fail(w, r, err)
		return
	case err != nil:
		// The import's errors name the file, the row and the field.
		h.Logger.Info("import refused", "request_id", httpx.RequestID(r.Context()), "file", hdr.Filename, "err", err)
		again(http.StatusUnprocessableEntity, "Nothing was imported. "+err.Error())
		return
	}
	h.render(w, r, http.StatusOK, "directory_import", "Import a directory", "organizations", importData{Counts: &counts, Format: format, File: hdr.Filename})
}

// directoryExport sends the whole directory as a ZIP of HSDS 3.0: the JSON
// files and the tabular data package, as `backbone export hsds` writes them.
func (h *handler) directoryExport(w http.ResponseWriter, r *http.Request) {
	if err := h.Accounts.Authorize(r.Context(), httpx.User(r.Context()), account.ViewDirectory, account.Platform); err != nil {
		h.fail(w, r, err)
		return
	}
	started := false
	_, err := h.Directory.ExportHSDSZip(r.Context(), func() io.Writer {
		started = true
		w.Header().Set("Content-Type", "application/zip")
		w.Header().Set("Content-Disposition", `attachment; filename="`+directory.ExportZipName(h.now())+`"`)
		return w
	})
	switch {
	case err != nil && !started:
		h.fail(w, r, err)
	case err != nil:
		h.Logger.Error("export zip", "request_id", httpx.RequestID(r.Context()), "err", err)
	}
}
