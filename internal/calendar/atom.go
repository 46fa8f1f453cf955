package calendar

import (
	"encoding/xml"
	"fmt"
	"io"
	"net/url"
	"time"

	"backbone/internal/initiative"
)

// atomFeed and atomEntry are the parts of RFC 4287 an updates feed uses.
type atomFeed struct {
	XMLName  xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	ID       string      `xml:"id"`
	Title    string      `xml:"title"`
	Subtitle string      `xml:"subtitle,omitempty"`
	Updated  string      `xml:"updated"`
	Links    []atomLink  `xml:"link"`
	Author   atomPerson  `xml:"author"`
	Entries  []atomEntry `xml:"entry"`
}

type atomLink struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

type atomText struct {
	Type string `xml:"type,attr"`
	Body string `xml:",chardata"`
}

type atomEntry struct {
	ID        string      `xml:"id"`
	Title     string      `xml:"title"`
	Updated   string      `xml:"updated"`
	Published string      `xml:"published,omitempty"`
	Author    *atomPerson `xml:"author,omitempty"`
	Link      atomLink    `xml:"link"`
	Category  *struct {
		Term string `xml:"term,attr"`
	} `xml:"category,omitempty"`
	Content atomText `xml:"content"`
}

// UpdatesFeed is what an initiative's Atom feed is written from.
type UpdatesFeed struct {
	Initiative *initiative.Initiative
	Entries    []initiative.FeedEntry // newest first, as initiative.Store.Feed lists them
	SiteURL    string                 // e.g. https://backbone.example.org
	Self       string                 // the feed's own address, without its secret
}

// WriteAtom writes an initiative's updates as an Atom feed. Entry ids are
// tag: URIs (RFC 4151) made of the site's host, the day the initiative was
// made and the update's own number, so they never change; stamp (from the
// caller's clock) is the feed's updated time when it has no entries.
func WriteAtom(w io.Writer, f UpdatesFeed, stamp time.Time) error {
	in := f.Initiative
	host := "backbone"
	if u, err := url.Parse(f.SiteURL); err == nil && u.Hostname() != "" {
		host = u.Hostname()
	}
	tag := fmt.Sprintf("tag:%s,%s:initiatives/%d", host, in.CreatedAt.UTC().Format("2006-01-02"), in.ID)
	page := fmt.Sprintf("%s/initiatives/%d/updates", f.SiteURL, in.ID)
	feed := atomFeed{ID: tag + "/updates", Title: "Updates of " + in.Name,
		Subtitle: "Everything that changed in " + in.Name + ", newest first",
		Updated:  rfc3339(stamp), Author: atomPerson{Name: "Backbone"},
		Links: []atomLink{{Href: page, Rel: "alternate", Type: "text/html"}}}
	if f.Self != "" {
		feed.Links = append(feed.Links, atomLink{Href: f.Self, Rel: "self", Type: "application/atom+xml"})
	}
	var newest time.Time
	for _, e := range f.Entries {
		entry := atomEntry{Title: e.Text, Updated: rfc3339(e.At), Published: rfc3339(e.At),
			Link:    atomLink{Href: page, Rel: "alternate", Type: "text/html"},
			Content: atomText{Type: "text", Body: e.Text}}
		entry.Category = &struct {
			Term string `xml:"term,attr"`
		}{Term: e.Kind}
		if e.Who != "" {
			entry.Author = &atomPerson{Name: e.Who}
			entry.Content.Body = e.Who + ": " + e.Text
		}
		if e.ID != 0 {
			entry.ID = fmt.Sprintf("%s/updates/%d", tag, e.ID)
		} else {
			// A renewal reminder is no event: it is named by its agreement
			// and the day the reminder began.
			entry.ID = fmt.Sprintf("%s/agreements/%d/renewal/%s", tag, e.AgreementID, e.At.UTC().Format("2006-01-02"))
			entry.Link.Href = fmt.Sprintf("%s/initiatives/%d/agreements/%d", f.SiteURL, in.ID, e.AgreementID)
		}
		if e.At.After(newest) {
			newest = e.At
		}
		feed.Entries = append(feed.Entries, entry)
	}
	if !newest.IsZero() {
		feed.Updated = rfc3339(newest)
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return fmt.Errorf("write feed: %w", err)
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(feed); err != nil {
		return fmt.Errorf("write feed: %w", err)
	}
	return nil
}

func rfc3339(t time.Time) string { return t.UTC().Format(time.RFC3339) }
