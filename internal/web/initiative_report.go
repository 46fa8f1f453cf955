package web

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"

	"backbone/internal/account"
	"backbone/internal/errs"
	"backbone/internal/httpx"
	"backbone/internal/initiative"
	"backbone/internal/measure"
	"backbone/internal/store"
)

type reportData struct {
	Initiative *initiative.Initiative
	Items      []measure.Reportable
	Periods    []periodChoice // the periods offered, by frequency
	Weighted   bool           // some item is combined as a weighted average
	CanUpload  bool
	Input      map[string]string
	Errors     map[string]string
	Unusual    bool // the value is far from the organization's history: offer to confirm it
	Problem    string
	Done       string
	Warnings   []measure.ImportWarning
	Withdraw   map[string]string // the withdrawal form that failed: item, period, reason, error
}

// periodChoice is the periods a frequency's items offer, newest first.
type periodChoice struct {
	Frequency measure.Frequency
	Periods   []string
}

// showReport shows the report page: what the person may report (the
// store says), and the upload form to those who may import.
func (h *handler) showReport(w http.ResponseWriter, r *http.Request, in *initiative.Initiative, status int,
	d reportData) error {
	var err error
	d.Initiative = in
	if d.Items, err = h.Measure.Reportables(r.Context(), httpx.Actor(r), in.ID, h.now()); err != nil {
		return err
	}
	if d.CanUpload, err = h.may(r, account.ImportMeasurements, account.Initiative(in.ID)); err != nil {
		return err
	}
	if d.Input == nil {
		d.Input = map[string]string{}
	}
	if d.Input["period"] == "" && len(d.Items) > 0 {
		d.Input["period"] = d.Items[0].Period
	}
	seen := map[measure.Frequency]bool{}
	for _, it := range d.Items {
		d.Weighted = d.Weighted || it.Indicator.Aggregation == measure.WeightedAverage
		if !seen[it.Indicator.Frequency] {
			seen[it.Indicator.Frequency] = true
			d.Periods = append(d.Periods, periodChoice{Frequency: it.Indicator.Frequency, Periods: it.Periods})
		}
	}
	h.render(w, r, status, "initiative_report", "Report numbers for "+in.Name, "initiatives", d)
	return nil
}

func (h *handler) reportPage(w http.ResponseWriter, r *http.Request) error {
	in, err := h.initiativeOf(r)
	if err != nil {
		return err
	}
	return h.showReport(w, r, in, http.StatusOK, reportData{})
}

// reportSave records one value for one indicator, period and organization.
// A second value for the same period is a correction; the first is kept.
func (h *handler) reportSave(w http.ResponseWriter, r *http.Request) error {
	in, err := h.initiativeOf(r)
	if err != nil {
		return err
	}
	input := map[string]string{"item": r.PostFormValue("item"), "period": strings.TrimSpace(r.PostFormValue("period")),
		"value": strings.TrimSpace(r.PostFormValue("value")), "weight": strings.TrimSpace(r.PostFormValue("weight")),
		"note": r.PostFormValue("note"), "confirm": r.PostFormValue("confirm")}
	indID, org, _ := strings.Cut(input["item"], "|")
	id, _ := strconv.ParseInt(indID, 10, 64)
	problems := map[string]string{}
	value, err := strconv.ParseFloat(strings.ReplaceAll(input["value"], ",", ""), 64)
	if err != nil {
		problems["value"] = fmt.Sprintf("%q is not a number", input["value"])
	}
	weight, werr := optionalNumber(input["weight"])
	if werr != nil {
		problems["weight"] = werr.Error()
	}
	if id == 0 {
		problems["item"] = "choose what you are reporting"
	}
	if len(problems) > 0 {
		return h.showReport(w, r, in, http.StatusUnprocessableEntity, reportData{Input: input, Errors: problems})
	}
	m, err := h.Measure.ReportValue(r.Context(), httpx.Actor(r), in.ID, measure.ReportInput{IndicatorID: id,
		OrganizationID: org, Period: input["period"], Value: value, Weight: weight, Note: input["note"],
		Confirmed: input["confirm"] == "yes"})
	var v *errs.ValidationError
	var c *errs.ConflictError
	var unusual *measure.UnusualValueError
	switch {
	case errors.As(err, &unusual):
		return h.showReport(w, r, in, http.StatusUnprocessableEntity, reportData{Input: input, Errors: unusual.Fields,
			Unusual: true})
	case errors.As(err, &v):
		problems := v.Fields
		if msg, ok := problems["indicator_id"]; ok {
			// The form names the indicator with the organization: "what".
			problems["item"] = msg
		}
		return h.showReport(w, r, in, http.StatusUnprocessableEntity, reportData{Input: input, Errors: problems})
	case errors.As(err, &c):
		return h.showReport(w, r, in, http.StatusConflict, reportData{Input: input, Problem: c.Message})
	case err != nil:
		return err
	}
	msg := fmt.Sprintf("Recorded %s for %s.", measure.FormatNumber(m.Value), m.Period)
	if m.Revision > 1 {
		msg = fmt.Sprintf("Corrected %s to %s; the earlier value is kept in the history.", m.Period, measure.FormatNumber(m.Value))
	}
	h.setFlash(w, r, "success", msg)
	redirect(w, r, "/initiatives/"+itoa(in.ID)+"/report")
	return nil
}

// reportUpload imports a CSV or XLSX file of measurements, all or nothing;
// the store says who may (backbone staff).
func (h *handler) reportUpload(w http.ResponseWriter, r *http.Request) error {
	in, err := h.initiativeOf(r)
	if err != nil {
		return err
	}
	// The rule is asked before the upload is read; the store asks again.
	if err := h.offer(r, account.ImportMeasurements, account.Initiative(in.ID)); err != nil {
		return err
	}
	file, hdr, err := r.FormFile("file")
	if err != nil {
		return h.showReport(w, r, in, http.StatusUnprocessableEntity,
			reportData{Problem: "Choose a CSV or XLSX file to upload."})
	}
	defer file.Close()
	var res measure.ImportResult
	switch strings.ToLower(filepath.Ext(hdr.Filename)) {
	case ".csv":
		res, err = h.Measure.ImportCSV(r.Context(), httpx.Actor(r), in.ID, file, hdr.Filename)
	case ".xlsx":
		res, err = h.Measure.ImportXLSX(r.Context(), httpx.Actor(r), in.ID, file, hdr.Filename)
	default:
		err = fmt.Errorf("%s: upload a .csv or .xlsx file (download the template below)", hdr.Filename)
	}
	if importRefused(err) {
		return err
	}
	if err != nil {
		return h.showReport(w, r, in, http.StatusUnprocessableEntity,
			reportData{Problem: "Nothing was imported: " + err.Error()})
	}
	done := fmt.Sprintf("Imported %s: %s, %s (earlier values kept), %d unchanged.",
		hdr.Filename, plural(res.Created, "new value"), plural(res.Corrected, "correction"), res.Unchanged)
	if n := len(res.Warnings); n > 0 {
		done += fmt.Sprintf(" Check %s far from the organization's history, below.", plural(n, "value"))
	}
	return h.showReport(w, r, in, http.StatusOK, reportData{Done: done, Warnings: res.Warnings})
}

// reportWithdraw withdraws one of an organization's values, with a reason:
// it stops counting and stays in the history.
func (h *handler) reportWithdraw(w http.ResponseWriter, r *http.Request) error {
	in, err := h.initiativeOf(r)
	if err != nil {
		return err
	}
	form := map[string]string{"item": r.PostFormValue("item"), "period": r.PostFormValue("period"),
		"reason": r.PostFormValue("reason")}
	indID, org, _ := strings.Cut(form["item"], "|")
	id, _ := strconv.ParseInt(indID, 10, 64)
	m, err := h.Measure.WithdrawMeasurement(r.Context(), httpx.Actor(r), in.ID, id, org, form["period"], form["reason"])
	if problems := fieldProblems(err); problems != nil {
		for _, msg := range problems {
			form["error"] = msg
		}
		if msg, ok := problems["reason"]; ok {
			form["error"] = "The reason " + msg
		}
		return h.showReport(w, r, in, http.StatusUnprocessableEntity, reportData{Withdraw: form})
	}
	if err != nil {
		return err
	}
	h.setFlash(w, r, "success", fmt.Sprintf("Withdrew %s for %s: it no longer counts, and stays in the history.",
		measure.FormatNumber(m.Value), m.Period))
	// From a goal's page (where backbone staff see every member's part),
	// back to it; from the report page, back there.
	if goal, err := strconv.ParseInt(r.PostFormValue("goal"), 10, 64); err == nil && goal > 0 {
		redirect(w, r, fmt.Sprintf("/initiatives/%d/goals/%d?period=%s#contributions", in.ID, goal, url.QueryEscape(m.Period)))
		return nil
	}
	redirect(w, r, "/initiatives/"+itoa(in.ID)+"/report")
	return nil
}

// importRefused reports whether err is one the page cannot help with by showing
// the form again: not allowed, not found, the database unavailable.
func importRefused(err error) bool {
	return errors.Is(err, errs.ErrUnauthenticated) || errors.Is(err, errs.ErrForbidden) ||
		errors.Is(err, errs.ErrNotFound) || errors.Is(store.Classify(err), errs.ErrUnavailable)
}

// reportTemplate downloads a file to fill in: the indicators and reporters
// of the initiative, one row each for the last closed period. The file is
// made before the answer begins, so that a failure is an error page rather
// than half a file.
func (h *handler) reportTemplate(w http.ResponseWriter, r *http.Request) error {
	in, err := h.initiativeOf(r)
	if err != nil {
		return err
	}
	format := r.URL.Query().Get("format")
	if format != measure.FormatXLSX {
		format = measure.FormatCSV
	}
	var file bytes.Buffer
	if err := h.Measure.Template(r.Context(), httpx.Actor(r), in.ID, format, h.now(), &file); err != nil {
		return err
	}
	ctype := "text/csv; charset=utf-8"
	if format == measure.FormatXLSX {
		ctype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="measurements-%d.%s"`, in.ID, format))
	_, err = file.WriteTo(w)
	return err
}
