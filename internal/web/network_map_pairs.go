package web

import (
	"fmt"
	"sort"
	"strings"

	"backbone/internal/account"
	"backbone/internal/network"
	"backbone/internal/svg"
)

// The map draws each pair of organizations as one line, whichever way its
// ties were recorded, and its tooltip shows both sides: the recorded ties
// and what each side last said in a closed partner survey.

// mapPair is the ties recorded between two organizations.
type mapPair struct {
	a, b int // positions in the network, a < b
	ties []*network.Tie
}

// pairsOf groups a network's ties by pair, in a stable order.
func pairsOf(n *network.Network) []*mapPair {
	byKey := map[[2]int]*mapPair{}
	var out []*mapPair
	for _, t := range n.Ties {
		a, b := n.Index[t.FromID], n.Index[t.ToID]
		if a > b {
			a, b = b, a
		}
		p := byKey[[2]int{a, b}]
		if p == nil {
			p = &mapPair{a: a, b: b}
			byKey[[2]int{a, b}] = p
			out = append(out, p)
		}
		p.ties = append(p.ties, t)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].a != out[j].a {
			return out[i].a < out[j].a
		}
		return out[i].b < out[j].b
	})
	return out
}

// pairStyle is how the pair's line is drawn: crossed out when either tie
// is strained, solid when either is active, dotted otherwise.
func pairStyle(ties []*network.Tie) string {
	style := "dotted"
	for _, t := range ties {
		switch t.LineStyle() {
		case "crossed":
			return "crossed"
		case "solid":
			style = "solid"
		}
	}
	return style
}

// pairEdge is one pair's line with its tooltip.
func pairEdge(n *network.Network, p *mapPair, seen map[[2]string]network.Perception) svg.Edge {
	level := 0
	var lines []string
	a, b := n.Orgs[p.a], n.Orgs[p.b]
	lines = append(lines, a.Name+" – "+b.Name)
	for _, t := range p.ties {
		level = max(level, network.LevelRank(t.Level))
		line := fmt.Sprintf("Recorded %s → %s: %s, %s", t.FromName, t.ToName, t.Level, t.Status)
		if t.Since != "" {
			line += ", since " + t.Since
		}
		lines = append(lines, line)
	}
	for _, dir := range [][2]network.Org{{a, b}, {b, a}} {
		if s, ok := seen[[2]string{dir[0].ID, dir[1].ID}]; ok {
			lines = append(
				lines,
				fmt.Sprintf(
					"%s says of %s (survey %s): %s",
					dir[0].Name,
					dir[1].Name,
					account.Quote(s.Wave),
					perceptionText(s),
				),
			)
		}
	}
	return svg.Edge{
		From:   p.a,
		To:     p.b,
		Style:  pairStyle(p.ties),
		Weight: float64(level) / 4,
		Info:   strings.Join(lines, "\n"),
	}
}

func perceptionText(p network.Perception) string {
	out := p.Level
	if p.Strained {
		out += ", strained"
	}
	return out + ", trust " + fmtScore(p.Trust) + ", value " + fmtScore(p.Value)
}
