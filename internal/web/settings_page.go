package web

import (
	"errors"
	"net/http"
	"strconv"

	"backbone/internal/account"
	"backbone/internal/errs"
	"backbone/internal/httpx"
	"backbone/internal/mail"
)

// settingsData is the settings page: what platform admins choose for the
// whole instance.
type settingsData struct {
	Settings account.Settings
	Choices  []settingChoice
	Errors   map[string]string
	Mail     mailSettings
}

// mailSettings is the settings page's e-mail section.
type mailSettings struct {
	Setup mail.Setup
	// URL is the server saved on the page, without its password; From the
	// sender's address saved there.
	URL, From   string
	HasPassword bool
	TestTo      string // whom the test message goes to: the admin, by default
	Errors      map[string]string
}

// mailSection reads the e-mail section of the settings page.
func (h *handler) mailSection(r *http.Request) (mailSettings, error) {
	setup, err := h.Mail.Setup(r.Context())
	if err != nil {
		return mailSettings{}, err
	}
	m := mailSettings{Setup: setup, From: setup.From}
	if setup.Source == mail.FromPage {
		m.URL = setup.Server.String()
		m.HasPassword = setup.Server.Password != ""
	}
	if u := httpx.Actor(r).User; u != nil {
		m.TestTo = u.Email
	}
	return m, nil
}

// settingChoice is one answer to "who may start an initiative".
type settingChoice struct {
	Value, Label, Hint string
}

// starterChoices are the answers to "who may start an initiative", in
// the words of the page.
var starterChoices = []settingChoice{
	{account.StartersStewards, "Directory stewards only",
		"Platform admins and directory stewards start initiatives; anyone else asks one of them."},
	{account.StartersOrganizationAdmins, "Directory stewards and any organization's admin",
		"Also anyone who is an admin of an organization in the directory, such as a coordinator at a backbone organization. Whoever starts an initiative runs it, as its backbone staff."},
}

// settingsPage shows the instance's settings, for platform admins.
func (h *handler) settingsPage(w http.ResponseWriter, r *http.Request) error {
	s, err := h.Accounts.Settings(r.Context(), httpx.Actor(r))
	if err != nil {
		return err
	}
	m, err := h.mailSection(r)
	if err != nil {
		return err
	}
	h.render(
		w,
		r,
		http.StatusOK,
		"settings",
		"Settings",
		"settings",
		&settingsData{Settings: s, Choices: starterChoices, Mail: m},
	)
	return nil
}

// settingsSave changes them.
func (h *handler) settingsSave(w http.ResponseWriter, r *http.Request) error {
	in := account.Settings{InitiativeStarters: r.PostFormValue("initiative_starters"),
		DistanceUnit: r.PostFormValue("distance_unit"), GeocoderURL: r.PostFormValue("geocoder_url")}
	_, err := h.Accounts.SaveSettings(r.Context(), httpx.Actor(r), in)
	var v *errs.ValidationError
	if errors.As(err, &v) {
		m, err := h.mailSection(r)
		if err != nil {
			return err
		}
		d := &settingsData{Settings: in, Choices: starterChoices, Errors: v.Fields, Mail: m}
		h.render(w, r, http.StatusUnprocessableEntity, "settings", "Settings", "settings", d)
		return nil
	}
	if err != nil {
		return err
	}
	h.setFlash(w, r, "success", "Settings saved.")
	redirect(w, r, "/settings")
	return nil
}

// settingsMailSave saves the mail server and the sender's address.
func (h *handler) settingsMailSave(w http.ResponseWriter, r *http.Request) error {
	in := mail.ServerInput{
		URL:      r.PostFormValue("smtp_url"),
		Password: r.PostFormValue("smtp_password"),
		From:     r.PostFormValue("mail_from"),
	}
	setup, err := h.Mail.SaveServer(r.Context(), httpx.Actor(r), in)
	var v *errs.ValidationError
	if errors.As(err, &v) {
		return h.settingsAgain(w, r, func(m *mailSettings) {
			m.URL, m.From, m.Errors = in.URL, in.From, v.Fields
		})
	}
	if err != nil {
		return err
	}
	msg := "E-mail settings saved. No mail server is set: messages stay in the outbox."
	if setup.Sending() {
		msg = "E-mail settings saved. Messages go through " + setup.Server.String() + "."
	}
	h.setFlash(w, r, "success", msg)
	redirect(w, r, "/settings#mail")
	return nil
}

// settingsMailTest puts a test message in the outbox and shows it there.
func (h *handler) settingsMailTest(w http.ResponseWriter, r *http.Request) error {
	to := r.PostFormValue("to")
	id, err := h.Mail.SendTest(r.Context(), httpx.Actor(r), to)
	var v *errs.ValidationError
	if errors.As(err, &v) {
		return h.settingsAgain(w, r, func(m *mailSettings) {
			m.TestTo, m.Errors = to, map[string]string{"test_to": v.Fields["to"]}
		})
	}
	if err != nil {
		return err
	}
	h.setFlash(w, r, "success", "A test message to "+to+" is in the outbox.")
	redirect(w, r, "/mail/"+strconv.FormatInt(id, 10))
	return nil
}

// settingsAgain shows the settings page again with the e-mail section as
// change leaves it (what was typed, and what is wrong with it).
func (h *handler) settingsAgain(w http.ResponseWriter, r *http.Request, change func(*mailSettings)) error {
	s, err := h.Accounts.Settings(r.Context(), httpx.Actor(r))
	if err != nil {
		return err
	}
	m, err := h.mailSection(r)
	if err != nil {
		return err
	}
	change(&m)
	h.render(
		w,
		r,
		http.StatusUnprocessableEntity,
		"settings",
		"Settings",
		"settings",
		&settingsData{Settings: s, Choices: starterChoices, Mail: m},
	)
	return nil
}
