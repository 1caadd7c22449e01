using HccSim.Scenarios;
using HccSim.Analysis.Uncertainty;
using HccSim.Scenarios.Distributions;

using HccSim.Scenarios.Tests;

namespace HccSim.Analysis.Tests.Uncertainty;

/// <summary>A scenario's uncertainty section as distributions: drawn, and the draw set into the model.</summary>
public sealed class UncertaintyModelTests : IDisposable
{
    private readonly TempScenario _temp = new();
    public void Dispose() => _temp.Dispose();

    private const string Uncertainty = """

        uncertainty:
          parameters:
            - { path: "strategies.base.transitions[alive->progressed].rate", gamma: { mean: 0.05, se: 0.01 } }
            - { path: "strategies.base.transitions[0].hr.burden.beyond", lognormal: { estimate: 1.5, ci: [1.1, 2.0] } }
            - { path: "strategies.base.states.alive.utility", beta: { mean: 0.8, se: 0.05 } }
            - { path: "strategies.base.transitions[1].median", normal: { mean: 24, sd: 3, min: 12, max: 36 }, low: 20, high: 28 }
            - { path: "strategies.base.states.progressed.cost", triangular: { min: 150, mode: 200, max: 300 } }
          correlations:
            - parameters: ["strategies.base.transitions[alive->progressed].rate", "strategies.base.transitions[1].median"]
              matrix: [[1, -0.5], [-0.5, 1]]
        """;

    [Fact]
    public void EachSpecificationBecomesItsDistributionAndADrawSetsEveryNumberOfTheModel()
    {
        var s = _temp.Load("u.yaml", TempScenario.Valid + Uncertainty);
        var u = new UncertaintyModel(s.Uncertainty!);
        Assert.Equal(25, Assert.IsType<GammaParameter>(u.Distributions[0]).Shape, 10);
        Assert.Equal(Math.Log(1.5), ((LogNormalParameter)u.Distributions[1]).MeanLog, 12);
        Assert.Equal(new NormalParameter(24, 3, 12, 36), u.Distributions[3]);
        Assert.Single(u.Correlations);
        // The one-way range: written low/high, else the 2.5th and 97.5th percentiles.
        Assert.Equal((20.0, 28.0), u.Ranges[3]);
        Assert.Equal((u.Distributions[2].Quantile(0.025), u.Distributions[2].Quantile(0.975)), u.Ranges[2]);
        // One draw set into the file: every number moves, and the scenario still reads.
        var sampler = u.Sampler();
        var values = new double[sampler.Width];
        sampler.Draw(s.Seed, 0, values);
        var model = u.Parameterise(ScenarioLoader.Define(s.File));
        Assert.Equal(u.ValueNames, model.Parameters.Select(p => p.Name));
        Assert.Equal(new[] { 0.05, 1.5, 0.8, 24, 200 }, model.BaseValues());
        var drawn = model.BuildScenario(values);
        var alive = (Core.Model.PathwayStrategy)drawn.Model!.Strategies[0];
        // Exactly the drawn value, not a rounding of it: the number is set, not written out and read back for people.
        Assert.Equal(values[2], alive.States.First(x => x.Name == "alive").Utility);
        Assert.Equal(values[4], alive.States.First(x => x.Name == "progressed").CostPerMonth);
    }

    [Fact]
    public void EveryFamilyMapsToItsDistribution()
    {
        Assert.Equal(new BetaParameter(2, 3), UncertaintyModel.Distribution(new BetaSpec(2, 3)));
        Assert.Equal(new GammaParameter(2, 3), UncertaintyModel.Distribution(new GammaSpec(2, 3)));
        Assert.Equal(new LogNormalParameter(0.1, 0.2), UncertaintyModel.Distribution(new LogNormalSpec(0.1, 0.2)));
        Assert.Equal(new NormalParameter(1, 2), UncertaintyModel.Distribution(new NormalSpec(1, 2)));
        Assert.Equal(new UniformParameter(1, 2), UncertaintyModel.Distribution(new UniformSpec(1, 2)));
        Assert.Equal(new TriangularParameter(1, 2, 3), UncertaintyModel.Distribution(new TriangularSpec(1, 2, 3)));
    }
}
