// Package gazetteer finds the point of a US postal code or populated place
// without asking anyone: its data (data/us.tsv.gz, from the Census
// Bureau's ZIP code centroids and GeoNames' places; see
// data/ATTRIBUTION.md) is embedded in the binary, written by
// tools/gazetteer.
package gazetteer

import (
	"bufio"
	"bytes"
	"compress/gzip"
	_ "embed"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
)

//go:embed data/us.tsv.gz
var usData []byte

// Point is a latitude and a longitude, in degrees.
type Point struct {
	Lat, Lon float64
}

// Place is a populated place: its name as GeoNames writes it, its state's
// two-letter code and its point.
type Place struct {
	Name  string
	State string
	Point
}

// Gazetteer holds postal codes and places; it does not change once read.
type Gazetteer struct {
	zips   map[string]Point
	places map[string][]Place // by Fold(name), each name's places by state
	names  []string           // the folded names, sorted, for suggestions
}

var (
	usOnce sync.Once
	us     *Gazetteer
	usErr  error
)

// US returns the embedded gazetteer of the United States, read on first
// use (about a quarter of a second) and shared after: it never changes.
func US() (*Gazetteer, error) {
	usOnce.Do(func() { us, usErr = Read(usData) })
	return us, usErr
}

// Read reads a gazetteer from its gzip'd TSV form (see tools/gazetteer).
func Read(gz []byte) (*Gazetteer, error) {
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return nil, fmt.Errorf("read the gazetteer: %w", err)
	}
	g := &Gazetteer{zips: make(map[string]Point, 34000), places: make(map[string][]Place, 17000)}
	sc := bufio.NewScanner(zr)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if line == "" || line[0] == '#' {
			continue
		}
		f := strings.Split(line, "\t")
		switch {
		case f[0] == "Z" && len(f) == 4:
			p, err := parsePoint(f[2], f[3])
			if err != nil {
				return nil, fmt.Errorf("read the gazetteer line %d: %w", n, err)
			}
			g.zips[f[1]] = p
		case f[0] == "P" && len(f) == 5:
			p, err := parsePoint(f[3], f[4])
			if err != nil {
				return nil, fmt.Errorf("read the gazetteer line %d: %w", n, err)
			}
			k := Fold(f[1])
			if _, ok := g.places[k]; !ok {
				g.names = append(g.names, k)
			}
			g.places[k] = append(g.places[k], Place{Name: f[1], State: f[2], Point: p})
		default:
			return nil, fmt.Errorf("read the gazetteer line %d: not a postal code or place: %q", n, line)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read the gazetteer: %w", err)
	}
	slices.Sort(g.names)
	return g, nil
}

func parsePoint(lat, lon string) (Point, error) {
	la, err1 := strconv.ParseFloat(lat, 64)
	lo, err2 := strconv.ParseFloat(lon, 64)
	if err1 != nil || err2 != nil {
		return Point{}, fmt.Errorf("not a point: %q, %q", lat, lon)
	}
	return Point{la, lo}, nil
}

// Fold is how names are compared: lower case, spaces trimmed and single,
// and "St." and "Ft." read as "saint" and "fort".
func Fold(name string) string {
	words := strings.Fields(strings.ToLower(name))
	for i, w := range words {
		switch w {
		case "st.", "st":
			words[i] = "saint"
		case "ft.", "ft":
			words[i] = "fort"
		case "mt.", "mt":
			words[i] = "mount"
		}
	}
	return strings.Join(words, " ")
}

// PostalCode returns the centroid of a five-digit US postal code; a ZIP+4
// ("94063-1234") is read as its first five digits.
func (g *Gazetteer) PostalCode(code string) (Point, bool) {
	code = strings.TrimSpace(code)
	if len(code) == 10 && code[5] == '-' {
		code = code[:5]
	}
	p, ok := g.zips[code]
	return p, ok
}

// Places returns the places with a name (any case), one per state and
// place, sorted by state.
func (g *Gazetteer) Places(name string) []Place {
	return g.places[Fold(name)]
}

// Place returns the place with a name in a state (its two-letter code or
// its name, any case). When one state has two places of that name (rare),
// the first listed is returned.
func (g *Gazetteer) Place(name, state string) (Place, bool) {
	code := StateCode(state)
	for _, p := range g.places[Fold(name)] {
		if p.State == code {
			return p, true
		}
	}
	return Place{}, false
}

// Suggest returns at most n place names (folded) that begin as name does,
// the longest shared beginning first: what a person may have meant.
func (g *Gazetteer) Suggest(name string, n int) []string {
	k := Fold(name)
	for size := len(k); size >= 3; size-- {
		prefix := k[:size]
		i, _ := slices.BinarySearch(g.names, prefix)
		var out []string
		for ; i < len(g.names) && strings.HasPrefix(g.names[i], prefix) && len(out) < n; i++ {
			out = append(out, g.names[i])
		}
		if len(out) > 0 {
			return out
		}
	}
	return nil
}

// Names returns the names of places as GeoNames writes them (with the
// case a page shows), for folded names from Suggest.
func (g *Gazetteer) Names(folded []string) []string {
	out := make([]string, 0, len(folded))
	for _, k := range folded {
		if ps := g.places[k]; len(ps) > 0 {
			out = append(out, ps[0].Name)
		}
	}
	return out
}
