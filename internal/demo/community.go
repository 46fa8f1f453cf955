package demo

import (
	"context"
	"fmt"

	"backbone/internal/account"
	"backbone/internal/directory"
	"backbone/internal/network"
)

// neighbour is an organization of the demo's wider community: not a member
// of the demo initiative, but on the map, in the analysis and among the
// candidates that could fill its service gaps.
type neighbour struct {
	name, description, mission string
	sectors                    []string
	street, city, postal       string
	lat, lon                   float64
	service, serviceText       string
}

// neighbours are invented for the demo, so that its map and network
// analysis have a community's size (about thirty organizations) and its
// service gaps have organizations that could fill them. Their names are
// made up; any likeness to a real organization is by chance.
var neighbours = []neighbour{
	{"Bayshore Legal Help Center", "Free civil legal advice and representation for low-income residents: housing, benefits, elder law.",
		"Equal justice for people who cannot pay for a lawyer.", []string{"legal", "older adults", "housing"},
		"2100 Bayshore Blvd", "Daly City", "94014", 37.6912, -122.4650, "Elder law clinic", "Wills, powers of attorney, elder abuse and benefits appeals for people 60 and older."},
	{"Coastside Rides", "Volunteer drivers who take older adults and people with disabilities on the coast to appointments and errands.",
		"No one on the coast misses care for want of a ride.", []string{"transportation", "older adults", "disability"},
		"400 Main St", "Half Moon Bay", "94019", 37.4650, -122.4300, "Door-to-door rides", "Rides to medical appointments, the pharmacy and the grocery store, booked two days ahead."},
	{"Peninsula Access Alliance", "Advocacy and independent-living services run by and for people with disabilities.",
		"A county where people with disabilities live where and how they choose.", []string{"disability", "community", "legal"},
		"55 W 3rd Ave", "San Mateo", "94402", 37.5640, -122.3240, "Independent-living skills", "Peer support, benefits counseling and help with home modifications."},
	{"Puerto Abierto Immigrant Resource Center", "Help for immigrant families: immigration legal services, English classes and navigation to public benefits.",
		"Immigrant families thrive and take part fully in community life.", []string{"immigrant services", "legal", "education"},
		"2600 Middlefield Rd", "Redwood City", "94063", 37.4740, -122.2080, "Immigration legal clinic", "Consultations, DACA renewals and citizenship applications, in Spanish and English."},
	{"Second Chance Reentry Network", "Support for people coming home from jail or prison: jobs, housing and mentoring.",
		"Every returning resident gets a real second chance.", []string{"justice", "employment", "housing"},
		"800 Veterans Blvd", "Redwood City", "94063", 37.4890, -122.2290, "Reentry mentoring", "A mentor and a plan for the first year home, from the week before release."},
	{"Little Steps Early Learning", "Play-based preschool and parenting classes for families with young children.",
		"Every child starts school ready to learn.", []string{"early childhood", "education", "child and family"},
		"1950 Bay Rd", "East Palo Alto", "94303", 37.4700, -122.1400, "Parent and toddler playgroups", "Weekly playgroups for children up to three with their parents or grandparents."},
	{"Harbor Light Recovery House", "Residential and outpatient treatment for alcohol and drug use, with sober living.",
		"Recovery is possible for everyone.", []string{"substance use", "housing", "mental health"},
		"120 N San Mateo Dr", "San Mateo", "94401", 37.5680, -122.3230, "Outpatient recovery program", "Evening groups and counseling for adults in early recovery."},
	{"Caminos Family Resource Center", "A neighborhood family center: case management, parenting support and community events.",
		"Strong families in a connected neighborhood.", []string{"child and family", "community", "immigrant services"},
		"2900 Fair Oaks Ave", "Redwood City", "94063", 37.4760, -122.2010, "Family case management", "Help with housing, food, school and health for families with children."},
	{"Westlake Neighborhood Clinic", "A community clinic for primary care, dental care and counseling, whatever a patient can pay.",
		"Good health care for every neighbor.", []string{"health", "mental health"},
		"350 Southgate Ave", "Daly City", "94015", 37.6990, -122.4830, "Primary care for older adults", "Check-ups, chronic-disease care and home visits for patients 65 and older."},
	{"Hillside Senior Center", "A city senior center: lunch, classes, exercise and trips for residents 50 and older.",
		"Older residents stay active, connected and independent.", []string{"older adults", "community", "food"},
		"601 Chestnut St", "San Carlos", "94070", 37.5060, -122.2610, "Congregate lunch", "A hot lunch on weekdays, with a suggested donation."},
	{"Bay Meadows Housing Partners", "Affordable apartments for seniors and families, with services on site.",
		"A safe, affordable home for everyone.", []string{"housing", "older adults"},
		"2000 S Delaware St", "San Mateo", "94403", 37.5480, -122.3030, "Senior apartments", "Affordable one-bedroom apartments for people 62 and older; a waiting list opens each spring."},
	{"Peninsula Youth Mentors", "One-to-one mentoring and homework help for middle and high school students.",
		"Every young person has a caring adult on their side.", []string{"education", "child and family"},
		"700 Laurel St", "Menlo Park", "94025", 37.4520, -122.1800, "After-school mentoring", "A trained adult mentor meets a student weekly at school."},
	{"Pacifica Food Share", "A food pantry and free farmers' market for Pacifica families and seniors.",
		"No one in Pacifica goes hungry.", []string{"food", "community"},
		"1400 Linda Mar Blvd", "Pacifica", "94044", 37.5960, -122.5000, "Weekly pantry", "Groceries and fresh produce every Saturday morning; no papers needed."},
	{"Mid-Peninsula Caregivers Circle", "Support groups, respite and training for people caring for a family member.",
		"No caregiver cares alone.", []string{"older adults", "mental health", "child and family"},
		"1000 Alameda de las Pulgas", "Belmont", "94002", 37.5190, -122.2800, "Caregiver support groups", "Monthly groups, in person and online, for family caregivers of older adults."},
	{"Common Table Interfaith Network", "Congregations working together: meals, shelter nights and volunteers.",
		"Faith communities serving their neighbors together.", []string{"faith", "food", "housing"},
		"1500 Easton Dr", "Burlingame", "94010", 37.5830, -122.3650, "Community supper", "A free hot supper every Wednesday, hosted by a different congregation each month."},
	{"Peninsula Job Ladder", "Job training, placement and career coaching for adults.",
		"A good job within reach for everyone who wants one.", []string{"employment", "income support", "education"},
		"333 Grand Ave", "South San Francisco", "94080", 37.6560, -122.4090, "Job readiness workshop", "A four-week course: résumés, interviews and digital skills."},
	{"South City Tax Help", "Free tax preparation and financial coaching for working families and seniors.",
		"Families keep what they earn.", []string{"income support", "legal"},
		"500 Westborough Blvd", "South San Francisco", "94080", 37.6450, -122.4460, "Free tax preparation", "IRS-certified volunteers prepare returns and claim the tax credits families are owed."},
	{"Sequoia Mental Wellness Collective", "Counseling and peer support, in English and Spanish, on a sliding scale.",
		"Mental health care without waiting lists or stigma.", []string{"mental health", "health"},
		"1100 Broadway", "Redwood City", "94063", 37.4870, -122.2270, "Counseling for older adults", "Short-term counseling for depression, grief and anxiety in later life."},
	{"Foster City Neighbors Network", "Neighbors who check in on neighbors: friendly calls, visits and small jobs.",
		"Nobody in Foster City is alone.", []string{"community", "older adults"},
		"650 Shell Blvd", "Foster City", "94404", 37.5600, -122.2700, "Friendly visitors", "A volunteer visits or calls an older neighbor each week."},
	{"Bayfront Dial-a-Ride", "Shared-ride van service for people who cannot use buses.",
		"Everyone can get where they need to go.", []string{"transportation", "disability"},
		"1200 Willow Rd", "Menlo Park", "94025", 37.4750, -122.1520, "Paratransit vans", "Curb-to-curb rides for people certified unable to use fixed-route buses."},
	{"Daly City Family Partnership", "A collaborative of schools and agencies offering family services at neighborhood hubs.",
		"Every family in Daly City knows where to turn.", []string{"child and family", "community", "early childhood"},
		"2000 Lincoln Ave", "Daly City", "94015", 37.6860, -122.4690, "Family resource hub", "Drop-in help with benefits, parenting and children's health."},
}

// neighbourTies are how the wider community works together, with each
// other and with the initiative's organizations, from the mapping
// exercise: enough to make clusters, brokers and isolates to find.
var neighbourTies = []struct {
	from, to, level, status, since, notes string
	kinds                                 []string
}{
	{"Hillside Senior Center", "Peninsula Volunteers", "coordination", "active", "2014-03-01", "Meals on wheels for members who stop coming in.", []string{"referral"}},
	{"Hillside Senior Center", "Foster City Neighbors Network", "cooperation", "active", "2019-05-01", "", []string{"information_sharing"}},
	{"Hillside Senior Center", "Coastside Rides", "awareness", "developing", "2025-01-15", "", []string{"information_sharing"}},
	{"Foster City Neighbors Network", "Mid-Peninsula Caregivers Circle", "cooperation", "active", "2020-10-01", "", []string{"referral"}},
	{"Mid-Peninsula Caregivers Circle", "Peninsula Family Service", "collaboration", "active", "2016-02-01", "Respite days at the adult day program.", []string{"joint_programming", "referral"}},
	{"Mid-Peninsula Caregivers Circle", "Sequoia Mental Wellness Collective", "coordination", "active", "2018-09-01", "", []string{"referral"}},
	{"Sequoia Mental Wellness Collective", "San Mateo County Health", "coordination", "active", "2017-07-01", "County contract for older-adult counseling.", []string{"funding", "referral"}},
	{"Sequoia Mental Wellness Collective", "Harbor Light Recovery House", "cooperation", "strained", "2019-01-01", "Disagree on who takes clients with both conditions.", []string{"referral"}},
	{"Harbor Light Recovery House", "San Mateo County Health", "coordination", "active", "2015-06-01", "", []string{"funding"}},
	{"Harbor Light Recovery House", "Salvation Army", "cooperation", "active", "2018-04-01", "", []string{"referral"}},
	{"Westlake Neighborhood Clinic", "San Mateo County Health", "collaboration", "active", "2014-11-01", "", []string{"funding", "data_sharing"}},
	{"Westlake Neighborhood Clinic", "Daly City Family Partnership", "coordination", "active", "2017-03-01", "", []string{"referral"}},
	{"Westlake Neighborhood Clinic", "Bayshore Legal Help Center", "cooperation", "developing", "2024-09-01", "A medical-legal partnership in its first year.", []string{"referral"}},
	{"Daly City Family Partnership", "Little Steps Early Learning", "cooperation", "active", "2021-08-01", "", []string{"referral"}},
	{"Daly City Family Partnership", "San Mateo County Human Services Agency", "coordination", "active", "2016-01-01", "", []string{"funding", "referral"}},
	{"Bayshore Legal Help Center", "Puerto Abierto Immigrant Resource Center", "collaboration", "active", "2018-02-01", "Joint immigration clinics.", []string{"joint_programming"}},
	{"Bayshore Legal Help Center", "South City Tax Help", "awareness", "developing", "2025-03-01", "", []string{"information_sharing"}},
	{"Puerto Abierto Immigrant Resource Center", "Caminos Family Resource Center", "collaboration", "active", "2015-09-01", "Share a building and a front desk.", []string{"joint_programming", "information_sharing"}},
	{"Caminos Family Resource Center", "Samaritan House", "coordination", "active", "2019-03-01", "", []string{"referral"}},
	{"Caminos Family Resource Center", "Redwood City School District", "coordination", "active", "2017-08-15", "", []string{"referral"}},
	{"Caminos Family Resource Center", "Little Steps Early Learning", "cooperation", "active", "2022-01-01", "", []string{"referral"}},
	{"Peninsula Youth Mentors", "Redwood City School District", "coordination", "active", "2016-09-01", "", []string{"joint_programming"}},
	{"Peninsula Youth Mentors", "Redwood City Public Library", "cooperation", "active", "2020-01-01", "Homework help at the library.", []string{"information_sharing"}},
	{"Second Chance Reentry Network", "Peninsula Job Ladder", "collaboration", "active", "2018-06-01", "", []string{"joint_programming", "referral"}},
	{"Second Chance Reentry Network", "Harbor Light Recovery House", "coordination", "strained", "2020-02-01", "Beds promised for returning residents were not kept.", []string{"referral"}},
	{"Peninsula Job Ladder", "San Mateo County Human Services Agency", "coordination", "active", "2015-04-01", "", []string{"funding", "referral"}},
	{"Peninsula Job Ladder", "South City Tax Help", "cooperation", "active", "2021-02-01", "", []string{"referral"}},
	{"Bay Meadows Housing Partners", "Samaritan House", "cooperation", "active", "2019-07-01", "", []string{"referral"}},
	{"Bay Meadows Housing Partners", "Common Table Interfaith Network", "awareness", "developing", "2024-11-01", "", []string{"information_sharing"}},
	{"Common Table Interfaith Network", "Salvation Army", "coordination", "active", "2016-10-01", "", []string{"referral", "information_sharing"}},
	{"Common Table Interfaith Network", "Pacifica Food Share", "cooperation", "active", "2020-04-01", "", []string{"information_sharing"}},
	{"Pacifica Food Share", "Samaritan House", "coordination", "active", "2018-01-01", "Shares deliveries from the regional food bank.", []string{"information_sharing"}},
	{"Coastside Rides", "Bayfront Dial-a-Ride", "cooperation", "active", "2017-05-01", "Hand riders over at the county line.", []string{"referral"}},
	{"Bayfront Dial-a-Ride", "Peninsula Access Alliance", "coordination", "active", "2016-03-01", "", []string{"referral", "information_sharing"}},
	{"Peninsula Access Alliance", "San Mateo County Health", "cooperation", "developing", "2023-06-01", "", []string{"information_sharing"}},
	{"Silicon Valley Community Foundation", "Little Steps Early Learning", "coordination", "active", "2018-01-01", "", []string{"funding"}},
	{"Silicon Valley Community Foundation", "Bayshore Legal Help Center", "coordination", "active", "2016-01-01", "", []string{"funding"}},
}

// loadNeighbours adds the wider community with a location and a service
// each, and its ties; ids gains their ids by name.
func loadNeighbours(ctx context.Context, dir *directory.Store, net *network.Store, actor account.Actor, ids map[string]string) error {
	for _, n := range neighbours {
		o, err := dir.CreateOrganization(ctx, actor, "", directory.OrganizationInput{Name: n.name, Description: n.description,
			Mission: n.mission, Sectors: n.sectors})
		if err != nil {
			return fmt.Errorf("demo: add %s: %w", n.name, err)
		}
		ids[n.name] = o.ID
		lat, lon := n.lat, n.lon
		if _, err := dir.CreateLocation(ctx, actor, o.ID, directory.LocationInput{Name: n.name, Latitude: &lat, Longitude: &lon,
			Address: directory.AddressInput{Address1: n.street, City: n.city, StateProvince: "CA", PostalCode: n.postal, Country: "US"}}); err != nil {
			return fmt.Errorf("demo: location of %s: %w", n.name, err)
		}
		if _, err := dir.CreateService(ctx, actor, o.ID, directory.ServiceInput{Name: n.service, Description: n.serviceText,
			Status: "active", ServiceAreas: []string{"San Mateo County"}}); err != nil {
			return fmt.Errorf("demo: service of %s: %w", n.name, err)
		}
	}
	for _, t := range neighbourTies {
		if ids[t.from] == "" || ids[t.to] == "" {
			return fmt.Errorf("demo: tie %s → %s names an organization the demo does not have", t.from, t.to)
		}
		if _, err := net.CreateTie(ctx, account.SystemActor("demo"), network.TieInput{FromID: ids[t.from], ToID: ids[t.to],
			Kinds: t.kinds, Level: t.level, Status: t.status, Since: t.since, Notes: t.notes}, "recorded for the demo"); err != nil {
			return fmt.Errorf("demo: tie %s → %s: %w", t.from, t.to, err)
		}
	}
	return nil
}
