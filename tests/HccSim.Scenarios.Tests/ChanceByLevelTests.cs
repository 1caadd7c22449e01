using HccSim.Core.Model;
using HccSim.Scenarios.Parameters;

namespace HccSim.Scenarios.Tests;

/// <summary>
/// A chance branch whose probability depends on an attribute's level (<c>p: { burden: { within: 0.3, beyond: 0.6 } }</c>)
/// and a chance node that sets a level (<c>set: { burden: beyond }</c>): read, parameterised, and refused at their line.
/// </summary>
public sealed class ChanceByLevelTests : IDisposable
{
    private readonly TempScenario _temp = new();
    public void Dispose() => _temp.Dispose();

    private const string ByBurden = "{ alive: { p: { burden: { within: 0.3, beyond: 0.6 } } }, progressed: rest }";

    private static string With(string to, string extra = "") => TempScenario.Valid.Replace("    start: alive", "    start: split") +
        $"\n    chance:\n      split: {{ to: {to}{extra} }}\n";

    private static ChanceNode Split(Scenario s) => ((PathwayStrategy)s.Model!.Strategies[0]).ChanceNodes.Single();

    [Fact]
    public void RestByLevelIsOneMinusTheOthersAtEachLevel()
    {
        var node = Split(_temp.Load("s.yaml", With(ByBurden)));
        Assert.Equal("burden", node.By);
        Assert.Equal(0.3, node.Branches[0].ProbabilityAt("within"));
        Assert.Equal(0.7, node.Branches[1].ProbabilityAt("within"), 15);
        Assert.Equal(0.4, node.Branches[1].ProbabilityAt("beyond"), 15);
    }

    [Fact]
    public void ALevelsProbabilityIsAParameterAndTheRestFollowsIt()
    {
        var path = ParameterPath.Parse("strategies.base.chance.split.to.alive.p.burden.beyond", out _)!;
        var model = new ParameterisedModel(ScenarioLoader.Define(_temp.Write("p.yaml", With(ByBurden))), new[] { new ParameterSpec("beyond", new[] { path }, 0, 1) });
        Assert.Equal(0.6, model.BaseValues()[0]);
        var node = ((PathwayStrategy)model.BuildScenario(new[] { 0.25 }).Model!.Strategies[0]).ChanceNodes.Single();
        Assert.Equal(0.25, node.Branches[0].ProbabilityAt("beyond"));
        Assert.Equal(0.75, node.Branches[1].ProbabilityAt("beyond"));
    }

    [Fact]
    public void ASetIsReadWithItsLevel()
    {
        var node = Split(_temp.Load("set.yaml", With("{ alive: 1 }", ", set: { burden: beyond }")));
        Assert.Equal(new[] { new AttributeSetting("burden", "beyond") }, node.Sets);
    }

    [Theory]
    [InlineData("{ alive: { p: { burden: { within: 0.3, far: 0.6 } } }, progressed: rest }", "", "probability names level 'far' of 'burden', which has no such level")]
    [InlineData("{ alive: { p: { burden: { within: 0.3 } } }, progressed: rest }", "", "probability by 'burden' gives no 'beyond' (expected every level: within, beyond)")]
    [InlineData("{ alive: { p: { stage: { a: 0.3 } } }, progressed: rest }", "", "names attribute 'stage', which is not defined")]
    [InlineData("{ alive: { p: { burden: { within: 0.3, beyond: 1.2 } } }, progressed: rest }", "", "probability of 'alive' for burden = beyond")]
    [InlineData("{ alive: { p: { burden: { within: 0.3, beyond: 0.6 } } }, progressed: 0.5, dead: rest }", "", "for burden = beyond the other branches already sum to 1.1 (expected at most 1, leaving 'rest' ≥ 0)")]
    [InlineData("{ alive: { p: { burden: { within: 0.3, beyond: 0.6 } } }, progressed: 0.7 }", "", "branch probabilities for burden = beyond must sum to 1 (got 1.29")]
    [InlineData("{ alive: { p: { burden: { within: 0.3 }, stage: { a: 1 } } }, progressed: rest }", "", "by level names 2 attributes (expected one")]
    [InlineData("{ alive: 1 }", ", set: { burden: far }", "set: names level 'far' of 'burden', which has no such level")]
    [InlineData("{ alive: 1 }", ", set: { stage: late }", "set: names attribute 'stage', which is not defined")]
    [InlineData("{ alive: 1 }", ", set: { burden: [beyond] }", "level of 'burden' set by chance node 'split'")]
    public void AWrongLevelProbabilityOrSetIsRefusedAtItsLine(string to, string extra, string message)
    {
        var e = _temp.ErrorContaining("bad.yaml", With(to, extra), message);
        Assert.Equal(19, e.Line);
        Assert.True(e.Column > 1, e.ToString());
        Assert.EndsWith("bad.yaml", e.File);
    }
}

/// <summary>A scenario knows whether its files still hold what was read, so calibrate never splices into changed text.</summary>
public sealed class ChangedInputTests : IDisposable
{
    private readonly TempScenario _temp = new();
    public void Dispose() => _temp.Dispose();

    [Fact]
    public void AFileEditedAfterReadingIsNamedAndAnUntouchedOneIsNot()
    {
        var scenario = _temp.Load("s.yaml", TempScenario.Valid);
        Assert.Empty(scenario.ChangedInputs());
        File.AppendAllText(Path.Combine(_temp.Folder, "s.yaml"), "# edited\n");
        Assert.Equal(new[] { scenario.InputFiles[0] }, scenario.ChangedInputs());
        File.Delete(Path.Combine(_temp.Folder, "s.yaml"));
        Assert.Equal(new[] { scenario.InputFiles[0] }, scenario.ChangedInputs());
    }
}
