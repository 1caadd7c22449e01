using HccSim.Core.Compilation;
using HccSim.Core.Distributions;
using HccSim.Core.Engine;

namespace HccSim.Core.Tests.Engine;

public class SimulatorSchedulingTests
{
    private static readonly CompiledModel Model = ModelCompiler.Compile(TestModels.OneExit(new Exponential(0.05), 60));

    /// <summary>Collects reports synchronously (Progress&lt;T&gt; would post them later).</summary>
    private sealed class Reports : IProgress<long>
    {
        public List<long> Values { get; } = new();
        public void Report(long value) { lock (Values) Values.Add(value); }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void ProgressCountsEveryBlockOnceUpToTheWholeCohort(int threads)
    {
        var reports = new Reports();
        Simulator.Run(Model, new SimulationOptions { Patients = 1000, BlockSize = 64, Threads = threads, Progress = reports });

        // 15 full blocks of 64 and one of 40; each report is the running total after a block.
        Assert.Equal(16, reports.Values.Count);
        Assert.Equal(1000, reports.Values.Max());
        Assert.Equal(reports.Values.Order(), reports.Values.Distinct().Order());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void ACancelledRunThrowsOperationCanceled(int threads)
    {
        Assert.ThrowsAny<OperationCanceledException>(() => Simulator.Run(Model,
            new SimulationOptions { Patients = 1000, BlockSize = 64, Threads = threads, Cancellation = new CancellationToken(canceled: true) }));
    }

    [Fact]
    public void OnOneThreadEachBlocksRunningSumsDifferByThatBlocksOwnRun()
    {
        // The PSA reads batch means this way: the difference of two readings is one block of patients, as if run alone.
        const int patients = 1000, block = 128;
        var readings = new List<(int Block, double LifeYears, long Patients)>();
        var whole = Simulator.Run(Model, new SimulationOptions
        {
            Patients = patients, Seed = 9, Threads = 1, BlockSize = block,
            BlockCompleted = (b, tallies) => readings.Add((b, tallies[0].LifeYears.Sum, tallies[0].Patients)),
        });
        Assert.Equal(Enumerable.Range(0, 8), readings.Select(r => r.Block));
        Assert.Equal(whole.Tallies[0].LifeYears.Sum, readings[^1].LifeYears);
        for (int b = 0; b < readings.Count; b++)
        {
            int from = b * block, size = Math.Min(block, patients - from);
            var alone = Simulator.Run(Model, new SimulationOptions { Patients = size, FirstPatient = from, Seed = 9, Threads = 1 });
            double before = b == 0 ? 0 : readings[b - 1].LifeYears;
            Assert.Equal(size, readings[b].Patients - (b == 0 ? 0 : readings[b - 1].Patients));
            Assert.Equal(alone.Tallies[0].LifeYears.Sum, readings[b].LifeYears - before, 1e-9);
        }
    }
}
