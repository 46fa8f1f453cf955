package plan

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"backbone/internal/account"
	"backbone/internal/errs"
)

// Strategy is one of the seven practical strategies an action is tagged
// with, with guidance and prompts for the person writing the plan.
type Strategy struct {
	Key      string   `json:"key"`
	Name     string   `json:"name"`
	Guidance string   `json:"guidance"`
	Prompts  []string `json:"prompts"`
	Edited   bool     `json:"edited"` // a steward rewrote the built-in text
}

// Library is the built-in library, in the order a plan offers it. A
// steward may rewrite a strategy's name, guidance and prompts; its key
// stays.
var Library = []Strategy{
	{Key: "work_together", Name: "Work together",
		Guidance: "Do a piece of the work side by side with the other agency: a joint visit, a shared case " +
			"conference, a common event. People trust partners they have already done something with.",
		Prompts: []string{"Which family or task could we take on together this quarter?",
			"Who on their side would I meet, and who on mine should come?",
			"What small joint step is possible within a month?"}},
	{Key: "seek_mentors", Name: "Seek out experienced collaborators and mentors",
		Guidance: "Find someone who already works well with this partner, or who has mended a relationship " +
			"like this one, and ask how they did it. Their introductions open doors faster than a cold call.",
		Prompts: []string{"Who in my agency or network gets on well with them?",
			"Whom could I ask to introduce me, and when will I ask?",
			"What would I want to learn from a mentor about this partner?"}},
	{Key: "identify_resources", Name: "Identify resources",
		Guidance: "List what each side can bring: staff time, a room, a service, a funding stream, local " +
			"knowledge. Gaps in the map are often resources nobody has asked for yet.",
		Prompts: []string{"What does this partner offer that my families need?",
			"What can my agency offer them in return?",
			"Which resource is missing altogether, and who might hold it?"}},
	{Key: "share_information", Name: "Share information",
		Guidance: "Agree what to tell each other, how and how often, within what consent and confidentiality " +
			"allow. Most strained ties start with someone left out of a decision.",
		Prompts: []string{"What do they need to know from us that they do not hear today?",
			"Which channel will we use: a call, a meeting, a shared list?",
			"What must stay confidential, and how will we say so?"}},
	{Key: "set_goals", Name: "Set goals and measure success",
		Guidance: "Write down with the partner what you want to change and how you will both see it: a " +
			"number of referrals completed, a shorter wait, a meeting that happens. Keep it specific and dated.",
		Prompts: []string{"What would be different in six months if this works?",
			"Which figure or event would show it?", "Who will keep the count, and when will we look at it?"}},
	{Key: "plan_roadblocks", Name: "Anticipate and plan for roadblocks",
		Guidance: "Name in advance what could get in the way: our own policies, the other agency's rules, " +
			"personalities, or plain reluctance. Decide now what you will do if it happens.",
		Prompts: []string{"Which policy of ours or theirs could stop this?",
			"Who might resist, and what do they need to hear?",
			"What is my fallback if the first approach fails?"}},
	{Key: "assess_progress", Name: "Assess progress on a regular schedule",
		Guidance: "Set dates to look back at the plan, with your supervisor or a trusted colleague: what moved, " +
			"what stalled, what to change. A plan nobody reviews quietly stops.",
		Prompts: []string{"When will I next review this plan, and with whom?",
			"What will I bring to show progress?", "What will I change if nothing has moved?"}},
}

// Strategies returns the library as it stands: the built-in strategies,
// with a steward's rewrites in their place. For anyone signed in
// (account.ViewStrategies).
func (s *Store) Strategies(ctx context.Context, actor account.Actor) ([]Strategy, error) {
	if err := s.rules.Check(ctx, actor, account.ViewStrategies, account.Platform); err != nil {
		return nil, err
	}
	return s.library(ctx, s.db)
}

func (s *Store) library(ctx context.Context, q querier) ([]Strategy, error) {
	out := make([]Strategy, len(Library))
	copy(out, Library)
	rows, err := q.QueryContext(ctx, `SELECT key, name, guidance, prompts FROM plan_strategies`)
	if err != nil {
		return nil, fmt.Errorf("read the strategy library: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var st Strategy
		var prompts string
		if err := rows.Scan(&st.Key, &st.Name, &st.Guidance, &prompts); err != nil {
			return nil, fmt.Errorf("read the strategy library: %w", err)
		}
		for i := range out {
			if out[i].Key == st.Key {
				st.Prompts, st.Edited = splitLines(prompts), true
				out[i] = st
			}
		}
	}
	return out, rows.Err()
}

// StrategyInput is a steward's rewrite of a strategy.
type StrategyInput struct {
	Name     string   `json:"name"`
	Guidance string   `json:"guidance"`
	Prompts  []string `json:"prompts"`
}

// EditStrategy rewrites a strategy of the library: for stewards
// (account.EditStrategies).
func (s *Store) EditStrategy(ctx context.Context, actor account.Actor, key string, in StrategyInput) (*Strategy,
	error) {
	if err := s.rules.Check(ctx, actor, account.EditStrategies, account.Platform); err != nil {
		return nil, err
	}
	if strategyName(key) == "" {
		return nil, fmt.Errorf("strategy %q: %w", key, errs.ErrNotFound)
	}
	in.Name, in.Guidance = strings.TrimSpace(in.Name), strings.TrimSpace(in.Guidance)
	var prompts []string
	for _, p := range in.Prompts {
		if p = strings.TrimSpace(p); p != "" {
			prompts = append(prompts, p)
		}
	}
	var v errs.ValidationError
	if in.Name == "" {
		v.Add("name", "give the strategy a name")
	} else if len(in.Name) > 200 {
		v.Add("name", "keep the name under 200 characters")
	}
	if in.Guidance == "" {
		v.Add("guidance", "write the guidance for this strategy")
	}
	if err := v.OrNil(); err != nil {
		return nil, err
	}
	var out *Strategy
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		before, err := s.library(ctx, tx)
		if err != nil {
			return err
		}
		var old Strategy
		for _, st := range before {
			if st.Key == key {
				old = st
			}
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM plan_strategies WHERE key = $1`, key); err != nil {
			return fmt.Errorf("edit strategy %s: %w", key, err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO plan_strategies (key, name, guidance, prompts, updated_at,
			updated_by) VALUES ($1, $2, $3, $4, $5, $6)`, key, in.Name, in.Guidance, strings.Join(prompts, "\n"),
			s.now(), actor.Label); err != nil {
			return fmt.Errorf("edit strategy %s: %w", key, err)
		}
		out = &Strategy{Key: key, Name: in.Name, Guidance: in.Guidance, Prompts: prompts, Edited: true}
		return account.Record(ctx, tx, actor, account.Event{At: s.now(), Action: "update", EntityType: "strategy",
			EntityID: key, Summary: "rewrote the strategy " + account.Quote(in.Name), Before: old, After: out})
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// strategyName is the built-in name of a strategy, "" for an unknown key.
func strategyName(key string) string {
	for _, st := range Library {
		if st.Key == key {
			return st.Name
		}
	}
	return ""
}

func splitLines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}
