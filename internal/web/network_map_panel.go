package web

import (
	"strings"

	"backbone/internal/network"
)

// The side panel: clicking an organization on the map lists its ties. The
// page carries what the panel shows as JSON, so it opens without asking the
// server again; without script each circle links to its organization.

// mapPanelOrg is one organization as the side panel shows it.
type mapPanelOrg struct {
	Name    string         `json:"name"`
	Sectors []string       `json:"sectors"`
	Measure string         `json:"measure,omitempty"` // "Ties: 3"
	Pairs   []mapPanelPair `json:"pairs"`
}

// mapPanelPair is the organization's relationship with one other: its
// recorded ties and what each side said of the other in the last survey.
type mapPanelPair struct {
	OtherID string        `json:"other_id"`
	Other   string        `json:"other"`
	Ties    []mapPanelTie `json:"ties"`
	Seen    []string      `json:"seen,omitempty"`
}

// mapPanelTie is one recorded tie.
type mapPanelTie struct {
	ID     string `json:"id"`
	From   string `json:"from"`
	To     string `json:"to"`
	Kinds  string `json:"kinds"`
	Level  string `json:"level"`
	Status string `json:"status"`
	Since  string `json:"since,omitempty"`
}

// mapPanel gathers, per organization id, what its side panel shows.
func mapPanel(
	n *network.Network,
	pairs []*mapPair,
	seen map[[2]string]network.Perception,
	m mapSize,
	figures []string,
) map[string]*mapPanelOrg {
	out := make(map[string]*mapPanelOrg, len(n.Orgs))
	for i, o := range n.Orgs {
		p := &mapPanelOrg{Name: o.Name, Sectors: o.Sectors, Pairs: []mapPanelPair{}}
		if p.Sectors == nil {
			p.Sectors = []string{}
		}
		if m.Label != "" {
			p.Measure = m.Label + ": " + figures[i]
		}
		out[o.ID] = p
	}
	for _, p := range pairs {
		a, b := n.Orgs[p.a], n.Orgs[p.b]
		var ties []mapPanelTie
		for _, t := range p.ties {
			kinds := make([]string, len(t.Kinds))
			for i, k := range t.Kinds {
				kinds[i] = strings.ReplaceAll(k, "_", " ")
			}
			ties = append(ties, mapPanelTie{ID: t.ID, From: t.FromName, To: t.ToName, Kinds: strings.Join(kinds, ", "),
				Level: t.Level, Status: t.Status, Since: t.Since})
		}
		var said []string
		for _, dir := range [][2]network.Org{{a, b}, {b, a}} {
			if s, ok := seen[[2]string{dir[0].ID, dir[1].ID}]; ok {
				said = append(said, dir[0].Name+" says (survey “"+s.Wave+"”): "+perceptionText(s))
			}
		}
		out[a.ID].Pairs = append(out[a.ID].Pairs, mapPanelPair{OtherID: b.ID, Other: b.Name, Ties: ties, Seen: said})
		out[b.ID].Pairs = append(out[b.ID].Pairs, mapPanelPair{OtherID: a.ID, Other: a.Name, Ties: ties, Seen: said})
	}
	return out
}
