using HccSim.Scenarios.Distributions;

namespace HccSim.Scenarios.Tests;

/// <summary>The uncertainty section: distributions on the file's numbers by path, refused at their line when impossible.</summary>
public sealed class UncertaintyTests : IDisposable
{
    private readonly TempScenario _temp = new();
    public void Dispose() => _temp.Dispose();

    private static string With(string uncertainty) => TempScenario.Valid + "\nuncertainty:\n" + uncertainty;

    private const string Good = """
          parameters:
            - { path: "strategies.base.transitions[alive->progressed].rate", gamma: { mean: 0.05, se: 0.01 } }
            - { path: "strategies.base.transitions[0].hr.burden.beyond", lognormal: { estimate: 1.5, ci: [1.1, 2.0] } }
            - { path: "strategies.base.states.alive.utility", beta: { mean: 0.8, se: 0.05 } }
            - { path: "strategies.base.transitions[1].median", normal: { mean: 24, sd: 3, min: 12, max: 36 } }
            - { path: "strategies.base.states.progressed.cost", triangular: { min: 150, mode: 200, max: 300 } }
          correlations:
            - parameters: ["strategies.base.transitions[alive->progressed].rate", "strategies.base.transitions[1].median"]
              matrix: [[1, -0.5], [-0.5, 1]]
        """;

    [Fact]
    public void DistributionsAreReadInTheUnitTheFileWritesAsTheirFamiliesNaturalParameters()
    {
        var s = _temp.Load("u.yaml", With(Good));
        var u = s.Uncertainty!;
        Assert.Equal(5, u.Parameters.Count);
        Assert.Equal(0.05, u.Parameters[0].BaseValue);
        Assert.Equal(25, ((GammaSpec)u.Parameters[0].Distribution).Shape, 10);
        Assert.Equal(Math.Log(1.5), ((LogNormalSpec)u.Parameters[1].Distribution).MeanLog, 12);
        Assert.Equal(new NormalSpec(24, 3, 12, 36), u.Parameters[3].Distribution);
        Assert.Equal(new TriangularSpec(150, 200, 300), u.Parameters[4].Distribution);
        // No low/high written: the analysis takes the distribution's percentiles.
        Assert.All(u.Parameters, p => Assert.Null(p.Low));
        var group = Assert.Single(u.Correlations);
        Assert.Equal(new[] { 0, 3 }, group.Members);
        Assert.Equal(-0.5, group.Matrix[0, 1]);
        Assert.Equal(new[] { "strategies.base.transitions[alive->progressed].rate", "strategies.base.transitions[0].hr.burden.beyond" }, u.ValueNames.Take(2));
    }

    [Theory]
    [InlineData("    - { path: \"strategies.base.states.alive.utility\", beta: { mean: 1.2, se: 0.1 } }", 20, "a beta mean must lie strictly between 0 and 1")]
    [InlineData("    - { path: \"strategies.base.states.progressed.cost\", gamma: { mean: 200, se: -5 } }", 20, "a gamma needs a positive variance")]
    [InlineData("    - { path: \"strategies.base.transitions[1].median\", gamma: { mean: 24 months, se: 2 years } }", 20, "gamma se is in 'years', but the parameter is written in 'months'")]
    [InlineData("    - { path: \"strategies.base.states.alive.utility\", gamma: { mean: 0.8, se: 0.1 }, beta: { mean: 0.8, se: 0.1 } }", 20, "has 2 distributions (beta, gamma; expected one)")]
    [InlineData("    - { path: \"strategies.base.states.alive.utilty\", beta: { mean: 0.8, se: 0.1 } }", 20, "there is no 'strategies.base.states.alive.utilty' in the file; did you mean 'utility'?")]
    [InlineData("    - { path: \"strategies.base.states.alive.utility\", uniform: [0.9, 1] }", 12, "outside what a uniform can draw (0.9 to 1")]
    [InlineData("    - { path: \"strategies.base.states.alive.utility\", lognormal: { estimate: 0.8, ci: [0.9, 1.2] } }", 20, "a lognormal interval needs 0 < lower < estimate < upper")]
    [InlineData("    - { path: \"strategies.base.states.alive.utility\", weibull: { shape: 1 } }", 20, "unknown key 'weibull'")]
    public void AnImpossibleDistributionIsRefusedAtItsLine(string entry, int line, string message)
    {
        var errors = _temp.Errors("bad.yaml", With("  parameters:\n" + entry + "\n"));
        Assert.Contains(errors, e => e.Line == line && e.Message.Contains(message));
    }

    [Fact]
    public void ACorrelationMatrixThatIsNotPositiveDefiniteIsRefused()
    {
        var text = With("""
              parameters:
                - { path: "strategies.base.transitions[alive->progressed].rate", gamma: { mean: 0.05, se: 0.01 } }
                - { path: "strategies.base.transitions[1].median", gamma: { mean: 24, se: 3 } }
                - { path: "strategies.base.states.alive.utility", beta: { mean: 0.8, se: 0.05 } }
              correlations:
                - parameters: ["strategies.base.transitions[alive->progressed].rate", "strategies.base.transitions[1].median", "strategies.base.states.alive.utility"]
                  matrix: [[1, 0.9, 0.9], [0.9, 1, -0.9], [0.9, -0.9, 1]]
            """);
        var e = Assert.Single(_temp.Errors("bad.yaml", text));
        Assert.Equal(25, e.Line);
        Assert.Contains("not positive definite", e.Message);
    }

    [Fact]
    public void ADirichletWithAZeroIsRefused()
    {
        var text = TempScenario.Valid.Replace("    start: alive", "    start: split") + "\n    chance:\n      split: { to: { alive: 0.7, progressed: 0.3 } }\n" + """
            uncertainty:
              parameters:
                - { path: ["strategies.base.chance.split.to.alive", "strategies.base.chance.split.to.progressed"], dirichlet: [70, 0] }
            """;
        var e = Assert.Single(_temp.Errors("bad.yaml", text));
        Assert.Contains("a dirichlet α must be > 0 (got 0", e.Message);
        var good = _temp.Load("good.yaml", text.Replace("dirichlet: [70, 0]", "dirichlet: [70, 30]"));
        var shares = Assert.Single(good.Uncertainty!.Shares);
        Assert.Equal(new[] { 70.0, 30 }, shares.Alphas);
        Assert.Equal(new[] { 0.7, 0.3 }, shares.BaseValues);
    }

    [Fact]
    public void NamedGroupsAreReadForEvppiAndBadMembersAreRefusedAtTheirLine()
    {
        string groups = Good + "\n" + """
              groups:
                progression: [rate, "strategies.base.transitions[1].median"]
                utility: ["strategies.base.states.alive.utility"]
            """;
        var u = _temp.Load("g.yaml", With(groups.Replace("- { path: \"strategies.base.transitions[alive->progressed].rate\",", "- { name: rate, path: \"strategies.base.transitions[alive->progressed].rate\","))).Uncertainty!;
        Assert.Equal(new[] { "progression", "utility" }, u.Groups.Select(g => g.Name));
        Assert.Equal(new[] { 0, 3 }, u.Groups[0].Members);
        Assert.Equal(new[] { 2 }, u.Groups[1].Members);
        // An unknown member, a member twice and a group named like a parameter: each refused at its line.
        var errors = _temp.Errors("bad.yaml", With(Good + "\n" + """
              groups:
                a: [nothing]
                b: ["strategies.base.states.alive.utility", "strategies.base.states.alive.utility"]
                strategies.base.states.alive.utility: ["strategies.base.states.alive.utility"]
            """));
        Assert.Equal(new[] { 29, 30, 31 }, errors.Select(e => e.Line));
        Assert.Contains("'nothing' is not the name or path of an uncertain parameter above", errors[0].Message);
        Assert.Contains("is in group 'b' twice", errors[1].Message);
        Assert.Contains("is also a parameter's name", errors[2].Message);
    }
}
