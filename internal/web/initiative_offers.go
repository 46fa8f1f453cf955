package web

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"backbone/internal/account"
	"backbone/internal/errs"
	"backbone/internal/health"
	"backbone/internal/httpx"
	"backbone/internal/initiative"
)

// suggestionRow is a suggested match, and whether the person may propose
// it.
type suggestionRow struct {
	health.Suggestion
	CanPropose bool
}

// matchRow is a match, and what the person may do with it.
type matchRow struct {
	health.Match
	CanAnswer, CanOutcome bool
}

type offersData struct {
	Initiative  *initiative.Initiative
	Board       *health.Board
	Suggestions []suggestionRow
	Matches     []matchRow
	Orgs        []choice
	Kinds       []choice
	Input       health.PostInput
	Errors      map[string]string
	Backbone    bool
	Mine        map[string]bool // the organizations the person may post for
}

func (h *handler) offersPage(w http.ResponseWriter, r *http.Request) error {
	in, err := h.initiativeOf(r)
	if err != nil {
		return err
	}
	return h.renderOffers(w, r, http.StatusOK, offersData{Initiative: in,
		Input: health.PostInput{Side: health.SideOffer, Category: health.KindSpace}})
}

func (h *handler) renderOffers(w http.ResponseWriter, r *http.Request, status int, d offersData) error {
	ctx, actor, id := r.Context(), httpx.Actor(r), d.Initiative.ID
	var err error
	if d.Board, err = h.Health.Board(ctx, actor, id); err != nil {
		return err
	}
	if d.Backbone, err = h.may(r, account.ProposeMatch, account.Initiative(id)); err != nil {
		return err
	}
	if d.Orgs, err = h.recordableMembers(r, id, d.Backbone, d.Input.OrganizationID); err != nil {
		return err
	}
	d.Mine = map[string]bool{}
	for _, o := range d.Orgs {
		d.Mine[o.Value] = true
	}
	for _, k := range health.Kinds {
		d.Kinds = append(d.Kinds, choice{k, capitalize(health.KindLabel(k)), k == d.Input.Category})
	}
	for _, s := range d.Board.Suggestions {
		d.Suggestions = append(d.Suggestions, suggestionRow{Suggestion: s, CanPropose: d.Backbone ||
			d.Mine[s.Offer.OrganizationID] || d.Mine[s.Need.OrganizationID]})
	}
	for _, m := range d.Board.Matches {
		row := matchRow{Match: m}
		if m.Status == health.MatchProposed {
			target := account.OrgIn(m.Answerer().OrganizationID, id)
			if row.CanAnswer, err = h.may(r, account.AnswerMatch, target); err != nil {
				return err
			}
		}
		row.CanOutcome = m.Status == health.MatchAccepted && (d.Backbone || d.Mine[m.Offer.OrganizationID] ||
			d.Mine[m.Need.OrganizationID])
		d.Matches = append(d.Matches, row)
	}
	h.render(w, r, status, "initiative_offers", "Offers and needs · "+d.Initiative.Name, "initiatives", d)
	return nil
}

func (h *handler) offerPost(w http.ResponseWriter, r *http.Request) error {
	in, err := h.initiativeOf(r)
	if err != nil {
		return err
	}
	d := offersData{Initiative: in, Input: health.PostInput{OrganizationID: r.PostFormValue("organization_id"),
		Side: r.PostFormValue("side"), Category: r.PostFormValue("category"), Title: r.PostFormValue("title"),
		Details: r.PostFormValue("details")}}
	p, err := h.Health.Post(r.Context(), httpx.Actor(r), in.ID, d.Input)
	var v *errs.ValidationError
	if errors.As(err, &v) {
		d.Errors = v.Fields
		return h.renderOffers(w, r, http.StatusUnprocessableEntity, d)
	}
	if err != nil {
		return err
	}
	h.setFlash(w, r, "success", fmt.Sprintf("Posted %s's %s: %s.", p.OrganizationName, p.Side,
		account.Quote(p.Title)))
	redirect(w, r, fmt.Sprintf("/initiatives/%d/offers", in.ID))
	return nil
}

func (h *handler) offerClose(w http.ResponseWriter, r *http.Request) error {
	in, err := h.initiativeOf(r)
	if err != nil {
		return err
	}
	id, err := pathInt(r, "post")
	if err != nil {
		return err
	}
	p, err := h.Health.ClosePost(r.Context(), httpx.Actor(r), in.ID, id)
	if err := h.flashConflict(w, r, err); err != nil {
		return err
	}
	if p != nil {
		h.setFlash(w, r, "success", fmt.Sprintf("Closed the %s %s.", p.Side, account.Quote(p.Title)))
	}
	redirect(w, r, fmt.Sprintf("/initiatives/%d/offers", in.ID))
	return nil
}

// flashConflict shows a conflict or a refused input as the flash of the
// page the person is sent back to; any other error is returned.
func (h *handler) flashConflict(w http.ResponseWriter, r *http.Request, err error) error {
	var c *errs.ConflictError
	var v *errs.ValidationError
	switch {
	case errors.As(err, &c):
		h.setFlash(w, r, "error", c.Message)
	case errors.As(err, &v):
		h.setFlash(w, r, "error", v.Error())
	default:
		return err
	}
	return nil
}

func (h *handler) matchPropose(w http.ResponseWriter, r *http.Request) error {
	in, err := h.initiativeOf(r)
	if err != nil {
		return err
	}
	offer, _ := strconv.ParseInt(r.PostFormValue("offer_id"), 10, 64)
	need, _ := strconv.ParseInt(r.PostFormValue("need_id"), 10, 64)
	m, err := h.Health.ProposeMatch(r.Context(), httpx.Actor(r), in.ID, offer, need)
	if err := h.flashConflict(w, r, err); err != nil {
		return err
	}
	if m != nil {
		h.setFlash(w, r, "success", fmt.Sprintf("Proposed %s's %s for %s's %s; %s answers it.",
			m.Offer.OrganizationName, account.Quote(m.Offer.Title), m.Need.OrganizationName,
			account.Quote(m.Need.Title), m.Answerer().OrganizationName))
	}
	redirect(w, r, fmt.Sprintf("/initiatives/%d/offers#matches", in.ID))
	return nil
}

func (h *handler) matchAnswer(w http.ResponseWriter, r *http.Request) error {
	return h.onMatch(w, r, func(m *health.Match) string { return fmt.Sprintf("The match is %s.", m.Status) },
		func(initiativeID, id int64) (*health.Match, error) {
			return h.Health.AnswerMatch(r.Context(), httpx.Actor(r), initiativeID, id, r.PostFormValue("answer"))
		})
}

func (h *handler) matchOutcome(w http.ResponseWriter, r *http.Request) error {
	return h.onMatch(w, r, func(*health.Match) string { return "The outcome is recorded." },
		func(initiativeID, id int64) (*health.Match, error) {
			return h.Health.RecordOutcome(r.Context(), httpx.Actor(r), initiativeID, id, r.PostFormValue("outcome"))
		})
}

// onMatch does something to the match of the path, says what came of it
// (done) or why it could not be done, and goes back to the matches.
func (h *handler) onMatch(w http.ResponseWriter, r *http.Request, done func(*health.Match) string,
	do func(initiativeID, id int64) (*health.Match, error)) error {
	in, err := h.initiativeOf(r)
	if err != nil {
		return err
	}
	id, err := pathInt(r, "match")
	if err != nil {
		return err
	}
	m, err := do(in.ID, id)
	if err := h.flashConflict(w, r, err); err != nil {
		return err
	}
	if m != nil {
		h.setFlash(w, r, "success", done(m))
	}
	redirect(w, r, fmt.Sprintf("/initiatives/%d/offers#matches", in.ID))
	return nil
}
