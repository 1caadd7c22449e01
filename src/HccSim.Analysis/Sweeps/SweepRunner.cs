using HccSim.Scenarios;
using HccSim.Core.Engine;
using HccSim.Core.Outcomes;
using HccSim.Scenarios.Diagnostics;

namespace HccSim.Analysis.Sweeps;

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
        // Every swept path set at once (each to a value it takes), so a path that names nothing is found before any point runs.
        var all = design.Parameters.Select((p, j) => (p.Path, design.Points.Select(pt => pt[j]).FirstOrDefault(v => v is not null) ?? p.Min)).ToArray();
        var scenario = ScenarioLoader.Load(path, all);
        ReadBaseValues(path, design);
        var model = scenario.RequireSimulated();
        foreach (var name in outcomes)
            for (int s = 0; s < model.StrategyNames.Count; s++)
                if (NamedOutcome.Parse(name, model, s, TimeGrid.Default, out var error) is not { } o || o.IsComparative)
                    throw new ScenarioException(new[] { new ScenarioError(path, 1, 1, $"sweep outcome '{name}': {error ?? "a hazard ratio compares two strategies (expected an outcome of one)"}") });
    }

    public static void Run(string path, SweepDesign design, IReadOnlyList<string> outcomes, int patients, ulong seed, int threads,
        IReadOnlySet<int> done, Action<IReadOnlyList<SweepRow>> completed, CancellationToken cancellation = default)
    {
        var todo = Enumerable.Range(0, design.Points.Count).Where(i => !done.Contains(i)).ToArray();
        var baseValues = ReadBaseValues(path, design);
        int next = -1;
        Exception? failure = null;
        var gate = new object();
        void Work()
        {
            var template = ScenarioLoader.Template(path);
            int t;
            while (failure is null && (t = Interlocked.Increment(ref next)) < todo.Length)
            {
                cancellation.ThrowIfCancellationRequested();
                int point = todo[t];
                // A one-way point leaves the other parameters as written: the template sets every swept path each time,
                // so those get their written values back (read once from the file itself).
                var overrides = design.Parameters.Select((p, j) => (p.Path, design.Points[point][j] ?? BaseValue(p))).ToArray();
                Scenario s;
                try { s = template.Load(overrides); }
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
        double BaseValue(SweptParameter p) => baseValues.TryGetValue(p.Path.Text, out var v) ? v : throw new InvalidOperationException($"no written value for {p.Path}");
        var workers = Enumerable.Range(0, Math.Max(1, Math.Min(threads, todo.Length))).Select(_ => new Thread(() =>
        {
            try { Work(); }
            catch (Exception e) { Interlocked.CompareExchange(ref failure, e, null); }
        }) { IsBackground = true }).ToArray();
        foreach (var w in workers) w.Start();
        foreach (var w in workers) w.Join();
        if (failure is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();
    }

    /// <summary>The numbers the files write at each swept path (a one-way point restores them), through the scenario's own reader.</summary>
    private static Dictionary<string, double> ReadBaseValues(string path, SweepDesign design)
    {
        var written = ScenarioLoader.Template(path).Written(design.Parameters.Select(p => p.Path).ToArray());
        return design.Parameters.Select((p, i) => (p.Path.Text, written[i])).ToDictionary(x => x.Text, x => x.Item2, StringComparer.Ordinal);
    }
}
