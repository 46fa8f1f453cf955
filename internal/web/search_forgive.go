package web

import (
	"math"
	"strconv"

	"backbone/internal/account"
	"backbone/internal/directory"
)

// widerRadius is the wider radius a search with no results offers, in the
// page's unit (the form's radius is in it), as the form takes it; "" when
// none is offered.
func widerRadius(page *directory.SearchPage, unit string) string {
	if page.Offers == nil || page.Offers.WiderRadiusKm == 0 {
		return ""
	}
	r := page.Offers.WiderRadiusKm
	if unit == account.Miles {
		r /= directory.KmPerMile
	}
	return strconv.FormatFloat(math.Round(r*10)/10, 'f', -1, 64)
}
