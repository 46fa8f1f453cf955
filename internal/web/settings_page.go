package web

import (
	"errors"
	"net/http"

	"backbone/internal/account"
	"backbone/internal/errs"
	"backbone/internal/httpx"
)

// settingsData is the settings page: what platform admins choose for the
// whole instance.
type settingsData struct {
	Settings account.Settings
	Choices  []settingChoice
	Errors   map[string]string
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
	h.render(w, r, http.StatusOK, "settings", "Settings", "settings", &settingsData{Settings: s, Choices: starterChoices})
	return nil
}

// settingsSave changes them.
func (h *handler) settingsSave(w http.ResponseWriter, r *http.Request) error {
	in := account.Settings{InitiativeStarters: r.PostFormValue("initiative_starters")}
	_, err := h.Accounts.SaveSettings(r.Context(), httpx.Actor(r), in)
	var v *errs.ValidationError
	if errors.As(err, &v) {
		d := &settingsData{Settings: in, Choices: starterChoices, Errors: v.Fields}
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
