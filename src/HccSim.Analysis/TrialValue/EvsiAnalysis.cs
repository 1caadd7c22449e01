using HccSim.Analysis.Trials;
using HccSim.Analysis.Uncertainty;
using HccSim.Scenarios;
using HccSim.Scenarios.Diagnostics;

namespace HccSim.Analysis.TrialValue;

/// <summary>What an EVSI analysis runs: draws, patients per draw for the net benefits, the sizes, seed, threads, λ, and how to value it.</summary>
public sealed record EvsiOptions(int Draws, int Patients, IReadOnlyList<int> Sizes, ulong Seed, int Threads, double Wtp)
{
    /// <summary>Who faces the decision (null: per patient only).</summary>
    public DecisionPopulation? Population { get; init; }
    /// <summary>
    /// Whether the population benefits only once the trial reports (default): patients before its analysis are treated on
    /// today's information. False: the result counts as known at once (Ades, Lu and Claxton 2004's ENBS), an upper bound.
    /// </summary>
    public bool CountDelay { get; init; } = true;
    public TrialCost? Cost { get; init; }
    /// <summary>Told the work done, out of 2·<see cref="Draws"/>: the PSA's draws, then the trials' draws.</summary>
    public IProgress<int>? Progress { get; init; }
    public CancellationToken Cancellation { get; init; }
}

/// <summary>An EVSI analysis: the PSA it rests on, the trials simulated under its draws, and the valued sizes.</summary>
public sealed record EvsiResult(PsaResult Psa, DrawnTrialsResult Trials, SampleSizeValue Value, TimeSpan PsaTime, TimeSpan TrialTime);

/// <summary>
/// The expected value of a trial's information at several sizes, from the scenario's own model: the PSA's draws give each
/// strategy's net benefit per draw (every draw on the same patients), and under the same draws — draw k the same parameter
/// values — the trial is simulated on patients of the draw's own (<see cref="DrawnTrials"/>), summarised
/// (<see cref="TrialSummary"/>) and the net benefits regressed on the summaries (<see cref="RegressionEvsi"/>).
/// </summary>
public static class EvsiAnalysis
{
    public static EvsiResult Run(ScenarioDefinition definition, TrialDesign design, EvsiOptions options)
    {
        var scenario = definition.Scenario;
        var settings = scenario.Uncertainty
            ?? throw new ScenarioException(new[] { new ScenarioError(scenario.File, 1, 1, "the scenario has no 'uncertainty' section: EVSI values what a trial teaches about uncertain parameters (expected uncertainty: { parameters: [...] })") });
        if (options.Sizes.Count == 0 || options.Sizes.Any(n => n < 2)) throw new ArgumentException($"sample sizes must be whole numbers ≥ 2 (got {string.Join(",", options.Sizes)})");
        if (options.Draws < 10) throw new ArgumentException($"EVSI by regression needs at least 10 draws (got {options.Draws}); hundreds to thousands are usual");
        var uncertainty = new UncertaintyModel(settings);
        var model = uncertainty.Parameterise(definition);
        var sampler = uncertainty.Sampler();
        int stride = options.Sizes.Max();
        // The net benefits are estimated on patients 0 … N−1 of every draw: the trials start past them, so no draw's trial
        // data shares patients (and so noise) with the net benefits regressed on it.
        int skip = (int)Math.Min(int.MaxValue, ((long)options.Patients + stride - 1) / stride);
        // The design is checked against the model before the PSA's draws run, not after them.
        DrawnTrials.Validate(model, design, options.Sizes, options.Draws, 1, skip);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var psa = PsaRunner.Run(model, sampler, new PsaOptions(options.Draws, options.Patients, options.Seed, options.Threads)
        {
            WillingnessToPay = options.Wtp, Cancellation = options.Cancellation,
            Progress = options.Progress,
        });
        var psaTime = clock.Elapsed;
        clock.Restart();
        var trials = DrawnTrials.Run(model, sampler, design, options.Sizes, options.Draws, 1, options.Seed, options.Threads,
            options.Progress is { } q ? new After(q, options.Draws) : null, options.Cancellation, firstReplicate: skip);
        var trialTime = clock.Elapsed;

        // Both ran draw k from the same (seed, k): the pairing EVSI rests on, checked rather than assumed.
        for (int k = 0; k < options.Draws; k++)
            for (int j = 0; j < psa.Parameters.GetLength(1); j++)
                if (!psa.Parameters[k, j].Equals(trials.Parameters[k, j]))
                    throw new InvalidOperationException($"draw {k}'s parameter {j} differs between the net benefits and the trials");
        var analysis = psa.Analysis;
        var netBenefit = new double[options.Draws, analysis.Strategies.Count];
        for (int k = 0; k < options.Draws; k++)
            for (int s = 0; s < analysis.Strategies.Count; s++)
                netBenefit[k, s] = options.Wtp * analysis[k, s].Qalys - analysis[k, s].Cost;
        var summaries = new double[options.Sizes.Count][,];
        int width = TrialSummary.Width(design);
        Span<double> row = stackalloc double[width];
        for (int d = 0; d < options.Sizes.Count; d++)
        {
            summaries[d] = new double[options.Draws, width];
            for (int k = 0; k < options.Draws; k++)
            {
                TrialSummary.Write(trials[d, k, 0], trials.Designs[d], row);
                for (int c = 0; c < width; c++) summaries[d][k, c] = row[c];
            }
        }
        // When each size's trial reports: the mean over the draws of its analysis time (an event-driven trial's varies).
        var reporting = Enumerable.Range(0, options.Sizes.Count).Select(d => Enumerable.Range(0, options.Draws).Average(k => trials[d, k, 0].AnalysisMonths)).ToArray();
        var value = new SampleSizeValue(options.Sizes, netBenefit, summaries, options.Population, options.Cost, reporting, options.CountDelay);
        return new EvsiResult(psa, trials, value, psaTime, trialTime);
    }

    /// <summary>The trials' progress counted on after the PSA's draws.</summary>
    private sealed class After(IProgress<int> inner, int offset) : IProgress<int>
    {
        public void Report(int value) => inner.Report(offset + value);
    }
}
