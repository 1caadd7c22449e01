using HccSim.Core.Compilation;
using HccSim.Core.Cycles;
using HccSim.Core.Engine;

namespace HccSim.Core.Analytic;

/// <summary>
/// One outcome by three methods: the continuous-time microsimulation (mean and Monte Carlo SE), the cycle-based
/// cohort trace, and — for a time-homogeneous model — the exact matrix-exponential solution. <see cref="ZScore"/> is the
/// microsimulation's distance from the exact value (or from the trace when there is none) in standard errors.
/// </summary>
public sealed record MethodRow(string Strategy, string Outcome, double Microsimulation, double StandardError,
    double CohortTrace, double? Exact, double? ZScore);

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
        var traced = CohortTrace.Run(model, trace);
        IReadOnlyList<CycleResult>? exact = null;
        try { exact = MarkovSolution.Solve(model, trace.CycleMonths); }
        catch (InvalidOperationException) { /* not time-homogeneous: no exact solution */ }

        var rows = new List<MethodRow>();
        for (int s = 0; s < micro.Count; s++)
        {
            var m = micro[s];
            var t = traced[s];
            var e = exact?[s];
            void Add(string outcome, double mean, double se, double traceValue, double? exactValue)
            {
                double reference = exactValue ?? traceValue;
                rows.Add(new MethodRow(m.Strategy, outcome, mean, se, traceValue, exactValue, se > 0 ? (mean - reference) / se : null));
            }
            foreach (double months in new[] { 12.0, 24, 36, 60 })
            {
                int c = (int)Math.Round(months / trace.CycleMonths);
                int point = m.Times.ToList().IndexOf(months);
                if (months > model.HorizonMonths || Math.Abs(c * trace.CycleMonths - months) > 1e-9 || point < 0) continue;
                var os = m.OverallSurvival.At(months);
                Add($"os_at({months})", os.Mean, os.StandardError, t.OverallSurvival[c], e?.OverallSurvival[c]);
                for (int state = 0; state < t.States.Count; state++)
                {
                    double p = m.Occupancy[state, point];
                    Add($"occupancy({t.States[state]}, {months})", p, Math.Sqrt(p * (1 - p) / m.Patients), t.Occupancy[state, c], e?.Occupancy[state, c]);
                }
            }
            Add("life_years", m.LifeYears.Mean, m.LifeYears.StandardError, t.LifeYears.Mean, e?.LifeYears.Mean);
            Add("qalys", m.Qalys.Mean, m.Qalys.StandardError, t.Qalys.Mean, e?.Qalys.Mean);
            Add("costs", m.Costs.Mean, m.Costs.StandardError, t.Costs.Mean, e?.Costs.Mean);
            Add("discounted_life_years", m.DiscountedLifeYears.Mean, m.DiscountedLifeYears.StandardError, t.DiscountedLifeYears.Mean, e?.DiscountedLifeYears.Mean);
            Add("discounted_qalys", m.DiscountedQalys.Mean, m.DiscountedQalys.StandardError, t.DiscountedQalys.Mean, e?.DiscountedQalys.Mean);
            Add("discounted_costs", m.DiscountedCosts.Mean, m.DiscountedCosts.StandardError, t.DiscountedCosts.Mean, e?.DiscountedCosts.Mean);
        }
        return rows;
    }
}
