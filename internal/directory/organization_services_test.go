package directory_test

import (
	"context"
	"errors"
	"testing"

	"backbone/internal/account"
	"backbone/internal/directory"
	"backbone/internal/errs"
	"backbone/internal/store"
	"backbone/internal/testutil/storetest"
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

// TestServiceCounts: the map sizes circles by the services each
// organization offers; an organization with none is left out.
func TestServiceCounts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := directory.NewStore(db)
		org, other := twoOrganizations(t, s)
		sys := account.SystemActor("test")
		for _, name := range []string{"Meals", "Pantry"} {
			if _, err := s.CreateService(ctx, sys, org.ID, directory.ServiceInput{Name: name, Description: "x"}); err != nil {
				t.Fatal(err)
			}
		}

		got, err := s.ServiceCounts(ctx, sys, []string{org.ID, other.ID, "nobody"})
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 1 || got[org.ID] != 2 {
			t.Fatalf("counts %v", got)
		}
		if _, err := s.ServiceCounts(ctx, account.Actor{}, []string{org.ID}); !errors.Is(err, errs.ErrUnauthenticated) {
			t.Errorf("counted for nobody signed in: %v", err)
		}
	})
}
