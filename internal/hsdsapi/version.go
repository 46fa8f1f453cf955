package hsdsapi

import (
	"strings"

	"backbone/internal/hsds"
)

// versionParam, on every list and detail, asks for the objects in another
// HSDS version than the API's own (Version, 3.0): version=3.1 adds 3.1's
// fields and objects (a service's capacities and additional_urls, an
// organization's additional_websites, attribute labels, the service areas
// of a service at a location). It is Backbone's: the specification's
// OpenAPI document names no such parameter.
const versionParam = "version"

func init() {
	for i := range endpoints {
		endpoints[i].listParams = append(endpoints[i].listParams, versionParam)
		endpoints[i].itemParams = append(endpoints[i].itemParams, versionParam)
	}
}

// version reads the version parameter: the API's own when absent.
func (p *params) version() (string, error) {
	v, ok := p.values[versionParam]
	if !ok {
		return Version, nil
	}
	if !hsds.KnownVersion(v) {
		return "", badParam(versionParam, "version must be one of "+strings.Join(hsds.Versions, ", "))
	}
	return v, nil
}
