package account_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"backbone/internal/account"
	"backbone/internal/errs"
	"backbone/internal/store"
	"backbone/internal/testutil/storetest"
)

var sys = account.SystemActor("test")

func TestPasswordHash(t *testing.T) {
	h, err := account.HashPassword("correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Fatalf("hash %q", h)
	}
	h2, _ := account.HashPassword("correct horse battery")
	if h == h2 {
		t.Fatal("two hashes of one password are equal: no salt?")
	}
	for pw, want := range map[string]bool{"correct horse battery": true, "correct horse batterY": false, "": false} {
		if ok, err := account.CheckPassword(h, pw); err != nil || ok != want {
			t.Errorf("check %q = %v, %v", pw, ok, err)
		}
	}
	for _, bad := range []string{"", "$2a$10$bcrypt", "$argon2id$v=19$m=x$a$b", "$argon2id$v=19$m=1,t=1,p=1$!!$!!"} {
		if _, err := account.CheckPassword(bad, "x"); err == nil {
			t.Errorf("accepted hash %q", bad)
		}
	}
}

func FuzzCheckPassword(f *testing.F) {
	h, _ := account.HashPassword("seed password")
	f.Add(h, "seed password")
	f.Add("$argon2id$v=19$m=8,t=1,p=1$c2FsdHNhbHQ$aGFzaA", "x")
	f.Fuzz(func(t *testing.T, hash, pw string) {
		// Keep each run cheap: skip hashes that ask for more than 64 MiB or 4 passes.
		parts := strings.Split(hash, "$")
		var m, passes, p int
		if len(parts) == 6 {
			if n, _ := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &passes, &p); n == 3 && (m > 64*1024 || passes > 4) {
				return
			}
		}
		_, _ = account.CheckPassword(hash, pw)
	})
}

func TestDecide(t *testing.T) {
	type f = account.Facts
	cases := []struct {
		facts  f
		action account.Action
		want   bool
	}{
		{f{PlatformRole: account.RoleAdmin}, account.ManageUsers, true},
		{f{PlatformRole: account.RoleMember}, account.KeepOwnFeedLinks, true},
		{f{}, account.KeepOwnFeedLinks, false},
		{f{PlatformRole: account.RoleMember, InitiativePublic: true}, account.MakeInitiativeFeedLink, true},
		{f{PlatformRole: account.RoleMember}, account.MakeInitiativeFeedLink, false},
		{
			f{PlatformRole: account.RoleMember, InitiativeRole: account.InitiativeViewer},
			account.MakeInitiativeFeedLink,
			true,
		},
		{
			f{PlatformRole: account.RoleMember, InitiativeRole: account.InitiativeMember},
			account.RevokeInitiativeFeedLink,
			false,
		},
		{
			f{PlatformRole: account.RoleMember, InitiativeRole: account.InitiativeBackboneStaff},
			account.RevokeInitiativeFeedLink,
			true,
		},
		{f{PlatformRole: account.RoleSteward}, account.ManageUsers, false},
		{f{PlatformRole: account.RoleSteward}, account.ChangeSettings, false},
		{f{PlatformRole: account.RoleSteward}, account.CreateInitiative, true},
		{f{PlatformRole: account.RoleMember, AdminOfAnOrganization: true}, account.CreateInitiative, false},
		{
			f{PlatformRole: account.RoleMember, AdminOfAnOrganization: true, OrganizationAdminsStart: true},
			account.CreateInitiative,
			true,
		},
		{f{PlatformRole: account.RoleMember, OrganizationAdminsStart: true}, account.CreateInitiative, false},
		{f{PlatformRole: account.RoleSteward}, account.ViewAudit, false},
		{f{PlatformRole: account.RoleMember}, account.ViewDirectory, true},
		{f{}, account.ViewDirectory, false},
		{f{PlatformRole: account.RoleMember}, account.CreateOrganization, false},
		{f{PlatformRole: account.RoleSteward}, account.CreateOrganization, true},
		{f{PlatformRole: account.RoleSteward}, account.ArchiveOrganization, true},
		{f{PlatformRole: account.RoleMember, OrgRole: account.OrgAdmin}, account.EditOrganization, true},
		{f{PlatformRole: account.RoleMember, OrgRole: account.OrgAdmin}, account.ArchiveOrganization, false},
		{f{PlatformRole: account.RoleMember, OrgRole: account.OrgStaff}, account.EditOrganization, false},
		{f{PlatformRole: account.RoleMember}, account.ViewInitiative, false},
		{f{PlatformRole: account.RoleMember, InitiativePublic: true}, account.ViewInitiative, true},
		{f{PlatformRole: account.RoleMember, InitiativeRole: account.InitiativeViewer}, account.ViewInitiative, true},
		{f{PlatformRole: account.RoleMember, InitiativeRole: account.InitiativeViewer}, account.EditInitiative, false},
		{
			f{PlatformRole: account.RoleMember, InitiativeRole: account.InitiativePartnerLead},
			account.SaveGovernance,
			false,
		},
		{
			f{PlatformRole: account.RoleMember, InitiativeRole: account.InitiativeBackboneStaff},
			account.SaveGovernance,
			true,
		},
		{f{PlatformRole: account.RoleSteward}, account.CreateInitiative, true},
		{f{PlatformRole: account.RoleMember}, account.Action("made.up"), false},
		{f{PlatformRole: account.RoleMember, OrgRole: account.OrgStaff}, account.RecordTie, true},
		{f{PlatformRole: account.RoleMember}, account.RecordTie, false},
		{f{PlatformRole: account.RoleSteward}, account.RecordTie, true},
		{f{PlatformRole: account.RoleMember, OrgRole: account.OrgAdmin}, account.ImportTies, false},
		{f{PlatformRole: account.RoleSteward}, account.ImportTies, true},
		{f{PlatformRole: account.RoleMember, OrgRole: account.OrgAdmin}, account.ActForOrganization, true},
		{f{PlatformRole: account.RoleMember, OrgRole: account.OrgStaff}, account.ActForOrganization, false},
		{f{PlatformRole: account.RoleSteward}, account.ActForOrganization, false},
		// A partner lead acts for their organization in the initiative.
		{
			f{
				PlatformRole:   account.RoleMember,
				OrgRole:        account.OrgStaff,
				InitiativeRole: account.InitiativePartnerLead,
			},
			account.ActForOrganization,
			true,
		},
		{
			f{PlatformRole: account.RoleMember, InitiativeRole: account.InitiativePartnerLead},
			account.ActForOrganization,
			false,
		},
		{
			f{PlatformRole: account.RoleMember, OrgRole: account.OrgStaff, InitiativeRole: account.InitiativeMember},
			account.ActForOrganization,
			false,
		},
		{f{PlatformRole: account.RoleMember, OrgRole: account.OrgStaff}, account.SpeakForOrganization, true},
		{f{PlatformRole: account.RoleMember}, account.SpeakForOrganization, false},
		{f{PlatformRole: account.RoleMember, OrgRole: account.OrgStaff}, account.SetOrganizationGoals, true},
		{f{PlatformRole: account.RoleSteward}, account.SetOrganizationGoals, false},
		{f{PlatformRole: account.RoleMember}, account.SetOrganizationGoals, false},
		{f{PlatformRole: account.RoleSteward}, account.ViewOrganizationGoals, true},
		{f{PlatformRole: account.RoleMember, OrgRole: account.OrgAdmin}, account.ViewOrganizationGoals, true},
		{f{PlatformRole: account.RoleMember}, account.ViewOrganizationGoals, false},
		{f{PlatformRole: account.RoleMember}, account.RunNetworkAnalysis, true},
		{f{}, account.RunNetworkAnalysis, false},
		{f{PlatformRole: account.RoleMember, OrgRole: account.OrgAdmin}, account.CancelNetworkAnalysis, false},
		{f{PlatformRole: account.RoleSteward}, account.CancelNetworkAnalysis, true},
		{f{PlatformRole: account.RoleMember, OrgRole: account.OrgAdmin}, account.ConfigureNetwork, false},
		{f{PlatformRole: account.RoleSteward}, account.ConfigureNetwork, true},
		{f{PlatformRole: account.RoleAdmin}, account.ConfigureNetwork, true},
		// Governance: members read; backbone staff keep the framework, the
		// agreements and the decision log.
		{f{PlatformRole: account.RoleMember, InitiativePublic: true}, account.ViewGovernance, true},
		{f{PlatformRole: account.RoleMember}, account.ViewDecisions, false},
		{f{PlatformRole: account.RoleMember, InitiativeRole: account.InitiativeMember}, account.DraftAgreement, false},
		{
			f{PlatformRole: account.RoleMember, InitiativeRole: account.InitiativeBackboneStaff},
			account.CloseProposal,
			true,
		},
		{
			f{PlatformRole: account.RoleMember, InitiativeRole: account.InitiativePartnerLead},
			account.CloseProposal,
			false,
		},
		{f{PlatformRole: account.RoleMember}, account.ReadPublicDecisionLog, true},
		{f{}, account.ReadPublicDecisionLog, false},
		// Signing binds the organization: those who act for it, or backbone
		// staff recording a signature made on paper.
		{
			f{PlatformRole: account.RoleMember, OrgRole: account.OrgAdmin, InitiativeRole: account.InitiativeMember},
			account.SignAgreement,
			true,
		},
		{
			f{PlatformRole: account.RoleMember, OrgRole: account.OrgStaff, InitiativeRole: account.InitiativeMember},
			account.SignAgreement,
			false,
		},
		{
			f{PlatformRole: account.RoleMember, InitiativeRole: account.InitiativeBackboneStaff},
			account.SignAgreement,
			true,
		},
		{f{PlatformRole: account.RoleMember, OrgRole: account.OrgAdmin}, account.SignAgreement, false},
		// Votes are cast by those who act for the organization and see the
		// initiative; its other people propose and comment.
		{
			f{
				PlatformRole:   account.RoleMember,
				OrgRole:        account.OrgStaff,
				InitiativeRole: account.InitiativePartnerLead,
			},
			account.CastVote,
			true,
		},
		{
			f{PlatformRole: account.RoleMember, OrgRole: account.OrgStaff, InitiativeRole: account.InitiativeMember},
			account.CastVote,
			false,
		},
		{
			f{PlatformRole: account.RoleMember, InitiativeRole: account.InitiativeBackboneStaff},
			account.DelegateVote,
			false,
		},
		{f{PlatformRole: account.RoleMember, OrgRole: account.OrgAdmin}, account.CastVote, false},
		{
			f{PlatformRole: account.RoleMember, OrgRole: account.OrgStaff, InitiativeRole: account.InitiativeMember},
			account.ProposeDecision,
			true,
		},
		{
			f{PlatformRole: account.RoleMember, InitiativeRole: account.InitiativeMember},
			account.CommentOnProposal,
			false,
		},
		// Withdrawing: the proposer while they speak for the organization,
		// those who act for it, backbone staff.
		{
			f{
				PlatformRole:   account.RoleMember,
				OrgRole:        account.OrgStaff,
				InitiativeRole: account.InitiativeMember,
				Author:         true,
			},
			account.WithdrawProposal,
			true,
		},
		{
			f{PlatformRole: account.RoleMember, InitiativeRole: account.InitiativeViewer, Author: true},
			account.WithdrawProposal,
			false,
		},
		{
			f{PlatformRole: account.RoleMember, OrgRole: account.OrgAdmin, InitiativeRole: account.InitiativeMember},
			account.WithdrawProposal,
			true,
		},
		{
			f{PlatformRole: account.RoleMember, OrgRole: account.OrgStaff, InitiativeRole: account.InitiativeMember},
			account.WithdrawProposal,
			false,
		},
		{
			f{PlatformRole: account.RoleMember, InitiativeRole: account.InitiativeBackboneStaff},
			account.WithdrawProposal,
			true,
		},
		// Shared measurement.
		{f{PlatformRole: account.RoleMember, InitiativePublic: true}, account.ViewMeasurement, true},
		{f{PlatformRole: account.RoleMember, InitiativeRole: account.InitiativeViewer}, account.ViewMeasurement, true},
		{f{PlatformRole: account.RoleSteward}, account.ViewMeasurement, false},
		{f{PlatformRole: account.RoleMember, InitiativeRole: account.InitiativeViewer}, account.ViewReportForm, true},
		{f{PlatformRole: account.RoleMember}, account.ViewReportForm, false},
		{f{PlatformRole: account.RoleMember, InitiativeRole: account.InitiativeBackboneStaff},
			account.ManageMeasurement, true},
		{f{PlatformRole: account.RoleMember, InitiativeRole: account.InitiativePartnerLead,
			OrgRole: account.OrgAdmin}, account.ManageMeasurement, false},
		{f{PlatformRole: account.RoleSteward, InitiativePublic: true}, account.ManageMeasurement, false},
		{f{PlatformRole: account.RoleMember, InitiativeRole: account.InitiativeBackboneStaff},
			account.ImportMeasurements, true},
		{f{PlatformRole: account.RoleMember, InitiativeRole: account.InitiativeMember,
			OrgRole: account.OrgAdmin}, account.ImportMeasurements, false},
		{f{PlatformRole: account.RoleMember, InitiativeRole: account.InitiativeMember,
			OrgRole: account.OrgStaff}, account.ReportMeasurement, true},
		{f{PlatformRole: account.RoleMember, InitiativePublic: true, OrgRole: account.OrgAdmin},
			account.ReportMeasurement, true},
		{f{PlatformRole: account.RoleMember, OrgRole: account.OrgAdmin}, account.ReportMeasurement, false},
		{f{PlatformRole: account.RoleMember, InitiativeRole: account.InitiativeBackboneStaff},
			account.ReportMeasurement, false},
		{f{PlatformRole: account.RoleMember, InitiativeRole: account.InitiativeBackboneStaff},
			account.ViewMeasurementHistory, true},
		{f{PlatformRole: account.RoleMember, InitiativeRole: account.InitiativeMember,
			OrgRole: account.OrgStaff}, account.ViewMeasurementHistory, true},
		{f{PlatformRole: account.RoleMember, InitiativeRole: account.InitiativeMember},
			account.ViewMeasurementHistory, false},
		{f{PlatformRole: account.RoleMember, OrgRole: account.OrgAdmin}, account.ViewMeasurementHistory, false},
		{f{PlatformRole: account.RoleMember, InitiativeRole: account.InitiativeBackboneStaff}, account.TellStory, true},
		{f{PlatformRole: account.RoleMember, InitiativeRole: account.InitiativeMember,
			OrgRole: account.OrgStaff}, account.TellStory, true},
		{f{PlatformRole: account.RoleMember, InitiativeRole: account.InitiativeViewer}, account.TellStory, false},
		{f{PlatformRole: account.RoleSteward, InitiativePublic: true}, account.TellStory, false},
		// People and their roles.
		{f{PlatformRole: account.RoleAdmin}, account.SetPlatformRole, true},
		{f{PlatformRole: account.RoleSteward}, account.SetPlatformRole, false},
		{f{PlatformRole: account.RoleSteward}, account.DisableUser, false},
		{f{PlatformRole: account.RoleSteward}, account.ListUsers, false},
		{f{PlatformRole: account.RoleMember}, account.ViewOrganizationPeople, true},
		{f{}, account.ViewOrganizationPeople, false},
		{f{PlatformRole: account.RoleMember, OrgRole: account.OrgAdmin}, account.GrantOrganizationRole, true},
		{f{PlatformRole: account.RoleMember, OrgRole: account.OrgAdmin}, account.RevokeOrganizationRole, true},
		{f{PlatformRole: account.RoleMember, OrgRole: account.OrgStaff}, account.GrantOrganizationRole, false},
		{f{PlatformRole: account.RoleSteward}, account.RevokeOrganizationRole, true},
		{f{PlatformRole: account.RoleMember, OrgRole: account.OrgAdmin}, account.LeaveOrganizationWithoutAdmin, false},
		{f{PlatformRole: account.RoleSteward}, account.LeaveOrganizationWithoutAdmin, true},
		{f{PlatformRole: account.RoleMember, InitiativePublic: true}, account.ViewInitiativeRoles, true},
		{f{PlatformRole: account.RoleMember}, account.ViewInitiativeRoles, false},
		{
			f{PlatformRole: account.RoleMember, InitiativeRole: account.InitiativeBackboneStaff},
			account.GrantInitiativeRole,
			true,
		},
		{
			f{PlatformRole: account.RoleMember, InitiativeRole: account.InitiativeBackboneStaff},
			account.RevokeInitiativeRole,
			true,
		},
		{
			f{
				PlatformRole:   account.RoleMember,
				OrgRole:        account.OrgAdmin,
				InitiativeRole: account.InitiativePartnerLead,
			},
			account.GrantInitiativeRole,
			false,
		},
		{f{PlatformRole: account.RoleSteward, InitiativePublic: true}, account.RevokeInitiativeRole, false},
		// The relationship map and partner surveys.
		{f{PlatformRole: account.RoleMember}, account.ViewNetwork, true},
		{f{}, account.ViewNetwork, false},
		{f{PlatformRole: account.RoleMember, Author: true}, account.CancelNetworkAnalysis, true},
		{f{Author: true}, account.CancelNetworkAnalysis, false},
		{f{PlatformRole: account.RoleSteward}, account.ManageSurveyWave, true},
		{
			f{PlatformRole: account.RoleMember, InitiativeRole: account.InitiativeBackboneStaff},
			account.ManageSurveyWave,
			true,
		},
		{
			f{PlatformRole: account.RoleMember, InitiativeRole: account.InitiativePartnerLead},
			account.ManageSurveyWave,
			false,
		},
		{f{PlatformRole: account.RoleMember, OrgRole: account.OrgAdmin}, account.ManageSurveyWave, false},
		{f{}, account.AnswerSurvey, true},
		// Initiatives and their members (rules 2 and 3 of the permissions brief).
		{
			f{PlatformRole: account.RoleMember, InitiativeRole: account.InitiativeBackboneStaff},
			account.InviteMember,
			true,
		},
		{
			f{PlatformRole: account.RoleMember, OrgRole: account.OrgAdmin, InitiativeRole: account.InitiativeMember},
			account.InviteMember,
			false,
		},
		{
			f{PlatformRole: account.RoleMember, InitiativeRole: account.InitiativeBackboneStaff},
			account.ChangeMemberRole,
			true,
		},
		{
			f{PlatformRole: account.RoleMember, InitiativeRole: account.InitiativePartnerLead},
			account.ChangeMemberRole,
			false,
		},
		{f{PlatformRole: account.RoleMember, OrgRole: account.OrgAdmin}, account.AnswerInvitation, true},
		{
			f{
				PlatformRole:   account.RoleMember,
				OrgRole:        account.OrgStaff,
				InitiativeRole: account.InitiativePartnerLead,
			},
			account.AnswerInvitation,
			true,
		},
		{f{PlatformRole: account.RoleMember, OrgRole: account.OrgStaff}, account.AnswerInvitation, false},
		{
			f{PlatformRole: account.RoleMember, InitiativeRole: account.InitiativeBackboneStaff},
			account.AnswerInvitation,
			false,
		},
		{f{PlatformRole: account.RoleSteward}, account.AnswerInvitation, false},
		{
			f{PlatformRole: account.RoleMember, OrgRole: account.OrgAdmin, InitiativeRole: account.InitiativeMember},
			account.LeaveInitiative,
			true,
		},
		{f{PlatformRole: account.RoleMember, OrgRole: account.OrgAdmin}, account.LeaveInitiative, false},
		{
			f{PlatformRole: account.RoleMember, OrgRole: account.OrgStaff, InitiativeRole: account.InitiativeMember},
			account.LeaveInitiative,
			false,
		},
		{
			f{PlatformRole: account.RoleMember, InitiativeRole: account.InitiativeBackboneStaff},
			account.LeaveInitiative,
			false,
		},
		{
			f{PlatformRole: account.RoleMember, InitiativeRole: account.InitiativeBackboneStaff},
			account.RemoveMember,
			true,
		},
		{
			f{PlatformRole: account.RoleMember, OrgRole: account.OrgAdmin, InitiativeRole: account.InitiativeMember},
			account.RemoveMember,
			false,
		},
		// An initiative's work.
		{
			f{PlatformRole: account.RoleMember, InitiativeRole: account.InitiativeBackboneStaff},
			account.EditAgenda,
			true,
		},
		{
			f{PlatformRole: account.RoleMember, OrgRole: account.OrgAdmin, InitiativeRole: account.InitiativeMember},
			account.EditAgenda,
			false,
		},
		{
			f{PlatformRole: account.RoleMember, InitiativeRole: account.InitiativeBackboneStaff},
			account.RecordActivity,
			true,
		},
		{
			f{PlatformRole: account.RoleMember, OrgRole: account.OrgStaff, InitiativeRole: account.InitiativeMember},
			account.RecordActivity,
			true,
		},
		{
			f{PlatformRole: account.RoleMember, OrgRole: account.OrgStaff, InitiativePublic: true},
			account.RecordActivity,
			true,
		},
		{f{PlatformRole: account.RoleMember, OrgRole: account.OrgAdmin}, account.RecordActivity, false},
		{f{PlatformRole: account.RoleMember, InitiativeRole: account.InitiativeMember}, account.RecordActivity, false},
		{
			f{PlatformRole: account.RoleMember, InitiativeRole: account.InitiativeBackboneStaff},
			account.AssignRACI,
			true,
		},
		{
			f{PlatformRole: account.RoleMember, OrgRole: account.OrgAdmin, InitiativeRole: account.InitiativeMember},
			account.AssignRACI,
			false,
		},
		{
			f{PlatformRole: account.RoleMember, InitiativeRole: account.InitiativeBackboneStaff},
			account.SetResponsibilities,
			true,
		},
		{
			f{PlatformRole: account.RoleMember, OrgRole: account.OrgAdmin, InitiativeRole: account.InitiativeMember},
			account.SetResponsibilities,
			true,
		},
		{
			f{PlatformRole: account.RoleMember, OrgRole: account.OrgStaff, InitiativeRole: account.InitiativeMember},
			account.SetResponsibilities,
			false,
		},
		{f{PlatformRole: account.RoleMember, OrgRole: account.OrgAdmin}, account.SetResponsibilities, false},
		{
			f{PlatformRole: account.RoleMember, InitiativeRole: account.InitiativeBackboneStaff},
			account.ManagePeople,
			true,
		},
		{
			f{PlatformRole: account.RoleMember, InitiativeRole: account.InitiativePartnerLead},
			account.ManagePeople,
			false,
		},
		{f{PlatformRole: account.RoleMember, InitiativePublic: true}, account.ViewUpdates, true},
		{f{PlatformRole: account.RoleMember}, account.ViewUpdates, false},
		// The directory: reading, searching, guides and the export are for
		// anyone signed in; importing, verifying and reviewing for the
		// stewards; services and locations for an organization's admins.
		{f{PlatformRole: account.RoleMember}, account.SearchDirectory, true},
		{f{}, account.SearchDirectory, false},
		{f{PlatformRole: account.RoleMember}, account.ViewGuide, true},
		{f{}, account.ViewGuide, false},
		{f{PlatformRole: account.RoleMember}, account.ExportDirectory, true},
		{f{}, account.ExportDirectory, false},
		{f{PlatformRole: account.RoleMember, OrgRole: account.OrgAdmin}, account.ImportDirectory, false},
		{f{PlatformRole: account.RoleSteward}, account.ImportDirectory, true},
		{f{PlatformRole: account.RoleMember, OrgRole: account.OrgAdmin}, account.EditService, true},
		{f{PlatformRole: account.RoleMember, OrgRole: account.OrgStaff}, account.EditService, false},
		{f{PlatformRole: account.RoleSteward}, account.EditService, true},
		{f{PlatformRole: account.RoleMember, OrgRole: account.OrgAdmin}, account.EditLocation, true},
		{f{PlatformRole: account.RoleMember, OrgRole: account.OrgStaff}, account.EditLocation, false},
		{f{PlatformRole: account.RoleSteward}, account.EditLocation, true},
		{f{PlatformRole: account.RoleMember, OrgRole: account.OrgAdmin}, account.ListStaleRecords, false},
		{f{PlatformRole: account.RoleSteward}, account.ListStaleRecords, true},
		{f{PlatformRole: account.RoleMember, OrgRole: account.OrgAdmin}, account.VerifyRecord, false},
		{f{PlatformRole: account.RoleSteward}, account.VerifyRecord, true},
		{f{PlatformRole: account.RoleMember, OrgRole: account.OrgStaff}, account.ProposeUpdate, true},
		{f{PlatformRole: account.RoleMember}, account.ProposeUpdate, false},
		{f{PlatformRole: account.RoleSteward}, account.ProposeUpdate, false},
		{f{PlatformRole: account.RoleMember, OrgRole: account.OrgStaff}, account.ViewProposals, true},
		{f{PlatformRole: account.RoleSteward}, account.ViewProposals, true},
		{f{PlatformRole: account.RoleMember}, account.ViewProposals, false},
		{f{PlatformRole: account.RoleMember, OrgRole: account.OrgAdmin}, account.ReviewProposals, false},
		{f{PlatformRole: account.RoleSteward}, account.ReviewProposals, true},
		// One's own password: oneself, signed in.
		{f{PlatformRole: account.RoleMember, Author: true}, account.ChangeOwnPassword, true},
		{f{PlatformRole: account.RoleSteward}, account.ChangeOwnPassword, false},
		{f{Author: true}, account.ChangeOwnPassword, false},
	}
	for _, c := range cases {
		if got := account.Decide(c.facts, c.action); got != c.want {
			t.Errorf("Decide(%+v, %s) = %v, want %v", c.facts, c.action, got, c.want)
		}
	}
}

func TestUsersSessionsTokens(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := account.NewStore(db)
		u, err := s.CreateUser(
			ctx,
			sys,
			account.NewUser{Email: "Ana@Example.org", Name: "Ana", Password: "long enough pw"},
		)
		if err != nil {
			t.Fatal(err)
		}
		if u.Email != "ana@example.org" || u.Role != account.RoleMember {
			t.Fatalf("user %+v", u)
		}
		var conflict *errs.ConflictError
		if _, err := s.CreateUser(ctx, sys, account.NewUser{Email: "ANA@example.org", Name: "Ana",
			Password: "long enough pw"}); !errors.As(
			err,
			&conflict,
		) {
			t.Fatalf("duplicate email: %v", err)
		}
		var v *errs.ValidationError
		if _, err := s.CreateUser(ctx, sys, account.NewUser{Email: "x", Name: "", Password: "short",
			Role: "king"}); !errors.As(
			err,
			&v,
		) ||
			len(v.Fields) != 4 {
			t.Fatalf("invalid user: %v", err)
		}

		if _, err := s.Authenticate(ctx, "ana@example.org", "wrong", "10.0.0.1"); !errors.Is(
			err,
			account.ErrBadCredentials,
		) {
			t.Fatalf("wrong password: %v", err)
		}
		if _, err := s.Authenticate(ctx, "nobody@example.org", "wrong", "10.0.0.1"); !errors.Is(
			err,
			account.ErrBadCredentials,
		) {
			t.Fatalf("unknown user: %v", err)
		}
		got, err := s.Authenticate(ctx, " ANA@example.org ", "long enough pw", "10.0.0.1")
		if err != nil || got.ID != u.ID {
			t.Fatalf("sign in: %v", err)
		}
		// Failures from one address slow down that address, not the
		// account's owner elsewhere (TestSignInThrottle has the rest).
		for i := 0; i < account.MaxLoginFailures; i++ {
			_, _ = s.Authenticate(ctx, "ana@example.org", "wrong", "10.0.0.2")
		}
		var locked *account.LockedError
		if _, err := s.Authenticate(ctx, "ana@example.org", "long enough pw", "10.0.0.2"); !errors.As(err, &locked) ||
			locked.RetryAfter <= 0 ||
			locked.RetryAfter > account.LoginWindow {
			t.Fatalf("locked: %v", err)
		}
		if _, err := s.Authenticate(ctx, "ana@example.org", "long enough pw", "10.0.0.3"); err != nil {
			t.Fatalf("the right password from elsewhere: %v", err)
		}

		token, sess, err := s.CreateSession(ctx, u, time.Hour, "10.0.0.1", "test")
		if err != nil {
			t.Fatal(err)
		}
		if sess.ID == token || len(token) < 40 {
			t.Fatal("session id must be a hash of the token")
		}
		if _, who, err := s.SessionUser(ctx, token, time.Hour); err != nil || who.ID != u.ID {
			t.Fatalf("session: %v", err)
		}
		if _, _, err := s.SessionUser(ctx, token+"x", time.Hour); !errors.Is(err, errs.ErrUnauthenticated) {
			t.Fatalf("bad token: %v", err)
		}

		secret, tok, err := s.CreateToken(ctx, sys, "ana@example.org", "sync", 0)
		if err != nil || !strings.HasPrefix(secret, account.TokenPrefix) {
			t.Fatalf("token: %v %q", err, secret)
		}
		if who, err := s.TokenUser(ctx, secret); err != nil || who.ID != u.ID {
			t.Fatalf("token user: %v", err)
		}
		// Disabling ends sessions and stops tokens; enabling lets the token work again.
		if err := s.SetDisabled(ctx, sys, "ana@example.org", true); err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.SessionUser(ctx, token, time.Hour); !errors.Is(err, errs.ErrUnauthenticated) {
			t.Fatalf("session of disabled user: %v", err)
		}
		if _, err := s.TokenUser(ctx, secret); !errors.Is(err, errs.ErrUnauthenticated) {
			t.Fatalf("token of disabled user: %v", err)
		}
		if err := s.SetDisabled(ctx, sys, "ana@example.org", false); err != nil {
			t.Fatal(err)
		}
		if err := s.RevokeToken(ctx, sys, tok.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.TokenUser(ctx, secret); !errors.Is(err, errs.ErrUnauthenticated) {
			t.Fatalf("revoked token: %v", err)
		}
		if err := s.RevokeToken(ctx, sys, tok.ID); !errors.Is(err, errs.ErrNotFound) {
			t.Fatalf("revoke twice: %v", err)
		}
		// Expired tokens do not work.
		secret2, _, err := s.CreateToken(ctx, sys, "ana@example.org", "short-lived", time.Nanosecond)
		if err != nil {
			t.Fatal(err)
		}
		storetest.Clock(t, db).Advance(time.Second)
		if _, err := s.TokenUser(ctx, secret2); !errors.Is(err, errs.ErrUnauthenticated) {
			t.Fatalf("expired token: %v", err)
		}
		events, err := s.ListAudit(ctx, account.AuditFilter{EntityType: "user"})
		if err != nil || len(events) != 3 || events[2].Action != "create" ||
			!strings.Contains(events[0].After, `"disabled":false`) {
			t.Fatalf("audit: %v %+v", err, events)
		}
		if err := s.PurgeExpired(ctx); err != nil {
			t.Fatal(err)
		}
	})
}
