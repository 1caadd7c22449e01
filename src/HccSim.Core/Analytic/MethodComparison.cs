using HccSim.Core.Compilation;
using HccSim.Core.Cycles;
using HccSim.Core.Engine;
using HccSim.Core.Outcomes;

namespace HccSim.Core.Analytic;

/// <summary>
/// One outcome by four methods: the continuous-time microsimulation, the cycle-based microsimulation (each a mean with
/// its Monte Carlo SE), the cycle-based cohort trace, and — for a time-homogeneous model — the exact matrix-exponential
/// solution. Each z-score compares a microsimulation only with what it must equal in expectation: the continuous one
/// with the exact solution, the cycle one with the trace. The trace and the exact solution differ by the discretisation a
/// cycle brings, a plain difference, not a statistical one.
/// </summary>
public sealed record MethodRow(string Strategy, string Outcome,
    double Microsimulation, double StandardError, double CycleMicrosimulation, double CycleStandardError,
    double CohortTrace, double? Exact, double? ZScore, double? CycleZScore);

public static class MethodComparison
{
    /// <summary>
    /// Runs the model by each method that applies and lines the outcomes up: occupancy and OS at 12, 24, 36 and 60
    /// months (where the horizon and the cycle allow), life-years, QALYs and costs, undiscounted and discounted.
    /// The trace counts rewards per cycle with its within-cycle correction and discounts per cycle, so its economic
    /// outcomes differ from the continuous ones by the discretisation a cycle length brings — which is the point.
    /// </summary>
    public static IReadOnlyList<MethodRow> Compare(CompiledModel model, SimulationOptions options, CycleSettings trace)
    {
        var micro = Simulator.Run(model, options with { TrajectoryPatients = 0 }).Strategies;
        var cycles = CycleSimulator.Run(model, trace, options with { TrajectoryPatients = 0 });
        var traced = CohortTrace.Run(model, trace);
        IReadOnlyList<CycleResult>? exact = null;
        try { exact = MarkovSolution.Solve(model, trace.CycleMonths); }
        catch (InvalidOperationException) { /* not time-homogeneous: no exact solution */ }

        var rows = new List<MethodRow>();
        for (int s = 0; s < micro.Count; s++)
        {
            var m = micro[s];
            var cy = cycles[s];
            var t = traced[s];
            var e = exact?[s];
            void Add(string outcome, double mean, double se, Estimate cycle, double traceValue, double? exactValue)
                => rows.Add(new MethodRow(m.Strategy, outcome, mean, se, cycle.Mean, cycle.StandardError, traceValue, exactValue,
                    exactValue is { } x && se > 0 ? (mean - x) / se : null,
                    cycle.StandardError > 0 ? (cycle.Mean - traceValue) / cycle.StandardError : null));
            foreach (double months in new[] { 12.0, 24, 36, 60 })
            {
                int c = (int)Math.Round(months / trace.CycleMonths);
                int point = m.Times.ToList().IndexOf(months);
                if (months > model.HorizonMonths || Math.Abs(c * trace.CycleMonths - months) > 1e-9 || point < 0) continue;
                var os = m.OverallSurvival.At(months);
                Add($"os_at({months})", os.Mean, os.StandardError, cy.Share(cy.OverallSurvival[c]), t.OverallSurvival[c], e?.OverallSurvival[c]);
                for (int state = 0; state < t.States.Count; state++)
                {
                    double p = m.Occupancy[state, point];
                    Add($"occupancy({t.States[state]}, {months})", p, Math.Sqrt(p * (1 - p) / m.Patients), cy.Share(cy.Occupancy[state, c]), t.Occupancy[state, c], e?.Occupancy[state, c]);
                }
            }
            Add("life_years", m.LifeYears.Mean, m.LifeYears.StandardError, cy.LifeYears, t.LifeYears.Mean, e?.LifeYears.Mean);
            Add("qalys", m.Qalys.Mean, m.Qalys.StandardError, cy.Qalys, t.Qalys.Mean, e?.Qalys.Mean);
            Add("costs", m.Costs.Mean, m.Costs.StandardError, cy.Costs, t.Costs.Mean, e?.Costs.Mean);
            Add("discounted_life_years", m.DiscountedLifeYears.Mean, m.DiscountedLifeYears.StandardError, cy.DiscountedLifeYears, t.DiscountedLifeYears.Mean, e?.DiscountedLifeYears.Mean);
            Add("discounted_qalys", m.DiscountedQalys.Mean, m.DiscountedQalys.StandardError, cy.DiscountedQalys, t.DiscountedQalys.Mean, e?.DiscountedQalys.Mean);
            Add("discounted_costs", m.DiscountedCosts.Mean, m.DiscountedCosts.StandardError, cy.DiscountedCosts, t.DiscountedCosts.Mean, e?.DiscountedCosts.Mean);
        }
        return rows;
    }
}
