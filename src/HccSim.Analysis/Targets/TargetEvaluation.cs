using HccSim.Scenarios;
using HccSim.Core.Compilation;
using HccSim.Core.Engine;
using HccSim.Core.Outcomes;

namespace HccSim.Analysis.Targets;

/// <summary>A published target beside its simulated value, and whether the two agree.</summary>
public sealed record TargetResult(Target Target, OutcomeValue Simulated, bool? Inside, bool ByTolerance);

/// <summary>
/// Evaluates a scenario's targets on a run: whole-cohort targets on the run itself, subgroup targets on the same
/// model run again with the subgroup's attribute levels fixed (same seed, size and grid), hazard ratios against the
/// strategy they name.
/// </summary>
public static class TargetEvaluation
{
    /// <summary>The subgroups the scenario's targets need on this model: key ("burden=beyond…") and the conditioned model.</summary>
    public static IReadOnlyList<(string Key, CompiledModel Model)> Subgroups(Scenario scenario, CompiledModel model)
        => scenario.Targets.Where(t => t.Subgroup.Count > 0 && model.StrategyNames.Contains(t.Strategy))
            .GroupBy(t => t.SubgroupText).Select(g => (g.Key, g.First().Subgroup.Aggregate(model, (m, c) => m.ForLevel(c.Attribute, c.Level)))).ToArray();

    /// <summary>The targets of the strategies in <paramref name="result"/>, in the scenario's order.</summary>
    /// <param name="subgroupRun">Runs a subgroup's cohort (default: the simulator with the main run's options); a merge of shards supplies merged ones.</param>
    /// <param name="ranOn">The subgroup <paramref name="result"/> itself was run on (<c>run --subgroup</c>): only the targets about exactly
    /// those patients are judged, on the result itself; null for a whole-cohort run.</param>
    public static IReadOnlyList<TargetResult> Evaluate(Scenario scenario, SimulationResult result, Func<string, CompiledModel, SimulationResult>? subgroupRun = null,
        IReadOnlyList<(string Attribute, string Level)>? ranOn = null)
    {
        var model = result.Model;
        var names = model.StrategyNames;
        var runs = new Dictionary<string, SimulationResult>(StringComparer.Ordinal) { [""] = result };
        var rows = new List<TargetResult>();
        foreach (var target in scenario.Targets)
        {
            int s = names.ToList().IndexOf(target.Strategy);
            if (s < 0) continue;
            var outcome = NamedOutcome.Parse(target.Outcome, model, s, result.Options.Grid, out _);
            if (outcome is null) continue;
            if (outcome.IsComparative && !names.Contains(outcome.Argument!)) continue;
            string key = target.SubgroupText;
            if (ranOn is not null)
            {
                if (!target.Subgroup.ToHashSet().SetEquals(ranOn)) continue;
                key = "";
            }
            if (!runs.TryGetValue(key, out var run))
            {
                var conditioned = target.Subgroup.Aggregate(model, (m, c) => m.ForLevel(c.Attribute, c.Level));
                run = runs[key] = subgroupRun is not null ? subgroupRun(key, conditioned)
                    : Simulator.Run(conditioned, result.Options with { Progress = null, TrajectoryPatients = 0, RecordEndpoints = false });
            }
            var value = outcome.Evaluate(run.Strategies[s], outcome.IsComparative ? run[outcome.Argument!] : null);
            rows.Add(Judge(target, value));
        }
        return rows;
    }

    /// <summary>
    /// Inside: the target lies within the simulated 95% interval (with a published interval, the two overlap), or the
    /// simulated value is within the tolerance the scenario gives with its reason. An interval end not reached within
    /// the horizon is open (+∞ above: a median's upper rank never came).
    /// </summary>
    public static TargetResult Judge(Target t, OutcomeValue v)
    {
        double simLower = double.IsNaN(v.Lower) ? double.NegativeInfinity : v.Lower;
        double simUpper = double.IsNaN(v.Upper) ? double.PositiveInfinity : v.Upper;
        bool? inside = double.IsNaN(v.Value) ? null
            : t.Lower is { } lo && t.Upper is { } hi ? !(hi < simLower || lo > simUpper)
            : t.Value >= simLower && t.Value <= simUpper;
        bool byTolerance = inside is false && t.Tolerance is { } tolerance && Math.Abs(v.Value - t.Value) <= tolerance;
        return new TargetResult(t, v, byTolerance ? true : inside, byTolerance);
    }

    /// <summary>The target's spread, the unit of its residual: published interval, else tolerance, else 10% of its size.</summary>
    public static double Scale(Target t)
    {
        if (t.Lower is { } lo && t.Upper is { } hi && hi > lo)
        {
            // A hazard ratio's interval is symmetric on the log scale; read its spread there, back at the value.
            bool ratio = t.Outcome.StartsWith("os_hr(", StringComparison.Ordinal) || t.Outcome.StartsWith("pfs_hr(", StringComparison.Ordinal);
            return ratio && lo > 0 ? t.Value * (Math.Log(hi) - Math.Log(lo)) / (2 * 1.959963984540054) : (hi - lo) / (2 * 1.959963984540054);
        }
        if (t.Tolerance is { } tol && tol > 0) return tol;
        return Math.Max(Math.Abs(t.Value) * 0.1, 1e-6);
    }
}
