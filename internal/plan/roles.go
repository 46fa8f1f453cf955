package plan

// RoleGuide is what one job level does with action plans: the short text
// the strategy library links to, printed as a handout too.
type RoleGuide struct {
	Level  string   `json:"level"`
	Title  string   `json:"title"`
	Intro  string   `json:"intro"`
	Duties []string `json:"duties"`
}

// Roles are the roles and responsibilities by job level: the front-line
// worker, the supervisor and the administrator. No one level can keep a
// community's partnerships alive alone; each has its own part.
var Roles = []RoleGuide{
	{Level: "front_line_worker", Title: "Front-line worker",
		Intro: "You meet the families and the partners' staff every week. Your plan is about the relationships " +
			"you can change yourself.",
		Duties: []string{
			"Keep your own plan: pick the ties on the map that are strained, weak or missing and that your " +
				"families need.",
			"For each, write the actions you will take under one of the seven strategies, with a date.",
			"Say how you will know it worked, so that Backbone can tell you when it does.",
			"Share the plan with a colleague you trust or with your supervisor, and take their suggestions " +
				"seriously.",
			"Mark actions done or dropped as you go; an overdue action is a question to raise, not a failure.",
			"Tell your supervisor about roadblocks you cannot move: a policy, another agency's rule, a person.",
		}},
	{Level: "supervisor", Title: "Supervisor",
		Intro: "You keep an organization's people and see their plans. Your part is to make the plans possible " +
			"and to look at them on a schedule.",
		Duties: []string{
			"Look at your team's page regularly: overdue actions first, then the signals met.",
			"Talk about the plans in supervision, as you would about a family's case plan.",
			"Clear the way: give time for a joint visit, make the introduction a worker asks for, take a policy " +
				"question up the line.",
			"Comment and suggest on the plans shared with you; celebrate a signal met with the worker and the team.",
			"Keep your unit's own plan for the relationships that belong to the whole unit.",
		}},
	{Level: "administrator", Title: "Administrator",
		Intro: "You lead an agency or a parent organization with several units. Your part is the conditions " +
			"under which partnerships can last.",
		Duties: []string{
			"Read the plans per unit and across units: where actions run late, where signals are met, which " +
				"partners come up again and again.",
			"Change the agency's own policies and practices that get in the way of working with partners.",
			"Make agreements with other agencies' leaders so that workers' relationships do not rest on " +
				"goodwill alone.",
			"Give people time and recognition for partnership work, and ask for it in job descriptions and " +
				"reviews.",
			"Keep the map honest: ties and surveys up to date, so that plans are about the real state of things.",
		}},
}
