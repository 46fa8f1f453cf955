package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"backbone/internal/account"
	"backbone/internal/directory"
	"backbone/internal/errs"
	"backbone/internal/httpx"
	"backbone/internal/initiative"
	"backbone/internal/network"
)

// Partner surveys, the coordinators' pages. Coordinators (the stewards for
// any wave, an initiative's backbone staff for its waves:
// account.ManageSurveyWave, which the network store applies) open a wave,
// follow who has answered, hand out new links to those who have not, close
// it (which records the answers as relationships) and read the trust and
// value scores. The respondents' form is in survey_respond.go.

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

// surveyInitiatives are the initiatives the user may open a wave for.
func (h *handler) surveyInitiatives(r *http.Request) ([]*initiative.Initiative, error) {
	all, err := h.Initiatives.List(r.Context())
	if err != nil {
		return nil, err
	}
	var out []*initiative.Initiative
	for _, in := range all {
		ok, err := h.may(r, account.ManageSurveyWave, account.Initiative(in.ID))
		if err != nil {
			return nil, err
		}
		if ok {
			out = append(out, in)
		}
	}
	return out, nil
}

type surveyListData struct {
	Waves     []*network.Wave
	CanCreate bool
	ToReview  map[int64]int // per closed wave, the changes its answers suggest that nobody has decided yet
}

// surveyList lists the waves the user coordinates.
func (h *handler) surveyList(w http.ResponseWriter, r *http.Request) error {
	waves, err := h.Network.Waves(r.Context(), httpx.Actor(r))
	if err != nil {
		return err
	}

	d := surveyListData{Waves: waves, ToReview: map[int64]int{}}
	for _, wv := range waves {
		if !wv.Closed() {
			continue
		}
		sgs, err := h.Network.SuggestedChanges(r.Context(), httpx.Actor(r), wv.ID)
		if err != nil {
			return err
		}
		for _, sg := range sgs {
			if sg.Decision == "" {
				d.ToReview[wv.ID]++
			}
		}
	}
	if d.CanCreate, err = h.may(r, account.ManageSurveyWave, account.Platform); err != nil {
		return err
	}
	if !d.CanCreate {
		ins, err := h.surveyInitiatives(r)
		if err != nil {
			return err
		}
		d.CanCreate = len(ins) > 0
	}
	h.render(w, r, http.StatusOK, "survey_list", "Partner surveys", "network", d)
	return nil
}

type surveyFormData struct {
	Input         network.WaveInput
	Errors        map[string]string
	Problem       string
	Initiatives   []*initiative.Initiative
	Organizations []*directory.Organization
	AnyList       bool // the user may survey any list of organizations
}

// renderSurveyForm shows the form that opens a wave, to those who may open
// one (of any list, or of one of the initiatives offered): nobody else is
// offered the form.
func (h *handler) renderSurveyForm(w http.ResponseWriter, r *http.Request, status int, d surveyFormData) error {
	var err error
	if d.Initiatives, err = h.surveyInitiatives(r); err != nil {
		return err
	}
	if d.AnyList, err = h.may(r, account.ManageSurveyWave, account.Platform); err != nil {
		return err
	}
	if !d.AnyList && len(d.Initiatives) == 0 {
		return fmt.Errorf("open a survey: %w", errs.ErrForbidden)
	}

	orgs, err := h.Directory.ListOrganizations(r.Context(), directory.OrganizationFilter{Limit: directory.MaxPageSize})
	if err != nil {
		return err
	}
	d.Organizations = orgs.Items
	h.render(w, r, status, "survey_new", "Open a partner survey", "network", d)
	return nil
}

func (h *handler) surveyNew(w http.ResponseWriter, r *http.Request) error {
	in := network.WaveInput{ClosesAt: h.now().AddDate(0, 0, 21).Format("2006-01-02")}
	in.InitiativeID, _ = strconv.ParseInt(r.URL.Query().Get("initiative"), 10, 64) // none or not a number: none chosen
	return h.renderSurveyForm(w, r, http.StatusOK, surveyFormData{Input: in})
}

// surveyCreate opens a wave; the network store checks the user may
// (account.ManageSurveyWave).
func (h *handler) surveyCreate(w http.ResponseWriter, r *http.Request) error {
	in := network.WaveInput{Name: r.PostFormValue("name"), ClosesAt: r.PostFormValue("closes_at"), OrganizationIDs: r.PostForm["organization_ids"]}
	if s := strings.TrimSpace(r.PostFormValue("initiative_id")); s != "" {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return h.renderSurveyForm(w, r, http.StatusUnprocessableEntity,
				surveyFormData{Input: in, Errors: map[string]string{"initiative_id": "choose an initiative from the list"}})
		}
		in.InitiativeID = id
	}

	wave, links, err := h.Network.CreateWave(r.Context(), httpx.Actor(r), in)
	var v *errs.ValidationError
	switch {
	case errors.As(err, &v):
		return h.renderSurveyForm(w, r, http.StatusUnprocessableEntity, surveyFormData{Input: in, Errors: v.Fields})
	case err != nil:
		return err
	}

	return h.showWave(w, r, wave.ID, links, fmt.Sprintf("The survey %s is open for %d organizations. %s "+
		"Backbone keeps only a fingerprint of each link, so they are shown this once.", account.Quote(wave.Name),
		wave.Participants, linksSent(links)))
}

// linksSent says which survey links went by e-mail and which staff must
// pass on.
func linksSent(links []network.Link) string {
	sent := 0
	for _, l := range links {
		if l.EmailedTo != "" {
			sent++
		}
	}
	switch {
	case sent == len(links):
		return "Each link was sent by e-mail."
	case sent == 0:
		return "Backbone has no e-mail address for them: copy each private link below now and send it to that " +
			"organization."
	}
	return fmt.Sprintf("%s went by e-mail; copy the other %s below and send each to that organization.",
		plural(sent, "link"), plural(len(links)-sent, "link"))
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
	Changes       []changeRow     // what the answers suggest, once closed
	Levels        []string
	Statuses      []string
	Error         string
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
	out := humanLevel(s.Level)
	if s.Strained {
		out += " · strained"
	}
	out += " · trust " + fmtScore(s.Trust) + " · value " + fmtScore(s.Value)
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
func baseURL(r *http.Request) string { return httpx.SiteURL(r) }

// showWave renders a wave's page, for those who coordinate it: progress,
// links just made (if any), the actions, and the scores.
func (h *handler) showWave(w http.ResponseWriter, r *http.Request, waveID int64, links []network.Link,
	notice string) error {
	return h.showWaveStatus(w, r, waveID, http.StatusOK, notice, "", links...)
}

// showWaveStatus is showWave with a status and an error to show.
func (h *handler) showWaveStatus(w http.ResponseWriter, r *http.Request, waveID int64, status int, notice, problem string,
	links ...network.Link) error {
	ctx, actor := r.Context(), httpx.Actor(r)
	rep, err := h.Network.WaveReport(ctx, actor, waveID)
	if err != nil {
		return err
	}

	d := waveData{Wave: rep.Wave, Participants: rep.Participants, Notice: notice, Error: problem,
		Trust: fmtScore(rep.Results.Trust), Value: fmtScore(rep.Results.Value),
		Levels: network.Levels, Statuses: network.Statuses}
	if rep.Wave.Closed() {
		sgs, err := h.Network.SuggestedChanges(ctx, actor, waveID)
		if err != nil {
			return err
		}
		d.Changes = changeRows(sgs)
	}
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
			if (p.AtoB != nil && p.AtoB.Strained) || (p.BtoA != nil && p.BtoA.Strained) {
				row.Status = "strained"
			}
		}
		d.Pairs = append(d.Pairs, row)
	}
	others, err := h.Network.Waves(ctx, actor)
	if err != nil {
		return err
	}
	for _, o := range others {
		if o.ID != waveID {
			d.Others = append(d.Others, o)
		}
	}
	h.render(w, r, status, "survey_wave", rep.Wave.Name, "network", d)
	return nil
}

func (h *handler) surveyView(w http.ResponseWriter, r *http.Request) error {
	id, err := pathInt(r, "id")
	if err != nil {
		return err
	}
	return h.showWave(w, r, id, nil, "")
}

// surveyRemind gives new links to those who have not answered (one, or
// all) and records the reminder; the page shows the links to send.
func (h *handler) surveyRemind(w http.ResponseWriter, r *http.Request) error {
	waveID, err := pathInt(r, "id")
	if err != nil {
		return err
	}
	var ids []string
	if id := strings.TrimSpace(r.PostFormValue("organization_id")); id != "" {
		ids = []string{id}
	}

	links, err := h.Network.Remind(r.Context(), httpx.Actor(r), waveID, ids)
	if err != nil {
		return err
	}

	msg := "Everyone has answered: nobody to remind."
	if len(links) > 0 {
		msg = fmt.Sprintf("Marked %s as reminded. %s The earlier link of each stops working; answers already "+
			"saved are kept.", plural(len(links), "organization"), linksSent(links))
	}
	return h.showWave(w, r, waveID, links, msg)
}

// surveyClose closes a wave; its answers then suggest changes to the map,
// which the coordinator reviews.
func (h *handler) surveyClose(w http.ResponseWriter, r *http.Request) error {
	waveID, err := pathInt(r, "id")
	if err != nil {
		return err
	}
	res, err := h.Network.CloseWave(r.Context(), httpx.Actor(r), waveID)
	if err != nil {
		return err
	}

	msg := fmt.Sprintf("The survey %s is closed. Its answers agree with the relationship map: nothing to review.", account.Quote(res.Wave.Name))
	if res.Suggestions > 0 {
		msg = fmt.Sprintf("The survey %s is closed. Its answers differ from the relationship map for %s: "+
			"review each below; nothing on the map changes until you update it.", account.Quote(res.Wave.Name), plural(res.Suggestions, "pair"))
	}
	h.setFlash(w, r, "success", msg)
	redirect(w, r, fmt.Sprintf("/network/surveys/%d", waveID))
	return nil
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

// surveyCompare compares two waves the user coordinates, chosen from those
// the network store gives them.
func (h *handler) surveyCompare(w http.ResponseWriter, r *http.Request) error {
	ctx, actor := r.Context(), httpx.Actor(r)
	waves, err := h.Network.Waves(ctx, actor)
	if err != nil {
		return err
	}

	d := compareData{Waves: waves}
	q := r.URL.Query()
	d.A, _ = strconv.ParseInt(q.Get("a"), 10, 64) // not a number: 0, which is none of theirs
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
			c, err := h.Network.CompareWaves(ctx, actor, d.A, d.B)
			if err != nil {
				return err
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
	return nil
}
