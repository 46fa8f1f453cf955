package api

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"

	"backbone/internal/account"
	"backbone/internal/httpx"
	"backbone/internal/measure"
)

// xlsxType is the media type of an XLSX workbook.
const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// maxImportSize bounds a measurements file, as the web form's upload: far
// more rows than the partners of an initiative report in years.
const maxImportSize = 20 << 20

// measurementFile is an uploaded file of measurements.
type measurementFile struct {
	name   string
	format string // measure.FormatCSV or measure.FormatXLSX
	data   []byte
}

// importMeasurements records a file of measurements, all or nothing, as the
// web's report upload does.
func (h *handler) importMeasurements(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	// The rule is asked before the upload is read, so that nobody else's
	// file is read for nothing; the store asks again.
	if err := h.Accounts.Check(r.Context(), httpx.Actor(r), account.ImportMeasurements, account.Initiative(id)); err != nil {
		return err
	}
	f, err := readMeasurementFile(w, r)
	if err != nil {
		return err
	}
	var res measure.ImportResult
	if f.format == measure.FormatXLSX {
		res, err = h.Measure.ImportXLSX(r.Context(), httpx.Actor(r), id, bytes.NewReader(f.data), f.name)
	} else {
		res, err = h.Measure.ImportCSV(r.Context(), httpx.Actor(r), id, bytes.NewReader(f.data), f.name)
	}
	var bad *measure.ImportError
	if errors.As(err, &bad) {
		return &requestError{status: http.StatusUnprocessableEntity, kind: "validation", field: bad.Column,
			detail: "nothing was imported: " + bad.Error()}
	}
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusOK, res)
	return nil
}

// readMeasurementFile reads the request's file (readUpload), a CSV or an
// XLSX file by its Content-Type or its name.
func readMeasurementFile(w http.ResponseWriter, r *http.Request) (measurementFile, error) {
	u, err := readUpload(w, r, maxImportSize, "measurements file")
	f := measurementFile{name: u.name, data: u.data}
	if err != nil {
		return f, err
	}
	switch {
	case u.mediaType == "text/csv" || u.mediaType == "application/csv":
		f.format = measure.FormatCSV
	case u.mediaType == xlsxType:
		f.format = measure.FormatXLSX
	case strings.EqualFold(filepath.Ext(f.name), ".csv"):
		f.format = measure.FormatCSV
	case strings.EqualFold(filepath.Ext(f.name), ".xlsx"):
		f.format = measure.FormatXLSX
	default:
		return f, &requestError{status: http.StatusUnsupportedMediaType, kind: "unsupported-media-type",
			detail: fmt.Sprintf(
				"send a CSV file as text/csv or an XLSX workbook as %s, as the body or as the file field of a multipart form (Content-Type was %q)",
				xlsxType,
				r.Header.Get("Content-Type"),
			)}
	}
	if f.name == "" {
		f.name = "measurements." + f.format
	}
	return f, nil
}

// uploadedFile is a file sent to the API: the request's body itself, or
// the part named file of a multipart form.
type uploadedFile struct {
	name      string // by ?filename=, Content-Disposition, or the part's file name
	mediaType string // its Content-Type's media type
	data      []byte
}

// readUpload reads the request's file, the body itself (named by
// ?filename= or Content-Disposition) or the part named file of a
// multipart form, through a limit of max bytes, so that an oversized
// upload is refused (413) without being read whole; what names the file in
// the problems ("measurements file").
func readUpload(w http.ResponseWriter, r *http.Request, max int64, what string) (uploadedFile, error) {
	tooLarge := &requestError{status: http.StatusRequestEntityTooLarge, kind: "body-too-large",
		detail: fmt.Sprintf("a %s may be at most %d MiB", what, max>>20)}
	if r.ContentLength > max {
		return uploadedFile{}, tooLarge
	}
	body := http.MaxBytesReader(w, r.Body, max)
	mt, params, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	f := uploadedFile{name: documentName(r), mediaType: mt}
	var src io.Reader = body
	if mt == "multipart/form-data" {
		part, err := filePart(multipart.NewReader(body, params["boundary"]), tooLarge, what)
		if err != nil {
			return f, err
		}
		defer part.Close()
		src, f.name = part, part.FileName()
		f.mediaType, _, _ = mime.ParseMediaType(part.Header.Get("Content-Type"))
	}
	var err error
	f.data, err = io.ReadAll(src)
	var over *http.MaxBytesError
	if errors.As(err, &over) {
		return f, tooLarge
	}
	if err != nil {
		return f, &requestError{
			status: http.StatusBadRequest,
			kind:   "bad-request",
			detail: "could not read the request body",
		}
	}
	return f, nil
}

// filePart finds the part named file of a multipart form.
func filePart(mr *multipart.Reader, tooLarge error, what string) (*multipart.Part, error) {
	for {
		part, err := mr.NextPart()
		var over *http.MaxBytesError
		switch {
		case errors.As(err, &over):
			return nil, tooLarge
		case errors.Is(err, io.EOF):
			return nil, &requestError{status: http.StatusBadRequest, kind: "bad-request", field: "file",
				detail: "file: the form has no file field; send the " + what + " as the field named file"}
		case err != nil:
			return nil, &requestError{
				status: http.StatusBadRequest,
				kind:   "bad-request",
				detail: "the multipart form cannot be read: " + err.Error(),
			}
		}
		if part.FormName() == "file" {
			return part, nil
		}
		part.Close()
	}
}

// historyParams name the one value whose history is asked for.
var historyParams = []param{
	{Name: "indicator_id", Description: "The indicator (required)", Schema: obj{"type": "integer", "minimum": 1}},
	{
		Name:        "organization_id",
		Description: "The organization that reported it (required)",
		Schema:      obj{"type": "string"},
	},
	{
		Name:        "period",
		Description: "The period, as the indicator's frequency writes it: 2025-03, 2025-Q1, 2025-H1 or 2025 (required)",
		Schema:      obj{"type": "string"},
	},
}

// measurementHistory serves every revision of one organization's value for
// an indicator and period, to backbone staff and to the organization's own
// people (who reported it).
func (h *handler) measurementHistory(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	q := r.URL.Query()
	for _, name := range []string{"indicator_id", "organization_id", "period"} {
		if q.Get(name) == "" {
			return &requestError{
				status: http.StatusBadRequest,
				kind:   "bad-request",
				field:  name,
				detail: name + ": is required",
			}
		}
	}
	indicatorID, err := strconv.ParseInt(q.Get("indicator_id"), 10, 64)
	if err != nil || indicatorID < 1 {
		return &requestError{
			status: http.StatusBadRequest,
			kind:   "bad-request",
			field:  "indicator_id",
			detail: "indicator_id: must be a whole number",
		}
	}
	history, err := h.Measure.MeasurementHistory(r.Context(), httpx.Actor(r), id, indicatorID,
		q.Get("organization_id"), q.Get("period"))
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusOK, list(history))
	return nil
}
