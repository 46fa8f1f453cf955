// Package directory is the community's shared directory of organizations and
// their services, aligned with Open Referral HSDS 3.0.
package directory

import (
	"crypto/rand"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"backbone/internal/errs"
)

// Organization is an agency, nonprofit, coalition or business in the
// community: the HSDS organization, with what Backbone adds for partnership
// work (mission, sectors, when its record was last checked).
type Organization struct {
	ID               string   `json:"id"`
	Name             string   `json:"name"`
	AlternateName    string   `json:"alternate_name"`
	Description      string   `json:"description"`
	Mission          string   `json:"mission"`
	Email            string   `json:"email"`
	Website          string   `json:"website"`
	TaxStatus        string   `json:"tax_status"`
	TaxID            string   `json:"tax_id"`
	YearIncorporated *int     `json:"year_incorporated"`
	LegalStatus      string   `json:"legal_status"`
	Sectors          []string `json:"sectors"`
	// ParentOrganizationID names the organization this one is a unit of
	// (a county department's program, an agency's branch); "" for none.
	ParentOrganizationID string     `json:"parent_organization_id"`
	LastVerifiedAt       *time.Time `json:"last_verified_at"`
	ArchivedAt           *time.Time `json:"archived_at"`
	Version              int        `json:"version"`
	CreatedAt            time.Time  `json:"created_at"`
	UpdatedAt            time.Time  `json:"updated_at"`
	ServiceCount         int        `json:"service_count"`
}

// Archived reports whether the organization has been archived.
func (o *Organization) Archived() bool { return o.ArchivedAt != nil }

// OrganizationInput is what a person writes when adding or editing an
// organization.
type OrganizationInput struct {
	Name             string   `json:"name"`
	AlternateName    string   `json:"alternate_name"`
	Description      string   `json:"description"`
	Mission          string   `json:"mission"`
	Email            string   `json:"email"`
	Website          string   `json:"website"`
	TaxStatus        string   `json:"tax_status"`
	TaxID            string   `json:"tax_id"`
	YearIncorporated *int     `json:"year_incorporated"`
	LegalStatus      string   `json:"legal_status"`
	Sectors          []string `json:"sectors"`
	// ParentOrganizationID makes the organization a unit of another; ""
	// for none. A parent may not be the organization itself or one of its
	// own units.
	ParentOrganizationID string `json:"parent_organization_id"`
}

// InputOf returns the editable fields of o, for a form or a partial update.
func InputOf(o *Organization) OrganizationInput {
	return OrganizationInput{
		Name: o.Name, AlternateName: o.AlternateName, Description: o.Description, Mission: o.Mission,
		Email: o.Email, Website: o.Website, TaxStatus: o.TaxStatus, TaxID: o.TaxID,
		YearIncorporated: o.YearIncorporated, LegalStatus: o.LegalStatus, Sectors: append([]string(nil), o.Sectors...),
		ParentOrganizationID: o.ParentOrganizationID,
	}
}

// Sectors is the default list of sectors an organization can work in: the
// fields a community partnership maps its services and gaps by.
var Sectors = []string{
	"health", "mental health", "substance use", "housing", "food", "education", "early childhood",
	"employment", "income support", "legal", "transportation", "child and family", "older adults",
	"disability", "immigrant services", "justice", "faith", "philanthropy", "government", "community",
}

// Field lengths: generous for real records, bounded so one form cannot fill the disk.
const (
	maxName        = 200
	maxDescription = 10000
	maxMission     = 2000
	maxShort       = 254
	maxURL         = 500
)

// Normalize trims the input and checks it, returning every problem at once,
// field by field; now bounds the year of incorporation.
func (in *OrganizationInput) Normalize(now time.Time) error {
	var v errs.ValidationError
	trim := func(p *string) { *p = strings.TrimSpace(*p) }
	for _, p := range []*string{&in.Name, &in.AlternateName, &in.Description, &in.Mission, &in.Email, &in.Website,
		&in.TaxStatus, &in.TaxID, &in.LegalStatus, &in.ParentOrganizationID} {
		trim(p)
	}
	tooLong := func(field, s string, n int) {
		if utf8.RuneCountInString(s) > n {
			v.Add(field, fmt.Sprintf("must be at most %d characters (it has %d)", n, utf8.RuneCountInString(s)))
		}
	}
	if in.Name == "" {
		v.Add("name", "is required")
	}
	tooLong("name", in.Name, maxName)
	tooLong("alternate_name", in.AlternateName, maxName)
	if in.Description == "" {
		v.Add("description", "is required: say in a sentence or two what the organization does")
	}
	tooLong("description", in.Description, maxDescription)
	tooLong("mission", in.Mission, maxMission)
	tooLong("email", in.Email, maxShort)
	if in.Email != "" && !looksLikeEmail(in.Email) {
		v.Add("email", "must be an email address like info@example.org")
	}
	tooLong("website", in.Website, maxURL)
	if in.Website != "" {
		if !strings.Contains(in.Website, "://") {
			in.Website = "https://" + in.Website
		}
		u, err := url.Parse(in.Website)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || !strings.Contains(u.Host, ".") {
			v.Add("website", "must be a web address like https://example.org")
		}
	}
	tooLong("tax_status", in.TaxStatus, 100)
	tooLong("tax_id", in.TaxID, 100)
	tooLong("legal_status", in.LegalStatus, 100)
	if y := in.YearIncorporated; y != nil && (*y < 1600 || *y > now.Year()) {
		v.Add("year_incorporated", fmt.Sprintf("must be a year between 1600 and %d", now.Year()))
	}
	seen := map[string]bool{}
	var sectors []string
	for _, s := range in.Sectors {
		s = strings.ToLower(strings.TrimSpace(s))
		if s == "" || seen[s] {
			continue
		}
		if !validSector(s) {
			v.Add("sectors", fmt.Sprintf("%q is not a known sector (known: %s)", s, strings.Join(Sectors, ", ")))
			continue
		}
		seen[s] = true
		sectors = append(sectors, s)
	}
	in.Sectors = sectors
	return v.OrNil()
}

// ParseYear reads a year typed into a form: empty is no year.
func ParseYear(s string) (*int, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, nil
	}
	y, err := strconv.Atoi(s)
	if err != nil {
		return nil, fmt.Errorf("must be a year such as 1998")
	}
	return &y, nil
}

func validSector(s string) bool {
	for _, x := range Sectors {
		if x == s {
			return true
		}
	}
	return false
}

func looksLikeEmail(s string) bool {
	at := strings.LastIndexByte(s, '@')
	return at > 0 && at < len(s)-3 && strings.Contains(s[at:], ".") && !strings.ContainsAny(s, " <>,;\"")
}

// NewID returns a random (version 4) UUID, the identifier HSDS uses.
func NewID() string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic("crypto/rand failed: " + err.Error())
	}
	b[6] = (b[6] & 0x0f) | 0x40
	b[8] = (b[8] & 0x3f) | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}
