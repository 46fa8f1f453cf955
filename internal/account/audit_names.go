package account

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// AuditEntry is an audit event as people read it: the records it names by
// their names, never by their ids.
type AuditEntry struct {
	AuditEvent
	// Text is the summary, each record it names by an id written by the
	// record's name, or by its kind when it no longer exists.
	Text string
	// Subject is the name of the record the event is about, as it is now;
	// when the record no longer exists, what kind of record it was ("an
	// organization that no longer exists").
	Subject string
	// Gone says the record the event is about no longer exists.
	Gone bool
}

// uuidPattern finds the ids of directory records in a summary.
var uuidPattern = regexp.MustCompile(`[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}`)

// auditTables are the kinds of record an event may be about, the table
// that holds each, and how a row is named.
var auditTables = map[string]struct{ table, name string }{
	"organization": {"organizations", "name"},
	"membership":   {"organizations", "name"},
	"service":      {"services", "name"},
	"location":     {"locations", "name"},
	"initiative":   {"initiatives", "name"},
	"user":         {"users", "name"},
	"api_token":    {"api_tokens", "name"},
	"survey_wave":  {"survey_waves", "name"},
	"webhook":      {"webhooks", "name"},
	"tie": {"ties t JOIN organizations a ON a.id = t.from_organization_id " +
		"JOIN organizations b ON b.id = t.to_organization_id", "a.name || ' – ' || b.name"},
}

// kindWords say what kind of record an event was about.
var kindWords = map[string]string{
	"organization": "an organization", "membership": "an organization", "service": "a service",
	"location": "a location", "initiative": "an initiative", "user": "a person", "api_token": "an API token",
	"survey_wave": "a partner survey", "tie": "a tie", "webhook": "a channel",
}

// DescribeAudit names the records events are about and the directory
// records their summaries name by id. It reads names only: call it with
// events the reader may already see.
func (s *Store) DescribeAudit(ctx context.Context, events []AuditEvent) ([]AuditEntry, error) {
	ids := map[string]map[string]bool{} // kind → ids
	want := func(kind, id string) {
		if _, ok := auditTables[kind]; !ok || id == "" {
			return
		}
		if ids[kind] == nil {
			ids[kind] = map[string]bool{}
		}
		ids[kind][id] = true
	}
	for _, ev := range events {
		want(ev.EntityType, ev.EntityID)
		for _, id := range uuidPattern.FindAllString(ev.Summary, -1) {
			for _, kind := range []string{"organization", "service", "location"} {
				want(kind, id)
			}
		}
	}

	names := map[string]map[string]string{}
	for kind, set := range ids {
		found, err := s.recordNames(ctx, kind, set)
		if err != nil {
			return nil, err
		}
		names[kind] = found
	}

	out := make([]AuditEntry, len(events))
	for i, ev := range events {
		e := AuditEntry{AuditEvent: ev}
		if _, ok := auditTables[ev.EntityType]; ok && ev.EntityID != "" {
			name, found := names[ev.EntityType][ev.EntityID]
			e.Subject, e.Gone = name, !found
			if !found {
				e.Subject = kindWords[ev.EntityType] + " that no longer exists"
			}
		}
		e.Text = uuidPattern.ReplaceAllStringFunc(ev.Summary, func(id string) string {
			for _, kind := range []string{"organization", "service", "location"} {
				if name, ok := names[kind][id]; ok {
					return name
				}
			}
			if id == ev.EntityID && kindWords[ev.EntityType] != "" {
				return kindWords[ev.EntityType] + " that no longer exists"
			}
			return "a record that no longer exists"
		})
		out[i] = e
	}
	return out, nil
}

// recordNames reads the names of the records of one kind with the given
// ids; an id with no record is left out.
func (s *Store) recordNames(ctx context.Context, kind string, set map[string]bool) (map[string]string, error) {
	t := auditTables[kind]
	numeric := kind != "organization" && kind != "membership" && kind != "service" && kind != "location" && kind != "tie"
	var args []any
	var marks []string
	for id := range set {
		if numeric {
			n, err := strconv.ParseInt(id, 10, 64)
			if err != nil {
				continue
			}
			args = append(args, n)
		} else {
			args = append(args, id)
		}
		marks = append(marks, fmt.Sprintf("$%d", len(args)))
	}
	out := map[string]string{}
	if len(args) == 0 {
		return out, nil
	}
	idColumn := "id"
	if kind == "tie" {
		idColumn = "t.id"
	}
	rows, err := s.db.QueryContext(ctx, `SELECT `+idColumn+`, `+t.name+` FROM `+t.table+
		` WHERE `+idColumn+` IN (`+strings.Join(marks, ", ")+`)`, args...)
	if err != nil {
		return nil, fmt.Errorf("name the records of the audit log (%s): %w", kind, err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, name string
		var n int64
		var err error
		if numeric {
			err = rows.Scan(&n, &name)
			id = strconv.FormatInt(n, 10)
		} else {
			err = rows.Scan(&id, &name)
		}
		if err != nil {
			return nil, fmt.Errorf("name the records of the audit log (%s): %w", kind, err)
		}
		out[id] = name
	}
	return out, rows.Err()
}

// Headline is the entry in one line: the text, led by the name of the
// record it is about when the text does not name it, or followed by what
// kind of record it was when it no longer exists.
func (e AuditEntry) Headline() string {
	switch {
	case e.Subject == "" || strings.Contains(e.Text, e.Subject):
		return e.Text
	case e.Gone:
		return e.Text + " (" + e.Subject + ")"
	}
	return e.Subject + ": " + e.Text
}
