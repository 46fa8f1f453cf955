package api

import (
	"context"
	"encoding/json"
	"testing"

	"backbone/internal/account"
	"backbone/internal/initiative"
)

// TestGovernanceRulesUnified checks the rules the API now shares with the
// web pages, where they used to differ: a partner lead votes for their
// organization, and the person who proposed may withdraw their proposal
// while they speak for the proposing organization (closing is backbone
// staff's; see the scenarios).
func TestGovernanceRulesUnified(t *testing.T) {
	for _, eng := range engines {
		t.Run(eng.name, func(t *testing.T) {
			t.Parallel()
			db := eng.open(t)
			app := newWorkApp(t, db)
			ctx, sys := context.Background(), account.SystemActor("test")
			accounts := account.NewStore(db)
			person := func(name, org, initiativeRole string) {
				t.Helper()
				u, err := accounts.CreateUser(ctx, sys, account.NewUser{Email: name + "@work.example.org", Name: name,
					Password: "correct horse battery", Role: account.RoleMember})
				if err != nil {
					t.Fatal(err)
				}
				if err := accounts.SetMembership(ctx, sys, u.ID, org, account.OrgStaff); err != nil {
					t.Fatal(err)
				}
				if initiativeRole != "" {
					if err := initiative.NewStore(db).SetUserRole(ctx, sys, 1, u.ID, initiativeRole); err != nil {
						t.Fatal(err)
					}
				}
				secret, _, err := accounts.CreateToken(ctx, sys, u.Email, "tests", 0)
				if err != nil {
					t.Fatal(err)
				}
				app.tokens[name] = secret
			}
			person("lakelead", "lake", account.InitiativePartnerLead)
			person("lakestaff", "lake", "")
			person("riverstaff", riverID, "")

			vote := `{"organization_id":"lake","choice":"yes"}`
			if code, body := call(t, app, "POST", w+"/proposals/{proposal}/votes", "lakestaff", vote); code != 403 {
				t.Errorf("staff who are not the partner lead vote: %d %s", code, body)
			}
			if code, body := call(t, app, "POST", w+"/proposals/{proposal}/votes", "lakelead", vote); code != 200 {
				t.Errorf("the partner lead votes: %d %s", code, body)
			}

			code, body := call(t, app, "POST", w+"/proposals", "riverstaff", proposalJSON)
			if code != 201 {
				t.Fatalf("river's staff propose: %d %s", code, body)
			}
			var p struct{ ID int64 }
			if err := json.Unmarshal([]byte(body), &p); err != nil {
				t.Fatal(err)
			}
			url := w + "/proposals/" + jsonNumber(p.ID)
			if code, body := call(t, app, "POST", url+"/withdraw", "lakelead", ""); code != 403 {
				t.Errorf("another organization's partner lead withdraws: %d %s", code, body)
			}
			if code, body := call(t, app, "POST", url+"/withdraw", "riverstaff", ""); code != 200 {
				t.Errorf("the proposer withdraws: %d %s", code, body)
			}
		})
	}
}
