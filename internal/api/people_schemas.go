package api

import (
	"backbone/internal/account"
	"backbone/internal/initiative"
)

// peopleSchemas documents the bodies of people and their roles.
func peopleSchemas() obj {
	str := obj{"type": "string"}
	integer := obj{"type": "integer"}
	boolean := obj{"type": "boolean"}
	when := obj{"type": "string", "format": "date-time"}
	maybeWhen := obj{"type": []string{"string", "null"}, "format": "date-time"}
	enum := func(values []string, desc string) obj {
		return obj{"type": "string", "enum": values, "description": desc}
	}
	object := func(desc string, required []string, props obj) obj {
		o := obj{"type": "object", "additionalProperties": false, "properties": props, "description": desc}
		if len(required) > 0 {
			o["required"] = required
		}
		return o
	}
	listOf := func(schema string) obj {
		return object("A list", []string{"items"}, obj{"items": obj{"type": "array", "items": ref(schema)}})
	}
	platformRole := enum(account.PlatformRoles, "member, steward (keeps the directory) or admin (manages people)")
	orgRole := enum(account.OrganizationRoles, "admin (keeps the organization's record and people) or staff")
	initiativeRole := enum(initiative.InitiativeRoles, "backbone_staff run the initiative, a partner_lead acts for their "+
		"organization in it, members take part, viewers read")
	email := obj{"type": "string", "description": "Given only to those who may change the list"}

	return obj{
		"UserAccount": object("A person's account, as platform admins see it",
			[]string{"id", "email", "name", "role", "disabled", "disabled_at", "last_login_at", "created_at", "organizations"},
			obj{"id": integer, "email": str, "name": str, "role": platformRole, "disabled": boolean,
				"disabled_at": maybeWhen, "last_login_at": maybeWhen, "created_at": when,
				"organizations": obj{"type": "array", "items": object("An organization the person works for",
					[]string{"organization_id", "organization_name", "role"},
					obj{"organization_id": str, "organization_name": str, "role": orgRole})}}),
		"UserAccountList": listOf("UserAccount"),
		"UserPatch": object("What to change; a field left out stays as it is", nil,
			obj{"role": platformRole, "disabled": obj{"type": "boolean", "description": "true disables the account " +
				"(sessions end, tokens stop working); false enables it again"}}),

		"OrganizationPerson": object("Someone who works for an organization, and their role there",
			[]string{"user_id", "name", "role", "disabled", "since"},
			obj{"user_id": integer, "name": str, "email": email, "role": orgRole, "disabled": boolean, "since": when}),
		"OrganizationPersonList": listOf("OrganizationPerson"),
		"OrganizationRoleInput":  object("A role in an organization", []string{"role"}, obj{"role": orgRole}),

		"InitiativeRole": object("Someone given a role in an initiative",
			[]string{"user_id", "name", "role", "disabled", "organizations", "works_for_member"},
			obj{"user_id": integer, "name": str, "email": email, "role": initiativeRole, "disabled": boolean,
				"organizations": obj{"type": "array", "items": str,
					"description": "The active member organizations the person works for"},
				"works_for_member": obj{"type": "boolean", "description": "A partner lead should: they act for their " +
					"organization, and one who works for no member has nobody to act for"}}),
		"InitiativeRoleList":  listOf("InitiativeRole"),
		"InitiativeRoleInput": object("A role in an initiative", []string{"role"}, obj{"role": initiativeRole}),
	}
}
