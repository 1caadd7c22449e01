namespace HccSim.Scenarios.Tests;

/// <summary>A chance branch written 'rest' takes what the others leave, so one share can be calibrated or sampled alone.</summary>
public sealed class ChanceRestTests : IDisposable
{
    private readonly TempScenario _temp = new();
    public void Dispose() => _temp.Dispose();

    private static string With(string to) => TempScenario.Valid.Replace("    start: alive", "    start: split") +
        $"\n    chance:\n      split: {{ to: {to} }}\n";

    [Fact]
    public void RestIsOneMinusTheOtherBranches()
    {
        var model = _temp.Load("s.yaml", With("{ alive: 0.3, progressed: rest }")).Model!;
        var node = ((Core.Model.PathwayStrategy)model.Strategies[0]).ChanceNodes.Single();
        Assert.Equal(new[] { 0.3, 0.7 }, node.Branches.Select(b => b.Probability));
        var tagged = _temp.Load("t.yaml", With("{ alive: { p: rest, tag: stayed }, progressed: 0.25 }")).Model!;
        var branch = ((Core.Model.PathwayStrategy)tagged.Strategies[0]).ChanceNodes.Single().Branches[0];
        Assert.Equal(0.75, branch.Probability);
        Assert.Equal(new[] { "stayed" }, branch.Tags);
    }

    [Theory]
    [InlineData("{ alive: rest, progressed: rest }", "has more than one 'rest' branch")]
    [InlineData("{ alive: 0.8, progressed: 0.3, dead: rest }", "the other branches already sum to 1.1 (expected at most 1, leaving 'rest' ≥ 0)")]
    public void AnImpossibleRestIsRefusedAtItsLine(string to, string message)
    {
        var e = Assert.Single(_temp.Errors("bad.yaml", With(to)));
        Assert.Equal(19, e.Line);
        Assert.Contains(message, e.Message);
    }
}
