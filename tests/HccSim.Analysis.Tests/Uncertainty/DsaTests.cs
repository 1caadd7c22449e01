using HccSim.Scenarios;
using HccSim.Analysis.Uncertainty;

using HccSim.Scenarios.Tests;

namespace HccSim.Analysis.Tests.Uncertainty;

/// <summary>One- and two-way sensitivity analysis on a model whose outcome moves with a parameter in closed form.</summary>
public sealed class DsaTests : IDisposable
{
    private readonly TempScenario _temp = new();
    public void Dispose() => _temp.Dispose();

    // b's net benefit is a's minus its one-off cost c (same patients); the utility is uncertain too but moves both alike.
    private const string Model = """
        scenario: dsa
        horizon: 60 months
        cohort: { patients: 2000, seed: 5 }
        economics: { willingness_to_pay: 50000/QALY }
        strategies:
          a:
            start: pay
            states: { alive: { utility: 0.8, cost: 100/month }, dead: { dead: true } }
            chance: { pay: { cost: 0, to: { alive: 1 } } }
            transitions: [ { from: alive, to: dead, median: 24 months } ]
          b:
            start: pay
            states: { alive: { utility: 0.8, cost: 100/month }, dead: { dead: true } }
            chance: { pay: { cost: 1000, to: { alive: 1 } } }
            transitions: [ { from: alive, to: dead, median: 24 months } ]
        uncertainty:
          parameters:
            - { path: "strategies.b.chance.pay.cost", normal: { mean: 1000, sd: 200 } }
            - { path: ["strategies.a.states.alive.utility", "strategies.b.states.alive.utility"], beta: { mean: 0.8, se: 0.05 } }
            - { path: "strategies.b.transitions[0].median", gamma: { mean: 24, se: 3 }, low: 18, high: 30 }
        """;

    [Fact]
    public void EachBarIsTheOutcomeAtTheParametersPercentilesAndTheWidestComesFirst()
    {
        string path = _temp.Write("dsa.yaml", Model);
        var s = ScenarioLoader.Load(path);
        double Inmb(Core.Outcomes.SimulationResult r) => 50000 * (r["a"].DiscountedQalys.Mean - r["b"].DiscountedQalys.Mean) - (r["a"].DiscountedCosts.Mean - r["b"].DiscountedCosts.Mean);
        var runs = new Counts();
        var dsa = DsaRunner.Run(ScenarioLoader.Define(path), 2000, 5, 2, "a minus b", Inmb, ("strategies.b.chance.pay.cost", "strategies.b.transitions[0].median", 3), progress: runs);
        // Progress counts every run: the base case, two per parameter, the 3 × 3 grid.
        Assert.Equal(Enumerable.Range(1, 1 + 2 * dsa.Tornado.Count + 9), runs.Values);
        var cost = dsa.Tornado.Single(b => b.Parameter == "strategies.b.chance.pay.cost");
        var z = 1.959963984540054;
        Assert.Equal(1000 - 200 * z, cost.Low, 6);
        Assert.Equal(1000 + 200 * z, cost.High, 6);
        // a minus b gains exactly the cost's change, to the money tallies' resolution.
        Assert.True(Math.Abs(cost.OutcomeAtLow - (dsa.BaseOutcome - 200 * z)) <= 1e-4);
        Assert.True(Math.Abs(cost.OutcomeAtHigh - (dsa.BaseOutcome + 200 * z)) <= 1e-4);
        // The shared utility moves both strategies alike: a and b live the same lives, so their difference does not move.
        Assert.True(dsa.Tornado.Single(b => b.Parameter.EndsWith("utility", StringComparison.Ordinal)).Range <= 1e-4);
        Assert.Equal(dsa.Tornado.OrderByDescending(b => b.Range).Select(b => b.Parameter), dsa.Tornado.Select(b => b.Parameter));
        var median = dsa.Tornado.Single(b => b.Parameter == "strategies.b.transitions[0].median");
        Assert.Equal((18.0, 30.0), (median.Low, median.High)); // written low and high take precedence over the percentiles
        Assert.Equal(9, dsa.TwoWay.Count);
        Assert.Equal(new[] { 18.0, 24, 30 }, dsa.TwoWay.Take(3).Select(p => p.Y));
        Assert.Equal(cost.Low, dsa.TwoWay[0].X, 9);
        Assert.Equal(cost.High, dsa.TwoWay[8].X, 9);
    }

    /// <summary>Collects reports synchronously (Progress&lt;T&gt; would post them later).</summary>
    private sealed class Counts : IProgress<int>
    {
        public List<int> Values { get; } = new();
        public void Report(int value) { lock (Values) Values.Add(value); }
    }
}
