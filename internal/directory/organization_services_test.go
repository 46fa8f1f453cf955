package directory_test

import (
	"testing"

	"backbone/internal/directory"
)

func TestAddressLines(t *testing.T) {
	tests := []struct {
		a    directory.Address
		want string
	}{
		{directory.Address{Address1: "24 Second Avenue", City: "San Mateo", StateProvince: "CA", PostalCode: "94401", Country: "US"}, "24 Second Avenue, San Mateo, CA 94401"},
		{directory.Address{Attention: "Project Read", Address1: "1044 Middlefield Road", Address2: "2nd Floor", City: "Redwood City", StateProvince: "CA", PostalCode: "94063"}, "Project Read, 1044 Middlefield Road, 2nd Floor, Redwood City, CA 94063"},
		{directory.Address{Address1: "1 Rue de Rivoli", City: "Paris", PostalCode: "75001", Country: "FR"}, "1 Rue de Rivoli, Paris, 75001, FR"},
		{directory.Address{}, ""},
	}
	for _, tt := range tests {
		if got := tt.a.Oneline(); got != tt.want {
			t.Errorf("Oneline() = %q, want %q", got, tt.want)
		}
	}
}
