package api

import (
	"net/http"

	"backbone/internal/health"
	"backbone/internal/httpx"
)

// healthRoutes are an initiative's partnership health: what members pledge
// and deliver, the benefits they report, the balance with its alerts, and
// the offers and needs with the matches between them.
func (h *handler) healthRoutes() []route {
	rt := func(method, path, op, summary, request string, status int, response string, problems []int,
		handle func(*handler, http.ResponseWriter, *http.Request) error) route {
		return route{Method: method, Pattern: workPrefix + path, OperationID: op, Tag: "health", Summary: summary,
			Request: request, Status: status, Response: response, Problems: problems, handle: handle}
	}
	read := []int{400, 401, 404}
	act := []int{400, 401, 403, 404, 409, 415, 422}
	return []route{
		rt("GET", "/contributions", "listContributions", "What members pledged and delivered, the latest "+
			"period first; entries backbone staff have not confirmed say so", "", 200, "ContributionList", read,
			(*handler).listContributions),
		rt("POST", "/contributions", "recordContribution", "Record a pledge or a delivery of an active member, "+
			"with its evidence (the member's own people, or backbone staff)", "ContributionInput", 201,
			"Contribution", act, (*handler).recordContribution),
		rt("POST", "/contributions/{contribution}/confirm", "confirmContribution", "Confirm an entry: the "+
			"backbone saw its evidence (backbone staff)", "", 200, "Contribution", act,
			(*handler).confirmContribution),
		rt("PUT", "/hour-rate", "setHourRate", "Set the dollars an hour of staff time is valued at, by which "+
			"hours add up with money (backbone staff)", "HourRate", 200, "HourRate", act, (*handler).setHourRate),
		rt("GET", "/benefits", "listBenefits", "The benefits members reported receiving: funding and referrals",
			"", 200, "BenefitList", read, (*handler).listBenefits),
		rt("POST", "/benefits", "recordBenefit", "Record funding or referrals a member received (its own "+
			"people, or backbone staff)", "BenefitInput", 201, "Benefit", act, (*handler).recordBenefit),
		rt("GET", "/balance", "getBalance", "Each member's share of what was given, per kind and unit (never "+
			"added across units; in dollars only where valued), beside its vote, the benefits it reported, the "+
			"indicators it reports and how partners rated its value; with alerts in plain words", "", 200,
			"Balance", read, (*handler).balance),
		rt("GET", "/offers", "getOffersAndNeeds", "The offers and needs members posted, the matches suggested "+
			"between open ones (with why) and the matches proposed", "", 200, "OfferBoard", read,
			(*handler).offerBoard),
		rt("POST", "/offers", "postOfferOrNeed", "Post what a member can offer or what it needs (its own "+
			"people, or backbone staff)", "PostInput", 201, "Post", act, (*handler).postOffer),
		rt("POST", "/offers/{post}/close", "closeOfferOrNeed", "Close an offer or need that was met or no "+
			"longer stands (its organization's people, or backbone staff)", "", 200, "Post", act,
			(*handler).closeOffer),
		rt("POST", "/matches", "proposeMatch", "Propose that an open offer meets an open need: backbone staff "+
			"as the backbone, anyone else for their side; the other side (the offering side when the backbone "+
			"proposed) accepts or declines", "MatchInput", 201, "Match", act, (*handler).proposeMatch),
		rt("POST", "/matches/{match}/answer", "answerMatch", "Accept or decline a proposed match, for the side "+
			"that answers it (that organization's people)", "MatchAnswer", 200, "Match", act,
			(*handler).answerMatch),
		rt("PUT", "/matches/{match}/outcome", "recordMatchOutcome", "Say how an accepted match went (either "+
			"side's people, or backbone staff)", "MatchOutcome", 200, "Match", act, (*handler).matchOutcome),
	}
}

func (h *handler) listContributions(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	cs, err := h.Health.Contributions(r.Context(), httpx.Actor(r), id)
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusOK, list(cs))
	return nil
}

func (h *handler) recordContribution(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in health.ContributionInput
	if err := decodeBody(w, r, &in); err != nil {
		return err
	}
	c, err := h.Health.Record(r.Context(), httpx.Actor(r), id, in)
	if err != nil {
		return err
	}
	location(w, id, "contributions", c.ID)
	h.writeJSON(w, r, http.StatusCreated, c)
	return nil
}

func (h *handler) confirmContribution(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	entry, err := pathID(r, "contribution")
	if err != nil {
		return err
	}
	c, err := h.Health.Confirm(r.Context(), httpx.Actor(r), id, entry)
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusOK, c)
	return nil
}

// hourRate is the body and answer of setHourRate.
type hourRate struct {
	HourRate float64 `json:"hour_rate"`
}

func (h *handler) setHourRate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in hourRate
	if err := decodeBody(w, r, &in); err != nil {
		return err
	}
	if err := h.Health.SetHourRate(r.Context(), httpx.Actor(r), id, in.HourRate); err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusOK, in)
	return nil
}

func (h *handler) listBenefits(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	bs, err := h.Health.Benefits(r.Context(), httpx.Actor(r), id)
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusOK, list(bs))
	return nil
}

func (h *handler) recordBenefit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in health.BenefitInput
	if err := decodeBody(w, r, &in); err != nil {
		return err
	}
	b, err := h.Health.RecordBenefit(r.Context(), httpx.Actor(r), id, in)
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusCreated, b)
	return nil
}

func (h *handler) balance(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	b, err := h.Health.Balance(r.Context(), httpx.Actor(r), id)
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusOK, b)
	return nil
}

func (h *handler) offerBoard(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	b, err := h.Health.Board(r.Context(), httpx.Actor(r), id)
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusOK, b)
	return nil
}

func (h *handler) postOffer(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in health.PostInput
	if err := decodeBody(w, r, &in); err != nil {
		return err
	}
	p, err := h.Health.Post(r.Context(), httpx.Actor(r), id, in)
	if err != nil {
		return err
	}
	location(w, id, "offers", p.ID)
	h.writeJSON(w, r, http.StatusCreated, p)
	return nil
}

func (h *handler) closeOffer(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	post, err := pathID(r, "post")
	if err != nil {
		return err
	}
	p, err := h.Health.ClosePost(r.Context(), httpx.Actor(r), id, post)
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusOK, p)
	return nil
}

// matchInput names the offer and the need a match proposes.
type matchInput struct {
	OfferID int64 `json:"offer_id"`
	NeedID  int64 `json:"need_id"`
}

func (h *handler) proposeMatch(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in matchInput
	if err := decodeBody(w, r, &in); err != nil {
		return err
	}
	m, err := h.Health.ProposeMatch(r.Context(), httpx.Actor(r), id, in.OfferID, in.NeedID)
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusCreated, m)
	return nil
}

// matchAnswer accepts or declines a match.
type matchAnswer struct {
	Answer string `json:"answer"`
}

// matchOutcome says how a match went.
type matchOutcome struct {
	Outcome string `json:"outcome"`
}

func (h *handler) answerMatch(w http.ResponseWriter, r *http.Request) error {
	id, match, err := matchIDs(r)
	if err != nil {
		return err
	}
	var in matchAnswer
	if err := decodeBody(w, r, &in); err != nil {
		return err
	}
	m, err := h.Health.AnswerMatch(r.Context(), httpx.Actor(r), id, match, in.Answer)
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusOK, m)
	return nil
}

func (h *handler) matchOutcome(w http.ResponseWriter, r *http.Request) error {
	id, match, err := matchIDs(r)
	if err != nil {
		return err
	}
	var in matchOutcome
	if err := decodeBody(w, r, &in); err != nil {
		return err
	}
	m, err := h.Health.RecordOutcome(r.Context(), httpx.Actor(r), id, match, in.Outcome)
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusOK, m)
	return nil
}

func matchIDs(r *http.Request) (int64, int64, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return 0, 0, err
	}
	m, err := pathID(r, "match")
	return id, m, err
}
