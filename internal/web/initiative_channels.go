package web

import (
	"errors"
	"fmt"
	"net/http"

	"backbone/internal/account"
	"backbone/internal/errs"
	"backbone/internal/httpx"
	"backbone/internal/initiative"
	"backbone/internal/webhook"
)

// formatOption is a format as the form offers it.
type formatOption struct{ Value, Label string }

func formatOptions() []formatOption {
	var out []formatOption
	for _, f := range webhook.Formats {
		out = append(out, formatOption{f, webhook.FormatName(f)})
	}
	return out
}

// channelsData is the list of an initiative's channels with the form that
// adds one.
type channelsData struct {
	Initiative *initiative.Initiative
	Channel    *webhook.Webhook // nil: the template shows the list
	Channels   []webhook.Webhook
	Input      webhook.Input
	Errors     map[string]string
	Formats    []formatOption
	Kinds      []string
	Enabled    bool // the form's "on" box
}

// channelData is one channel: its settings, the signing secret just made
// (shown once), and its recent deliveries.
type channelData struct {
	Initiative *initiative.Initiative
	Channel    *webhook.Webhook
	Input      webhook.Input
	Errors     map[string]string
	Secret     string
	Deliveries []webhook.Delivery
	Formats    []formatOption
	Kinds      []string
	Enabled    bool // the form's "on" box
}

func (h *handler) channelsPage(w http.ResponseWriter, r *http.Request) error {
	in, err := h.initiativeOf(r)
	if err != nil {
		return err
	}
	return h.renderChannels(w, r, http.StatusOK, channelsData{Initiative: in,
		Input: webhook.Input{Format: webhook.FormatSlack}})
}

func (h *handler) renderChannels(w http.ResponseWriter, r *http.Request, status int, d channelsData) error {
	list, err := h.Webhooks.List(r.Context(), httpx.Actor(r), d.Initiative.ID)
	if err != nil {
		return err
	}
	d.Channels, d.Formats, d.Kinds = list, formatOptions(), webhook.Kinds
	d.Enabled = d.Input.Enabled == nil || *d.Input.Enabled
	h.render(w, r, status, "initiative_channels", "Channels · "+d.Initiative.Name, "initiatives", d)
	return nil
}

// channelForm reads the channel form. Kinds come as checkboxes; none
// ticked is every kind.
func channelForm(r *http.Request) webhook.Input {
	enabled := r.PostFormValue("enabled") == "on"
	return webhook.Input{Name: r.PostFormValue("name"), Format: r.PostFormValue("format"),
		URL: r.PostFormValue("url"), Kinds: r.PostForm["kinds"], Enabled: &enabled}
}

func (h *handler) channelCreate(w http.ResponseWriter, r *http.Request) error {
	in, err := h.initiativeOf(r)
	if err != nil {
		return err
	}
	input := channelForm(r)
	ch, secret, err := h.Webhooks.Create(r.Context(), httpx.Actor(r), in.ID, input)
	var v *errs.ValidationError
	switch {
	case errors.As(err, &v):
		input.URL = "" // a secret: not written back into the page
		return h.renderChannels(w, r, http.StatusUnprocessableEntity, channelsData{Initiative: in, Input: input,
			Errors: v.Fields})
	case err != nil:
		return err
	}
	if secret != "" {
		// The secret is shown on this answer only: no redirect, which
		// would lose it.
		return h.renderChannel(w, r, http.StatusCreated, channelData{Initiative: in, Channel: ch, Secret: secret})
	}
	h.setFlash(w, r, "success", fmt.Sprintf("The channel %s was added. Send a test to check it arrives.",
		account.Quote(ch.Name)))
	redirect(w, r, fmt.Sprintf("/initiatives/%d/channels/%d", in.ID, ch.ID))
	return nil
}

// channelOf reads the initiative and the channel of the path.
func (h *handler) channelOf(r *http.Request) (*initiative.Initiative, *webhook.Webhook, error) {
	in, err := h.initiativeOf(r)
	if err != nil {
		return nil, nil, err
	}
	id, err := pathInt(r, "channel")
	if err != nil {
		return nil, nil, err
	}
	ch, err := h.Webhooks.Get(r.Context(), httpx.Actor(r), in.ID, id)
	return in, ch, err
}

func (h *handler) channelPage(w http.ResponseWriter, r *http.Request) error {
	in, ch, err := h.channelOf(r)
	if err != nil {
		return err
	}
	return h.renderChannel(w, r, http.StatusOK, channelData{Initiative: in, Channel: ch})
}

func (h *handler) renderChannel(w http.ResponseWriter, r *http.Request, status int, d channelData) error {
	list, err := h.Webhooks.Deliveries(r.Context(), httpx.Actor(r), d.Initiative.ID, d.Channel.ID, 30)
	if err != nil {
		return err
	}
	d.Deliveries, d.Formats, d.Kinds = list, formatOptions(), webhook.Kinds
	if d.Input.Name == "" {
		enabled := d.Channel.Enabled
		d.Input = webhook.Input{Name: d.Channel.Name, Format: d.Channel.Format, Kinds: d.Channel.Kinds,
			Enabled: &enabled}
	}
	d.Enabled = d.Input.Enabled == nil || *d.Input.Enabled
	h.render(w, r, status, "initiative_channels", d.Channel.Name+" · Channels · "+d.Initiative.Name, "initiatives", d)
	return nil
}

func (h *handler) channelSave(w http.ResponseWriter, r *http.Request) error {
	in, ch, err := h.channelOf(r)
	if err != nil {
		return err
	}
	input := channelForm(r)
	saved, secret, err := h.Webhooks.Update(r.Context(), httpx.Actor(r), in.ID, ch.ID, input)
	var v *errs.ValidationError
	switch {
	case errors.As(err, &v):
		input.URL = ""
		return h.renderChannel(w, r, http.StatusUnprocessableEntity, channelData{Initiative: in, Channel: ch,
			Input: input, Errors: v.Fields})
	case err != nil:
		return err
	}
	if secret != "" {
		return h.renderChannel(w, r, http.StatusOK, channelData{Initiative: in, Channel: saved, Secret: secret})
	}
	h.setFlash(w, r, "success", "The channel "+account.Quote(saved.Name)+" was saved.")
	redirect(w, r, fmt.Sprintf("/initiatives/%d/channels/%d", in.ID, ch.ID))
	return nil
}

func (h *handler) channelTest(w http.ResponseWriter, r *http.Request) error {
	in, ch, err := h.channelOf(r)
	if err != nil {
		return err
	}
	if _, err := h.Webhooks.SendTest(r.Context(), httpx.Actor(r), in.ID, ch.ID); err != nil {
		return err
	}
	h.setFlash(w, r, "success", "A test is on its way. Reload this page in a few seconds to see how it went.")
	redirect(w, r, fmt.Sprintf("/initiatives/%d/channels/%d", in.ID, ch.ID))
	return nil
}

func (h *handler) channelRedeliver(w http.ResponseWriter, r *http.Request) error {
	in, ch, err := h.channelOf(r)
	if err != nil {
		return err
	}
	id, err := pathInt(r, "delivery")
	if err != nil {
		return err
	}
	var c *errs.ConflictError
	_, err = h.Webhooks.Redeliver(r.Context(), httpx.Actor(r), in.ID, ch.ID, id)
	switch {
	case errors.As(err, &c):
		h.setFlash(w, r, "error", "This delivery is being sent right now; wait a moment and look again.")
	case err != nil:
		return err
	default:
		h.setFlash(w, r, "success", "The update will be posted again in a moment.")
	}
	redirect(w, r, fmt.Sprintf("/initiatives/%d/channels/%d", in.ID, ch.ID))
	return nil
}

func (h *handler) channelDelete(w http.ResponseWriter, r *http.Request) error {
	in, ch, err := h.channelOf(r)
	if err != nil {
		return err
	}
	if err := h.Webhooks.Delete(r.Context(), httpx.Actor(r), in.ID, ch.ID); err != nil {
		return err
	}
	h.setFlash(w, r, "success", "The channel "+account.Quote(ch.Name)+" was removed.")
	redirect(w, r, fmt.Sprintf("/initiatives/%d/channels", in.ID))
	return nil
}
