using HccSim.Scenarios.Sweeps;
using HccSim.Scenarios.Uncertainty;
using HccSim.Scenarios.Yaml;

namespace HccSim.Scenarios.Tests;

/// <summary>Tests that count parses run alone: the counter is the whole process's.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ParseCounting
{
    public const string Name = "parse counting";
}

/// <summary>The runners define a scenario once and build every draw or point from it: its files are parsed once.</summary>
[Collection(ParseCounting.Name)]
public sealed class DefinitionReuseTests : IDisposable
{
    private readonly TempScenario _temp = new();
    public void Dispose() => _temp.Dispose();

    private const string Uncertain = """

        uncertainty:
          parameters:
            - { path: "strategies.base.transitions[alive->progressed].rate", gamma: { mean: 0.05, se: 0.01 } }
            - { path: "strategies.base.states.alive.utility", beta: { mean: 0.8, se: 0.05 } }
        """;

    private static long Parses() => Interlocked.Read(ref ScenarioFiles.Parses);

    [Fact]
    public void APsaADsaAndASweepEachParseTheScenarioOnceWhateverTheDrawsPointsAndThreads()
    {
        string path = _temp.Write("u.yaml", TempScenario.Valid + Uncertain);
        long before = Parses();
        var psa = PsaRunner.Run(path, new PsaOptions(12, 100, 1, 2) { WillingnessToPay = 50_000 });
        Assert.Equal(12, psa.Analysis.Draws);
        Assert.Equal(1, Parses() - before);

        before = Parses();
        var dsa = DsaRunner.Run(path, 100, 1, 2, "qalys", r => r.Strategies[0].DiscountedQalys.Mean);
        Assert.Equal(2, dsa.Tornado.Count);
        Assert.Equal(1, Parses() - before);

        var design = SweepDesign.Build(DesignKind.Grid, new[] { SweepDesign.ParseSet("strategies.base.transitions[1].median=12,24,36", out _)! }, 0, 1);
        before = Parses();
        int rows = 0;
        SweepRunner.Run(path, design, SweepRunner.DefaultOutcomes, 100, 1, 2, new HashSet<int>(), r => rows += r.Count);
        Assert.Equal(3, rows);
        Assert.Equal(1, Parses() - before);
    }
}
