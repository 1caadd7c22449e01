using HccSim.Analysis.Targets;
using HccSim.Core.Analytic;
using HccSim.Core.Compilation;
using HccSim.Core.Cycles;
using HccSim.Core.Outcomes;
using HccSim.Scenarios;

namespace HccSim.Analysis.Summaries;

/// <summary>
/// The result tables of a run by the cycle microsimulation, the cohort trace or the exact solution: the summary rows a
/// continuous run writes wherever a <see cref="CycleResult"/> defines them (<see cref="CycleOutcomes"/>), and the
/// curves os, pfs and occupancy(state) at the cycle boundaries — pointwise 95% intervals for the microsimulation,
/// the value itself for an expectation.
/// </summary>
public static class CycleSummary
{
    public static ResultTables Tables(Scenario scenario, CompiledModel model, RunMethod method, CycleSettings settings, IReadOnlyList<CycleResult> results,
        IReadOnlyList<TargetResult> targets, IReadOnlyCollection<string>? strategies, IReadOnlyList<PartitionedSurvivalResult>? partitioned)
        => new(scenario, targets, strategies, partitioned, (summary, curves, names) =>
        {
            var weights = Weights(method, settings, model.HorizonMonths);
            for (int s = 0; s < results.Count; s++)
            {
                var r = results[s];
                if (strategies is not null && !strategies.Contains(r.Strategy)) continue;
                names.Add((r.Strategy, model.Source.Strategies.First(x => x.Name == r.Strategy).Label));
                foreach (var name in ResultTables.StandardOutcomes)
                {
                    var outcome = NamedOutcome.Parse(name, model, s, CycleOutcomes.Grid, out _);
                    if (outcome is null || CycleOutcomes.Evaluate(outcome, r, method, weights) is not { } v) continue;
                    string unit = outcome.Kind is OutcomeKind.OsMedian or OutcomeKind.PfsMedian ? CycleOutcomes.MedianUnit : ResultTables.UnitOf(scenario, outcome);
                    summary.Add(new SummaryRow(r.Strategy, outcome.Name, v.Value, v.Lower, v.Upper, v.StandardError, unit));
                }
                foreach (var (curve, values) in new[] { ("os", r.OverallSurvival), ("pfs", r.ProgressionFreeSurvival) })
                    for (int c = 0; c < r.Times.Count; c++) curves.Add(Point(r, curve, c, values[c]));
                for (int state = 0; state < r.States.Count; state++)
                    for (int c = 0; c < r.Times.Count; c++) curves.Add(Point(r, $"occupancy({r.States[state]})", c, r.Occupancy[state, c]));
            }
        });

    /// <summary>The undiscounted within-cycle weights restricted means use; null for the exact solution, which has no cycles.</summary>
    public static double[]? Weights(RunMethod method, CycleSettings settings, double horizonMonths)
        => method == RunMethod.Exact ? null : settings.Weights(settings.Cycles(horizonMonths));

    private static CurveRow Point(CycleResult r, string curve, int c, double value)
    {
        var e = r.Share(value);
        return new CurveRow(r.Strategy, curve, r.Times[c], value, e.Lower, e.Upper);
    }
}
