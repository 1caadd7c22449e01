using HccSim.Core.Compilation;
using HccSim.Core.Engine;
using HccSim.Core.Outcomes;

namespace HccSim.Core.Tests.Engine;

public class DeterminismTests
{
    private const int Patients = 30_000;
    private static readonly CompiledModel Model = ModelCompiler.Compile(RichModel.Build());

    private static SimulationResult Run(int threads, int blockSize, ulong seed = 7, long firstPatient = 0, int patients = Patients)
        => Simulator.Run(Model, new SimulationOptions { Patients = patients, Seed = seed, Threads = threads, BlockSize = blockSize, FirstPatient = firstPatient });

    private static void AssertIdentical(SimulationResult a, SimulationResult b)
    {
        for (int s = 0; s < a.Tallies.Count; s++)
            Assert.True(a.Tallies[s].ContentEquals(b.Tallies[s]), $"strategy {a.Strategies[s].Strategy} differs");
    }

    [Fact]
    public void ResultsAreBitIdenticalOnOneTwoEightAndSixteenThreads()
    {
        var one = Run(1, 4096);
        AssertIdentical(one, Run(2, 4096));
        AssertIdentical(one, Run(8, 4096));
        AssertIdentical(one, Run(16, 1024));
        Assert.Equal(one.Strategies[1].DiscountedCosts, Run(8, 4096).Strategies[1].DiscountedCosts);
    }

    [Fact]
    public void ResultsAreBitIdenticalForAnyBlockSize()
    {
        var reference = Run(2, 4096);
        foreach (int block in new[] { 1, 333, 1000, 65_536 })
            AssertIdentical(reference, Run(2, block));
    }

    [Fact]
    public void ACohortSplitIntoPartsMergesToTheWholeToTheBit()
    {
        var whole = Run(2, 4096);
        var first = Run(1, 1000, firstPatient: 0, patients: 10_000);
        var rest = Run(2, 777, firstPatient: 10_000, patients: Patients - 10_000);
        for (int s = 0; s < whole.Tallies.Count; s++)
        {
            first.Tallies[s].Merge(rest.Tallies[s]);
            Assert.True(whole.Tallies[s].ContentEquals(first.Tallies[s]));
        }
    }

    [Fact]
    public void AStrategyComparedWithItselfDiffersByExactlyZero()
    {
        var result = TestModels.Run(RichModel.Build(duplicateOf: "conversion"), Patients);
        var a = result["conversion"];
        var b = result["conversion_again"];
        Assert.True(result.Tallies[1].ContentEquals(result.Tallies[3]));
        Assert.Equal(0.0, b.DiscountedCosts.Mean - a.DiscountedCosts.Mean);
        Assert.Equal(0.0, b.DiscountedQalys.Mean - a.DiscountedQalys.Mean);
    }

    [Fact]
    public void ADifferentSeedGivesADifferentResult()
    {
        var a = Run(2, 4096, seed: 7);
        var b = Run(2, 4096, seed: 8);
        for (int s = 0; s < a.Tallies.Count; s++) Assert.False(a.Tallies[s].ContentEquals(b.Tallies[s]));
        Assert.NotEqual(a.Strategies[0].OverallSurvival.RestrictedMean.Mean, b.Strategies[0].OverallSurvival.RestrictedMean.Mean);
    }

    [Fact]
    public void ADifferentParameterSampleGivesADifferentStream()
    {
        var a = Simulator.Run(Model, new SimulationOptions { Patients = 5000, Seed = 7, Sample = 0 });
        var b = Simulator.Run(Model, new SimulationOptions { Patients = 5000, Seed = 7, Sample = 1 });
        Assert.False(a.Tallies[0].ContentEquals(b.Tallies[0]));
    }
}
