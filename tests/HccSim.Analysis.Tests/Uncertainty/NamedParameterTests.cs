using HccSim.Analysis.Sweeps;
using HccSim.Analysis.Uncertainty;
using HccSim.Scenarios;
using HccSim.Scenarios.Tests;

namespace HccSim.Analysis.Tests.Uncertainty;

/// <summary>An uncertain parameter's name and label: read once, used by every analysis, refused when ambiguous.</summary>
public sealed class NamedParameterTests : IDisposable
{
    private readonly TempScenario _temp = new();
    public void Dispose() => _temp.Dispose();

    // Both states' utility written 0.8, so one parameter may tie them.
    private static readonly string Text = TempScenario.Valid.Replace("utility: 0.6", "utility: 0.8");

    private const string Named = """

        uncertainty:
          parameters:
            - { path: "strategies.base.transitions[alive->progressed].rate", name: progression, label: "Progression rate", gamma: { mean: 0.05, se: 0.01 } }
            - { path: ["strategies.base.states.alive.utility", "strategies.base.states.progressed.utility"], name: utility, beta: { mean: 0.8, se: 0.05 } }
            - { path: "strategies.base.states.progressed.cost", triangular: { min: 150, mode: 200, max: 300 } }
          correlations:
            - parameters: [progression, utility]
              matrix: [[1, 0.3], [0.3, 1]]
        """;

    [Fact]
    public void ANamedParameterIsCalledByItsNameEverywhereAndAnUnnamedOneByItsPath()
    {
        string path = _temp.Write("named.yaml", Text + Named);
        var definition = ScenarioLoader.Define(path);
        var u = definition.Scenario.Uncertainty!;
        Assert.Equal(new[] { "progression", "utility", "strategies.base.states.progressed.cost" }, u.ValueNames);
        Assert.Equal("Progression rate", u.Parameters[0].Label);
        Assert.Equal(new[] { 0, 1 }, u.Correlations[0].Members);

        var psa = PsaRunner.Run(definition, new PsaOptions(4, 100, 1, 1) { WillingnessToPay = 50_000 });
        Assert.Equal(u.ValueNames, psa.ParameterNames);

        // The tornado names each bar and labels it for people; a two-way grid takes the names.
        var dsa = DsaRunner.Run(definition, 200, 1, 1, "cost", r => r.Strategies[0].DiscountedCosts.Mean, ("progression", "utility", 2));
        Assert.Contains(dsa.Tornado, b => b.Parameter == "progression" && b.Label == "Progression rate");
        Assert.Contains(dsa.Tornado, b => b.Parameter == "utility" && b.Label == "utility");
        Assert.Equal(4, dsa.TwoWay.Count);
    }

    [Fact]
    public void SweepingANameMovesEveryPlaceItTies()
    {
        string path = _temp.Write("sweep.yaml", Text + Named);
        var design = SweepDesign.Build(DesignKind.Grid, new[] { SweepDesign.ParseSet("utility=0.6,0.7", out _)! }, 0, 1);
        var model = SweepRunner.Parameterise(ScenarioLoader.Define(path), design);
        Assert.Equal(2, model.Parameters[0].Places.Count);
        var built = (Core.Model.PathwayStrategy)model.BuildScenario(new[] { 0.6 }).Model!.Strategies[0];
        Assert.All(built.States.Where(s => s.Name != "dead"), s => Assert.Equal(0.6, s.Utility));
    }

    [Theory]
    [InlineData("name: progression", "name: progression", "parameter name 'progression' is used twice (first at line")]
    [InlineData("name: progression", "name: 2nd", "parameter name '2nd' must be a plain name")]
    public void ANameUsedTwiceOrNotPlainIsAnErrorAtItsLine(string first, string second, string message)
    {
        string text = Text + $$"""

            uncertainty:
              parameters:
                - { path: "strategies.base.transitions[alive->progressed].rate", {{first}}, gamma: { mean: 0.05, se: 0.01 } }
                - { path: "strategies.base.states.alive.utility", {{second}}, beta: { mean: 0.8, se: 0.05 } }
            """;
        var error = Assert.Single(_temp.Errors("bad.yaml", text));
        Assert.Contains(message, error.Message);
        Assert.Equal(text.Split('\n').ToList().FindIndex(l => l.Contains("alive.utility")) + 1, error.Line);
    }
}
