package initiative

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"backbone/internal/account"
	"backbone/internal/errs"
	"backbone/internal/store"
)

// The two sides of a compatibility assessment.
const (
	SideInitiative = "initiative" // answered by the initiative's backbone
	SidePartner    = "partner"    // answered by the prospective partner
)

// The areas a compatibility assessment covers, in order.
const (
	AreaVision    = "shared_vision"
	AreaValues    = "values"
	AreaWorking   = "ways_of_working"
	AreaCapacity  = "capacity"
	AreaConflicts = "conflicts_of_interest"
)

// CompatibilityArea is one area of the assessment, with its title.
type CompatibilityArea struct {
	ID    string `json:"id"`
	Title string `json:"title"`
}

// CompatibilityAreas lists the areas in the order they are asked.
var CompatibilityAreas = []CompatibilityArea{
	{AreaVision, "Shared vision"},
	{AreaValues, "Values"},
	{AreaWorking, "Ways of working"},
	{AreaCapacity, "Capacity"},
	{AreaConflicts, "Conflicts of interest"},
}

// CompatibilityQuestion is one statement each side rates from 1 (not at
// all) to 4 (fully) for itself. Every statement is worded so that 4 is the
// good answer, conflicts of interest included ("we have no ...").
type CompatibilityQuestion struct {
	ID   string `json:"id"`
	Area string `json:"area"`
	Text string `json:"text"`
}

// CompatibilityQuestions is the fixed list of questions, grouped by area. Do
// not reword a question's meaning or reuse an ID: stored answers refer to
// them. Add new questions with new IDs.
var CompatibilityQuestions = []CompatibilityQuestion{
	{"vision.problem", AreaVision, "We describe the problem this initiative takes on in the same way."},
	{"vision.results", AreaVision, "We want the same results for the community, on a similar timeline."},
	{"vision.agenda", AreaVision, "We can commit to the initiative's common agenda as it is written."},
	{"values.community", AreaValues, "We put the people the initiative serves at the centre of our decisions."},
	{"values.equity", AreaValues, "We share a commitment to equity and to including those most affected."},
	{"values.stances", AreaValues, "We hold no stance on the issues that opposes the other side's."},
	{
		"working.decisions",
		AreaWorking,
		"We are comfortable with how the initiative makes decisions and resolves conflicts.",
	},
	{"working.communication", AreaWorking, "We can keep to the agreed channels and cadence of communication."},
	{"working.data", AreaWorking, "We are willing to share data and report on the common indicators."},
	{"capacity.time", AreaCapacity, "We have staff time to give to the initiative's work."},
	{"capacity.resources", AreaCapacity, "We can contribute resources: skills, funds or in-kind support."},
	{"capacity.leadership", AreaCapacity, "Our leadership supports taking part."},
	{
		"conflicts.funding",
		AreaConflicts,
		"We do not compete with the other side for the same funding in a way that would strain the partnership.",
	},
	{
		"conflicts.interests",
		AreaConflicts,
		"We have no financial, political or personal interest that conflicts with the initiative's goals.",
	},
}

// ScaleLabels names the points of the 1 to 4 scale.
var ScaleLabels = map[int]string{1: "not at all", 2: "a little", 3: "mostly", 4: "fully"}

// Answer is one side's rating of one question, with an optional note.
type Answer struct {
	QuestionID string    `json:"question_id"`
	Score      int       `json:"score"` // 1 to 4
	Note       string    `json:"note"`
	Actor      string    `json:"actor,omitempty"`
	AnsweredAt time.Time `json:"answered_at"`
}

// Assessment is a compatibility check between an initiative and a
// prospective partner organization, with each side's answers.
type Assessment struct {
	ID               int64     `json:"id"`
	InitiativeID     int64     `json:"initiative_id"`
	InitiativeName   string    `json:"initiative_name"`
	OrganizationID   string    `json:"organization_id"` // the prospective partner
	OrganizationName string    `json:"organization_name"`
	CreatedAt        time.Time `json:"created_at"`
	UpdatedAt        time.Time `json:"updated_at"`
	Initiative       []Answer  `json:"initiative"` // the backbone's answers, in question order
	Partner          []Answer  `json:"partner"`    // the partner's answers, in question order
}

const maxAnswerNote = 2000

// StartAssessment opens a compatibility assessment between an initiative
// and an organization in the directory that may join it, for the
// initiative's backbone staff (account.StartAssessment).
func (s *Store) StartAssessment(
	ctx context.Context,
	actor account.Actor,
	initiativeID int64,
	orgID string,
) (*Assessment, error) {
	if err := s.rules.Check(ctx, actor, account.StartAssessment, account.Initiative(initiativeID)); err != nil {
		return nil, err
	}
	orgID = strings.TrimSpace(orgID)
	if orgID == "" {
		return nil, &errs.ValidationError{
			Fields: map[string]string{"organization_id": "is required: choose the organization to assess"},
		}
	}
	now := s.now()
	var id int64
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		in, err := s.get(ctx, tx, initiativeID)
		if err != nil {
			return err
		}
		if err := organizationExists(ctx, tx, orgID); errors.Is(err, errs.ErrNotFound) {
			return &errs.ValidationError{
				Fields: map[string]string{"organization_id": "is not an organization in the directory"},
			}
		} else if err != nil {
			return err
		}
		if orgID == in.BackboneOrganizationID {
			return &errs.ValidationError{
				Fields: map[string]string{"organization_id": "is the initiative's own backbone organization"},
			}
		}
		var name string
		if err := tx.QueryRowContext(ctx, `SELECT name FROM organizations WHERE id = $1`, orgID).Scan(&name); err != nil {
			return fmt.Errorf("read organization: %w", err)
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO compatibility_assessments (initiative_id, organization_id, user_id, actor, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $5) RETURNING id`, initiativeID, orgID, nullUser(actor.UserID), actorName(actor), now).Scan(&id); err != nil {
			return fmt.Errorf("start assessment: %w", err)
		}
		return account.Record(
			ctx,
			tx,
			actor,
			account.Event{
				At:         s.now(),
				Action:     "compatibility",
				EntityType: "initiative",
				EntityID:   fmt.Sprint(initiativeID),
				Summary: fmt.Sprintf(
					"started a compatibility check between %s and %s",
					in.Name,
					name,
				),
				After: map[string]any{"assessment_id": id, "organization_id": orgID},
			},
		)
	})
	if err != nil {
		return nil, err
	}
	return s.Assessment(ctx, actor, initiativeID, id)
}

// Answer records one side's answers (some or all questions; an answer given
// again replaces the earlier one) to assessment assessmentID of the
// initiative: the initiative's side by its backbone staff
// (account.AnswerForInitiative), the partner's by the partner's people
// (account.AnswerForPartner). Every answer is checked before any is
// written.
func (s *Store) Answer(
	ctx context.Context,
	actor account.Actor,
	initiativeID, assessmentID int64,
	side string,
	answers []Answer,
) error {
	a, err := assessmentHead(ctx, s.db, initiativeID, assessmentID)
	if err != nil {
		return err
	}
	// Who may not read the check may not know it exists; who reads it but
	// answers for the other side is refused.
	if err := s.rules.Check(ctx, actor, account.ViewAssessment, account.OrgIn(a.OrganizationID, initiativeID)); err != nil {
		return err
	}
	if side == SideInitiative || side == SidePartner {
		us, them, err := s.MayAnswer(ctx, actor, a)
		if err != nil {
			return err
		}
		if (side == SideInitiative && !us) || (side == SidePartner && !them) {
			return fmt.Errorf("%s may not answer for the %s: %w", actor.Label, side, errs.ErrForbidden)
		}
	}
	if err := checkAnswers(side, answers); err != nil {
		return err
	}
	now := s.now()
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		for _, ans := range answers {
			if _, err := tx.ExecContext(ctx, `INSERT INTO compatibility_answers (assessment_id, side, question_id, score, note, user_id, actor, answered_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
				ON CONFLICT (assessment_id, side, question_id) DO UPDATE SET score = excluded.score, note = excluded.note,
					user_id = excluded.user_id, actor = excluded.actor, answered_at = excluded.answered_at`,
				a.ID, side, ans.QuestionID, ans.Score, strings.TrimSpace(ans.Note), nullUser(actor.UserID), actorName(actor), now); err != nil {
				return fmt.Errorf("record answer %s: %w", ans.QuestionID, err)
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE compatibility_assessments SET updated_at = $1 WHERE id = $2`, now, a.ID); err != nil {
			return fmt.Errorf("touch assessment: %w", err)
		}
		who := a.OrganizationName
		if side == SideInitiative {
			who = a.InitiativeName
		}
		return account.Record(
			ctx,
			tx,
			actor,
			account.Event{
				At:         s.now(),
				Action:     "compatibility",
				EntityType: "initiative",
				EntityID:   fmt.Sprint(a.InitiativeID),
				Summary: fmt.Sprintf(
					"%s answered %d questions of the compatibility check with %s",
					who,
					len(answers),
					a.OrganizationName,
				),
				After: answers,
			},
		)
	})
}

// checkAnswers checks a side and its answers: known questions, each once,
// scores from 1 to 4, notes of a sensible length.
func checkAnswers(side string, answers []Answer) error {
	var v errs.ValidationError
	if side != SideInitiative && side != SidePartner {
		v.Add("side", "must be initiative or partner")
	}
	if len(answers) == 0 {
		v.Add("answers", "at least one answer is needed")
	}
	known := map[string]bool{}
	for _, q := range CompatibilityQuestions {
		known[q.ID] = true
	}
	seen := map[string]bool{}
	for _, a := range answers {
		switch {
		case !known[a.QuestionID]:
			v.Add(a.QuestionID, "is not a question of the compatibility check")
		case seen[a.QuestionID]:
			v.Add(a.QuestionID, "is answered twice")
		case a.Score < 1 || a.Score > 4:
			v.Add(a.QuestionID, "must be scored from 1 (not at all) to 4 (fully)")
		case utf8.RuneCountInString(a.Note) > maxAnswerNote:
			v.Add(a.QuestionID, fmt.Sprintf("the note must be at most %d characters", maxAnswerNote))
		}
		seen[a.QuestionID] = true
	}
	return v.OrNil()
}

const assessmentColumns = `c.id, c.initiative_id, i.name, c.organization_id, o.name, c.created_at, c.updated_at
	FROM compatibility_assessments c JOIN initiatives i ON i.id = c.initiative_id JOIN organizations o ON o.id = c.organization_id`

func scanAssessment(row store.Scanner) (*Assessment, error) {
	a := &Assessment{Initiative: []Answer{}, Partner: []Answer{}}
	err := row.Scan(
		&a.ID,
		&a.InitiativeID,
		&a.InitiativeName,
		&a.OrganizationID,
		&a.OrganizationName,
		&a.CreatedAt,
		&a.UpdatedAt,
	)
	return a, err
}

// assessmentHead reads assessment id of the initiative, without answers;
// one of another initiative is not found.
func assessmentHead(ctx context.Context, q store.Querier, initiativeID, id int64) (*Assessment, error) {
	return store.One(
		ctx,
		q,
		fmt.Sprintf("compatibility assessment %d of initiative %d", id, initiativeID),
		scanAssessment,
		`SELECT `+assessmentColumns+` WHERE c.initiative_id = $1 AND c.id = $2`,
		initiativeID,
		id,
	)
}

// Assessment returns assessment id of the initiative with both sides'
// answers and notes, to the initiative's backbone staff and the assessed
// organization's people (account.ViewAssessment).
func (s *Store) Assessment(ctx context.Context, actor account.Actor, initiativeID, id int64) (*Assessment, error) {
	a, err := assessmentHead(ctx, s.db, initiativeID, id)
	if err != nil {
		return nil, err
	}
	if err := s.rules.Check(ctx, actor, account.ViewAssessment, account.OrgIn(a.OrganizationID, initiativeID)); err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT side, question_id, score, note, actor, answered_at
		FROM compatibility_answers WHERE assessment_id = $1`, a.ID)
	if err != nil {
		return nil, fmt.Errorf("list answers: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var side string
		var ans Answer
		if err := rows.Scan(&side, &ans.QuestionID, &ans.Score, &ans.Note, &ans.Actor, &ans.AnsweredAt); err != nil {
			return nil, fmt.Errorf("list answers: %w", err)
		}
		if side == SideInitiative {
			a.Initiative = append(a.Initiative, ans)
		} else {
			a.Partner = append(a.Partner, ans)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list answers: %w", err)
	}
	order := map[string]int{}
	for i, q := range CompatibilityQuestions {
		order[q.ID] = i
	}
	for _, list := range [][]Answer{a.Initiative, a.Partner} {
		sort.Slice(list, func(i, j int) bool { return order[list[i].QuestionID] < order[list[j].QuestionID] })
	}
	return a, nil
}

// MayAnswer reports which sides of assessment a actor may answer: the
// initiative's, the partner's, or both.
func (s *Store) MayAnswer(
	ctx context.Context,
	actor account.Actor,
	a *Assessment,
) (initiative, partner bool, err error) {
	if initiative, err = s.rules.May(ctx, actor, account.AnswerForInitiative, account.Initiative(a.InitiativeID)); err != nil {
		return false, false, err
	}
	partner, err = s.rules.May(ctx, actor, account.AnswerForPartner, account.OrgIn(a.OrganizationID, a.InitiativeID))
	return initiative, partner, err
}

// Assessments returns the initiative's compatibility assessments that
// actor may read (account.ViewAssessment: all of them for backbone staff,
// their own organization's for a partner's people), newest first, without
// their answers. Anyone who may see the initiative may ask
// (account.ListAssessments).
func (s *Store) Assessments(ctx context.Context, actor account.Actor, initiativeID int64) ([]Assessment, error) {
	if err := s.rules.Check(ctx, actor, account.ListAssessments, account.Initiative(initiativeID)); err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(
		ctx,
		`SELECT `+assessmentColumns+` WHERE c.initiative_id = $1 ORDER BY c.created_at DESC, c.id DESC`,
		initiativeID,
	)
	if err != nil {
		return nil, fmt.Errorf("list assessments: %w", err)
	}
	defer rows.Close()
	var all []Assessment
	for rows.Next() {
		a, err := scanAssessment(rows)
		if err != nil {
			return nil, fmt.Errorf("list assessments: %w", err)
		}
		all = append(all, *a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list assessments: %w", err)
	}
	out := []Assessment{}
	for _, a := range all {
		ok, err := s.rules.May(ctx, actor, account.ViewAssessment, account.OrgIn(a.OrganizationID, initiativeID))
		if err != nil {
			return nil, err
		}
		if ok {
			out = append(out, a)
		}
	}
	return out, nil
}

// AreaSummary compares the two sides in one area: each side's average
// score over the questions it answered (0 when it answered none) and the
// gap between them (0 until both have answered).
type AreaSummary struct {
	Area       string  `json:"area"`
	Title      string  `json:"title"`
	Initiative float64 `json:"initiative"`
	Partner    float64 `json:"partner"`
	Gap        float64 `json:"gap"`
}

// Disagreement is a question on which the sides are far apart (a gap of 2
// or more), or a conflict of interest either side flagged (a score of 1 or
// 2 on a conflicts question).
type Disagreement struct {
	QuestionID string `json:"question_id"`
	Area       string `json:"area"`
	Question   string `json:"question"`
	Initiative int    `json:"initiative"` // 0 when unanswered
	Partner    int    `json:"partner"`
	Gap        int    `json:"gap"`
	Text       string `json:"text"` // the disagreement in plain words, notes included
}

// CompatibilitySummary is what Summarize makes of an assessment.
type CompatibilitySummary struct {
	Areas         []AreaSummary  `json:"areas"`
	Disagreements []Disagreement `json:"disagreements"` // the widest gap first
	Unanswered    map[string]int `json:"unanswered"`    // side → questions it has not answered
	Complete      bool           `json:"complete"`      // both sides answered every question
}

// Summarize compares the two sides of an assessment, area by area, and
// lists the disagreements, the widest gap first (conflicts of interest
// before other questions with the same gap, then in question order).
func Summarize(a *Assessment) CompatibilitySummary {
	byQ := func(list []Answer) map[string]Answer {
		m := map[string]Answer{}
		for _, x := range list {
			m[x.QuestionID] = x
		}
		return m
	}
	mine, theirs := byQ(a.Initiative), byQ(a.Partner)
	sum := CompatibilitySummary{Areas: []AreaSummary{}, Disagreements: []Disagreement{},
		Unanswered: map[string]int{SideInitiative: 0, SidePartner: 0}}
	partner := a.OrganizationName
	if partner == "" {
		partner = "the partner"
	}
	backbone := "the initiative"
	if a.InitiativeName != "" {
		backbone = a.InitiativeName
	}
	order := map[string]int{}
	for _, area := range CompatibilityAreas {
		as := AreaSummary{Area: area.ID, Title: area.Title}
		var iSum, iN, pSum, pN int
		for i, q := range CompatibilityQuestions {
			order[q.ID] = i
			if q.Area != area.ID {
				continue
			}
			x, xok := mine[q.ID]
			y, yok := theirs[q.ID]
			if xok {
				iSum, iN = iSum+x.Score, iN+1
			} else {
				sum.Unanswered[SideInitiative]++
			}
			if yok {
				pSum, pN = pSum+y.Score, pN+1
			} else {
				sum.Unanswered[SidePartner]++
			}
			d := Disagreement{QuestionID: q.ID, Area: q.Area, Question: q.Text, Initiative: x.Score, Partner: y.Score}
			if xok && yok {
				d.Gap = int(math.Abs(float64(x.Score - y.Score)))
			}
			flagged := q.Area == AreaConflicts && ((xok && x.Score <= 2) || (yok && y.Score <= 2))
			if d.Gap < 2 && !flagged {
				continue
			}
			var parts []string
			if flagged {
				parts = append(parts, "Conflict of interest flagged")
			} else {
				parts = append(parts, area.Title+": the sides disagree")
			}
			parts[0] += fmt.Sprintf(" on %s", account.Quote(q.Text))
			if xok {
				parts = append(
					parts,
					fmt.Sprintf("%s answered %d (%s)%s", backbone, x.Score, ScaleLabels[x.Score], answerNote(x.Note)),
				)
			}
			if yok {
				parts = append(
					parts,
					fmt.Sprintf("%s answered %d (%s)%s", partner, y.Score, ScaleLabels[y.Score], answerNote(y.Note)),
				)
			}
			d.Text = parts[0] + ": " + strings.Join(parts[1:], "; ")
			if d.Gap > 0 {
				d.Text += fmt.Sprintf(" (gap %d)", d.Gap)
			}
			sum.Disagreements = append(sum.Disagreements, d)
		}
		if iN > 0 {
			as.Initiative = oneDecimal(float64(iSum) / float64(iN))
		}
		if pN > 0 {
			as.Partner = oneDecimal(float64(pSum) / float64(pN))
		}
		if iN > 0 && pN > 0 {
			as.Gap = oneDecimal(math.Abs(as.Initiative - as.Partner))
		}
		sum.Areas = append(sum.Areas, as)
	}
	sort.SliceStable(sum.Disagreements, func(i, j int) bool {
		a, b := sum.Disagreements[i], sum.Disagreements[j]
		if a.Gap != b.Gap {
			return a.Gap > b.Gap
		}
		if (a.Area == AreaConflicts) != (b.Area == AreaConflicts) {
			return a.Area == AreaConflicts
		}
		return order[a.QuestionID] < order[b.QuestionID]
	})
	sum.Complete = sum.Unanswered[SideInitiative] == 0 && sum.Unanswered[SidePartner] == 0
	return sum
}

func answerNote(note string) string {
	if note = strings.TrimSpace(note); note != "" {
		return ", noting: " + note
	}
	return ""
}

// oneDecimal rounds to one decimal, so averages read as 2.7, not 2.6666666666666665.
func oneDecimal(f float64) float64 { return math.Round(f*10) / 10 }
