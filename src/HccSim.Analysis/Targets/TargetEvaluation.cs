using HccSim.Scenarios;
using HccSim.Core.Compilation;
using HccSim.Core.Outcomes;

namespace HccSim.Analysis.Targets;

/// <summary>
/// A published target beside its simulated value, and whether the two agree. <see cref="Patients"/>: the simulated patients the
/// value rests on (a subgroup's share of the cohort, 0 when none of its patients started there; null for a method without patients).
/// </summary>
public sealed record TargetResult(Target Target, OutcomeValue Simulated, bool? Inside, bool ByTolerance)
{
    public long? Patients { get; init; }
}

/// <summary>
/// Evaluates a scenario's targets on a run: whole-cohort targets on the run itself, subgroup targets on the patients of the
/// same run who started at the subgroup's levels (the run tallies them apart: <see cref="Partition"/>), hazard ratios
/// against the strategy they name.
/// </summary>
public static class TargetEvaluation
{
    /// <summary>
    /// How a run of <paramref name="model"/> must cut its tallies for the scenario's subgroup targets: by the attributes they
    /// name (for the model's strategies); null when no target names a subgroup.
    /// </summary>
    public static CohortPartition? Partition(Scenario scenario, CompiledModel model)
    {
        var attributes = scenario.Targets.Where(t => t.Subgroup.Count > 0 && model.StrategyNames.Contains(t.Strategy))
            .SelectMany(t => t.Subgroup.Select(c => c.Attribute)).Distinct(StringComparer.Ordinal).ToArray();
        return attributes.Length == 0 ? null : CohortPartition.By(model, attributes);
    }

    /// <summary>The targets of the strategies in <paramref name="result"/>, in the scenario's order.</summary>
    /// <param name="result">The run; for subgroup targets, partitioned by <see cref="Partition"/>.</param>
    /// <param name="ranOn">The subgroup <paramref name="result"/> itself was run on (<c>run --subgroup</c>): only the targets about exactly
    /// those patients are judged, on the result itself; null for a whole-cohort run.</param>
    /// <exception cref="InvalidOperationException">A subgroup target on a run not partitioned by its attributes.</exception>
    public static IReadOnlyList<TargetResult> Evaluate(Scenario scenario, SimulationResult result, IReadOnlyList<(string Attribute, string Level)>? ranOn = null)
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
            if (!runs.TryGetValue(key, out var run)) run = runs[key] = result.Subgroup(target.Subgroup);
            var cohort = run.Strategies[s];
            var value = outcome.Evaluate(cohort, outcome.IsComparative ? run[outcome.Argument!] : null);
            rows.Add(Judge(target, value) with { Patients = cohort.Patients });
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
