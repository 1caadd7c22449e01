using HccSim.Analysis.Uncertainty;
using HccSim.Core.Engine;
using HccSim.Scenarios.Diagnostics;

namespace HccSim.Scenarios.Uncertainty;

/// <summary>What a probabilistic analysis runs: draws, patients per draw, seed, threads, and optionally when to stop early.</summary>
public sealed record PsaOptions(int Draws, int Patients, ulong Seed, int Threads)
{
    /// <summary>Stop once the Monte Carlo standard error of the expected incremental net benefit (optimal vs runner-up) is at most this.</summary>
    public double? UntilSe { get; init; }
    public double WillingnessToPay { get; init; }
    /// <summary>Draws simulated between two checks of <see cref="UntilSe"/>.</summary>
    public int Batch { get; init; } = 50;
    public IProgress<int>? Progress { get; init; }
    public CancellationToken Cancellation { get; init; }
    /// <summary>Shard I of N simulates draws ⌊K·I/N⌋ … ⌊K·(I+1)/N⌋ − 1 only (a contiguous block; together the shards are every draw once).</summary>
    public int ShardIndex { get; init; }
    public int ShardCount { get; init; } = 1;

    /// <summary>The first draw of a shard and how many it holds.</summary>
    public (int First, int Count) ShardRange()
    {
        int first = (int)((long)Draws * ShardIndex / ShardCount), end = (int)((long)Draws * (ShardIndex + 1) / ShardCount);
        return (first, end - first);
    }
}

/// <summary>A probabilistic analysis's raw material: each draw's parameter values and each strategy's outcomes, and the base case.</summary>
public sealed record PsaResult(IReadOnlyList<string> ParameterNames, double[,] Parameters, ProbabilisticAnalysis Analysis, DrawOutcome[] BaseCase, bool StoppedBySe)
{
    /// <summary>The draw the first row is (past 0 for a shard of a larger analysis).</summary>
    public int FirstDraw { get; init; }
}

/// <summary>
/// Runs a scenario once per parameter draw. Draw k's parameters come from the stream of (seed, k); its cohort is the same
/// patients in every draw (sample 0: common random numbers across draws and strategies), so differences between draws
/// are the parameters' alone. Draws run in parallel, each on one thread, into fixed slots: the result is the same for
/// any number of threads.
/// </summary>
public static class PsaRunner
{

    public static PsaResult Run(string path, PsaOptions options)
    {
        if (options.ShardCount < 1 || options.ShardIndex < 0 || options.ShardIndex >= options.ShardCount)
            throw new ArgumentException($"shard {options.ShardIndex}/{options.ShardCount} does not exist (expected 0 ≤ I < N)");
        if (options.ShardCount > 1 && options.UntilSe is not null)
            throw new ArgumentException("--until-se decides from all draws so far: it cannot be split into shards (expected a fixed --draws)");
        var (firstDraw, shardDraws) = options.ShardRange();
        if (shardDraws == 0) throw new ArgumentException($"{options.ShardCount} shards of {options.Draws} draws leave shard {options.ShardIndex} empty (expected at most as many shards as draws)");
        var definition = ScenarioLoader.Define(path);
        var scenario = definition.Scenario;
        var uncertainty = new UncertaintyModel(scenario.Uncertainty
            ?? throw new ScenarioException(new[] { new ScenarioError(path, 1, 1, "the scenario has no 'uncertainty' section: nothing to draw (expected uncertainty: { parameters: [ { path, <family>: {...} } ] })") }));
        var sampler = uncertainty.Sampler();
        var places = uncertainty.Locate(definition);
        var strategies = scenario.RequireSimulated().StrategyNames.Where(scenario.IsCompared).ToArray();
        int width = sampler.Width;
        // Rows are this shard's draws: row i is draw firstDraw + i.
        var parameters = new double[shardDraws, width];
        var outcomes = new DrawOutcome[shardDraws, strategies.Length];

        DrawOutcome[] Simulate(Scenario s, int threads)
        {
            // The cohort as two halves (patients 0…n₁−1 and n₁…n−1: together exactly the whole cohort), so each draw also
            // measures its own patient-level error. Only costs, QALYs and life-years are read: a one-bin-a-month grid keeps
            // the per-draw tallies small (the fine grid's event bins cost more to allocate than a small draw to simulate).
            int n1 = Math.Max(1, options.Patients / 2), n2 = options.Patients - n1;
            var compiled = s.RequireSimulated();
            var first = Simulator.Run(compiled, new SimulationOptions { Patients = n1, Seed = options.Seed, Threads = threads, Cancellation = options.Cancellation, Grid = Core.Outcomes.TimeGrid.Monthly });
            var second = n2 > 0 ? Simulator.Run(compiled, new SimulationOptions { Patients = n2, FirstPatient = n1, Seed = options.Seed, Threads = threads, Cancellation = options.Cancellation, Grid = Core.Outcomes.TimeGrid.Monthly }) : null;
            double w1 = (double)n1 / options.Patients, w2 = 1 - w1, scale = Math.Sqrt((double)n1 * n2) / options.Patients;
            return strategies.Select(name =>
            {
                var a = first[name];
                if (second is null) return new DrawOutcome(a.DiscountedCosts.Mean, a.DiscountedQalys.Mean, a.DiscountedLifeYears.Mean);
                var b = second[name];
                return new DrawOutcome(
                    w1 * a.DiscountedCosts.Mean + w2 * b.DiscountedCosts.Mean,
                    w1 * a.DiscountedQalys.Mean + w2 * b.DiscountedQalys.Mean,
                    w1 * a.DiscountedLifeYears.Mean + w2 * b.DiscountedLifeYears.Mean,
                    scale * (a.DiscountedCosts.Mean - b.DiscountedCosts.Mean),
                    scale * (a.DiscountedQalys.Mean - b.DiscountedQalys.Mean));
            }).ToArray();
        }

        var baseCase = Simulate(scenario, options.Threads);
        int done = 0;
        bool stoppedBySe = false;
        while (done < shardDraws)
        {
            // A fixed batch: where --until-se stops must not depend on the number of threads.
            int end = options.UntilSe is null ? shardDraws : Math.Min(shardDraws, done + Math.Max(2, options.Batch));
            RunDraws(done, end);
            done = end;
            options.Progress?.Report(done);
            if (options.UntilSe is { } target && done >= 2 && done < shardDraws)
            {
                var partial = Analysis(done);
                int best = partial.Optimal(options.WillingnessToPay);
                int next = RunnerUp(partial, best, options.WillingnessToPay);
                if (next >= 0 && partial.IncrementalNetBenefitError(best, next, options.WillingnessToPay).Total <= target) { stoppedBySe = true; break; }
            }
        }

        ProbabilisticAnalysis Analysis(int draws)
        {
            var o = new DrawOutcome[draws, strategies.Length];
            Array.Copy(outcomes, o, draws * strategies.Length);
            return new ProbabilisticAnalysis(strategies, o);
        }

        void RunDraws(int from, int to)
        {
            int next = from - 1;
            Exception? failure = null;
            void Work()
            {
                var values = new double[width];
                int k;
                while (failure is null && (k = Interlocked.Increment(ref next)) < to)
                {
                    options.Cancellation.ThrowIfCancellationRequested();
                    sampler.Draw(options.Seed, firstDraw + k, values);
                    for (int j = 0; j < width; j++) parameters[k, j] = values[j];
                    Scenario drawn;
                    try { drawn = definition.Build(uncertainty.Numbers(places, values)); }
                    catch (ScenarioException e)
                    {
                        // A draw the model refuses (e.g. shares above 1): the analysis stops rather than skip it silently.
                        throw new ScenarioException(e.Errors.Select(x => x with { Message = $"parameter draw {firstDraw + k}: {x.Message}" }).ToArray());
                    }
                    var row = Simulate(drawn, 1);
                    for (int s = 0; s < row.Length; s++) outcomes[k, s] = row[s];
                }
            }
            int workers = Math.Max(1, Math.Min(options.Threads, to - from));
            var threads = Enumerable.Range(0, workers).Select(_ => new Thread(() =>
            {
                try { Work(); }
                catch (Exception e) { Interlocked.CompareExchange(ref failure, e, null); }
            }) { IsBackground = true }).ToArray();
            foreach (var t in threads) t.Start();
            foreach (var t in threads) t.Join();
            if (failure is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();
        }

        var names = uncertainty.ValueNames;
        var kept = new double[done, width];
        Array.Copy(parameters, kept, done * width);
        return new PsaResult(names, kept, Analysis(done), baseCase, stoppedBySe) { FirstDraw = firstDraw };
    }

    /// <summary>The strategy with the second-highest expected net benefit (−1 with one strategy).</summary>
    public static int RunnerUp(ProbabilisticAnalysis psa, int best, double wtp)
    {
        int runnerUp = -1;
        double value = double.NegativeInfinity;
        for (int s = 0; s < psa.Strategies.Count; s++)
        {
            if (s == best) continue;
            double v = psa.NetBenefit(s, wtp).Mean;
            if (v > value) { value = v; runnerUp = s; }
        }
        return runnerUp;
    }
}
