package web

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"backbone/internal/account"
	"backbone/internal/errs"
	"backbone/internal/httpx"
	"backbone/internal/initiative"
)

// governanceRows bounds the rows a governance form reads per list, and
// governanceBlankRows is how many empty rows it offers to fill in.
const (
	governanceRows      = 40
	governanceBlankRows = 3
)

// ruleOption is one decision rule as the governance form offers it.
type ruleOption struct {
	Value, Label, Help string
}

var ruleOptions = []ruleOption{
	{
		initiative.RuleConsensus,
		"Consensus",
		"Members agree, stand aside or block. A proposal passes when someone agrees and nobody blocks.",
	},
	{
		initiative.RuleConsent,
		"Consent",
		"Members consent or object. A proposal passes unless someone raises a serious objection.",
	},
	{
		initiative.RuleMajority,
		"Majority vote",
		"Members vote yes, no or abstain. A proposal passes when enough of the yes and no votes are yes (the threshold).",
	},
	{
		initiative.RuleLeadDecides,
		"The lead organization decides",
		"One member organization decides; the others' votes are advice. No quorum applies.",
	},
}

// governanceVersion is one version in the history, with what changed from the one before.
type governanceVersion struct {
	initiative.Governance
	RuleText string
	Changes  []string
}

// governanceForm is the form as typed: the numbers as text, the list rows
// including the empty ones offered for new entries.
type governanceForm struct {
	Input     initiative.GovernanceInput
	Quorum    string
	Threshold string
}

type governancePageData struct {
	Initiative *initiative.Initiative
	Current    *initiative.Governance
	RuleText   string
	QuorumText string
	History    []governanceVersion
	CanManage  bool
	Form       governanceForm
	Errors     map[string]string
	Problem    string
	Rules      []ruleOption
	Cadences   []string
	Voters     []initiative.Member
}

// ruleWords explains a decision rule in plain words; leadName names the
// lead organization of a lead_decides rule.
func ruleWords(r initiative.Rule, leadName string) string {
	switch r.Name {
	case initiative.RuleConsensus:
		return fmt.Sprintf(
			"By consensus: each voting member agrees, stands aside (does not agree but will not stand in the way) or blocks. "+
				"A proposal passes when at least one member agrees and nobody blocks. At least %d%% of the voting members must take part.",
			r.QuorumPercent,
		)
	case initiative.RuleConsent:
		return fmt.Sprintf(
			"By consent: each voting member consents or objects. A proposal passes unless a member objects. "+
				"At least %d%% of the voting members must take part.",
			r.QuorumPercent,
		)
	case initiative.RuleMajority:
		return fmt.Sprintf(
			"By majority vote: each voting member votes yes, no or abstains. A proposal passes when at least %d%% of the yes and no votes are yes "+
				"(a tie is not a majority; abstentions count for the quorum only). At least %d%% of the voting members must take part.",
			r.ThresholdPercent,
			r.QuorumPercent,
		)
	case initiative.RuleLeadDecides:
		if leadName == "" {
			leadName = "the lead organization"
		}
		return "The lead organization, " + leadName + ", decides with its yes or no; the other members' votes are advice. No quorum applies."
	}
	return r.String()
}

// quorumWords says what a quorum means with the initiative's own numbers.
func quorumWords(percent, voters int) string {
	if percent == 0 {
		return ""
	}
	need := (voters*percent + 99) / 100
	if need < 1 {
		need = 1
	}
	return fmt.Sprintf(
		"Quorum means how many of the voting member organizations must take part for a decision to count. "+
			"With %d voting members today and a quorum of %d%%, at least %d must vote (or consent, agree, stand aside, abstain…); otherwise nothing is decided.",
		voters,
		percent,
		need,
	)
}

// governanceChanges lists what a version changed from the one before it.
func governanceChanges(prev, cur initiative.Governance) []string {
	var out []string
	if prev.Rule().String() != cur.Rule().String() {
		out = append(out, fmt.Sprintf("decision rule: %s → %s", prev.Rule(), cur.Rule()))
	}
	if prev.LeadOrganizationID != cur.LeadOrganizationID && cur.LeadOrganizationID != "" {
		out = append(out, "lead organization: "+cur.LeadOrganizationName)
	}
	if prev.MeetingCadence != cur.MeetingCadence {
		out = append(out, fmt.Sprintf("meetings: %s → %s", prev.MeetingCadence, cur.MeetingCadence))
	}
	if !slices.Equal(prev.ConflictSteps, cur.ConflictSteps) {
		out = append(out, fmt.Sprintf("conflict-resolution steps (now %d)", len(cur.ConflictSteps)))
	}
	if !slices.Equal(prev.Channels, cur.Channels) {
		out = append(out, fmt.Sprintf("communication channels (now %d)", len(cur.Channels)))
	}
	if len(out) == 0 {
		out = append(out, "no change to the terms")
	}
	return out
}

// parseGovernanceForm reads the form, keeping what was typed. List rows
// left empty are dropped here, so that the row numbers in the domain's
// messages (conflict_steps[1].mediator) are the rows shown again.
func parseGovernanceForm(r *http.Request) (governanceForm, map[string]string) {
	f := governanceForm{
		Quorum:    strings.TrimSpace(r.PostFormValue("quorum_percent")),
		Threshold: strings.TrimSpace(r.PostFormValue("threshold_percent")),
	}
	f.Input = initiative.GovernanceInput{
		DecisionRule: r.PostFormValue("decision_rule"), LeadOrganizationID: r.PostFormValue("lead_organization_id"),
		MeetingCadence: r.PostFormValue("meeting_cadence"), Reason: r.PostFormValue("reason"),
	}
	f.Input.BaseVersion, _ = strconv.Atoi(r.PostFormValue("base_version"))
	problems := map[string]string{}
	percent := func(field, s string) int {
		if s == "" {
			return 0
		}
		n, err := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(s, "%")))
		if err != nil {
			problems[field] = "must be a whole number of percent, like 50"
		}
		return n
	}
	f.Input.QuorumPercent = percent("quorum_percent", f.Quorum)
	f.Input.ThresholdPercent = percent("threshold_percent", f.Threshold)
	for i := 0; i < governanceRows; i++ {
		p := fmt.Sprintf("conflict_steps[%d].", i)
		st := initiative.ConflictStep{
			Description: strings.TrimSpace(r.PostFormValue(p + "description")),
			Mediator:    strings.TrimSpace(r.PostFormValue(p + "mediator")),
		}
		if st.Description != "" || st.Mediator != "" {
			f.Input.ConflictSteps = append(f.Input.ConflictSteps, st)
		}
		c := fmt.Sprintf("channels[%d].", i)
		ch := initiative.Channel{
			What:     strings.TrimSpace(r.PostFormValue(c + "what")),
			HowOften: strings.TrimSpace(r.PostFormValue(c + "how_often")),
			Who:      strings.TrimSpace(r.PostFormValue(c + "who")),
		}
		if ch.What != "" || ch.HowOften != "" || ch.Who != "" {
			f.Input.Channels = append(f.Input.Channels, ch)
		}
	}
	return f, problems
}

// withBlankRows adds empty rows to fill in after the entries.
func (f governanceForm) withBlankRows(n int) governanceForm {
	f.Input.ConflictSteps = append(slices.Clone(f.Input.ConflictSteps), make([]initiative.ConflictStep, n)...)
	f.Input.Channels = append(slices.Clone(f.Input.Channels), make([]initiative.Channel, n)...)
	return f
}

// formOf fills the form from the current version, or with a sensible start.
func governanceFormOf(g *initiative.Governance) governanceForm {
	if g == nil {
		return governanceForm{Quorum: "50", Threshold: "50",
			Input: initiative.GovernanceInput{DecisionRule: initiative.RuleConsent, MeetingCadence: "monthly"}}
	}
	return governanceForm{Quorum: itoa(int64(g.QuorumPercent)), Threshold: itoa(int64(g.ThresholdPercent)),
		Input: initiative.GovernanceInput{
			DecisionRule:       g.DecisionRule,
			QuorumPercent:      g.QuorumPercent,
			ThresholdPercent:   g.ThresholdPercent,
			LeadOrganizationID: g.LeadOrganizationID,
			ConflictSteps:      g.ConflictSteps,
			MeetingCadence:     g.MeetingCadence,
			Channels:           g.Channels,
			BaseVersion:        g.Version,
		}}
}

// currentGovernance returns the initiative's governance, or nil when none
// has been adopted.
func (h *handler) currentGovernance(r *http.Request, initiativeID int64) (*initiative.Governance, error) {
	g, err := h.Initiatives.Governance(r.Context(), httpx.Actor(r), initiativeID)
	if errors.Is(err, errs.ErrNotFound) {
		return nil, nil
	}
	return g, err
}

// activeVoters returns the active members that vote.
func activeVoters(ms []initiative.Member) []initiative.Member {
	var out []initiative.Member
	for _, m := range ms {
		if m.Status == "active" && initiative.VotingRole(m.Role) {
			out = append(out, m)
		}
	}
	return out
}

// renderGovernance loads the framework, its history and the members, and
// shows the page with the form d.Form (or one filled from the current version).
func (h *handler) renderGovernance(
	w http.ResponseWriter,
	r *http.Request,
	status int,
	in *initiative.Initiative,
	d governancePageData,
	formSet bool,
) error {
	ctx := r.Context()
	d.Initiative, d.Rules, d.Cadences = in, ruleOptions, initiative.MeetingCadences
	var err error
	if d.Current, err = h.currentGovernance(r, in.ID); err != nil {
		return err
	}
	history, err := h.Initiatives.GovernanceHistory(ctx, httpx.Actor(r), in.ID)
	if err != nil {
		return err
	}
	for i, g := range history {
		v := governanceVersion{Governance: g, RuleText: g.Rule().String()}
		if i+1 < len(history) {
			v.Changes = governanceChanges(history[i+1], g)
		} else {
			v.Changes = []string{"first version"}
		}
		d.History = append(d.History, v)
	}
	members, err := h.Initiatives.Members(ctx, in.ID)
	if err != nil {
		return err
	}
	d.Voters = activeVoters(members)
	if d.Current != nil {
		d.RuleText = ruleWords(d.Current.Rule(), d.Current.LeadOrganizationName)
		d.QuorumText = quorumWords(d.Current.QuorumPercent, len(d.Voters))
	}
	if d.CanManage, err = h.may(r, account.SaveGovernance, account.Initiative(in.ID)); err != nil {
		return err
	}
	if !formSet {
		d.Form = governanceFormOf(d.Current)
	}
	blank := governanceBlankRows
	if len(d.Form.Input.ConflictSteps) > 0 {
		blank = 2
	}
	d.Form = d.Form.withBlankRows(blank)
	h.render(w, r, status, "initiative_governance", "Governance · "+in.Name, "initiatives", d)
	return nil
}

func (h *handler) governancePage(w http.ResponseWriter, r *http.Request) error {
	in, err := h.initiativeOf(r)
	if err != nil {
		return err
	}
	return h.renderGovernance(w, r, http.StatusOK, in, governancePageData{}, false)
}

// governanceSave adopts a new version, or (for "add more rows") shows the
// form again with more empty rows and saves nothing.
func (h *handler) governanceSave(w http.ResponseWriter, r *http.Request) error {
	in, err := h.initiativeOf(r)
	if err != nil {
		return err
	}
	form, problems := parseGovernanceForm(r)
	if r.PostFormValue("more_rows") != "" || len(problems) > 0 {
		// Nothing is saved here, but the form is offered again only to
		// those who may save it.
		if err := h.offered(r, account.SaveGovernance, account.Initiative(in.ID)); err != nil {
			return err
		}
	}
	if r.PostFormValue("more_rows") != "" {
		form = form.withBlankRows(governanceBlankRows)
		return h.renderGovernance(w, r, http.StatusOK, in, governancePageData{Form: form}, true)
	}
	if len(problems) > 0 {
		// Check the rest as well, so that every mistake shows at once.
		check := form.Input
		var v *errs.ValidationError
		if err := check.Normalize(); errors.As(err, &v) {
			for f, msg := range v.Fields {
				if _, ok := problems[f]; !ok {
					problems[f] = msg
				}
			}
		}
		return h.renderGovernance(
			w,
			r,
			http.StatusUnprocessableEntity,
			in,
			governancePageData{Form: form, Errors: problems},
			true,
		)
	}
	saved, err := h.Initiatives.SaveGovernance(r.Context(), httpx.Actor(r), in.ID, form.Input)
	var v *errs.ValidationError
	var c *errs.ConflictError
	switch {
	case errors.As(err, &v):
		return h.renderGovernance(
			w,
			r,
			http.StatusUnprocessableEntity,
			in,
			governancePageData{Form: form, Errors: v.Fields},
			true,
		)
	case errors.As(err, &c):
		return h.renderGovernance(
			w,
			r,
			http.StatusConflict,
			in,
			governancePageData{Form: form, Problem: c.Message},
			true,
		)
	case err != nil:
		return err
	}
	h.setFlash(
		w,
		r,
		"success",
		fmt.Sprintf(
			"Version %d of the governance framework was saved. Earlier versions are kept below.",
			saved.Version,
		),
	)
	redirect(w, r, fmt.Sprintf("/initiatives/%d/governance", in.ID))
	return nil
}

// offered refuses a form to someone who may not take action a on t: a page
// that shows a form again (with more rows, or with mistakes found before
// the domain is asked) saves nothing, so the domain cannot refuse it.
func (h *handler) offered(r *http.Request, a account.Action, t account.Target) error {
	ok, err := h.may(r, a, t)
	if err != nil || ok {
		return err
	}
	return fmt.Errorf("%s is not offered: %w", a, errs.ErrForbidden)
}
