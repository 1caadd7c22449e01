using HccSim.Scenarios;
using HccSim.Analysis.Sweeps;

using HccSim.Scenarios.Tests;

namespace HccSim.Analysis.Tests.Sweeps;

public sealed class SweepTests : IDisposable
{
    private readonly TempScenario _temp = new();
    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("a.b=0.02..0.10 step 0.02", new[] { 0.02, 0.04, 0.06, 0.08, 0.10 })]
    [InlineData("a.b=1..2 3 points", new[] { 1.0, 1.5, 2.0 })]
    [InlineData("a.b=0.3, 0.1 ,7", new[] { 0.3, 0.1, 7.0 })]
    [InlineData("a.b=5..9", new double[0])]
    public void ValuesAreReadAsRangesStepsPointsOrLists(string text, double[] values)
    {
        var p = SweepDesign.ParseSet(text, out var error)!;
        Assert.Null(error);
        Assert.Equal(values, p.Values);
    }

    [Theory]
    [InlineData("a.b", "must be PATH=VALUES")]
    [InlineData("a.b=9..5", "lower < upper")]
    [InlineData("a.b=1..2 step 0", "must be > 0")]
    [InlineData("a.b=1,x", "'x' is not a number")]
    public void BadValuesSayWhatWasExpected(string text, string message)
    {
        Assert.Null(SweepDesign.ParseSet(text, out var error));
        Assert.Contains(message, error);
    }

    private static SweptParameter P(string path, params double[] values) => SweepDesign.ParseSet($"{path}={string.Join(",", values.Select(v => v.ToString(System.Globalization.CultureInfo.InvariantCulture)))}", out _)!;

    [Fact]
    public void AGridIsEveryCombinationLastParameterFastestAndOneWayKeepsTheOthersAsWritten()
    {
        var grid = SweepDesign.Build(DesignKind.Grid, new[] { P("a.x", 1, 2), P("a.y", 10, 20, 30) }, 0, 1);
        Assert.Equal(6, grid.Points.Count);
        Assert.Equal(new double?[] { 1, 10 }, grid.Points[0]);
        Assert.Equal(new double?[] { 1, 20 }, grid.Points[1]);
        Assert.Equal(new double?[] { 2, 30 }, grid.Points[5]);
        var oneWay = SweepDesign.Build(DesignKind.OneWay, new[] { P("a.x", 1, 2), P("a.y", 10, 20, 30) }, 0, 1);
        Assert.Equal(5, oneWay.Points.Count);
        Assert.Equal(new double?[] { null, 30 }, oneWay.Points[4]);
    }

    [Fact]
    public void ALatinHypercubeHasOnePointInEveryStratumOfEveryParameterAndDependsOnlyOnTheSeed()
    {
        var x = SweepDesign.ParseSet("a.x=0..1", out _)!;
        var y = SweepDesign.ParseSet("a.y=100..200", out _)!;
        var lhs = SweepDesign.Build(DesignKind.LatinHypercube, new[] { x, y }, 50, 7);
        Assert.Equal(Enumerable.Range(0, 50), lhs.Points.Select(p => (int)(p[0]!.Value * 50)).OrderBy(s => s));
        Assert.Equal(Enumerable.Range(0, 50), lhs.Points.Select(p => (int)((p[1]!.Value - 100) / 100 * 50)).OrderBy(s => s));
        Assert.Equal(lhs.Describe(), SweepDesign.Build(DesignKind.LatinHypercube, new[] { x, y }, 50, 7).Describe());
        Assert.NotEqual(lhs.Describe(), SweepDesign.Build(DesignKind.LatinHypercube, new[] { x, y }, 50, 8).Describe());
    }

    [Fact]
    public void APointAtTheWrittenValueGivesExactlyTheUnsweptRun()
    {
        string path = _temp.Write("s.yaml", TempScenario.Valid);
        var design = SweepDesign.Build(DesignKind.OneWay, new[] { P("strategies.base.transitions[alive->progressed].rate", 0.03, 0.05) }, 0, 1);
        var rows = new List<SweepRow>();
        SweepRunner.Run(SweepRunner.Parameterise(ScenarioLoader.Define(path), design), design, SweepRunner.DefaultOutcomes, 3000, 7, 2, new HashSet<int>(), r => rows.AddRange(r));
        var plain = Core.Engine.Simulator.Run(ScenarioLoader.Load(path).RequireSimulated(), new Core.Engine.SimulationOptions { Patients = 3000, Seed = 7, Threads = 1 });
        var atWritten = rows.Single(r => r.Point == 1);
        Assert.Equal(plain.Strategies[0].DiscountedCosts.Mean, atWritten.Values[0]);
        Assert.Equal(plain.Strategies[0].OverallSurvival.Median.Value, atWritten.Values[3]);
        // A slower progression rate lengthens PFS.
        Assert.True(rows.Single(r => r.Point == 0).Values[4] > atWritten.Values[4]);
    }

    [Fact]
    public void AOneWayPointLeavesTheOtherSweptNumbersAsWritten()
    {
        string path = _temp.Write("o.yaml", TempScenario.Valid);
        var design = SweepDesign.Build(DesignKind.OneWay, new[] { P("strategies.base.transitions[alive->progressed].rate", 0.03), P("strategies.base.transitions[1].median", 36) }, 0, 1);
        Assert.Equal(new double?[] { null, 36 }, design.Points[1]);
        var rows = new List<SweepRow>();
        SweepRunner.Run(SweepRunner.Parameterise(ScenarioLoader.Define(path), design), design, SweepRunner.DefaultOutcomes, 2000, 7, 2, new HashSet<int>(), r => rows.AddRange(r));
        // The second point moves the median only: the same bits as the file with 36 months written and the rate as it was.
        string written = _temp.Write("o36.yaml", TempScenario.Valid.Replace("median: 24 months", "median: 36 months"));
        var plain = Core.Engine.Simulator.Run(ScenarioLoader.Load(written).RequireSimulated(), new Core.Engine.SimulationOptions { Patients = 2000, Seed = 7, Threads = 1 });
        var point = rows.Single(r => r.Point == 1);
        Assert.Equal(plain.Strategies[0].DiscountedCosts.Mean, point.Values[0]);
        Assert.Equal(plain.Strategies[0].DiscountedQalys.Mean, point.Values[1]);
        Assert.NotEqual(rows.Single(r => r.Point == 0).Values[0], point.Values[0]);
    }

    [Fact]
    public void TiedPlacesTakeTheSameValueAtEveryPoint()
    {
        // "A & B=…": one parameter written in two places (here both states' utilities), the same bits as the file with
        // that value written in both; a place named twice is refused.
        var tied = SweepDesign.ParseSet("strategies.base.states.alive.utility & strategies.base.states.progressed.utility=0.5", out var error)!;
        Assert.Null(error);
        Assert.Equal("strategies.base.states.alive.utility & strategies.base.states.progressed.utility", tied.Name);
        Assert.Equal(tied.Name, SweepDesign.ParseSet("strategies.base.states.alive.utility&strategies.base.states.progressed.utility=0.5", out _)!.Name);
        Assert.Null(SweepDesign.ParseSet("a.b & a.b=1", out error));
        Assert.Contains("ties a.b to itself", error);
        // Tied places hold one number as written (0.8 in both here), as tied uncertain parameters must.
        string path = _temp.Write("t.yaml", TempScenario.Valid.Replace("utility: 0.6", "utility: 0.8"));
        var design = SweepDesign.Build(DesignKind.Grid, new[] { tied }, 0, 1);
        var rows = new List<SweepRow>();
        SweepRunner.Run(SweepRunner.Parameterise(ScenarioLoader.Define(path), design), design, SweepRunner.DefaultOutcomes, 2000, 7, 2, new HashSet<int>(), r => rows.AddRange(r));
        string written = _temp.Write("t5.yaml", TempScenario.Valid.Replace("utility: 0.8", "utility: 0.5").Replace("utility: 0.6", "utility: 0.5"));
        var plain = Core.Engine.Simulator.Run(ScenarioLoader.Load(written).RequireSimulated(), new Core.Engine.SimulationOptions { Patients = 2000, Seed = 7, Threads = 1 });
        Assert.Equal(plain.Strategies[0].DiscountedQalys.Mean, rows.Single().Values[1]);
    }
}
