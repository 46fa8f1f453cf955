package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"backbone/internal/account"
	"backbone/internal/directory"
	"backbone/internal/errs"
	"backbone/internal/httpx"
	"backbone/internal/initiative"
	"backbone/internal/network"
)

// Partner surveys. Coordinators (stewards and admins for any list of
// organizations, an initiative's backbone staff for its members) open a
// wave, follow who has answered, hand out new links to those who have not,
// close it (which records the answers as relationships) and read the trust
// and value scores. Respondents need no account: each organization's private
// link opens one phone-friendly form.

// fmtScore writes a 1–4 average with two decimals, or a dash.
func fmtScore(p *float64) string {
	if p == nil {
		return "–"
	}
	return strconv.FormatFloat(*p, 'f', 2, 64)
}

// fmtChange writes a change with its sign, or a dash.
func fmtChange(p *float64) string {
	if p == nil {
		return "–"
	}
	if *p > 0 {
		return "+" + strconv.FormatFloat(*p, 'f', 2, 64)
	}
	return strconv.FormatFloat(*p, 'f', 2, 64)
}

// levelLabels say each level in plain words, for respondents.
var levelLabels = map[string]string{
	"none":          "No relationship",
	"awareness":     "We know of each other",
	"cooperation":   "We share information and help each other out",
	"coordination":  "We plan and align our work together",
	"collaboration": "We work together toward shared goals, with shared resources",
}

type surveyQuestion struct {
	Field string
	Label string
	Hint  string
}

// trustQuestions and valueQuestions are asked about every other organization.
var (
	trustQuestions = []surveyQuestion{
		{"trust_reliable", "Reliable", "They do what they say they will do."},
		{"trust_mission", "Supports the mission", "They share and support the goals we work toward."},
		{"trust_open", "Open to discussion", "They listen and are willing to talk things through."},
	}
	valueQuestions = []surveyQuestion{
		{"value_influence", "Influence", "They have standing in the community and can move things forward."},
		{"value_involvement", "Involvement", "They take part and stay committed."},
		{"value_resources", "Resources", "They contribute money, staff, space, information or other resources."},
	}
	scaleLabels = []struct{ Value, Label string }{{"1", "1 · Not at all"}, {"2", "2 · A little"}, {"3", "3 · Fairly"}, {"4", "4 · Very"}, {"", "Don't know"}}
)

// --- coordinators ---

// canManageWave says whether the signed-in user coordinates the wave.
func (h *handler) canManageWave(r *http.Request, w *network.Wave) bool {
	u := httpx.User(r.Context())
	if ok, _ := h.Accounts.Can(r.Context(), u, account.ImportTies, account.Platform); ok {
		return true
	}
	if w.InitiativeID != 0 {
		ok, _ := h.Accounts.Can(r.Context(), u, account.EditInitiative, account.Initiative(w.InitiativeID))
		return ok
	}
	return false
}

// loadWave finds the wave in the path and checks that the user coordinates it.
func (h *handler) loadWave(w http.ResponseWriter, r *http.Request) (*network.Wave, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		h.fail(w, r, errs.ErrNotFound)
		return nil, false
	}
	wave, err := h.Network.Wave(r.Context(), id)
	if err != nil {
		h.fail(w, r, err)
		return nil, false
	}
	if !h.canManageWave(r, wave) {
		h.fail(w, r, fmt.Errorf("survey %d: %w", id, errs.ErrForbidden))
		return nil, false
	}
	return wave, true
}

// editableInitiatives are the initiatives the user may open a wave for.
func (h *handler) editableInitiatives(r *http.Request) ([]*initiative.Initiative, error) {
	all, err := h.Initiatives.List(r.Context())
	if err != nil {
		return nil, err
	}
	var out []*initiative.Initiative
	for _, in := range all {
		if ok, _ := h.Accounts.Can(r.Context(), httpx.User(r.Context()), account.EditInitiative, account.Initiative(in.ID)); ok {
			out = append(out, in)
		}
	}
	return out, nil
}

// manageableWaves are the waves the user coordinates, newest first.
func (h *handler) manageableWaves(r *http.Request) ([]*network.Wave, error) {
	all, err := h.Network.Waves(r.Context())
	if err != nil {
		return nil, err
	}
	out := []*network.Wave{}
	for _, w := range all {
		if h.canManageWave(r, w) {
			out = append(out, w)
		}
	}
	return out, nil
}

type surveyListData struct {
	Waves     []*network.Wave
	CanCreate bool
}

func (h *handler) surveyList(w http.ResponseWriter, r *http.Request) {
	if err := h.Accounts.Authorize(r.Context(), httpx.User(r.Context()), account.ViewDirectory, account.Platform); err != nil {
		h.fail(w, r, err)
		return
	}
	waves, err := h.manageableWaves(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := surveyListData{Waves: waves}
	d.CanCreate, _ = h.Accounts.Can(r.Context(), httpx.User(r.Context()), account.ImportTies, account.Platform)
	if !d.CanCreate {
		ins, err := h.editableInitiatives(r)
		if err != nil {
			h.fail(w, r, err)
			return
		}
		d.CanCreate = len(ins) > 0
	}
	h.render(w, r, http.StatusOK, "survey_list", "Partner surveys", "network", d)
}

type surveyFormData struct {
	Input         network.WaveInput
	Errors        map[string]string
	Problem       string
	Initiatives   []*initiative.Initiative
	Organizations []*directory.Organization
	AnyList       bool // the user may survey any list of organizations
}

func (h *handler) renderSurveyForm(w http.ResponseWriter, r *http.Request, status int, d surveyFormData) {
	var err error
	if d.Initiatives, err = h.editableInitiatives(r); err != nil {
		h.fail(w, r, err)
		return
	}
	d.AnyList, _ = h.Accounts.Can(r.Context(), httpx.User(r.Context()), account.ImportTies, account.Platform)
	if !d.AnyList && len(d.Initiatives) == 0 {
		h.fail(w, r, fmt.Errorf("open a survey: %w", errs.ErrForbidden))
		return
	}
	orgs, err := h.Directory.ListOrganizations(r.Context(), directory.OrganizationFilter{Limit: directory.MaxPageSize})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d.Organizations = orgs.Items
	h.render(w, r, status, "survey_new", "Open a partner survey", "network", d)
}

func (h *handler) surveyNew(w http.ResponseWriter, r *http.Request) {
	in := network.WaveInput{ClosesAt: h.now().AddDate(0, 0, 21).Format("2006-01-02")}
	in.InitiativeID, _ = strconv.ParseInt(r.URL.Query().Get("initiative"), 10, 64)
	h.renderSurveyForm(w, r, http.StatusOK, surveyFormData{Input: in})
}

func (h *handler) surveyCreate(w http.ResponseWriter, r *http.Request) {
	in := network.WaveInput{Name: r.PostFormValue("name"), ClosesAt: r.PostFormValue("closes_at"), OrganizationIDs: r.PostForm["organization_ids"]}
	if s := strings.TrimSpace(r.PostFormValue("initiative_id")); s != "" {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			h.renderSurveyForm(w, r, http.StatusUnprocessableEntity, surveyFormData{Input: in, Errors: map[string]string{"initiative_id": "choose an initiative from the list"}})
			return
		}
		in.InitiativeID = id
	}
	target, action := account.Platform, account.ImportTies
	if in.InitiativeID != 0 {
		target, action = account.Initiative(in.InitiativeID), account.EditInitiative
	}
	if err := h.Accounts.Authorize(r.Context(), httpx.User(r.Context()), action, target); err != nil {
		h.fail(w, r, err)
		return
	}
	wave, links, err := h.Network.CreateWave(r.Context(), httpx.Actor(r), in)
	var v *errs.ValidationError
	switch {
	case errors.As(err, &v):
		h.renderSurveyForm(w, r, http.StatusUnprocessableEntity, surveyFormData{Input: in, Errors: v.Fields})
		return
	case err != nil:
		h.fail(w, r, err)
		return
	}
	h.showWave(w, r, wave, links, fmt.Sprintf("The survey %q is open for %d organizations. Copy each private link below now and send it to that organization: Backbone keeps only a fingerprint of each link, so they are shown this once.", wave.Name, wave.Participants))
}

type waveData struct {
	Wave          *network.Wave
	Participants  []network.Participant
	Links         []surveyLink
	Notice        string
	Organizations []orgScoreRow
	Pairs         []pairRow
	Trust, Value  string
	Others        []*network.Wave // other waves, to compare with
	Waiting       int             // how many have not answered
	Closed        *network.CloseResult
}

type surveyLink struct {
	network.Link
	URL string
}

type orgScoreRow struct {
	ID, Name                             string
	TrustIn, ValueIn, TrustOut, ValueOut string
	RatedBy, Rated                       int
}

type pairRow struct {
	AID, AName, BID, BName string
	AtoB, BtoA             string
	Level, Trust, Value    string
	Status                 string // line style of the pair's level: active when tied
}

func sideText(s *network.Side) string {
	if s == nil {
		return "no answer"
	}
	out := humanLevel(s.Level) + " · trust " + fmtScore(s.Trust) + " · value " + fmtScore(s.Value)
	if s.Resources != "" {
		out += " · brings: " + s.Resources
	}
	return out
}

func humanLevel(l string) string {
	if l == "" {
		return "–"
	}
	return strings.ToUpper(l[:1]) + l[1:]
}

// baseURL is the site's address as the browser reached it, for links to copy.
func baseURL(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil || r.Header.Get("X-Forwarded-Proto") == "https" {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// showWave renders a wave's page: progress, links just made (if any), the
// actions, and the scores.
func (h *handler) showWave(w http.ResponseWriter, r *http.Request, wave *network.Wave, links []network.Link, notice string) {
	rep, err := h.Network.WaveReport(r.Context(), wave.ID)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := waveData{Wave: rep.Wave, Participants: rep.Participants, Notice: notice,
		Trust: fmtScore(rep.Results.Trust), Value: fmtScore(rep.Results.Value)}
	for _, l := range links {
		d.Links = append(d.Links, surveyLink{Link: l, URL: baseURL(r) + "/survey/" + url.PathEscape(l.Token)})
	}
	for _, p := range rep.Participants {
		if p.RespondedAt == nil {
			d.Waiting++
		}
	}
	for _, o := range rep.Results.Organizations {
		d.Organizations = append(d.Organizations, orgScoreRow{ID: o.ID, Name: o.Name, TrustIn: fmtScore(o.TrustReceived), ValueIn: fmtScore(o.ValueReceived),
			TrustOut: fmtScore(o.TrustGiven), ValueOut: fmtScore(o.ValueGiven), RatedBy: o.RatedBy, Rated: o.Rated})
	}
	for _, p := range rep.Results.Pairs {
		row := pairRow{AID: p.AID, AName: p.AName, BID: p.BID, BName: p.BName, AtoB: sideText(p.AtoB), BtoA: sideText(p.BtoA),
			Level: humanLevel(p.Level), Trust: fmtScore(p.Trust), Value: fmtScore(p.Value), Status: "ended"}
		if p.Tied() {
			row.Status = "active"
		}
		d.Pairs = append(d.Pairs, row)
	}
	others, err := h.manageableWaves(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	for _, o := range others {
		if o.ID != wave.ID {
			d.Others = append(d.Others, o)
		}
	}
	h.render(w, r, http.StatusOK, "survey_wave", wave.Name, "network", d)
}

func (h *handler) surveyView(w http.ResponseWriter, r *http.Request) {
	wave, ok := h.loadWave(w, r)
	if !ok {
		return
	}
	h.showWave(w, r, wave, nil, "")
}

// surveyRemind gives new links to those who have not answered (one, or
// all) and records the reminder; the page shows the links to send.
func (h *handler) surveyRemind(w http.ResponseWriter, r *http.Request) {
	wave, ok := h.loadWave(w, r)
	if !ok {
		return
	}
	var ids []string
	if id := strings.TrimSpace(r.PostFormValue("organization_id")); id != "" {
		ids = []string{id}
	}
	links, err := h.Network.Remind(r.Context(), httpx.Actor(r), wave.ID, ids)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	msg := "Everyone has answered: nobody to remind."
	if len(links) > 0 {
		msg = fmt.Sprintf("Marked %s as reminded. Backbone does not send email: copy each new link below and send it yourself. The earlier link of each stops working; answers already saved are kept.",
			plural(len(links), "organization"))
	}
	h.showWave(w, r, wave, links, msg)
}

func (h *handler) surveyClose(w http.ResponseWriter, r *http.Request) {
	wave, ok := h.loadWave(w, r)
	if !ok {
		return
	}
	res, err := h.Network.CloseWave(r.Context(), httpx.Actor(r), wave.ID)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.setFlash(w, r, "success", fmt.Sprintf("The survey %q is closed. On the relationship map: %d relationships recorded, %d changed, %d left as they were.",
		wave.Name, res.Created, res.Updated, res.Unchanged))
	redirect(w, r, fmt.Sprintf("/network/surveys/%d", wave.ID))
}

type compareData struct {
	Waves         []*network.Wave
	A, B          int64
	Comparison    *network.Comparison
	Organizations []orgChangeRow
	Pairs         []pairChangeRow
	NewTies       []pairChangeRow
	LostTies      []pairChangeRow
	Trust, Value  [3]string
	Error         string
}

type orgChangeRow struct {
	ID, Name                             string
	TrustBefore, TrustAfter, TrustChange string
	ValueBefore, ValueAfter, ValueChange string
	Note                                 string
}

type pairChangeRow struct {
	AID, AName, BID, BName  string
	LevelBefore, LevelAfter string
	LevelChange             string
	TrustChange             string
	ValueChange             string
}

func changeCells(c network.Change) [3]string {
	return [3]string{fmtScore(c.Before), fmtScore(c.After), fmtChange(c.Change)}
}

func pairChangeRows(ps []network.PairChange) []pairChangeRow {
	out := make([]pairChangeRow, 0, len(ps))
	for _, p := range ps {
		steps := "–"
		if p.LevelBefore != "" && p.LevelAfter != "" {
			steps = fmt.Sprintf("%+d", p.LevelChange)
			if p.LevelChange == 0 {
				steps = "0"
			}
		}
		out = append(out, pairChangeRow{AID: p.AID, AName: p.AName, BID: p.BID, BName: p.BName, LevelBefore: humanLevel(p.LevelBefore),
			LevelAfter: humanLevel(p.LevelAfter), LevelChange: steps, TrustChange: fmtChange(p.Trust.Change), ValueChange: fmtChange(p.Value.Change)})
	}
	return out
}

// surveyCompare compares two waves the user coordinates.
func (h *handler) surveyCompare(w http.ResponseWriter, r *http.Request) {
	if err := h.Accounts.Authorize(r.Context(), httpx.User(r.Context()), account.ViewDirectory, account.Platform); err != nil {
		h.fail(w, r, err)
		return
	}
	waves, err := h.manageableWaves(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := compareData{Waves: waves}
	q := r.URL.Query()
	d.A, _ = strconv.ParseInt(q.Get("a"), 10, 64)
	d.B, _ = strconv.ParseInt(q.Get("b"), 10, 64)
	status := http.StatusOK
	if q.Get("a") != "" || q.Get("b") != "" {
		mine := map[int64]bool{}
		for _, wv := range waves {
			mine[wv.ID] = true
		}
		switch {
		case !mine[d.A] || !mine[d.B]:
			d.Error, status = "Choose two of the surveys you coordinate.", http.StatusBadRequest
		case d.A == d.B:
			d.Error, status = "Choose two different surveys.", http.StatusBadRequest
		default:
			c, err := h.Network.CompareWaves(r.Context(), d.A, d.B)
			if err != nil {
				h.fail(w, r, err)
				return
			}
			d.Comparison = c
			d.Trust, d.Value = changeCells(c.Trust), changeCells(c.Value)
			for _, o := range c.Organizations {
				row := orgChangeRow{ID: o.ID, Name: o.Name}
				t, v := changeCells(o.TrustReceived), changeCells(o.ValueReceived)
				row.TrustBefore, row.TrustAfter, row.TrustChange = t[0], t[1], t[2]
				row.ValueBefore, row.ValueAfter, row.ValueChange = v[0], v[1], v[2]
				switch {
				case !o.InA:
					row.Note = "only in the later survey"
				case !o.InB:
					row.Note = "only in the earlier survey"
				}
				d.Organizations = append(d.Organizations, row)
			}
			d.Pairs, d.NewTies, d.LostTies = pairChangeRows(c.Pairs), pairChangeRows(c.NewTies), pairChangeRows(c.LostTies)
		}
	}
	h.render(w, r, status, "survey_compare", "Compare partner surveys", "network", d)
}

// --- respondents ---

type respondentRow struct {
	Index  int
	Org    network.Org
	Rating network.Rating
	Values map[string]string // question field → "1".."4" or ""
}

type respondentData struct {
	Token       string
	Survey      *network.Survey
	Rows        []respondentRow
	Name        string
	Email       string
	Errors      map[string]string
	Problem     string
	Closed      string // why no more answers are taken, or ""
	Levels      []string
	LevelLabels map[string]string
	Trust       []surveyQuestion
	Value       []surveyQuestion
	Scale       []struct{ Value, Label string }
}

func scoreText(p *int) string {
	if p == nil {
		return ""
	}
	return strconv.Itoa(*p)
}

func ratingValues(r network.Rating) map[string]string {
	return map[string]string{
		"trust_reliable": scoreText(r.TrustReliable), "trust_mission": scoreText(r.TrustMission), "trust_open": scoreText(r.TrustOpen),
		"value_influence": scoreText(r.ValueInfluence), "value_involvement": scoreText(r.ValueInvolvement), "value_resources": scoreText(r.ValueResources),
	}
}

// surveyClosedReason says why a wave no longer takes answers, or "".
func surveyClosedReason(w *network.Wave, now time.Time) string {
	if w.Closed() {
		return "This survey is closed. Thank you for taking part."
	}
	if w.ClosesAt != "" && now.Format("2006-01-02") > w.ClosesAt {
		return "The last day to answer this survey (" + w.ClosesAt + ") has passed."
	}
	return ""
}

func (h *handler) renderRespondent(w http.ResponseWriter, r *http.Request, status int, d respondentData) {
	w.Header().Set("Referrer-Policy", "no-referrer")
	d.Levels, d.LevelLabels, d.Trust, d.Value, d.Scale = network.Levels, levelLabels, trustQuestions, valueQuestions, scaleLabels
	d.Closed = surveyClosedReason(d.Survey.Wave, h.now())
	h.render(w, r, status, "survey_respond", d.Survey.Wave.Name, "", d)
}

// respondentSurvey finds the survey behind the link, with a page of its own
// for a link that does not work.
func (h *handler) respondentSurvey(w http.ResponseWriter, r *http.Request) (*network.Survey, bool) {
	sv, err := h.Network.Respondent(r.Context(), r.PathValue("token"))
	if errors.Is(err, errs.ErrNotFound) {
		w.Header().Set("Referrer-Policy", "no-referrer")
		h.renderError(w, r, http.StatusNotFound, "This survey link does not work",
			"It may be mistyped or cut short, or a newer link may have been sent to your organization. Ask the person who sent it for the link again.")
		return nil, false
	}
	if err != nil {
		h.fail(w, r, err)
		return nil, false
	}
	return sv, true
}

func (h *handler) surveyRespondPage(w http.ResponseWriter, r *http.Request) {
	sv, ok := h.respondentSurvey(w, r)
	if !ok {
		return
	}
	d := respondentData{Token: r.PathValue("token"), Survey: sv, Name: sv.Participant.RespondentName, Email: sv.Participant.RespondentEmail}
	for i, o := range sv.Others {
		d.Rows = append(d.Rows, respondentRow{Index: i, Org: o, Rating: sv.Ratings[i], Values: ratingValues(sv.Ratings[i])})
	}
	h.renderRespondent(w, r, http.StatusOK, d)
}

// parseScore reads a 1–4 answer; "" is don't know, anything else not 1–4
// becomes 0 so that validation names the field.
func parseScore(s string) *int {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		n = 0
	}
	return &n
}

func (h *handler) surveyRespond(w http.ResponseWriter, r *http.Request) {
	sv, ok := h.respondentSurvey(w, r)
	if !ok {
		return
	}
	token := r.PathValue("token")
	resp := network.Response{RespondentName: r.PostFormValue("respondent_name"), RespondentEmail: r.PostFormValue("respondent_email")}
	d := respondentData{Token: token, Survey: sv, Name: resp.RespondentName, Email: resp.RespondentEmail}
	for i, o := range sv.Others {
		f := func(name string) string { return r.PostFormValue(fmt.Sprintf("ratings[%d].%s", i, name)) }
		rt := network.Rating{RatedID: f("organization_id"), Level: f("level"), Resources: f("resources"),
			TrustReliable: parseScore(f("trust_reliable")), TrustMission: parseScore(f("trust_mission")), TrustOpen: parseScore(f("trust_open")),
			ValueInfluence: parseScore(f("value_influence")), ValueInvolvement: parseScore(f("value_involvement")), ValueResources: parseScore(f("value_resources"))}
		resp.Ratings = append(resp.Ratings, rt)
		row := respondentRow{Index: i, Org: o, Rating: rt, Values: map[string]string{}}
		for _, q := range append(append([]surveyQuestion{}, trustQuestions...), valueQuestions...) {
			row.Values[q.Field] = strings.TrimSpace(f(q.Field))
		}
		d.Rows = append(d.Rows, row)
	}
	err := h.Network.SaveResponse(r.Context(), token, resp)
	var v *errs.ValidationError
	var c *errs.ConflictError
	switch {
	case errors.As(err, &v):
		d.Errors = v.Fields
		h.renderRespondent(w, r, http.StatusUnprocessableEntity, d)
		return
	case errors.As(err, &c):
		d.Problem = c.Message
		h.renderRespondent(w, r, http.StatusConflict, d)
		return
	case err != nil:
		h.fail(w, r, err)
		return
	}
	h.setFlash(w, r, "success", "Your answers were saved. You can come back to this link to finish or change them until the survey closes.")
	redirect(w, r, "/survey/"+url.PathEscape(token))
}
