package account

// Accounts: people, their roles, and the audit log.
const (
	// ViewAudit is reading the whole audit log: platform admins only.
	ViewAudit Action = "audit.view"
	// ManageUsers is adding people and changing their platform roles:
	// platform admins only.
	ManageUsers Action = "users.manage"
)

// decideAccounts is the rule book's chapter on accounts. Only platform
// admins (whom Decide lets do anything) manage people and read the log.
func decideAccounts(f Facts, a Action) (allowed, known bool) {
	switch a {
	case ViewAudit, ManageUsers:
		return false, true
	}
	return false, false
}
