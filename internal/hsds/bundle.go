package hsds

import (
	"slices"
	"strings"
)

// Bundle is a whole directory read from an outside source (an Ohana CSV
// folder, an HSDS data package) with its ids already turned into Backbone's,
// ready to be saved in one go. Every record says where it came from, so that
// a problem found while saving can name the file and row.
type Bundle struct {
	Format             string // the source's format, such as "ohana-csv", for the audit log
	Organizations      []OrganizationRecord
	Locations          []LocationRecord
	Addresses          []AddressRecord
	Phones             []PhoneRecord
	Services           []ServiceRecord
	ServiceAtLocations []ServiceAtLocationRecord
	// Records holds the HSDS objects without a typed record of their own
	// (taxonomies and terms, programs, contacts, schedules, languages,
	// service areas, cost options, ...): see Record.
	Records []Record
	// Progress, when set, is told now and then how many records the
	// directory's SaveBundle has written out of how many, for a progress bar
	// on long imports.
	Progress func(done, total int)
	// LooseLinks leaves an optional reference to a record found neither in
	// the bundle nor in the database empty (and counts it as unlinked)
	// instead of refusing the import. The HSDS readers set
	// it: real packages, the specification's own example among them, point
	// at records they do not carry.
	LooseLinks bool
}

// Record is one row of an HSDS 3.0 table that has no typed record of its
// own in a Bundle (taxonomies, taxonomy terms, programs, contacts,
// schedules, languages, service areas, cost options, required documents,
// funding, accessibility, organization identifiers, attributes, metadata):
// its values by HSDS field name, empty for a field the source left out.
type Record struct {
	Source string // where it came from: "schedules.csv row 3" or "services.json: [0].schedules[1]"
	Table  string // the HSDS resource name, such as "schedule"
	ID     string
	Values map[string]string
}

// OrganizationRecord is an organization as a source describes it. Backbone's
// own fields (mission, sectors) are not in it, so that a re-import keeps them.
type OrganizationRecord struct {
	Source               string // where the record came from, such as "organizations.csv row 3"
	ID                   string
	Name                 string
	AlternateName        string
	Description          string
	Email                string
	Website              string
	TaxStatus            string
	TaxID                string
	YearIncorporated     *int
	LegalStatus          string
	Logo                 string // HSDS 3.0 fields the Ohana layout lacks
	URI                  string
	ParentOrganizationID string
}

// LocationRecord is a place where an organization works.
type LocationRecord struct {
	Source                 string
	ID                     string
	OrganizationID         string
	LocationType           string // physical, postal or virtual
	Name                   string
	AlternateName          string
	Description            string
	Transportation         string
	URL                    string
	Latitude               *float64
	Longitude              *float64
	ExternalIdentifier     string
	ExternalIdentifierType string
}

// AddressRecord is a street ("physical") or mailing ("postal") address of a location.
type AddressRecord struct {
	Source        string
	ID            string
	LocationID    string
	Type          string // physical or postal
	Attention     string
	Address1      string
	Address2      string
	City          string
	Region        string
	StateProvince string
	PostalCode    string
	Country       string
}

// PhoneRecord is a phone number of an organization, a location or a service.
type PhoneRecord struct {
	Source              string
	ID                  string
	OrganizationID      string // at most one of these three is usually set
	LocationID          string
	ServiceID           string
	Number              string
	Extension           string
	Type                string // voice, fax, tty, sms, hotline, ...
	Description         string
	ContactID           string // HSDS 3.0: the contact or service at a location the number is for
	ServiceAtLocationID string
}

// ServiceRecord is a service an organization provides.
type ServiceRecord struct {
	Source                 string
	ID                     string
	OrganizationID         string
	Name                   string
	AlternateName          string
	Description            string
	URL                    string
	Email                  string
	Status                 string // active, inactive, defunct or temporarily closed
	InterpretationServices string
	ApplicationProcess     string
	Fees                   string
	WaitTime               string
	Eligibility            string
	// HSDS 3.0 fields the Ohana layout lacks; dates are kept as written.
	ProgramID      string
	FeesText       string // HSDS "fees", beside Fees ("fees_description")
	Accreditations string
	MinimumAge     *float64
	MaximumAge     *float64
	AssuredDate    string
	AssurerEmail   string
	Licenses       string
	Alert          string
	LastModified   string
}

// ServiceAtLocationRecord says that a service is delivered at a location.
type ServiceAtLocationRecord struct {
	Source      string
	ID          string
	ServiceID   string
	LocationID  string
	Description string
}

// Without returns a copy of b without the given organizations and
// everything that belongs to them: their locations, services, addresses,
// phones and services at locations, and the other records (schedules,
// languages, contacts, attributes, ...) that point at any of those.
func (b *Bundle) Without(organizationIDs ...string) *Bundle {
	gone := map[string]bool{}
	for _, id := range organizationIDs {
		gone[id] = true
	}
	out := &Bundle{Format: b.Format, Progress: b.Progress, LooseLinks: b.LooseLinks}
	for _, o := range b.Organizations {
		if !gone[o.ID] {
			out.Organizations = append(out.Organizations, o)
		}
	}
	for _, l := range b.Locations {
		if gone[l.OrganizationID] {
			gone[l.ID] = true
		} else {
			out.Locations = append(out.Locations, l)
		}
	}
	for _, s := range b.Services {
		if gone[s.OrganizationID] {
			gone[s.ID] = true
		} else {
			out.Services = append(out.Services, s)
		}
	}
	// Ids are UUIDs, so one set holds organizations, locations and services.
	for _, a := range b.Addresses {
		if !gone[a.LocationID] {
			out.Addresses = append(out.Addresses, a)
		}
	}
	for _, p := range b.Phones {
		if !gone[p.OrganizationID] && !gone[p.LocationID] && !gone[p.ServiceID] {
			out.Phones = append(out.Phones, p)
		} else {
			gone[p.ID] = true
		}
	}
	for _, sal := range b.ServiceAtLocations {
		if !gone[sal.ServiceID] && !gone[sal.LocationID] {
			out.ServiceAtLocations = append(out.ServiceAtLocations, sal)
		} else {
			gone[sal.ID] = true
		}
	}
	// The other records (schedules, languages, contacts, attributes, ...)
	// go with anything they point at that went, and what points at them
	// goes with them, until nothing more goes; taxonomies, their terms and
	// the rest of what points at nothing stay.
	keep := slices.Clone(b.Records)
	for changed := true; changed; {
		changed = false
		kept := keep[:0]
		for _, r := range keep {
			if pointsAtGone(r, gone) {
				gone[r.ID], changed = true, true
			} else {
				kept = append(kept, r)
			}
		}
		keep = kept
	}
	out.Records = keep
	return out
}

// pointsAtGone is true when one of a record's references (the value of a
// field named ..._id, such as service_id or link_id) is in gone.
func pointsAtGone(r Record, gone map[string]bool) bool {
	for k, v := range r.Values {
		if v != "" && strings.HasSuffix(k, "_id") && gone[v] {
			return true
		}
	}
	return false
}
