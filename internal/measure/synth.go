package measure

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"strconv"
	"time"

	"backbone/internal/account"
	"backbone/internal/initiative"
	"backbone/internal/store"
)

// SynthSpec sizes a synthetic shared-measurement initiative: Partners
// member organizations each reporting every one of Indicators monthly
// indicators for Months months (Partners × Indicators × Months
// measurements), and Goals goals on the first indicators.
type SynthSpec struct {
	Partners, Indicators, Months, Goals int
	Seed                                uint64
	// Chunk is how many months one import file holds (12 when zero): the
	// data arrives as partners would send it, through ImportCSV.
	Chunk int
	// Progress, when set, is told after each file.
	Progress func(months, measurements int)
}

// Synthesize writes a deterministic synthetic initiative for benchmarks:
// organizations "Partner 0001"…, an initiative, its members, sum
// indicators with a trend, seasonality and noise per partner, goals with
// baselines, targets and milestones, and every measurement imported through
// ImportCSV (so the rollups are the ones the product keeps). The months end
// with the last closed month before now. It returns the initiative's id.
func Synthesize(ctx context.Context, db *store.DB, spec SynthSpec, now time.Time) (int64, error) {
	if spec.Partners <= 0 || spec.Indicators <= 0 || spec.Months <= 0 || spec.Goals > spec.Indicators {
		return 0, fmt.Errorf("synthesize: partners, indicators and months must be positive and goals at most indicators: %+v", spec)
	}
	if spec.Chunk <= 0 {
		spec.Chunk = 12
	}
	actor := account.SystemActor("synthetic data")
	stamp := now.UTC()
	orgs := make([]string, spec.Partners)
	err := db.Tx(ctx, func(tx *sql.Tx) error {
		for p := range orgs {
			orgs[p] = fmt.Sprintf("synth-%05d", p)
			if _, err := tx.ExecContext(ctx, `INSERT INTO organizations (id, name, description, created_at, updated_at) VALUES ($1, $2, $3, $4, $4)`,
				orgs[p], fmt.Sprintf("Partner %05d", p), "A synthetic partner organization.", stamp); err != nil {
				return fmt.Errorf("synthesize organization: %w", err)
			}
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	ini, err := initiative.NewStore(db).Create(ctx, actor, initiative.Input{Name: fmt.Sprintf("Synthetic initiative %d", spec.Seed),
		CommonAgenda: "Benchmark data", BackboneOrganizationID: orgs[0], Status: "active"})
	if err != nil {
		return 0, err
	}
	err = db.Tx(ctx, func(tx *sql.Tx) error {
		for _, o := range orgs[1:] {
			if _, err := tx.ExecContext(ctx, `INSERT INTO initiative_members (initiative_id, organization_id, role, status, joined_at) VALUES ($1, $2, 'core_partner', 'active', $3)`,
				ini.ID, o, stamp); err != nil {
				return fmt.Errorf("synthesize member: %w", err)
			}
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	s := NewStore(db)
	last := LastClosed(Monthly, now)
	first := last.Add(-(spec.Months - 1))
	rng := rand.New(rand.NewPCG(spec.Seed, 0x5eed))
	type shape struct{ base, trend, season float64 }
	shapes := make([]shape, spec.Indicators)
	names := make([]string, spec.Indicators)
	for i := range shapes {
		shapes[i] = shape{base: 20 + rng.Float64()*200, trend: rng.Float64()*0.8 - 0.2, season: rng.Float64() * 0.2}
		names[i] = fmt.Sprintf("Indicator %03d", i)
		ind, err := s.CreateIndicator(ctx, actor, ini.ID, IndicatorInput{Name: names[i], Definition: "A synthetic monthly count.", Unit: "people",
			Direction: Higher, Aggregation: Sum, Frequency: Monthly, Source: "synthetic", Reporters: orgs})
		if err != nil {
			return 0, err
		}
		if i < spec.Goals {
			total := shapes[i].base * float64(spec.Partners)
			baseline, target := math.Round(total), math.Round(total*1.5)
			g, err := s.CreateGoal(ctx, actor, GoalInput{InitiativeID: ini.ID, Statement: fmt.Sprintf("Raise %s by half", names[i]), IndicatorID: ind.ID,
				Baseline: &baseline, BaselinePeriod: first.String(), Target: &target, Unit: "people",
				StartsOn: first.Start().Format(time.DateOnly), DueOn: last.Add(24).End().Format(time.DateOnly)})
			if err != nil {
				return 0, err
			}
			if _, err := s.AddMilestone(ctx, actor, InitiativeGoals(ini.ID), g.ID, math.Round(total*1.25),
				"a quarter more"); err != nil {
				return 0, err
			}
		}
	}
	partnerNoise := make([]float64, spec.Partners)
	for p := range partnerNoise {
		partnerNoise[p] = 0.5 + rng.Float64()
	}
	done := 0
	for start := 0; start < spec.Months; start += spec.Chunk {
		end := min(start+spec.Chunk, spec.Months)
		pr, pw := io.Pipe()
		go func(start, end int, seed uint64) {
			r := rand.New(rand.NewPCG(spec.Seed, seed))
			buf := make([]byte, 0, 1<<16)
			buf = append(buf, "indicator,organization,period,value\n"...)
			for m := start; m < end; m++ {
				period := first.Add(m).String()
				for i, sh := range shapes {
					level := sh.base * (1 + sh.trend*float64(m)/12) * (1 + sh.season*math.Sin(float64(m)*math.Pi/6))
					for p, o := range orgs {
						v := math.Max(0, math.Round(level*partnerNoise[p]*(0.9+0.2*r.Float64())))
						buf = append(buf, names[i]...)
						buf = append(buf, ',')
						buf = append(buf, o...)
						buf = append(buf, ',')
						buf = append(buf, period...)
						buf = append(buf, ',')
						buf = strconv.AppendFloat(buf, v, 'f', -1, 64)
						buf = append(buf, '\n')
						if len(buf) > 1<<16-256 {
							if _, err := pw.Write(buf); err != nil {
								return
							}
							buf = buf[:0]
						}
					}
				}
			}
			_, err := pw.Write(buf)
			pw.CloseWithError(err)
		}(start, end, uint64(start))
		res, err := s.ImportCSV(ctx, actor, ini.ID, pr, fmt.Sprintf("months-%d-%d.csv", start, end))
		pr.Close()
		if err != nil {
			return 0, err
		}
		done += res.Created
		if spec.Progress != nil {
			spec.Progress(end, done)
		}
	}
	return ini.ID, nil
}
