using HccSim.Core.Engine;
using HccSim.Core.Outcomes;
using HccSim.Core.Parallel;
using HccSim.Scenarios;
using HccSim.Scenarios.Diagnostics;
using HccSim.Scenarios.Parameters;

namespace HccSim.Analysis.Sweeps;

/// <summary>
/// Evaluates the points of a sweep: each point is the scenario built with its numbers (one parameter per swept path, the
/// others as written), simulated on the same patients (same seed), points run in parallel one per thread. Points already
/// done are skipped, so an interrupted sweep resumes.
/// </summary>
public static class SweepRunner
{
    public static readonly string[] DefaultOutcomes = { "discounted_costs", "discounted_qalys", "discounted_life_years", "os_median", "pfs_median", "cfdf_ever" };

    /// <summary>The scenario as a function of the swept numbers, one parameter per swept path in the design's order.</summary>
    /// <exception cref="ScenarioException">A swept path names no number of the scenario.</exception>
    /// <remarks>A swept name that is an uncertain parameter's <c>name</c> sweeps that parameter: every place it ties.</remarks>
    public static ParameterisedModel Parameterise(ScenarioDefinition definition, SweepDesign design)
    {
        var named = (definition.Scenario.Uncertainty?.Parameters ?? Array.Empty<UncertainParameter>()).Where(u => u.GivenName is not null)
            .ToDictionary(u => u.GivenName!, u => u.Places, StringComparer.Ordinal);
        // Each place may be an uncertain parameter's name, standing for every place that parameter ties.
        IEnumerable<ParameterPath> Resolve(ParameterPath place) => place.File is null && named.TryGetValue(place.Text, out var tied) ? tied : new[] { place };
        return new(definition, design.Parameters.Select(p => new ParameterSpec(p.Name, p.Places.SelectMany(Resolve).ToArray())).ToArray());
    }

    /// <summary>Checks, before any point runs, that every swept path names a number, the design's values build a model, and every outcome exists.</summary>
    public static void Check(ParameterisedModel model, SweepDesign design, IReadOnlyList<string> outcomes)
    {
        // Every swept number set at once (each to a value it takes), so a value the model refuses is found before any point runs.
        var first = design.Parameters.Select((p, j) => design.Points.Select(pt => pt[j]).FirstOrDefault(v => v is not null) ?? p.Min).ToArray();
        var compiled = model.Build(first);
        foreach (var name in outcomes)
            for (int s = 0; s < compiled.StrategyNames.Count; s++)
                if (NamedOutcome.Parse(name, compiled, s, TimeGrid.Default, out var error) is not { } o || o.IsComparative)
                    throw new ScenarioException(new[] { new ScenarioError(model.Base.File, 1, 1, $"sweep outcome '{name}': {error ?? "a hazard ratio compares two strategies (expected an outcome of one)"}") });
    }

    public static void Run(ParameterisedModel model, SweepDesign design, IReadOnlyList<string> outcomes, int patients, ulong seed, int threads,
        IReadOnlySet<int> done, Action<IReadOnlyList<SweepRow>> completed, CancellationToken cancellation = default)
    {
        var todo = Enumerable.Range(0, design.Points.Count).Where(i => !done.Contains(i)).ToArray();
        // A one-way point leaves the other parameters as written.
        var written = model.BaseValues();
        var gate = new object();
        Scheduler.Run(todo.Length, threads, _ => new double[written.Length], (values, t) =>
        {
            int point = todo[t];
            for (int j = 0; j < values.Length; j++) values[j] = design.Points[point][j] ?? written[j];
            Core.Compilation.CompiledModel compiled;
            try { compiled = model.Build(values); }
            catch (ScenarioException e) { throw new ScenarioException(e.Errors.Select(x => x with { Message = $"sweep point {point}: {x.Message}" }).ToArray()); }
            var result = Simulator.Run(compiled, new SimulationOptions { Patients = patients, Seed = seed, Threads = 1, Cancellation = cancellation });
            var rows = new List<SweepRow>();
            for (int k = 0; k < compiled.StrategyNames.Count; k++)
            {
                var r = result.Strategies[k];
                rows.Add(new SweepRow(point, r.Strategy, outcomes.Select(o => NamedOutcome.Parse(o, compiled, k, TimeGrid.Default, out _)!.Evaluate(r).Value).ToArray()));
            }
            lock (gate) completed(rows);
        }, cancellation);
    }
}
