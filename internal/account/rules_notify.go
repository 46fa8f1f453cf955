package account

// Notifications: each person's own list, unread count and choices.
const (
	// KeepOwnNotifications is reading one's notifications, marking them
	// read and choosing how each kind arrives: anyone signed in. Target:
	// the platform.
	KeepOwnNotifications Action = "notification.own"
)

func decideNotifications(f Facts, a Action) (allowed, known bool) {
	if a == KeepOwnNotifications {
		return f.signedIn(), true
	}
	return false, false
}
