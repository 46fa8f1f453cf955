package account

// Channels: an initiative's outgoing webhooks, which post its updates to a
// chat (Slack, Mattermost, Microsoft Teams) or to any address as signed
// JSON.
const (
	// ManageWebhooks is seeing, adding, changing, testing and removing an
	// initiative's channels and reading their delivery logs: whoever may
	// edit the initiative, its backbone staff. A channel's address and
	// secret let anyone post as the initiative, so nobody else sees even
	// the list. Target: the initiative.
	ManageWebhooks Action = "initiative.webhooks"
)

func decideWebhooks(f Facts, a Action) (allowed, known bool) {
	switch a {
	case ManageWebhooks:
		return f.backbone(), true
	}
	return false, false
}
