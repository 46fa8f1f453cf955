package account

// Calendar and feed links: the private addresses calendar programs and feed
// readers fetch without signing in. A link reads as the person who made it,
// with that person's rights at the time it is read.
const (
	// KeepOwnFeedLinks is making, listing and revoking one's own calendar
	// links: anyone signed in. Target: the platform.
	KeepOwnFeedLinks Action = "feed.own"
	// MakeInitiativeFeedLink is making a link to an initiative's calendar
	// and updates feed: whoever may see the initiative. Target: the
	// initiative.
	MakeInitiativeFeedLink Action = "initiative.feed.create"
	// RevokeInitiativeFeedLink is revoking a link to an initiative's
	// calendar and feed: the person who made it, and the initiative's
	// backbone staff. Target: the initiative, with the link's maker as its
	// author.
	RevokeInitiativeFeedLink Action = "initiative.feed.revoke"
)

func decideFeeds(f Facts, a Action) (allowed, known bool) {
	switch a {
	case KeepOwnFeedLinks:
		return f.signedIn(), true
	case MakeInitiativeFeedLink:
		return f.seesInitiative(), true
	case RevokeInitiativeFeedLink:
		return f.backbone() || f.Author, true
	}
	return false, false
}
