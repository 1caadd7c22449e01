using System.Runtime.ExceptionServices;
using HccSim.Core.Compilation;
using HccSim.Core.Outcomes;

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

        long bins = options.Grid.EventBins(model.HorizonMonths);
        if (bins * (2L + model.TagNames.Count) > MaxEventBins)
            throw new ArgumentException(
                $"invalid simulation options: {options.Grid.BinsPerMonth} bins per month over {model.HorizonMonths} months and {model.TagNames.Count} tags " +
                $"need {bins * (2L + model.TagNames.Count):N0} event bins per strategy and thread (expected at most {MaxEventBins:N0}; use fewer bins per month)", nameof(options));

        int blocks = (int)((options.Patients + (long)options.BlockSize - 1) / options.BlockSize);
        int workerCount = Math.Min(options.Threads, blocks);
        var workers = new CohortWorker[workerCount];
        int nAttributes = model.Attributes.Length;
        var blockSojourns = options.TrajectoryPatients > 0 ? new List<Sojourn>?[blocks] : null;
        var trajectoryAttributes = options.TrajectoryPatients > 0 ? new double[options.TrajectoryPatients * nAttributes] : null;
        var endpoints = options.RecordEndpoints
            ? new EndpointTable(model.Strategies.Length, model.TagNames.Count, options.Patients, nAttributes, options.FirstPatient, model.HorizonMonths, options.CfdfLandmarkMonths)
            : null;

        int nextBlock = -1;
        long done = 0;
        ExceptionDispatchInfo? failure = null;

        void Work(int w)
        {
            try
            {
                var worker = workers[w] = new CohortWorker(model, options) { Endpoints = endpoints };
                int b;
                while (failure is null && (b = Interlocked.Increment(ref nextBlock)) < blocks)
                {
                    options.Cancellation.ThrowIfCancellationRequested();
                    int start = b * options.BlockSize;
                    int end = (int)Math.Min(options.Patients, (long)start + options.BlockSize);
                    List<Sojourn>? sojourns = null;
                    if (blockSojourns is not null && start < options.TrajectoryPatients) blockSojourns[b] = sojourns = new List<Sojourn>();
                    for (int i = start; i < end; i++)
                    {
                        bool record = sojourns is not null && i < options.TrajectoryPatients;
                        worker.Simulate(options.FirstPatient + i, record ? sojourns : null,
                            record ? trajectoryAttributes.AsSpan(i * nAttributes, nAttributes) : Span<double>.Empty);
                    }
                    long total = Interlocked.Add(ref done, end - start);
                    options.Progress?.Report(total);
                }
            }
            catch (Exception e)
            {
                Interlocked.CompareExchange(ref failure, ExceptionDispatchInfo.Capture(e), null);
            }
        }

        if (workerCount == 1)
        {
            Work(0);
        }
        else
        {
            var threads = new Thread[workerCount];
            for (int w = 0; w < workerCount; w++)
            {
                int id = w;
                threads[w] = new Thread(() => Work(id)) { IsBackground = true, Name = $"hccsim-worker-{id}" };
                threads[w].Start();
            }
            foreach (var thread in threads) thread.Join();
        }
        failure?.Throw();

        // Exact integer tallies: merging in worker order is for tidiness, any order gives the same bits.
        var tallies = workers[0].Tallies;
        for (int w = 1; w < workerCount; w++)
            for (int s = 0; s < tallies.Length; s++) tallies[s].Merge(workers[w].Tallies[s]);

        TrajectoryTable? trajectories = null;
        if (blockSojourns is not null)
        {
            var all = blockSojourns.Where(l => l is not null).SelectMany(l => l!).ToArray();
            trajectories = new TrajectoryTable(model.AttributeNames, options.FirstPatient, options.TrajectoryPatients, trajectoryAttributes!, all);
        }
        return new SimulationResult(model, options, tallies, trajectories) { Endpoints = endpoints };
    }
}
