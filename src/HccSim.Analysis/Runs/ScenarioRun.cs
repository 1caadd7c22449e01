using HccSim.Analysis.Summaries;
using HccSim.Analysis.Targets;
using HccSim.Core.Analytic;
using HccSim.Core.Compilation;
using HccSim.Core.Engine;
using HccSim.Core.Model;
using HccSim.Core.Outcomes;
using HccSim.Scenarios;

namespace HccSim.Analysis.Runs;

/// <summary>
/// The one entry point of `hccsim run` and of its shards and merge: simulate the cohort (tallied by the subgroups the
/// targets need, in the same pass), solve the partitioned strategies, judge the targets, and build the tidy tables.
/// </summary>
public static class ScenarioRun
{
    /// <summary>Partitioned-survival strategies are solved on this grid (months).</summary>
    public const double PartitionedStep = 0.25;

    public static RunOutcome Run(Scenario scenario, RunRequest request)
    {
        var compiled = Select(scenario, request.Strategies);
        if (request.Subgroup.Count > 0)
        {
            // A whole cohort of one subgroup: the attribute's draw put on the level (the same patients otherwise). A whole
            // run reads its subgroup targets from its own patients of those levels instead: the two agree within their
            // Monte Carlo errors, this one's smaller (all its patients are in the subgroup).
            if (compiled is null) throw new ArgumentException("--subgroup selects simulated patients: the scenario (or --strategies) has only partitioned-survival strategies");
            var partitioned = scenario.Partitioned.Where(p => request.Strategies is null || request.Strategies.Contains(p.Name)).Select(p => p.Name).ToArray();
            if (partitioned.Length > 0) throw new ArgumentException($"--subgroup selects simulated patients; the partitioned-survival strategies ({string.Join(", ", partitioned)}) have none (expected --strategies without them)");
            compiled = request.Subgroup.Aggregate(compiled, (m, c) => m.ForLevel(c.Attribute, c.Level));
        }
        if (request.Method != RunMethod.Continuous)
        {
            if (request.Trajectories > 0) throw new ArgumentException($"--trajectories follows patients in continuous time (expected --method continuous, not {request.Method.Name()})");
            if (compiled is null) throw new ArgumentException($"{scenario.File} has only partitioned-survival strategies: nothing for the {request.Method.Name()} method to run (expected --method continuous)");
            return CycleMethodRun.Run(scenario, request, compiled, () => Partitioned(scenario, request));
        }
        var options = new SimulationOptions
        {
            Patients = request.Patients, Seed = request.Seed, Threads = request.Threads, TrajectoryPatients = request.Trajectories,
            Progress = request.Progress, Cancellation = request.Cancellation,
            // A run of one subgroup judges only that subgroup's targets, on all its patients: nothing to cut.
            Partition = compiled is null || request.Subgroup.Count > 0 ? null : TargetEvaluation.Partition(scenario, compiled),
        };
        var result = compiled is null ? null : Simulator.Run(compiled, options);
        var targets = result is null ? Array.Empty<TargetResult>()
            : TargetEvaluation.Evaluate(scenario, result, ranOn: request.Subgroup.Count > 0 ? request.Subgroup : null);
        return Outcome(scenario, request, result, targets);
    }

    /// <summary>One shard's block of patients, ⌊P·I/N⌋ … ⌊P·(I+1)/N⌋ − 1, through the model, tallied by the subgroups the targets need.</summary>
    public static SimulationResult RunShard(Scenario scenario, RunRequest request, int index, int count)
    {
        if (count < 1 || index < 0 || index >= count) throw new ArgumentException($"shard {index}/{count} does not exist (expected 0 ≤ I < N)");
        if (count > request.Patients) throw new ArgumentException($"--shard {index}/{count}: more shards than the {request.Patients:N0} patients");
        if (request.Trajectories > 0) throw new ArgumentException("--trajectories are not kept by shards (expected a run without --shard)");
        if (request.Subgroup.Count > 0) throw new ArgumentException("--subgroup is not split into shards (expected a run without --shard)");
        if (request.Method != RunMethod.Continuous) throw new ArgumentException($"--shard splits the continuous microsimulation's patients (expected --method continuous, not {request.Method.Name()})");
        var compiled = Select(scenario, request.Strategies) ?? throw new ArgumentException($"{scenario.File} has only partitioned strategies: nothing to simulate in shards");
        long from = (long)request.Patients * index / count, to = (long)request.Patients * (index + 1) / count;
        return Simulator.Run(compiled, new SimulationOptions
        {
            Patients = (int)(to - from), FirstPatient = from, Seed = request.Seed, Threads = request.Threads, Cancellation = request.Cancellation,
            Partition = TargetEvaluation.Partition(scenario, compiled),
        });
    }

    /// <summary>The outcome of merged shards (tallied by the same cells as each shard): the whole cohort's and each subgroup's, as one run would have them.</summary>
    public static RunOutcome FromMerged(Scenario scenario, RunRequest request, SimulationResult result)
        => Outcome(scenario, request, result, TargetEvaluation.Evaluate(scenario, result));

    private static RunOutcome Outcome(Scenario scenario, RunRequest request, SimulationResult? result, IReadOnlyList<TargetResult> targets)
    {
        var partitioned = Partitioned(scenario, request);
        return new RunOutcome(result, partitioned, new ResultTables(scenario, result, targets, request.Strategies, partitioned));
    }

    /// <summary>The partitioned-survival strategies asked for, solved (the same whatever the method).</summary>
    private static IReadOnlyList<PartitionedSurvivalResult> Partitioned(Scenario scenario, RunRequest request)
        => scenario.Partitioned.Where(p => request.Strategies is null || request.Strategies.Contains(p.Name))
            .Select(p => PartitionedSurvival.Solve(p, scenario.HorizonMonths, PartitionedStep, scenario.Discounting)).ToList();

    /// <summary>The model restricted to the asked strategies, plus any pathway a tiered one routes to; null when none is simulated.</summary>
    /// <exception cref="ArgumentException">A name is not a strategy of the scenario.</exception>
    public static CompiledModel? Select(Scenario scenario, IReadOnlyCollection<string>? names)
    {
        if (names is null) return scenario.Compiled;
        var all = (scenario.Model?.Strategies ?? Array.Empty<Strategy>()).ToDictionary(s => s.Name);
        var every = all.Keys.Concat(scenario.Partitioned.Select(p => p.Name)).ToArray();
        foreach (var name in names)
            if (!every.Contains(name))
                throw new ArgumentException($"--strategies names '{name}', which is not a strategy of {scenario.File} (strategies: {string.Join(", ", every)}){Suggestions.DidYouMean(name, every)}");
        if (!names.Any(all.ContainsKey)) return null;
        var keep = new HashSet<string>(names.Where(all.ContainsKey));
        foreach (var name in names)
            if (all.TryGetValue(name, out var s) && s is TieredStrategy t) // a partitioned name is solved, not compiled
                foreach (var r in t.Rules) keep.Add(r.Strategy);
        var model = scenario.Model! with { Strategies = scenario.Model!.Strategies.Where(s => keep.Contains(s.Name)).ToArray() };
        return ModelCompiler.Compile(model);
    }
}
