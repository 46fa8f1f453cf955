package web

import (
	"fmt"
	"io"
	"net/http"

	"backbone/internal/account"
	"backbone/internal/directory"
	"backbone/internal/hsds"
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

func (h *handler) directoryImportPage(w http.ResponseWriter, r *http.Request) error {
	if err := h.offerImport(r); err != nil {
		return err
	}
	h.render(w, r, http.StatusOK, "directory_import", "Import a directory", "organizations", importData{})
	return nil
}

// offerImport returns nil when the import form may be shown, and otherwise
// the error the page answers with: the stewards import
// (account.ImportDirectory), which ImportUpload checks again.
func (h *handler) offerImport(r *http.Request) error {
	return h.Accounts.Check(r.Context(), httpx.Actor(r), account.ImportDirectory, account.Platform)
}

// directoryImport reads the uploaded file whole before writing anything:
// a file with a bad row is refused with the file, row and field named, and
// the database stays as it was.
func (h *handler) directoryImport(w http.ResponseWriter, r *http.Request) error {
	if err := h.offerImport(r); err != nil {
		return err
	}
	again := func(status int, msg string) error {
		h.render(w, r, status, "directory_import", "Import a directory", "organizations", importData{Error: msg})
		return nil
	}
	file, hdr, err := r.FormFile("file")
	if err != nil {
		return again(http.StatusUnprocessableEntity, "Choose a file to import.")
	}
	defer file.Close()
	if hdr.Size > maxUpload {
		return again(http.StatusRequestEntityTooLarge, fmt.Sprintf("%s is %d MiB; upload at most %d MiB here, "+
			"or import larger directories with the command line (backbone import hsds).",
			hdr.Filename, hdr.Size>>20, maxUpload>>20))
	}

	format, counts, err := h.Directory.ImportUpload(r.Context(), httpx.Actor(r), hdr.Filename, file, hdr.Size)
	switch {
	case err != nil && !directory.FileRefused(err):
		return err
	case err != nil:
		// The import's errors name the file, the row and the field.
		h.Logger.Info("import refused", "request_id", httpx.RequestID(r.Context()), "file", hdr.Filename, "err", err)
		return again(http.StatusUnprocessableEntity, "Nothing was imported. "+err.Error())
	}
	h.render(w, r, http.StatusOK, "directory_import", "Import a directory", "organizations",
		importData{Counts: &counts, Format: format, File: hdr.Filename})
	return nil
}

// directoryExport sends the whole directory as a ZIP of HSDS 3.0 (or the
// version asked for, ?version=3.1): the JSON files and the tabular data
// package, as `backbone export hsds` writes them.
func (h *handler) directoryExport(w http.ResponseWriter, r *http.Request) error {
	started := false
	version := r.URL.Query().Get("version")
	if version == "" {
		version = hsds.V30
	}
	_, err := h.Directory.ExportHSDSZipVersion(r.Context(), httpx.Actor(r), version, func() io.Writer {
		started = true
		w.Header().Set("Content-Type", "application/zip")
		w.Header().Set("Content-Disposition", `attachment; filename="`+directory.ExportZipName(h.now())+`"`)
		return w
	})
	if err != nil && started {
		// The answer has begun: it can only be cut short.
		h.Logger.Error("export zip", "request_id", httpx.RequestID(r.Context()), "err", err)
		return nil
	}
	return err
}
