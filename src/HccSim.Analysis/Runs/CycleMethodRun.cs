using HccSim.Analysis.Summaries;
using HccSim.Analysis.Targets;
using HccSim.Core.Analytic;
using HccSim.Core.Compilation;
using HccSim.Core.Cycles;
using HccSim.Core.Engine;
using HccSim.Core.Outcomes;
using HccSim.Scenarios;

namespace HccSim.Analysis.Runs;

/// <summary>
/// `hccsim run --method cycle|cohort|exact`: the model run by the cycle microsimulation, the Markov cohort trace or the
/// exact matrix-exponential solution, its targets judged where the method defines their outcome (a subgroup's on the
/// same method run on the subgroup's cohort), and the same tables a continuous run gives.
/// </summary>
public static class CycleMethodRun
{
    /// <exception cref="ArgumentException">The settings are invalid, or the method cannot run this model (the reason names what prevents it).</exception>
    public static RunOutcome Run(Scenario scenario, RunRequest request, CompiledModel compiled, Func<IReadOnlyList<PartitionedSurvivalResult>> partitioned)
    {
        var method = request.Method;
        var settings = request.Cycle ?? throw new ArgumentException($"the {method.Name()} method needs a cycle length");
        var problems = settings.Problems(compiled.HorizonMonths).ToArray();
        if (problems.Length > 0) throw new ArgumentException($"the {method.Name()} method: {string.Join("; ", problems)}");
        var options = new SimulationOptions
        {
            Patients = request.Patients, Seed = request.Seed, Threads = request.Threads, Progress = request.Progress, Cancellation = request.Cancellation,
        };
        var results = Solve(scenario, method, settings, compiled, options);

        var weights = CycleSummary.Weights(method, settings, compiled.HorizonMonths);
        var runs = new Dictionary<string, IReadOnlyList<CycleResult>>(StringComparer.Ordinal) { [""] = results };
        var judged = new List<TargetResult>();
        var unjudged = new List<string>();
        var names = compiled.StrategyNames.ToList();
        foreach (var target in scenario.Targets)
        {
            int s = names.IndexOf(target.Strategy);
            if (s < 0 || (request.Strategies is not null && !request.Strategies.Contains(target.Strategy))) continue;
            var outcome = NamedOutcome.Parse(target.Outcome, compiled, s, CycleOutcomes.Grid, out _);
            if (outcome is null) continue;
            string key = target.SubgroupText;
            if (request.Subgroup.Count > 0)
            {
                if (!target.Subgroup.ToHashSet().SetEquals(request.Subgroup)) continue;
                key = ""; // the run is on exactly this subgroup
            }
            if (!runs.TryGetValue(key, out var run))
            {
                var conditioned = target.Subgroup.Aggregate(compiled, (m, c) => m.ForLevel(c.Attribute, c.Level));
                run = runs[key] = Solve(scenario, method, settings, conditioned, options with { Progress = null });
            }
            // The cycle microsimulation runs every subgroup on a whole cohort conditioned on its levels; the expectations have no patients.
            if (CycleOutcomes.Evaluate(outcome, run[s], method, weights) is { } value)
                judged.Add(TargetEvaluation.Judge(target, value) with { Patients = method == RunMethod.Cycle ? request.Patients : null });
            else unjudged.Add($"{target.Strategy} {target.Outcome}{(target.SubgroupText.Length > 0 ? $" ({target.SubgroupText})" : "")}: {CycleOutcomes.Why(outcome, run[s])}");
        }
        var solved = partitioned();
        return new RunOutcome(null, solved, CycleSummary.Tables(scenario, compiled, method, settings, results, judged, request.Strategies, solved))
        {
            CycleResults = results,
            Unjudged = unjudged,
        };
    }

    private static IReadOnlyList<CycleResult> Solve(Scenario scenario, RunMethod method, CycleSettings settings, CompiledModel model, SimulationOptions options)
    {
        try
        {
            return method switch
            {
                RunMethod.Cycle => CycleSimulator.Run(model, settings, options),
                RunMethod.Cohort => CohortTrace.Run(model, settings),
                RunMethod.Exact => MarkovSolution.Solve(model, settings.CycleMonths),
                _ => throw new ArgumentException($"the {method.Name()} method does not run at the cycle boundaries"),
            };
        }
        catch (InvalidOperationException e)
        {
            // Each engine says what in the model it cannot take (a continuous attribute, a time-dependent transition, tables too large).
            throw new ArgumentException($"{scenario.File}: the {method.Name()} method cannot run this model: {e.Message}");
        }
    }
}
