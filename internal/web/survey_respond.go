package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"backbone/internal/errs"
	"backbone/internal/network"
)

// The respondents' side of a partner survey: each organization's private
// link opens one phone-friendly form that rates every other organization in
// the wave. It needs no account: the link is the key.

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
	scaleLabels = []struct{ Value, Label string }{
		{"1", "1 · Not at all"},
		{"2", "2 · A little"},
		{"3", "3 · Fairly"},
		{"4", "4 · Very"},
		{"", "Don't know"},
	}
)

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
		"trust_reliable": scoreText(
			r.TrustReliable,
		), "trust_mission": scoreText(r.TrustMission), "trust_open": scoreText(r.TrustOpen),
		"value_influence": scoreText(
			r.ValueInfluence,
		), "value_involvement": scoreText(r.ValueInvolvement), "value_resources": scoreText(r.ValueResources),
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

// badSurveyLink is the page of its own for a link that opens no survey:
// the respondent has no account, so the usual "not found" would not help.
func (h *handler) badSurveyLink(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Referrer-Policy", "no-referrer")
	h.renderError(
		w,
		r,
		http.StatusNotFound,
		"This survey link does not work",
		"It may be mistyped or cut short, or a newer link may have been sent to your organization. Ask the person who sent it for the link again.",
	)
}

// surveyRespondPage is the respondent's form, for whoever holds the
// organization's private link (account.AnswerSurvey): no account is asked.
func (h *handler) surveyRespondPage(w http.ResponseWriter, r *http.Request) error {
	sv, err := h.Network.Respondent(r.Context(), r.PathValue("token"))
	if errors.Is(err, errs.ErrNotFound) {
		h.badSurveyLink(w, r)
		return nil
	}
	if err != nil {
		return err
	}

	d := respondentData{
		Token:  r.PathValue("token"),
		Survey: sv,
		Name:   sv.Participant.RespondentName,
		Email:  sv.Participant.RespondentEmail,
	}
	for i, o := range sv.Others {
		d.Rows = append(
			d.Rows,
			respondentRow{Index: i, Org: o, Rating: sv.Ratings[i], Values: ratingValues(sv.Ratings[i])},
		)
	}
	h.renderRespondent(w, r, http.StatusOK, d)
	return nil
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

// surveyRespond saves the respondent's answers, through the private link.
func (h *handler) surveyRespond(w http.ResponseWriter, r *http.Request) error {
	token := r.PathValue("token")
	sv, err := h.Network.Respondent(r.Context(), token)
	if errors.Is(err, errs.ErrNotFound) {
		h.badSurveyLink(w, r)
		return nil
	}
	if err != nil {
		return err
	}

	resp := network.Response{
		RespondentName:  r.PostFormValue("respondent_name"),
		RespondentEmail: r.PostFormValue("respondent_email"),
	}
	d := respondentData{Token: token, Survey: sv, Name: resp.RespondentName, Email: resp.RespondentEmail}
	for i, o := range sv.Others {
		f := func(name string) string { return r.PostFormValue(fmt.Sprintf("ratings[%d].%s", i, name)) }
		rt := network.Rating{RatedID: f("organization_id"), Level: f("level"), Resources: f("resources"),
			Strained: f("strained") != "",
			TrustReliable: parseScore(
				f("trust_reliable"),
			), TrustMission: parseScore(f("trust_mission")), TrustOpen: parseScore(f("trust_open")),
			ValueInfluence: parseScore(
				f("value_influence"),
			), ValueInvolvement: parseScore(f("value_involvement")), ValueResources: parseScore(f("value_resources"))}
		resp.Ratings = append(resp.Ratings, rt)
		row := respondentRow{Index: i, Org: o, Rating: rt, Values: map[string]string{}}
		for _, q := range append(append([]surveyQuestion{}, trustQuestions...), valueQuestions...) {
			row.Values[q.Field] = strings.TrimSpace(f(q.Field))
		}
		d.Rows = append(d.Rows, row)
	}
	err = h.Network.SaveResponse(r.Context(), token, resp)
	var v *errs.ValidationError
	var c *errs.ConflictError
	switch {
	case errors.As(err, &v):
		d.Errors = v.Fields
		h.renderRespondent(w, r, http.StatusUnprocessableEntity, d)
		return nil
	case errors.As(err, &c):
		d.Problem = c.Message
		h.renderRespondent(w, r, http.StatusConflict, d)
		return nil
	case err != nil:
		return err
	}

	h.setFlash(
		w,
		r,
		"success",
		"Your answers were saved. You can come back to this link to finish or change them until the survey closes.",
	)
	redirect(w, r, "/survey/"+url.PathEscape(token))
	return nil
}
