using HccSim.Analysis.Uncertainty;
using HccSim.Core.Parallel;
using HccSim.Scenarios.Diagnostics;
using HccSim.Scenarios.Parameters;

namespace HccSim.Analysis.Trials;

/// <summary>
/// A trial design simulated under the model's parameter uncertainty: for each parameter draw k (the same values the PSA
/// with this seed gives draw k), the model built from the draw and <c>m</c> trials of the design run under it. Draw k's
/// trial j is <see cref="TrialSimulator"/>'s replicate k·m + j (after any skipped), on patients (k·m + j)·stride … of the draw's own engine run,
/// so trials under different draws never share patients, and their spread is the prior's and the trials' alone. Several
/// sample sizes come from the one run per draw: stride is the largest, and the trial at size n takes the first n patients
/// of its block (an event-driven design keeps its events per patient; see <see cref="TrialDesign.WithSampleSize"/>).
/// Draws run in parallel, one per worker, into fixed slots: the result is the same for any number of threads.
/// </summary>
public static class DrawnTrials
{
    /// <summary>
    /// The design at each size, checked against the base case's model (arms, tag, strata, endpoint) before any draw runs:
    /// an ArgumentException names every problem, so a long analysis never fails at its end on a misspelt arm.
    /// </summary>
    public static TrialDesign[] Validate(ParameterisedModel model, TrialDesign design, IReadOnlyList<int> sampleSizes, int draws, int trialsPerDraw, int firstReplicate = 0)
    {
        if (firstReplicate < 0) throw new ArgumentException($"the first replicate must be 0 or more (got {firstReplicate})");
        if (draws < 1) throw new ArgumentException($"draws must be at least 1 (got {draws})");
        if (trialsPerDraw < 1) throw new ArgumentException($"trials per draw must be at least 1 (got {trialsPerDraw})");
        if (sampleSizes.Count == 0) throw new ArgumentException("no sample size to simulate (expected one or more)");
        if ((long)draws * trialsPerDraw + firstReplicate > int.MaxValue) throw new ArgumentException($"{draws} draws × {trialsPerDraw} trials are too many trials");
        var designs = sampleSizes.Select(n => n == design.SampleSize ? design : design.WithSampleSize(n)).ToArray();
        var problems = designs.SelectMany(d => d.Problems().Select(p => $"at {d.SampleSize} patients: {p}")).Distinct().ToArray();
        if (problems.Length > 0) throw new ArgumentException("invalid trial: " + string.Join("; ", problems));
        TrialSimulator.Validate(model.Base.RequireSimulated(), design, draws * trialsPerDraw, sampleSizes.Max(), firstReplicate);
        return designs;
    }

    /// <param name="model">The scenario as a function of a parameter vector (the uncertainty section's parameters).</param>
    /// <param name="sampler">Draws the vector; draw k depends only on (seed, k).</param>
    /// <param name="design">The trial; its events per patient carry over to the other sizes.</param>
    /// <param name="sampleSizes">Patients per trial, one or more (each a design of its own, analysed on nested patients).</param>
    /// <param name="progress">Told the number of draws done as each finishes.</param>
    /// <param name="firstReplicate">
    /// Replicates to skip: draw k's trial j is replicate firstReplicate + k·m + j. EVSI skips past the PSA's patients
    /// (0 … N−1 in every draw), so a draw's trial never reuses the patients its net benefits were estimated on.
    /// </param>
    public static DrawnTrialsResult Run(ParameterisedModel model, ParameterSampler sampler, TrialDesign design, IReadOnlyList<int> sampleSizes,
        int draws, int trialsPerDraw, ulong seed, int threads, IProgress<int>? progress = null, CancellationToken cancellation = default, int firstReplicate = 0)
    {
        var designs = Validate(model, design, sampleSizes, draws, trialsPerDraw, firstReplicate);
        int stride = sampleSizes.Max(), width = sampler.Width, replicates = firstReplicate + draws * trialsPerDraw;
        if (sampler.Width != model.Count) throw new ArgumentException($"the sampler draws {sampler.Width} values for {model.Count} parameters");
        var arms = new[] { design.Control, design.Experimental }.Distinct().ToArray();
        var parameters = new double[draws, width];
        var trials = new TrialReplicate[designs.Length, draws, trialsPerDraw];
        int finished = 0;
        // Each worker keeps one buffer for its draws' values; a draw's numbers depend only on (seed, draw).
        Scheduler.Run(draws, threads > 0 ? threads : Environment.ProcessorCount, _ => new double[width], (values, k) =>
        {
            sampler.Draw(seed, k, values);
            for (int j = 0; j < width; j++) parameters[k, j] = values[j];
            Core.Compilation.CompiledModel drawn;
            // Only the two arms (and the pathways a tiered arm routes to) are simulated: each strategy's patients draw from
            // their own streams, so the arms' records are those of the whole model's run, at a fraction of its work.
            try { drawn = Runs.ScenarioRun.Select(model.BuildScenario(values), arms)!; }
            catch (ScenarioException e)
            {
                // A draw the model refuses (e.g. shares above 1): the analysis stops rather than skip it silently.
                throw new ScenarioException(e.Errors.Select(x => x with { Message = $"parameter draw {k}: {x.Message}" }).ToArray());
            }
            var block = TrialSimulator.Block(drawn, designs, stride, firstReplicate + k * trialsPerDraw, trialsPerDraw, replicates, seed, cancellation);
            for (int d = 0; d < designs.Length; d++)
                for (int j = 0; j < trialsPerDraw; j++) trials[d, k, j] = block[d, j];
        }, cancellation, progress is null ? null : _ => progress.Report(Interlocked.Increment(ref finished)));
        return new DrawnTrialsResult(designs, model.Parameters.Select(p => p.Name).ToArray(), parameters, trials, seed, stride) { FirstReplicate = firstReplicate };
    }
}
