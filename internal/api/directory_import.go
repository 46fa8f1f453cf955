package api

import (
	"bytes"
	"io"
	"net/http"
	"path/filepath"

	"backbone/internal/account"
	"backbone/internal/directory"
	"backbone/internal/hsds"
	"backbone/internal/httpx"
)

// maxDirectoryUpload bounds a directory file sent to the API: larger than
// the web form's, for a 211's nightly export; larger directories import
// from the command line.
const maxDirectoryUpload = 100 << 20

// directoryImportResult is what an import of a directory file did.
type directoryImportResult struct {
	File   string           `json:"file"`
	Format string           `json:"format"`
	Counts directory.Counts `json:"counts"`
	// Quality is the data-quality report of what the file brought.
	Quality *directory.QualityReport `json:"quality,omitempty"`
}

// importDirectory imports a directory file, all or nothing, as the web's
// upload does (the stewards, account.ImportDirectory): an
// HSDS 3.0 JSON file, or a ZIP of an HSDS data package (3.0, 2.0 or 1.x)
// or of Ohana CSV files. Records are matched by id, so sending the same
// file again updates them. A bad row refuses the file whole, and the
// problem names the file, the row and the field.
func (h *handler) importDirectory(w http.ResponseWriter, r *http.Request) error {
	// Refused before a body of up to 100 MiB is read; ImportUpload, which
	// decides, checks again.
	if err := h.Accounts.Check(r.Context(), httpx.Actor(r), account.ImportDirectory, account.Platform); err != nil {
		return err
	}
	f, err := readUpload(w, r, maxDirectoryUpload, "directory file")
	if err != nil {
		return err
	}
	if filepath.Ext(f.name) == "" {
		// A file named by its type alone: "directory" unless named.
		if f.name == "" {
			f.name = "directory"
		}
		switch f.mediaType {
		case "application/json":
			f.name += ".json"
		case "application/zip", "application/x-zip-compressed":
			f.name += ".zip"
		default:
			return &requestError{status: http.StatusUnsupportedMediaType, kind: "unsupported-media-type",
				detail: "send an HSDS JSON file as application/json or a ZIP file as application/zip, as the body or as the file field of a multipart form (or name it with ?filename=)"}
		}
	}
	format, counts, err := h.Directory.ImportUpload(
		r.Context(),
		httpx.Actor(r),
		f.name,
		bytes.NewReader(f.data),
		int64(len(f.data)),
	)
	switch {
	case err != nil && !directory.FileRefused(err):
		return err
	case err != nil:
		return &requestError{
			status: http.StatusUnprocessableEntity,
			kind:   "validation",
			detail: "nothing was imported: " + err.Error(),
		}
	}
	h.writeJSON(w, r, http.StatusOK, directoryImportResult{File: f.name, Format: format, Counts: counts,
		Quality: counts.Quality})
	return nil
}

// directoryImportSchemas describe the import's answer.
func directoryImportSchemas() obj {
	return obj{
		"DirectoryImport": obj{
			"type":                 "object",
			"additionalProperties": false,
			"required":             []string{"file", "format", "counts"},
			"properties": obj{
				"file": obj{
					"type":        "string",
					"description": "The file's name, as sent (or directory.json / directory.zip)",
				},
				"format": obj{
					"type": "string",
					"description": "What it was read as: hsds-3.0-json, hsds-3.0-csv, hsds-3.1-json, hsds-3.1-csv, hsds-2.0-csv, " +
						"hsds-1.1-csv or ohana-csv",
				},
				"counts": importCountsSchema(),
				// The data-quality report of the records the file brought (up to
				// 50 listed): problems that did not refuse it.
				"quality": ref("QualityReport"),
			},
		},
	}
}

// exportDirectory sends the whole directory as a ZIP of HSDS 3.0 (the JSON
// files and the tabular data package, as the web's download and `backbone
// export hsds` give it) to anyone who may see the directory.
func (h *handler) exportDirectory(w http.ResponseWriter, r *http.Request) error {
	started := false
	version := r.URL.Query().Get("version")
	if version == "" {
		version = hsds.V30
	}
	_, err := h.Directory.ExportHSDSZipVersion(r.Context(), httpx.Actor(r), version, func() io.Writer {
		started = true
		w.Header().Set("Content-Type", "application/zip")
		w.Header().Set("Content-Disposition", `attachment; filename="`+directory.ExportZipName(h.now())+`"`)
		w.WriteHeader(http.StatusOK)
		return w
	})
	if err != nil && started {
		// The answer has begun: it can only be cut short.
		h.Logger.Error("export zip", "request_id", httpx.RequestID(r.Context()), "err", err)
		return nil
	}
	return err
}
