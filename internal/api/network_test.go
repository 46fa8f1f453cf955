package api

import "testing"

func TestNetworkAnalysis(t *testing.T) {
	runScenarios(t, []scenario{
		{Name: "metrics without a token", Method: "GET", URL: prefix + "/network/metrics", ExpectedStatus: 401},
		{Name: "metrics of the community", Method: "GET", URL: prefix + "/network/metrics?sort=degree", Token: "member",
			ExpectedStatus: 200, Schema: "NetworkAnalysis",
			ExpectedContent: []string{`"organizations":2`, `"ties":1`, `"density":1`, `"name":"Harbor Housing Alliance"`, `"betweenness":0`}},
		{Name: "metrics of an initiative the caller may not see", Method: "GET", URL: prefix + "/network/metrics?initiative=3", Token: "member",
			ExpectedStatus: 404},
		{Name: "metrics of an initiative", Method: "GET", URL: prefix + "/network/metrics?initiative=1", Token: "member",
			ExpectedStatus: 200, Schema: "NetworkAnalysis", ExpectedContent: []string{`"organizations":1`}},
		{Name: "metrics with a bad date", Method: "GET", URL: prefix + "/network/metrics?as_of=soon", Token: "member",
			ExpectedStatus: 422, ExpectedContent: []string{`"field":"as_of"`}},
		{Name: "metrics with a bad sort", Method: "GET", URL: prefix + "/network/metrics?sort=luck", Token: "member",
			ExpectedStatus: 422, ExpectedContent: []string{`"field":"sort"`}},
		{Name: "gaps of an organization", Method: "GET", URL: prefix + "/network/gaps?organization=river", Token: "member",
			ExpectedStatus: 200, Schema: "ServiceGaps", ExpectedContent: []string{`"sector":"housing"`, `"name":"Harbor Housing Alliance"`, `"tied":true`}},
		{Name: "gaps without a scope", Method: "GET", URL: prefix + "/network/gaps", Token: "member", ExpectedStatus: 422},
		{Name: "gaps of an unknown organization", Method: "GET", URL: prefix + "/network/gaps?organization=nope", Token: "member", ExpectedStatus: 404},
	})
}
