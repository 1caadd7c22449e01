using HccSim.Core.Compilation;
using HccSim.Core.Outcomes;
using HccSim.Core.Parallel;

namespace HccSim.Core.Engine;

/// <summary>
/// Runs a cohort through every strategy of a compiled model, in parallel. Workers take fixed blocks of
/// patients in turn; each patient's numbers depend only on (seed, sample, patient), and tallies are exact
/// integers, so the result is bit-identical for any thread count, block size or scheduling.
/// </summary>
public static class Simulator
{
    /// <summary>Event-time bins (OS, PFS and each tag's first time) one strategy's tally may hold: 64 MB per thread.</summary>
    public const long MaxEventBins = 8_000_000;

    public static SimulationResult Run(CompiledModel model, SimulationOptions options)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Problems().ToArray();
        if (problems.Length > 0) throw new ArgumentException("invalid simulation options: " + string.Join("; ", problems), nameof(options));

        if (options.Partition is { } partition && !partition.Fits(model))
            throw new ArgumentException($"invalid simulation options: the partition by {string.Join(", ", partition.AttributeNames)} was cut for another model's attributes", nameof(options));
        long bins = options.Grid.EventBins(model.HorizonMonths);
        int cells = options.Partition?.CellCount ?? 1;
        // A tally holds OS and PFS bins and bins for the tags its strategy can record (not every tag of the model).
        int tags = model.Strategies.Length == 0 ? 0 : model.Strategies.Max(st => System.Numerics.BitOperations.PopCount(st.PossibleTags));
        if (bins * (2L + tags) * cells > MaxEventBins)
            throw new ArgumentException(
                $"invalid simulation options: {options.Grid.BinsPerMonth} bins per month over {model.HorizonMonths} months and {tags} tags a strategy records" +
                (cells > 1 ? $" in {cells} subgroup cells" : "") +
                $" need {bins * (2L + tags) * cells:N0} event bins per strategy and thread (expected at most {MaxEventBins:N0}; use fewer bins per month)", nameof(options));

        int blocks = (int)((options.Patients + (long)options.BlockSize - 1) / options.BlockSize);
        int nAttributes = model.Attributes.Length;
        var blockSojourns = options.TrajectoryPatients > 0 ? new List<Sojourn>?[blocks] : null;
        var trajectoryAttributes = options.TrajectoryPatients > 0 ? new double[options.TrajectoryPatients * nAttributes] : null;
        var endpoints = options.RecordEndpoints
            ? new EndpointTable(model.Strategies.Length, model.TagNames.Count, options.Patients, nAttributes, options.FirstPatient, model.HorizonMonths, options.CfdfLandmarkMonths)
            : null;

        int BlockStart(int b) => b * options.BlockSize;
        int BlockEnd(int b) => (int)Math.Min(options.Patients, (long)BlockStart(b) + options.BlockSize);

        void SimulateBlock(CohortWorker worker, int b)
        {
            int start = BlockStart(b), end = BlockEnd(b);
            List<Sojourn>? sojourns = null;
            if (blockSojourns is not null && start < options.TrajectoryPatients) blockSojourns[b] = sojourns = new List<Sojourn>();
            for (int i = start; i < end; i++)
            {
                bool record = sojourns is not null && i < options.TrajectoryPatients;
                worker.Simulate(options.FirstPatient + i, record ? sojourns : null,
                    record ? trajectoryAttributes.AsSpan(i * nAttributes, nAttributes) : Span<double>.Empty);
            }
            options.BlockCompleted?.Invoke(b, worker.Tallies);
        }

        long done = 0;
        Action<int>? reportProgress = options.Progress is { } progress
            ? b => progress.Report(Interlocked.Add(ref done, BlockEnd(b) - BlockStart(b)))
            : null;

        var workers = Scheduler.Run(blocks, options.Threads, _ => new CohortWorker(model, options) { Endpoints = endpoints },
            SimulateBlock, options.Cancellation, reportProgress);

        // Exact integer tallies: merging in worker order is for tidiness, any order gives the same bits.
        var tallies = workers[0].Tallies;
        for (int w = 1; w < workers.Length; w++)
            for (int i = 0; i < tallies.Length; i++) tallies[i].Merge(workers[w].Tallies[i]);

        TrajectoryTable? trajectories = null;
        if (blockSojourns is not null)
        {
            var all = blockSojourns.Where(l => l is not null).SelectMany(l => l!).ToArray();
            trajectories = new TrajectoryTable(model.AttributeNames, options.FirstPatient, options.TrajectoryPatients, trajectoryAttributes!, all);
        }
        return new SimulationResult(model, options, tallies, trajectories) { Endpoints = endpoints };
    }
}
