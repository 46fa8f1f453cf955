package directory

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"

	"backbone/internal/hsds"
)

// SynthOptions says what directory Synthesize makes.
type SynthOptions struct {
	Services int    // how many services (organizations offer about four each)
	Seed     uint64 // the same seed gives the same directory
}

// SynthArea is the box synthetic locations are spread over (California)
// and the cities most of them cluster around.
var SynthArea = struct {
	MinLat, MaxLat, MinLon, MaxLon float64
	Cities                         []SynthCity
}{32.6, 41.9, -124.2, -114.7, []SynthCity{
	{"Los Angeles", "900", 34.05, -118.24}, {"San Diego", "921", 32.72, -117.16}, {"San Jose", "951", 37.34, -121.89},
	{"San Francisco", "941", 37.77, -122.42}, {"Fresno", "937", 36.74, -119.79}, {"Sacramento", "958", 38.58, -121.49},
	{"Long Beach", "908", 33.77, -118.19}, {"Oakland", "946", 37.80, -122.27}, {"Bakersfield", "933", 35.37, -119.02},
	{"Anaheim", "928", 33.84, -117.91}, {"Riverside", "925", 33.95, -117.40}, {"Stockton", "952", 37.96, -121.29},
	{"Redding", "960", 40.59, -122.39}, {"Eureka", "955", 40.80, -124.16}, {"Salinas", "939", 36.68, -121.66},
	{"Santa Rosa", "954", 38.44, -122.71}, {"Modesto", "953", 37.64, -120.99}, {"Redwood City", "940", 37.49, -122.23},
}}

// SynthCity is a city synthetic addresses use, with the first three digits
// of its postal codes and its centre.
type SynthCity struct {
	Name     string
	ZIP3     string
	Lat, Lon float64
}

// SynthTerms are the taxonomy terms of synthetic services: the categories a
// 211 directory files services under.
var SynthTerms = []string{"Food Pantry", "Meals", "Emergency Shelter", "Transitional Housing", "Rent Assistance",
	"Utility Assistance", "Mental Health Counseling", "Substance Use Treatment", "Primary Care", "Dental Care",
	"Prenatal Care", "Health Insurance Enrollment", "Job Training", "Employment Placement", "Adult Education",
	"English as a Second Language", "Tutoring", "Child Care", "Early Childhood Education", "Parenting Education",
	"Youth Mentoring", "Senior Centers", "Home Delivered Meals", "Case Management", "Legal Aid",
	"Immigration Legal Services", "Domestic Violence Services", "Transportation Assistance", "Disability Services",
	"Veteran Services", "Tax Preparation", "Financial Coaching", "Clothing", "Hygiene Supplies",
	"Crisis Hotline", "Support Groups", "Recreation", "Reentry Services", "Benefits Enrollment", "Hospice Care"}

var (
	synthLanguages = [][2]string{{"en", "English"}, {"es", "Spanish"}, {"zh", "Chinese"}, {"vi", "Vietnamese"},
		{"tl", "Tagalog"}, {"ko", "Korean"}, {"ar", "Arabic"}, {"ru", "Russian"}, {"hy", "Armenian"}, {"fa", "Persian"}}
	synthPlaces = []string{
		"Harbor",
		"Valley",
		"Mission",
		"Bayside",
		"Golden",
		"Sierra",
		"Oak Grove",
		"Riverside",
		"Hillcrest",
		"Sunrise",
		"Cedar",
		"Pacific",
		"Northside",
		"Eastside",
		"Central",
		"Lakeview",
		"Redwood",
		"Del Mar",
		"Vista",
		"Canyon",
	}
	synthOrgWords = []string{
		"Family",
		"Community",
		"Neighborhood",
		"Youth",
		"Senior",
		"Health",
		"Hope",
		"Unity",
		"Friends",
		"Care",
		"Justice",
		"Homes",
		"Works",
		"Bridges",
		"Roots",
	}
	synthOrgKinds = []string{
		"Services",
		"Center",
		"Alliance",
		"Coalition",
		"Foundation",
		"Network",
		"Project",
		"Collaborative",
		"Association",
		"Ministries",
		"Clinic",
		"Council",
	}
	synthAudience = []string{
		"Senior",
		"Youth",
		"Family",
		"Veterans",
		"Women's",
		"Men's",
		"Teen",
		"Newcomer",
		"Neighborhood",
		"Adult",
		"Children's",
		"Caregiver",
	}
	synthKinds = []string{
		"Program",
		"Services",
		"Center",
		"Clinic",
		"Project",
		"Line",
		"Network",
		"Hub",
		"Workshop",
		"Outreach",
	}
	synthVerbs  = []string{"Provides", "Offers", "Connects residents with", "Delivers", "Coordinates", "Runs"}
	synthExtras = []string{
		"free of charge",
		"by appointment",
		"on a walk-in basis",
		"with bilingual staff",
		"at no cost to eligible households",
		"in partnership with local schools",
		"through trained volunteers",
		"with referrals to other agencies",
		"including follow-up visits",
		"for people experiencing homelessness",
		"with home visits when needed",
		"in a welcoming, confidential setting",
	}
	synthWho = []string{
		"low-income families",
		"older adults",
		"young people ages 14 to 24",
		"veterans and their families",
		"people with disabilities",
		"immigrants and refugees",
		"pregnant women and new parents",
		"people leaving incarceration",
		"survivors of domestic violence",
		"county residents",
	}
	synthStreets = []string{
		"Main St",
		"Oak Ave",
		"Mission Blvd",
		"El Camino Real",
		"Broadway",
		"Market St",
		"Park Ave",
		"1st St",
		"Washington Blvd",
		"Lincoln Ave",
		"Center St",
		"Harbor Dr",
	}
	synthDays = []string{"MO,TU,WE,TH,FR", "MO,WE,FR", "TU,TH", "MO,TU,WE,TH,FR,SA", "SA,SU", "MO,TU,WE,TH"}
)

// Synthesize makes a realistic directory of about o.Services services, the
// same for the same seed: organizations with one to three locations spread
// over SynthArea (most near its cities), services with names, descriptions
// and eligibility written from the vocabulary of community services, one
// or two taxonomy terms each (attributes), languages, a service area,
// weekly schedules, addresses and phones. Most descriptions hold the word
// "community", for measuring a very common word. Ids are UUIDs drawn from
// the seed.
func Synthesize(o SynthOptions) *hsds.Bundle {
	r := rand.New(rand.NewPCG(o.Seed, o.Seed^0x9e3779b97f4a7c15))
	id := func() string {
		a, b := r.Uint64(), r.Uint64()
		return fmt.Sprintf(
			"%08x-%04x-4%03x-%04x-%012x",
			a>>32,
			(a>>16)&0xffff,
			a&0xfff,
			0x8000|(b>>48)&0x3fff,
			b&0xffffffffffff,
		)
	}
	pick := func(list []string) string { return list[r.IntN(len(list))] }
	b := &hsds.Bundle{Format: "synthetic"}
	src := func(kind string, i int) string { return fmt.Sprintf("synthetic %s %d", kind, i+1) }
	taxonomyID := id()
	b.Records = append(b.Records, hsds.Record{Source: "synthetic taxonomy", Table: "taxonomy", ID: taxonomyID,
		Values: map[string]string{
			"name":        "Backbone synthetic services",
			"description": "Categories of community services",
		}})
	terms := make([]string, len(SynthTerms))
	for i, name := range SynthTerms {
		terms[i] = id()
		b.Records = append(b.Records, hsds.Record{Source: src("taxonomy term", i), Table: "taxonomy_term", ID: terms[i],
			Values: map[string]string{
				"code":        fmt.Sprintf("BB-%02d", i+1),
				"name":        name,
				"taxonomy_id": taxonomyID,
				"taxonomy":    "Backbone",
			}})
	}
	orgNames := map[string]bool{}
	nOrgs := max(1, (o.Services+3)/4)
	made := 0
	for oi := 0; oi < nOrgs; oi++ {
		orgID := id()
		name := pick(synthPlaces) + " " + pick(synthOrgWords) + " " + pick(synthOrgKinds)
		if orgNames[strings.ToLower(name)] {
			name += " " + strconv.Itoa(oi+1)
		}
		orgNames[strings.ToLower(name)] = true
		b.Organizations = append(
			b.Organizations,
			hsds.OrganizationRecord{Source: src("organization", oi), ID: orgID, Name: name,
				Description: fmt.Sprintf("%s serves %s across the region.", name, pick(synthWho)),
				Email: fmt.Sprintf(
					"info@org%d.example.org",
					oi+1,
				), Website: fmt.Sprintf("https://org%d.example.org", oi+1)},
		)
		var locs []string
		for li, n := 0, 1+r.IntN(3); li < n; li++ {
			lid := id()
			city := SynthArea.Cities[r.IntN(len(SynthArea.Cities))]
			lat, lon := city.Lat+r.NormFloat64()*0.15, city.Lon+r.NormFloat64()*0.15
			if r.IntN(10) < 3 {
				lat = SynthArea.MinLat + r.Float64()*(SynthArea.MaxLat-SynthArea.MinLat)
				lon = SynthArea.MinLon + r.Float64()*(SynthArea.MaxLon-SynthArea.MinLon)
			}
			lat, lon = math.Round(lat*1e5)/1e5, math.Round(lon*1e5)/1e5
			b.Locations = append(
				b.Locations,
				hsds.LocationRecord{Source: src("location", len(b.Locations)), ID: lid, OrganizationID: orgID,
					LocationType: "physical", Name: name + " – " + city.Name, Latitude: &lat, Longitude: &lon},
			)
			b.Addresses = append(
				b.Addresses,
				hsds.AddressRecord{
					Source:     src("address", len(b.Addresses)),
					ID:         id(),
					LocationID: lid,
					Type:       "physical",
					Address1: fmt.Sprintf(
						"%d %s",
						100+r.IntN(9800),
						pick(synthStreets),
					),
					City:          city.Name,
					StateProvince: "CA",
					PostalCode:    fmt.Sprintf("%s%02d", city.ZIP3, r.IntN(100)),
					Country:       "US",
				},
			)
			b.Phones = append(b.Phones, hsds.PhoneRecord{Source: src("phone", len(b.Phones)), ID: id(), LocationID: lid,
				Number: fmt.Sprintf("(%03d) 555-%04d", 200+r.IntN(700), r.IntN(10000)), Type: "voice"})
			opens := fmt.Sprintf("%02d:%02d", 7+r.IntN(3), 30*r.IntN(2))
			closes := fmt.Sprintf("%02d:00", 15+r.IntN(5))
			b.Records = append(
				b.Records,
				hsds.Record{Source: src("schedule", len(b.Records)), Table: "schedule", ID: id(),
					Values: map[string]string{
						"location_id": lid,
						"freq":        "WEEKLY",
						"byday":       pick(synthDays),
						"opens_at":    opens,
						"closes_at":   closes,
					}},
			)
			locs = append(locs, lid)
		}
		for si := 0; si < 4 && made < o.Services; si++ {
			sid := id()
			t1 := r.IntN(len(SynthTerms))
			term := SynthTerms[t1]
			desc := fmt.Sprintf(
				"%s %s for %s %s.",
				pick(synthVerbs),
				strings.ToLower(term),
				pick(synthWho),
				pick(synthExtras),
			)
			if r.IntN(10) < 9 {
				desc += fmt.Sprintf(
					" Part of our community %s work, %s.",
					strings.ToLower(pick(SynthTerms)),
					pick(synthExtras),
				)
			}
			b.Services = append(
				b.Services,
				hsds.ServiceRecord{Source: src("service", made), ID: sid, OrganizationID: orgID,
					Name:        pick(synthAudience) + " " + term + " " + pick(synthKinds),
					Description: desc, Status: "active",
					Eligibility: "Open to " + pick(
						synthWho,
					) + ".", Fees: "Free", ApplicationProcess: "Call or walk in."},
			)
			b.ServiceAtLocations = append(
				b.ServiceAtLocations,
				hsds.ServiceAtLocationRecord{Source: src("service at location", made),
					ID: id(), ServiceID: sid, LocationID: locs[r.IntN(len(locs))]},
			)
			link := func(term int) {
				b.Records = append(
					b.Records,
					hsds.Record{Source: src("attribute", len(b.Records)), Table: "attribute", ID: id(),
						Values: map[string]string{
							"link_id":          sid,
							"taxonomy_term_id": terms[term],
							"link_type":        "service",
							"link_entity":      "service",
						}},
				)
			}
			link(t1)
			if t2 := r.IntN(len(SynthTerms)); r.IntN(3) == 0 && t2 != t1 {
				link(t2)
			}
			b.Records = append(
				b.Records,
				hsds.Record{Source: src("language", len(b.Records)), Table: "language", ID: id(),
					Values: map[string]string{"service_id": sid, "code": "en", "name": "English"}},
			)
			if r.IntN(2) == 0 {
				l := synthLanguages[1+r.IntN(len(synthLanguages)-1)]
				b.Records = append(
					b.Records,
					hsds.Record{Source: src("language", len(b.Records)), Table: "language", ID: id(),
						Values: map[string]string{"service_id": sid, "code": l[0], "name": l[1]}},
				)
			}
			b.Records = append(
				b.Records,
				hsds.Record{Source: src("service area", len(b.Records)), Table: "service_area", ID: id(),
					Values: map[string]string{
						"service_id": sid,
						"name":       SynthArea.Cities[r.IntN(len(SynthArea.Cities))].Name,
					}},
			)
			made++
		}
	}
	return b
}
