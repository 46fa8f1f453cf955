package svg

import (
	"math"
	"strconv"
	"testing"
)

// sectors is the directory's list, copied so this package stays free of it.
var sectors = []string{
	"health", "mental health", "substance use", "housing", "food", "education", "early childhood",
	"employment", "income support", "legal", "transportation", "child and family", "older adults",
	"disability", "immigrant services", "justice", "faith", "philanthropy", "government", "community",
}

// TestGroupColorIsStable is the point of GroupColor: two maps showing
// different sets of sectors give a sector the same colour.
func TestGroupColorIsStable(t *testing.T) {
	one := []Node{{Groups: []string{"housing"}}, {Groups: []string{"food"}}, {Groups: []string{"health"}}}
	two := []Node{
		{Groups: []string{"food"}},
		{Groups: []string{"legal"}},
		{Groups: nil},
		{Groups: []string{"a sector nobody knows"}},
	}
	c1, _ := GroupColors(one, sectors)
	c2, _ := GroupColors(two, sectors)
	if c1["food"] != c2["food"] || c1["food"] != GroupPalette[4] {
		t.Fatalf("food is %s in one map and %s in the other", c1["food"], c2["food"])
	}
	if c2[""] != NoGroupColor {
		t.Errorf("no sector: %s", c2[""])
	}
	if GroupColor("a sector nobody knows", sectors) != c2["a sector nobody knows"] ||
		GroupColor("a sector nobody knows", nil) != c2["a sector nobody knows"] {
		t.Error("an unknown sector's colour depends on the others")
	}
	seen := map[string]string{}
	for _, s := range sectors {
		c := GroupColor(s, sectors)
		if other, ok := seen[c]; ok {
			t.Errorf("%s and %s share %s", s, other, c)
		}
		seen[c] = s
	}
}

// TestGroupPalette checks that no two of the map's colours are near
// identical, to normal sight and as people with the two common red–green
// deficiencies see them (simulated with Machado, Oliveira and Fernandes'
// 2009 matrices at full severity), and that none is near the page's white
// or the grey of "no sector".
func TestGroupPalette(t *testing.T) {
	views := []struct {
		name string
		min  float64
		m    *[3][3]float64
	}{
		{"normal sight", 19, nil},
		{
			"deuteranopia",
			10,
			&[3][3]float64{
				{0.367322, 0.860646, -0.227968},
				{0.280085, 0.672501, 0.047413},
				{-0.011820, 0.042940, 0.968881},
			},
		},
		{
			"protanopia",
			10,
			&[3][3]float64{
				{0.152286, 1.052583, -0.204868},
				{0.114503, 0.786281, 0.099216},
				{-0.003882, -0.048116, 1.051998},
			},
		},
	}
	for _, v := range views {
		for i, a := range GroupPalette {
			la := toLab(hexRGB(t, a), v.m)
			for _, b := range GroupPalette[i+1:] {
				if d := dist(la, toLab(hexRGB(t, b), v.m)); d < v.min {
					t.Errorf("%s: %s and %s differ by %.1f (at least %.0f wanted)", v.name, a, b, d, v.min)
				}
			}
		}
	}
	for _, c := range GroupPalette {
		lab := toLab(hexRGB(t, c), nil)
		if lab[0] > 82 || lab[0] < 28 {
			t.Errorf("%s is too light or too dark on white (L* %.0f)", c, lab[0])
		}
		if d := dist(lab, toLab(hexRGB(t, NoGroupColor), nil)); d < 12 {
			t.Errorf("%s is near the grey of no sector (%.1f)", c, d)
		}
	}
}

func hexRGB(t *testing.T, h string) [3]float64 {
	t.Helper()
	var out [3]float64
	for i := range out {
		v, err := strconv.ParseUint(h[1+2*i:3+2*i], 16, 8)
		if err != nil || len(h) != 7 {
			t.Fatalf("not a colour: %q", h)
		}
		out[i] = float64(v) / 255
	}
	return out
}

// toLab converts an sRGB colour to CIE L*a*b* (D65), seen through m (a
// simulation of a colour-vision deficiency, on linear RGB) when given.
func toLab(c [3]float64, m *[3][3]float64) [3]float64 {
	var lin [3]float64
	for i, x := range c {
		if x <= 0.04045 {
			lin[i] = x / 12.92
		} else {
			lin[i] = math.Pow((x+0.055)/1.055, 2.4)
		}
	}
	if m != nil {
		var s [3]float64
		for i := range s {
			s[i] = math.Max(0, math.Min(1, m[i][0]*lin[0]+m[i][1]*lin[1]+m[i][2]*lin[2]))
		}
		lin = s
	}
	x := (0.4124*lin[0] + 0.3576*lin[1] + 0.1805*lin[2]) / 0.95047
	y := 0.2126*lin[0] + 0.7152*lin[1] + 0.0722*lin[2]
	z := (0.0193*lin[0] + 0.1192*lin[1] + 0.9505*lin[2]) / 1.08883
	f := func(v float64) float64 {
		if v > 0.008856 {
			return math.Cbrt(v)
		}
		return 7.787*v + 16.0/116
	}
	return [3]float64{116*f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))}
}

func dist(a, b [3]float64) float64 {
	return math.Sqrt((a[0]-b[0])*(a[0]-b[0]) + (a[1]-b[1])*(a[1]-b[1]) + (a[2]-b[2])*(a[2]-b[2]))
}
