package api

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"backbone/internal/testutil/storetest"
)

func TestNetworkCompareAndSectors(t *testing.T) {
	yesterday := storetest.Day.AddDate(0, 0, -1).Format("2006-01-02")
	runScenarios(t, []scenario{
		{Name: "compare without a token", Method: "GET", URL: prefix + "/network/compare?from=" + yesterday, ExpectedStatus: 401},
		// The one tie, river → harbor, was recorded today with since 2022-05-01:
		// the comparison follows its own dates, not when it was recorded.
		{Name: "compare since yesterday", Method: "GET", URL: prefix + "/network/compare?from=" + yesterday, Token: "member",
			ExpectedStatus: 200, Schema: "NetworkComparison", ExpectedContent: []string{`"ties":1`, `"new_ties":[]`}},
		{Name: "compare since before the tie began", Method: "GET", URL: prefix + "/network/compare?from=2022-04-30", Token: "member",
			ExpectedStatus: 200, Schema: "NetworkComparison", ExpectedContent: []string{`"ties":1`, `"new_ties":[{`, `"ties_gained":1`}},
		{Name: "compare without from", Method: "GET", URL: prefix + "/network/compare", Token: "member",
			ExpectedStatus: 422, ExpectedContent: []string{`"field":"from"`}},
		{Name: "compare with a bad to", Method: "GET", URL: prefix + "/network/compare?from=" + yesterday + "&to=soon", Token: "member",
			ExpectedStatus: 422, ExpectedContent: []string{`"field":"to"`}},
		{Name: "gap sectors", Method: "GET", URL: prefix + "/network/gap-sectors", Token: "member",
			ExpectedStatus: 200, Schema: "GapSectors", ExpectedContent: []string{`{"name":"health","matches":["health"]}`}},
		{Name: "a member may not set the gap sectors", Method: "PUT", URL: prefix + "/network/gap-sectors", Token: "member",
			Body: `{"items":[{"name":"Behavioral health","matches":["mental health"]}]}`, ExpectedStatus: 403},
		{Name: "a steward sets the gap sectors", Method: "PUT", URL: prefix + "/network/gap-sectors", Token: "steward",
			Body: `{"items":[{"name":"Behavioral health","matches":["mental health","substance use"]}]}`, ExpectedStatus: 200, Schema: "GapSectors",
			ExpectedContent: []string{`"Behavioral health"`}},
		{Name: "a gap sector matching no directory sector", Method: "PUT", URL: prefix + "/network/gap-sectors", Token: "steward",
			Body: `{"items":[{"name":"Care","matches":["care"]}]}`, ExpectedStatus: 422, ExpectedContent: []string{`"field":"sectors[0].matches"`}},
		{Name: "start a job without a token", Method: "POST", URL: prefix + "/network/analysis-jobs", ExpectedStatus: 401},
		{Name: "start a job with a bad kind", Method: "POST", URL: prefix + "/network/analysis-jobs?kind=gossip", Token: "member",
			ExpectedStatus: 422, ExpectedContent: []string{`"field":"kind"`}},
		{Name: "start a job with a body it does not read", Method: "POST", URL: prefix + "/network/analysis-jobs",
			Token: "member", Body: `{"initiative":3,"kind":"referral"}`, ExpectedStatus: 400,
			ExpectedContent: []string{"this endpoint reads no body"}},
		{Name: "start a job of a hidden initiative", Method: "POST", URL: prefix + "/network/analysis-jobs?initiative=3", Token: "member", ExpectedStatus: 404},
		{Name: "an unknown job", Method: "GET", URL: prefix + "/network/analysis-jobs/999", Token: "member", ExpectedStatus: 404},
	})
}

// TestNetworkAnalysisJob follows one job from start to result, and checks
// who may cancel: the starter, a steward, not another member.
func TestNetworkAnalysisJob(t *testing.T) {
	app := newTestApp(t, storetest.SQLite(t))
	call := func(method, url, token string) (int, map[string]any, string) {
		req := httptest.NewRequest(method, url, nil)
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+app.tokens[token])
		}
		rec := httptest.NewRecorder()
		app.handler.ServeHTTP(rec, req)
		var body map[string]any
		_ = json.Unmarshal(rec.Body.Bytes(), &body)
		return rec.Code, body, rec.Body.String()
	}
	code, job, raw := call("POST", prefix+"/network/analysis-jobs?level=cooperation", "steward")
	if code != http.StatusAccepted {
		t.Fatalf("start: %d %s", code, raw)
	}
	id := strconv.Itoa(int(job["id"].(float64)))
	for i := 0; i < 200 && (job["status"] == "queued" || job["status"] == "running"); i++ {
		time.Sleep(20 * time.Millisecond)
		_, job, raw = call("GET", prefix+"/network/analysis-jobs/"+id, "member")
	}
	if job["status"] != "done" || job["progress"] != 1.0 || job["filter"] != "level=cooperation" {
		t.Fatalf("job: %s", raw)
	}
	code, _, raw = call("GET", prefix+"/network/analysis-jobs/"+id+"/result", "member")
	if code != 200 || !strings.Contains(raw, `"closeness":1`) {
		t.Fatalf("result: %d %s", code, raw)
	}
	if code, _, raw := call("DELETE", prefix+"/network/analysis-jobs/"+id, "member"); code != http.StatusForbidden {
		t.Fatalf("another member cancels: %d %s", code, raw)
	}
	if code, _, raw := call("POST", prefix+"/network/analysis-jobs/"+id+"/cancel", "steward"); code != 200 || !strings.Contains(raw, `"status":"done"`) {
		t.Fatalf("the starter cancels a finished job: %d %s", code, raw)
	}
}
