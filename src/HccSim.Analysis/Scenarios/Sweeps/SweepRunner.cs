using HccSim.Core.Engine;
using HccSim.Core.Outcomes;
using HccSim.Scenarios.Diagnostics;

namespace HccSim.Scenarios.Sweeps;

/// <summary>One strategy's outcomes at one design point.</summary>
public sealed record SweepRow(int Point, string Strategy, IReadOnlyList<double> Values);

/// <summary>
/// Evaluates the points of a sweep: each point is the scenario with its numbers set, simulated on the same patients (same
/// seed), points run in parallel one per thread. Points already done are skipped, so an interrupted sweep resumes.
/// </summary>
public static class SweepRunner
{
    public static readonly string[] DefaultOutcomes = { "discounted_costs", "discounted_qalys", "discounted_life_years", "os_median", "pfs_median", "cfdf_ever" };

    /// <summary>Checks that every swept path names a number of the scenario (reading it once at the design's first point).</summary>
    public static void Check(string path, SweepDesign design, IReadOnlyList<string> outcomes)
    {
        // Every swept path located and set at once (each to a value it takes), so a path that names nothing, or a value the
        // model refuses, is found before any point runs.
        var definition = ScenarioLoader.Define(path);
        var places = Locate(definition, design);
        var all = design.Parameters.Select((p, j) => (places[j], design.Points.Select(pt => pt[j]).FirstOrDefault(v => v is not null) ?? p.Min)).ToArray();
        var model = definition.Build(all).RequireSimulated();
        foreach (var name in outcomes)
            for (int s = 0; s < model.StrategyNames.Count; s++)
                if (NamedOutcome.Parse(name, model, s, TimeGrid.Default, out var error) is not { } o || o.IsComparative)
                    throw new ScenarioException(new[] { new ScenarioError(path, 1, 1, $"sweep outcome '{name}': {error ?? "a hazard ratio compares two strategies (expected an outcome of one)"}") });
    }

    public static void Run(string path, SweepDesign design, IReadOnlyList<string> outcomes, int patients, ulong seed, int threads,
        IReadOnlySet<int> done, Action<IReadOnlyList<SweepRow>> completed, CancellationToken cancellation = default)
    {
        var todo = Enumerable.Range(0, design.Points.Count).Where(i => !done.Contains(i)).ToArray();
        var definition = ScenarioLoader.Define(path);
        var places = Locate(definition, design);
        int next = -1;
        Exception? failure = null;
        var gate = new object();
        void Work()
        {
            int t;
            while (failure is null && (t = Interlocked.Increment(ref next)) < todo.Length)
            {
                cancellation.ThrowIfCancellationRequested();
                int point = todo[t];
                // A one-way point leaves the other parameters as written: only the point's own values are set.
                var numbers = places.Select((place, j) => (place, design.Points[point][j])).Where(x => x.Item2 is not null).Select(x => (x.place, x.Item2!.Value)).ToArray();
                Scenario s;
                try { s = definition.Build(numbers); }
                catch (ScenarioException e) { throw new ScenarioException(e.Errors.Select(x => x with { Message = $"sweep point {point}: {x.Message}" }).ToArray()); }
                var model = s.RequireSimulated();
                var result = Simulator.Run(model, new SimulationOptions { Patients = patients, Seed = seed, Threads = 1, Cancellation = cancellation });
                var rows = new List<SweepRow>();
                for (int k = 0; k < model.StrategyNames.Count; k++)
                {
                    var r = result.Strategies[k];
                    rows.Add(new SweepRow(point, r.Strategy, outcomes.Select(o => NamedOutcome.Parse(o, model, k, TimeGrid.Default, out _)!.Evaluate(r).Value).ToArray()));
                }
                lock (gate) completed(rows);
            }
        }
        var workers = Enumerable.Range(0, Math.Max(1, Math.Min(threads, todo.Length))).Select(_ => new Thread(() =>
        {
            try { Work(); }
            catch (Exception e) { Interlocked.CompareExchange(ref failure, e, null); }
        }) { IsBackground = true }).ToArray();
        foreach (var w in workers) w.Start();
        foreach (var w in workers) w.Join();
        if (failure is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();
    }

    /// <summary>Where each swept path's number is written; every path that names none is said, together.</summary>
    private static NumberPlace[] Locate(ScenarioDefinition definition, SweepDesign design)
    {
        var places = new NumberPlace[design.Parameters.Count];
        var errors = new List<ScenarioError>();
        for (int j = 0; j < places.Length; j++)
        {
            try { places[j] = definition.Locate(design.Parameters[j].Path); }
            catch (ScenarioException e) { errors.AddRange(e.Errors); }
        }
        if (errors.Count > 0) throw new ScenarioException(errors);
        return places;
    }
}
