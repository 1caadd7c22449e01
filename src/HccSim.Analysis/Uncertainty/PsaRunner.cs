using HccSim.Scenarios;
using HccSim.Core.Engine;
using HccSim.Core.Parallel;
using HccSim.Scenarios.Parameters;
using HccSim.Scenarios.Diagnostics;

namespace HccSim.Analysis.Uncertainty;

/// <summary>
/// Runs a scenario once per parameter draw. Draw k's parameters come from the stream of (seed, k); its cohort is the same
/// patients in every draw (sample 0: common random numbers across draws and strategies), so differences between draws
/// are the parameters' alone. Draws run in parallel, each on one thread, into fixed slots: the result is the same for
/// any number of threads.
/// </summary>
public static class PsaRunner
{

    /// <summary>The scenario's uncertainty section drawn from: every uncertain number and share, in the sampler's order.</summary>
    public static PsaResult Run(ScenarioDefinition definition, PsaOptions options)
    {
        var scenario = definition.Scenario;
        var uncertainty = new UncertaintyModel(scenario.Uncertainty
            ?? throw new ScenarioException(new[] { new ScenarioError(scenario.File, 1, 1, "the scenario has no 'uncertainty' section: nothing to draw (expected uncertainty: { parameters: [ { path, <family>: {...} } ] })") }));
        var withoutEffect = UncertaintyCheck.WithoutEffect(definition);
        return Run(uncertainty.Parameterise(definition), uncertainty.Sampler(), options) with { WithoutEffect = withoutEffect };
    }

    /// <summary>
    /// Draws every parameter of <paramref name="model"/> from <paramref name="sampler"/> (one value per parameter, in order) and
    /// builds the model of each draw from the vector; nothing is read or parsed again.
    /// </summary>
    public static PsaResult Run(ParameterisedModel model, ParameterSampler sampler, PsaOptions options)
    {
        if (options.ShardCount < 1 || options.ShardIndex < 0 || options.ShardIndex >= options.ShardCount)
            throw new ArgumentException($"shard {options.ShardIndex}/{options.ShardCount} does not exist (expected 0 ≤ I < N)");
        if (options.ShardCount > 1 && options.UntilSe is not null)
            throw new ArgumentException("--until-se decides from all draws so far: it cannot be split into shards (expected a fixed --draws)");
        var (firstDraw, shardDraws) = options.ShardRange();
        if (shardDraws == 0) throw new ArgumentException($"{options.ShardCount} shards of {options.Draws} draws leave shard {options.ShardIndex} empty (expected at most as many shards as draws)");
        if (sampler.Width != model.Count) throw new ArgumentException($"the sampler draws {sampler.Width} values for {model.Count} parameters");
        var scenario = model.Base;
        var strategies = scenario.RequireSimulated().StrategyNames.Where(scenario.IsCompared).ToArray();
        var indexOf = strategies.Select(name => scenario.RequireSimulated().StrategyNames.ToList().IndexOf(name)).ToArray();
        int width = sampler.Width;
        // Rows are this shard's draws: row i is draw firstDraw + i.
        var parameters = new double[shardDraws, width];
        var outcomes = new DrawOutcome[shardDraws, strategies.Length];

        DrawOutcome[] Simulate(Core.Compilation.CompiledModel compiled)
        {
            // One run of the whole cohort on one thread (draws run in parallel), in blocks of patients that are the batches:
            // after each block the running sums are read, and their differences are the batch means that measure the draw's
            // own patient-level error. Only costs, QALYs and life-years are read: a one-bin-a-month grid keeps the tallies small.
            int n = options.Patients, size = (n + Math.Clamp(options.PatientBatches, 1, n) - 1) / Math.Clamp(options.PatientBatches, 1, n);
            int batches = (n + size - 1) / size;
            var costs = new double[strategies.Length][];
            var qs = new double[strategies.Length][];
            var last = new (double Cost, double Qalys, long Patients)[strategies.Length];
            for (int st = 0; st < strategies.Length; st++) { costs[st] = new double[batches]; qs[st] = new double[batches]; }
            var run = Simulator.Run(compiled, new SimulationOptions
            {
                Patients = n, Seed = options.Seed, Threads = 1, BlockSize = size, Cancellation = options.Cancellation, Grid = Core.Outcomes.TimeGrid.Monthly,
                BlockCompleted = (block, tallies) =>
                {
                    for (int st = 0; st < strategies.Length; st++)
                    {
                        var t = tallies[indexOf[st]];
                        double cost = t.DiscountedCosts.Sum, qalys = t.DiscountedQalys.Sum;
                        long patients = t.Patients - last[st].Patients;
                        costs[st][block] = (cost - last[st].Cost) / patients;
                        qs[st][block] = (qalys - last[st].Qalys) / patients;
                        last[st] = (cost, qalys, t.Patients);
                    }
                },
            });
            var result = new DrawOutcome[strategies.Length];
            for (int st = 0; st < strategies.Length; st++)
            {
                var t = run.Tallies[indexOf[st]];
                result[st] = new DrawOutcome(t.DiscountedCosts.Mean, t.DiscountedQalys.Mean, t.DiscountedLifeYears.Mean)
                {
                    CostBatches = batches > 1 ? costs[st] : null, QalyBatches = batches > 1 ? qs[st] : null,
                };
            }
            return result;
        }

        var baseCase = Simulate(scenario.RequireSimulated());
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

        int finished = 0; // draws done in this call of RunDraws, for progress as each finishes
        void RunDraws(int from, int to)
        {
            finished = 0;
            // Each worker keeps one buffer for its draws' values; a draw's numbers depend only on (seed, draw), so which worker
            // takes it changes nothing.
            Scheduler.Run(to - from, options.Threads, _ => new double[width], (values, item) =>
            {
                int k = from + item;
                sampler.Draw(options.Seed, firstDraw + k, values);
                for (int j = 0; j < width; j++) parameters[k, j] = values[j];
                Core.Compilation.CompiledModel drawn;
                try { drawn = model.Build(values); }
                catch (ScenarioException e)
                {
                    // A draw the model refuses (e.g. shares above 1): the analysis stops rather than skip it silently.
                    throw new ScenarioException(e.Errors.Select(x => x with { Message = $"parameter draw {firstDraw + k}: {x.Message}" }).ToArray());
                }
                var row = Simulate(drawn);
                for (int st = 0; st < row.Length; st++) outcomes[k, st] = row[st];
            }, options.Cancellation, _ => options.Progress?.Report(from + Interlocked.Increment(ref finished)));
        }

        var names = model.Parameters.Select(p => p.Name).ToArray();
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
