package store

func init() { register(proposalReviewMigration) }

// proposalReviewMigration lets a steward review a proposal field by field
// and lets people propose an organization that is not in the directory yet.
// base_json keeps the values the changed fields had when the proposal was
// made, so that a field changed since is flagged instead of overwritten;
// applied_json keeps the fields applied and the values they were given,
// declined_json the fields the steward declined. A proposed organization
// has the entity type new_organization and an empty entity id until it is
// accepted, when the id of the organization made from it is kept.
var proposalReviewMigration = Migration{33, "proposal review field by field and new organizations", `
ALTER TABLE change_proposals ADD COLUMN base_json TEXT NOT NULL DEFAULT '';
ALTER TABLE change_proposals ADD COLUMN applied_json TEXT NOT NULL DEFAULT '{}';
ALTER TABLE change_proposals ADD COLUMN declined_json TEXT NOT NULL DEFAULT '[]';
UPDATE change_proposals SET applied_json = fields_json WHERE status = 'accepted';
CREATE INDEX change_proposals_proposer ON change_proposals (proposed_by, proposed_at)`}
