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
}
