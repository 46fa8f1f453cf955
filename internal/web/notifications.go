package web

import (
	"errors"
	"net/http"
	"strconv"

	"backbone/internal/errs"
	"backbone/internal/httpx"
	"backbone/internal/notify"
)

// notificationsData is a person's notifications page.
type notificationsData struct {
	Notifications []notify.Notification
	Unread        int
	OnlyUnread    bool
	Older         int64 // where the next page starts; 0 when there is none
}

const notificationsPageSize = 50

// notificationsPage lists the signed-in person's notifications, newest
// first, the unread ones marked.
func (h *handler) notificationsPage(w http.ResponseWriter, r *http.Request) error {
	before, err := strconv.ParseInt(r.URL.Query().Get("before"), 10, 64)
	if err != nil || before < 0 {
		before = 0
	}
	d := notificationsData{OnlyUnread: r.URL.Query().Get("show") == "unread"}
	if d.Notifications, err = h.Notify.List(r.Context(), httpx.Actor(r), d.OnlyUnread, notificationsPageSize,
		before); err != nil {
		return err
	}
	if d.Unread, err = h.Notify.Unread(r.Context(), httpx.Actor(r)); err != nil {
		return err
	}
	if n := len(d.Notifications); n == notificationsPageSize {
		d.Older = d.Notifications[n-1].ID
	}
	h.render(w, r, http.StatusOK, "notifications", "Notifications", "notifications", d)
	return nil
}

// notificationsRead marks one notification read (id in the form), or all,
// and opens the notification's link when it has one.
func (h *handler) notificationsRead(w http.ResponseWriter, r *http.Request) error {
	var ids []int64
	if v := r.PostFormValue("id"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return &errs.ValidationError{Fields: map[string]string{"id": "is not a notification's number"}}
		}
		ids = append(ids, id)
	}
	n, err := h.Notify.MarkRead(r.Context(), httpx.Actor(r), ids)
	if err != nil {
		return err
	}
	if to := r.PostFormValue("open"); len(ids) == 1 && isLocalPath(to) {
		redirect(w, r, to)
		return nil
	}
	if len(ids) == 0 {
		h.setFlash(w, r, "success", strconv.Itoa(n)+" notifications marked read.")
	}
	redirect(w, r, "/notifications")
	return nil
}

// isLocalPath is a path on this site (not "//host" or a scheme).
func isLocalPath(p string) bool {
	return len(p) > 1 && p[0] == '/' && p[1] != '/' && p[1] != '\\'
}

// notificationPrefsData is the page where a person chooses how each kind
// of notification reaches them.
type notificationPrefsData struct {
	Preferences []notify.Preference
	Deliveries  []notify.Delivery
	Errors      map[string]string
}

func (h *handler) notificationPrefsPage(w http.ResponseWriter, r *http.Request) error {
	return h.showNotificationPrefs(w, r, http.StatusOK, nil)
}

func (h *handler) showNotificationPrefs(w http.ResponseWriter, r *http.Request, status int,
	problems map[string]string) error {
	prefs, err := h.Notify.Preferences(r.Context(), httpx.Actor(r))
	if err != nil {
		return err
	}
	h.render(w, r, status, "notification_preferences", "Notification choices", "account",
		notificationPrefsData{Preferences: prefs, Deliveries: notify.Deliveries, Errors: problems})
	return nil
}

// notificationPrefsSave saves a choice for every kind the form sends.
func (h *handler) notificationPrefsSave(w http.ResponseWriter, r *http.Request) error {
	choices := map[string]notify.Delivery{}
	for _, k := range notify.Kinds {
		if v := r.PostFormValue(k.Name); v != "" {
			choices[k.Name] = notify.Delivery(v)
		}
	}
	err := h.Notify.SetPreferences(r.Context(), httpx.Actor(r), choices)
	var v *errs.ValidationError
	if errors.As(err, &v) {
		return h.showNotificationPrefs(w, r, http.StatusUnprocessableEntity, v.Fields)
	}
	if err != nil {
		return err
	}
	h.setFlash(w, r, "success", "Your notification choices are saved.")
	redirect(w, r, "/account/notifications")
	return nil
}

// unsubscribeData is the page an e-mail's unsubscribe link opens.
type unsubscribeData struct {
	Kind             notify.Kind
	User, Name, Sign string
	Done, Bad        bool
}

// unsubscribePage asks to confirm turning a kind off; it changes nothing,
// so that a mail scanner following the link does not unsubscribe anyone.
func (h *handler) unsubscribePage(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	d := unsubscribeData{User: q.Get("u"), Name: q.Get("k"), Sign: q.Get("s")}
	_, k, err := h.Notify.CheckUnsubscribe(r.Context(), d.User, d.Name, d.Sign)
	status := http.StatusOK
	if errors.Is(err, notify.ErrBadUnsubscribe) {
		d.Bad, status = true, http.StatusNotFound
	} else if err != nil {
		return err
	}
	d.Kind = k
	h.render(w, r, status, "unsubscribe", "Stop these e-mails", "", d)
	return nil
}

// unsubscribe turns a kind off: from the page's button, or from a mail
// program's one-click request (RFC 8058), which carries no form token: the
// link's signature is the key, so this address is outside the CSRF check.
func (h *handler) unsubscribe(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	d := unsubscribeData{User: q.Get("u"), Name: q.Get("k"), Sign: q.Get("s")}
	k, err := h.Notify.Unsubscribe(r.Context(), d.User, d.Name, d.Sign)
	if errors.Is(err, notify.ErrBadUnsubscribe) {
		d.Bad = true
		h.render(w, r, http.StatusNotFound, "unsubscribe", "Stop these e-mails", "", d)
		return nil
	}
	if err != nil {
		return err
	}
	d.Kind, d.Done = k, true
	h.render(w, r, http.StatusOK, "unsubscribe", "Stop these e-mails", "", d)
	return nil
}

// unsubscribePath is where the unsubscribe links of e-mails lead.
const unsubscribePath = "/notifications/unsubscribe"
