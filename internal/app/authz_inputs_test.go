package app_test

import (
	"net/url"
	"strings"
)

// matrixInput is what a route's request carries besides its path, where
// the rule depends on what the request names (the organization acted for,
// the person given a role, the record a form is about): with an empty form,
// the input would be refused as invalid before the rule could say who may.
// {name} is a fixture value (matrixFixture.values' "value/{name}" keys).
type matrixInput struct {
	query string            // without the "?"
	form  map[string]string // a web form's fields
	json  string            // an API body
}

// matrixInputs are the inputs by row (see row.String). A row not here sends
// an empty form or body.
var matrixInputs = map[string]matrixInput{
	// Partnership health: the organization recorded or posted for, the
	// offer and need matched, the answer and the outcome.
	"web POST /initiatives/{id}/contributions": {form: map[string]string{"organization_id": "{m}",
		"entry": "pledge", "kind": "in_kind", "period": "2026-Q4", "quantity": "100", "unit": "meals"}},
	"api POST /api/v1/initiatives/{id}/contributions": {json: `{"organization_id":"{m}","entry":"pledge",` +
		`"kind":"in_kind","period":"2026-Q4","quantity":100,"unit":"meals"}`},
	"web POST /initiatives/{id}/benefits": {form: map[string]string{"organization_id": "{m}",
		"kind": "referrals", "period": "2026-Q4", "amount": "5"}},
	"api POST /api/v1/initiatives/{id}/benefits": {json: `{"organization_id":"{m}","kind":"referrals",` +
		`"period":"2026-Q4","amount":5}`},
	"web POST /initiatives/{id}/offers": {form: map[string]string{"organization_id": "{m}", "side": "need",
		"category": "skills", "title": "A grant writer"}},
	"api POST /api/v1/initiatives/{id}/offers": {json: `{"organization_id":"{m}","side":"need",` +
		`"category":"skills","title":"A grant writer"}`},
	"web POST /initiatives/{id}/matches": {form: map[string]string{"offer_id": "{offer}",
		"need_id": "{need}"}},
	"api POST /api/v1/initiatives/{id}/matches":                {json: `{"offer_id":{offer},"need_id":{need}}`},
	"web POST /initiatives/{id}/matches/{match}/answer":        {form: map[string]string{"answer": "accept"}},
	"api POST /api/v1/initiatives/{id}/matches/{match}/answer": {json: `{"answer":"accept"}`},
	"web POST /initiatives/{id}/matches/{match}/outcome":       {form: map[string]string{"outcome": "Went well"}},
	"api PUT /api/v1/initiatives/{id}/matches/{match}/outcome": {json: `{"outcome":"Went well"}`},
	"web POST /initiatives/{id}/contributions/rate":            {form: map[string]string{"hour_rate": "30"}},
	"api PUT /api/v1/initiatives/{id}/hour-rate":               {json: `{"hour_rate":30}`},
	// Duplicates: the pair merged, previewed or dismissed.
	"web GET /directory/merge":                      {query: "keep={z}&merge={dup}"},
	"web POST /directory/merge":                     {form: map[string]string{"keep": "{z}", "merge": "{dup}"}},
	"web POST /directory/duplicates/dismiss":        {form: map[string]string{"a": "{z}", "b": "{dup}"}},
	"api GET /api/v1/directory/merge-preview":       {query: "keep_id={z}&merge_id={dup}"},
	"api POST /api/v1/directory/merges":             {json: `{"keep_id":"{z}","merge_id":"{dup}"}`},
	"api POST /api/v1/directory/duplicates/dismiss": {json: `{"a_id":"{z}","b_id":"{dup}"}`},
	// Who acts for which organization, in an initiative.
	"web POST /initiatives/{id}/activities": {
		form: map[string]string{"organization_id": "{m}", "agenda_item_id": "{item}",
			"title": "Meal packs for the holidays", "status": "planned"},
	},
	"api POST /api/v1/initiatives/{id}/activities": {
		json: `{"organization_id":"{m}","agenda_item_id":{item},"title":"Meal packs","status":"planned"}`,
	},
	"web POST /initiatives/{id}/decisions": {
		form: map[string]string{"title": "Share a referral form", "proposed_by": "{m}",
			"deadline": "{deadline}"},
	},
	"api POST /api/v1/initiatives/{id}/proposals": {
		json: `{"title":"Share a referral form","proposed_by":"{m}","deadline":"{deadline}"}`,
	},
	"web POST /initiatives/{id}/decisions/{proposal}/vote": {
		form: map[string]string{"organization_id": "{m}", "choice": "yes"},
	},
	"api POST /api/v1/initiatives/{id}/proposals/{proposal}/votes": {json: `{"organization_id":"{m}","choice":"yes"}`},
	"web POST /initiatives/{id}/decisions/{proposal}/delegate": {form: map[string]string{"from_organization_id": "{m}",
		"to_organization_id": "{b}"}},
	"api POST /api/v1/initiatives/{id}/proposals/{proposal}/delegations": {
		json: `{"from_organization_id":"{m}","to_organization_id":"{b}"}`,
	},
	"web POST /initiatives/{id}/decisions/{proposal}/comment": {
		form: map[string]string{"organization_id": "{m}", "body": "We agree."},
	},
	"api POST /api/v1/initiatives/{id}/proposals/{proposal}/comments": {
		json: `{"organization_id":"{m}","body":"We agree."}`,
	},
	"web POST /initiatives/{id}/agreements/{agreement}/sign": {
		form: map[string]string{"organization_id": "{m}", "signatory": "A. Lead"},
	},
	"api POST /api/v1/initiatives/{id}/agreements/{agreement}/sign": {
		json: `{"organization_id":"{m}","signatory":"A. Lead"}`,
	},
	"web POST /initiatives/{id}/members/{org}/respond": {
		form: map[string]string{"answer": "accept"},
	},
	"api POST /api/v1/initiatives/{id}/members/{org}/respond": {json: `{"accept":true}`},
	"web POST /initiatives/{id}/report": {
		form: map[string]string{"item": "{ind}|{m}", "period": "{period}", "value": "120"},
	},
	"api POST /api/v1/initiatives/{id}/measurements": {
		json: `{"indicator_id":{ind},"organization_id":"{m}","period":"{period}","value":120}`,
	},
	"api GET /api/v1/initiatives/{id}/measurements/history": {
		query: "indicator_id={ind}&organization_id={m}&period={period}",
	},
	"web POST /initiatives/{id}/report/withdraw": {
		form: map[string]string{"item": "{ind}|{m}", "period": "{period}", "reason": "typo"},
	},
	"api POST /api/v1/initiatives/{id}/measurements/withdraw": {
		json: `{"indicator_id":{ind},"organization_id":"{m}","period":"{period}","reason":"typo"}`,
	},
	"web POST /initiatives/{id}/compatibility/{assessment}/answer/{side}": {
		form: map[string]string{"score:vision.problem": "3"},
	},
	"api PUT /api/v1/initiatives/{id}/assessments/{assessment}/answers": {
		json: `{"side":"partner","answers":[{"question_id":"vision.problem","score":3}]}`,
	},
	"web POST /initiatives/{id}/stories": {
		form: map[string]string{"title": "A warm meal", "body": "She eats well now.", "kind": "quote"},
	},

	// Roles given to people.
	"web POST /initiatives/{id}/access": {
		form: map[string]string{"email": "viewer@example.org", "role": "member"},
	},
	"web POST /initiatives/{id}/access/revoke":        {form: map[string]string{"email": "viewer@example.org"}},
	"api PUT /api/v1/initiatives/{id}/roles/{person}": {json: `{"role":"member"}`},
	"web POST /organizations/{id}/people": {
		form: map[string]string{"email": "member@example.org", "role": "staff"},
	},
	"web POST /organizations/{id}/people/remove":         {form: map[string]string{"email": "orgstaff@example.org"}},
	"api PUT /api/v1/organizations/{id}/people/{person}": {json: `{"role":"staff"}`},
	"web POST /people/{user}/role":                       {form: map[string]string{"role": "steward"}},
	"api PATCH /api/v1/users/{person}":                   {json: `{"role":"steward"}`},

	// People added and changed by platform admins, and the settings.
	"web POST /people": {form: map[string]string{"name": "Newcomer", "email": "newcomer@example.org", "role": "member",
		"organization_id": "{m}", "organization_role": "staff"}},
	"api POST /api/v1/users": {json: `{"name":"Newcomer","email":"newcomer@example.org","organization_id":"{m}",` +
		`"organization_role":"staff"}`},
	"web POST /people/{user}/details": {
		form: map[string]string{"name": "The lead", "email": "lead.new@example.org"},
	},
	"web POST /people/{user}/organizations": {
		form: map[string]string{"organization_id": "{x}", "role": "staff"},
	},
	"web POST /people/{user}/organizations/remove": {form: map[string]string{"organization_id": "{m}"}},
	"web POST /people/{user}/initiatives": {
		form: map[string]string{"initiative_id": "{i}", "role": "member"},
	},
	"web POST /people/{user}/initiatives/remove":         {form: map[string]string{"initiative_id": "{i}"}},
	"api POST /api/v1/users/{person}/temporary-password": {json: `{}`},
	"web POST /settings": {
		form: map[string]string{"initiative_starters": "stewards_and_organization_admins"},
	},
	"api PUT /api/v1/settings": {
		json: `{"initiative_starters":"stewards_and_organization_admins"}`,
	},

	// An initiative's channels.
	"web POST /initiatives/{id}/channels": {form: map[string]string{"name": "Team chat", "format": "slack",
		"url": "https://hooks.slack.com/services/T1/B1/x", "enabled": "on"}},
	"web POST /initiatives/{id}/channels/{channel}": {form: map[string]string{"name": "Team chat", "format": "slack",
		"enabled": "on"}},
	"api POST /api/v1/initiatives/{id}/webhooks": {json: `{"name":"Team chat","format":"slack",` +
		`"url":"https://hooks.slack.com/services/T1/B1/x"}`},
	"api PATCH /api/v1/initiatives/{id}/webhooks/{webhook}": {json: `{"enabled":false}`},

	// Settings and values named in the body.
	"api PUT /api/v1/initiatives/{id}/decisions/public": {json: `{"public":true}`},
	"web POST /initiatives/{id}/goals/{goal}/milestones": {
		form: map[string]string{"value": "150", "label": "Halfway"},
	},
	"api POST /api/v1/initiatives/{id}/goals/{goal}/milestones": {json: `{"value":150,"label":"Halfway"}`},
	"web POST /organizations/{id}/goals/{goal}/milestones": {
		form: map[string]string{"value": "30", "label": "Halfway"},
	},
	"api POST /api/v1/organizations/{id}/goals/{goal}/milestones": {json: `{"value":30,"label":"Halfway"}`},
	"web POST /network/surveys": {form: map[string]string{"name": "Autumn survey", "initiative_id": "{i}",
		"organization_ids": "{b},{m}", "closes_at": "{deadline}"}},
	"api POST /api/v1/surveys": {
		json: `{"name":"Autumn survey","initiative_id":{i},"organization_ids":["{b}","{m}"],"closes_at":"{deadline}"}`,
	},

	// Meetings: what is scheduled, and the meeting held that is recorded.
	"web POST /initiatives/{id}/meetings": {form: map[string]string{"title": "Budget talk", "date": "{deadline}",
		"time": "10:00", "repeat": "once", "organizations": "{m}"}},
	"api POST /api/v1/initiatives/{id}/meetings": {json: `{"title":"Budget talk","start":"{deadline}T10:00",` +
		`"organizations":["{m}"]}`},
	"web POST /initiatives/{id}/meetings/{meeting}": {
		form: map[string]string{"title": "Budget talk", "date": "{deadline}",
			"time": "10:00", "repeat": "weekly", "organizations": "{m}"},
	},
	"api PUT /api/v1/initiatives/{id}/meetings/{meeting}": {json: `{"title":"Budget talk","start":"{deadline}T10:00",` +
		`"repeat":"weekly","organizations":["{m}"]}`},
	"web POST /initiatives/{id}/meetings/{meeting}/agenda": {
		form: map[string]string{"agenda.0.title": "Budget"},
	},
	"api PUT /api/v1/initiatives/{id}/meetings/{meeting}/agenda": {
		json: `{"items":[{"title":"Budget"}]}`,
	},
	"web POST /initiatives/{id}/meetings/{meeting}/answer": {
		form: map[string]string{"answer": "accepted"},
	},
	"api POST /api/v1/initiatives/{id}/meetings/{meeting}/answer": {json: `{"answer":"accepted"}`},
	"web POST /meetings/rsvp/{token}": {
		form: map[string]string{"answer": "accepted"},
	},
	"api POST /api/v1/meetings/rsvp/{token}":                   {json: `{"answer":"accepted"}`},
	"web POST /initiatives/{id}/meetings/{meeting}/attendance": {form: map[string]string{"at": "{at}"}},
	"web POST /initiatives/{id}/meetings/{meeting}/minutes": {
		form: map[string]string{"at": "{at}", "minutes": "Notes"},
	},
	"api PUT /api/v1/initiatives/{id}/meetings/{meeting}/held/{at}/attendance": {json: `{"attendance":{}}`},
	"api PUT /api/v1/initiatives/{id}/meetings/{meeting}/held/{at}/minutes":    {json: `{"minutes":"Notes"}`},
	"web POST /initiatives/{id}/meetings/{meeting}/actions": {form: map[string]string{"at": "{at}", "title": "Call",
		"organization_id": "{m}"}},
	"api POST /api/v1/initiatives/{id}/meetings/{meeting}/held/{at}/actions": {
		json: `{"title":"Call","organization_id":"{m}"}`,
	},

	// Ties start from an organization.
	"web GET /ties/new": {query: "from={x}"},
	"web POST /ties": {
		form: map[string]string{"from_organization_id": "{x}", "to_organization_id": "{b}", "kinds": "referral",
			"level": "cooperation"},
	},
	"api POST /api/v1/ties": {
		json: `{"from_organization_id":"{x}","to_organization_id":"{b}","kinds":["referral"],"level":"cooperation"}`,
	},

	// Pages about one initiative's or organization's gaps.
	"web GET /network/gaps": {query: "organization={x}"},

	// The updates feed is read with a link's secret, not a session; a link
	// is made for the initiative of the path.
	"web GET /initiatives/{id}/updates.atom": {query: "token={feedtoken}"},
	"api POST /api/v1/me/feeds":              {json: `{"initiative_id":{i}}`},
}

// input returns r's input with the fixture's values put in.
func (fx *matrixFixture) input(r row) matrixInput {
	in := matrixInputs[r.String()]
	put := func(s string) string {
		for k, v := range fx.values {
			if strings.HasPrefix(k, "value/") {
				s = strings.ReplaceAll(s, strings.TrimPrefix(k, "value/"), v)
			}
		}
		return s
	}
	out := matrixInput{query: put(in.query), json: put(in.json)}
	if in.form != nil {
		out.form = map[string]string{}
		for k, v := range in.form {
			out.form[k] = put(v)
		}
	}
	return out
}

// values is a form's fields with the CSRF token; a field holding commas
// ("a,b") is sent as several values.
func (in matrixInput) values() url.Values {
	v := url.Values{"csrf_token": {csrf}}
	for k, s := range in.form {
		if strings.Contains(s, ",") {
			v[k] = strings.Split(s, ",")
			continue
		}
		v.Set(k, s)
	}
	return v
}
