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
	initiativeRole := enum(
		initiative.InitiativeRoles,
		"backbone_staff run the initiative, a partner_lead acts for their "+
			"organization in it, members take part, viewers read",
	)
	email := obj{"type": "string", "description": "Given only to those who may change the list"}

	accountFields := func() obj {
		return obj{"id": integer, "email": str, "name": str, "role": platformRole, "disabled": boolean,
			"disabled_at": maybeWhen, "last_login_at": maybeWhen, "created_at": when,
			"organizations": obj{"type": "array", "items": object("An organization the person works for",
				[]string{"organization_id", "organization_name", "role"},
				obj{"organization_id": str, "organization_name": str, "role": orgRole})},
			"must_change_password": obj{"type": "boolean", "description": "The person holds a temporary password " +
				"and chooses their own at their next sign-in"},
			"initiative_roles": obj{"type": "array", "description": "The roles given to the person in initiatives " +
				"(for one person, not in the list)", "items": object("A role in an initiative",
				[]string{"initiative_id", "initiative_name", "role"},
				obj{"initiative_id": integer, "initiative_name": str, "role": initiativeRole})}}
	}
	accountRequired := []string{"id", "email", "name", "role", "disabled", "disabled_at", "last_login_at", "created_at",
		"organizations", "must_change_password"}
	created := accountFields()
	created["temporary_password"] = obj{"type": "string", "description": "The temporary password, shown this " +
		"once, for the admin to hand over (or send POST /users/{person}/password-link with invite for an invitation by " +
		"e-mail)"}
	password := obj{"type": "string", "maxLength": account.MaxPasswordLen, "description": "At least 10 characters"}

	return obj{
		"UserAccount": object("A person's account, as platform admins see it", accountRequired, accountFields()),
		"UserCreated": object("A person just added, with their temporary password", accountRequired, created),
		"UserCreate": object("A person to add", []string{"name", "email"}, obj{
			"name": str, "email": str, "role": platformRole,
			"password": obj{"type": "string", "maxLength": account.MaxPasswordLen, "description": "At least " +
				"10 characters; may be left out when must_change_password is true, and Backbone makes one up"},
			"must_change_password": obj{"type": "boolean", "default": true, "description": "The password is " +
				"temporary: the person chooses their own at their first sign-in"},
			"organization_id":   obj{"type": "string", "description": "An organization they work for from the start"},
			"organization_role": orgRole}),
		"TemporaryPasswordInput": object("A temporary password to set; left out, Backbone makes one up", nil,
			obj{"temporary_password": password}),
		"TemporaryPassword": object("The temporary password set, for the admin to hand over",
			[]string{"temporary_password"}, obj{"temporary_password": str}),
		"Settings": object("What platform admins choose for the whole instance", []string{"initiative_starters"},
			obj{"initiative_starters": enum(account.InitiativeStarterChoices, "Who may start an initiative: "+
				"stewards (directory stewards and platform admins) or stewards_and_organization_admins (also any "+
				"organization's admin)"),
				"distance_unit": enum(account.DistanceUnitChoices, "How distances and radii are given: auto (miles "+
					"when most of the directory's addresses are in the US, else kilometres), mi or km; left out, "+
					"it stays as it is"),
				"geocoder_url": obj{"type": "string", "description": "A Nominatim-compatible service (such as " +
					"https://nominatim.openstreetmap.org) that refines the approximate points of street addresses in " +
					"the background, one request a second; empty or left out, none is asked and nothing leaves the machine"}}),
		"UserAccountList": listOf("UserAccount"),
		"UserPatch": object("What to change; a field left out stays as it is", nil,
			obj{"name": str, "email": obj{"type": "string", "description": "The email they sign in with"},
				"role": platformRole, "disabled": obj{"type": "boolean", "description": "true disables the account " +
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
