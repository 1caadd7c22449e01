using HccSim.Analysis.Summaries;
using HccSim.Analysis.Targets;
using HccSim.Core.Analytic;
using HccSim.Core.Compilation;
using HccSim.Core.Cycles;
using HccSim.Core.Outcomes;
using HccSim.Scenarios;

namespace HccSim.Analysis.Calibration;

/// <summary>
/// Targets from the exact solution (the matrix exponential of a time-homogeneous model: every exit exponential, no
/// background mortality), when the model and every fitted target allow it: no Monte Carlo error and no patients, so
/// calibration's likelihood is a smooth function of the parameters. Subgroup targets are solved on the model conditioned
/// on their levels, as `run --method exact` does.
/// </summary>
public static class ExactTargets
{
    /// <summary>The curve step of the exact solution when the scenario names no cycle: medians are linear between steps.</summary>
    public const double DefaultStepMonths = 0.25;

    /// <summary>The fitted targets' values from the exact solution of <paramref name="model"/>; null when the model is not
    /// time-homogeneous or a target needs each patient's path (a response, a tag, a hazard ratio).</summary>
    public static IReadOnlyList<TargetResult>? TryEvaluate(CompiledModel model, IReadOnlyList<Target> fitted, double stepMonths)
    {
        var names = model.StrategyNames.ToList();
        var runs = new Dictionary<string, IReadOnlyList<CycleResult>>(StringComparer.Ordinal);
        var results = new List<TargetResult>(fitted.Count);
        foreach (var t in fitted)
        {
            int s = names.IndexOf(t.Strategy);
            if (s < 0 || NamedOutcome.Parse(t.Outcome, model, s, CycleOutcomes.Grid, out _) is not { } outcome || outcome.IsComparative) return null;
            if (!runs.TryGetValue(t.SubgroupText, out var run))
            {
                var conditioned = t.Subgroup.Aggregate(model, (m, c) => m.ForLevel(c.Attribute, c.Level));
                try { run = runs[t.SubgroupText] = MarkovSolution.Solve(conditioned, stepMonths); }
                catch (InvalidOperationException) { return null; } // not time-homogeneous: the engine says why
            }
            if (CycleOutcomes.Evaluate(outcome, run[s], RunMethod.Exact, null) is not { } value) return null;
            results.Add(TargetEvaluation.Judge(t, value));
        }
        return results;
    }
}
