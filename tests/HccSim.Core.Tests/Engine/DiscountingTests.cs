using HccSim.Core.Distributions;
using HccSim.Core.Model;

namespace HccSim.Core.Tests.Engine;

/// <summary>Deterministic pathways, so the engine must hit the closed forms to fixed-point resolution.</summary>
public class DiscountingTests
{
    // Identical patients: a mean carries only the fixed-point rounding of one value, 2^-17 for money and
    // 2^-41 for life-years and QALYs, far inside the tolerances below.

    private static CohortModel FixedSojourn(double months, double costPerMonth, double utility, double rate, double horizon = 120,
        double transitionCost = 0, double toll = 0) => new(horizon, new Strategy[]
    {
        new PathwayStrategy("s", "a",
            new[] { new State("a", StateFlags.ProgressionFree, CostPerMonth: costPerMonth, Utility: utility), TestModels.Dead() },
            new[] { new Transition("a", "dead", new FixedDelay(months)) { Cost = transitionCost, UtilityToll = toll } }),
    })
    { Discounting = Discounting.Both(rate) };

    [Fact]
    public void AConstantCostOverAKnownSojournEqualsTheClosedFormIntegral()
    {
        const double c = 1000, months = 24, rate = 0.03;
        var r = TestModels.Run(FixedSojourn(months, c, 0.8, rate), 1000).Strategies[0];
        double delta = Math.Log(1 + rate) / 12;
        Assert.Equal(c * months, r.Costs.Mean, 1e-4);
        Assert.Equal(c * (1 - Math.Exp(-delta * months)) / delta, r.DiscountedCosts.Mean, 1e-6);
        Assert.Equal(0.8 * (1 - Math.Exp(-delta * months)) / delta / 12, r.DiscountedQalys.Mean, 1e-11);
        Assert.Equal(months / 12, r.LifeYears.Mean, 1e-11);
        Assert.Equal(0.0, r.Costs.StandardError, 12);
    }

    [Fact]
    public void ContinuousDiscountingEqualsTheAnnualFactorAtWholeYears()
    {
        // A one-off cost at 24 months is worth c / 1.03² today.
        var r = TestModels.Run(FixedSojourn(24, 0, 0, 0.03, transitionCost: 10_000), 100).Strategies[0];
        Assert.Equal(10_000 / (1.03 * 1.03), r.DiscountedCosts.Mean, 1e-6);
        Assert.Equal(10_000, r.Costs.Mean, 1e-6);
    }

    [Fact]
    public void AUtilityTollIsAOneOffQalyLossDiscountedAtItsTime()
    {
        var r = TestModels.Run(FixedSojourn(12, 0, 1, 0.035, toll: 0.05), 100).Strategies[0];
        Assert.Equal(1 - 0.05, r.Qalys.Mean, 1e-11);
        double delta = Math.Log(1.035) / 12;
        Assert.Equal((1 - Math.Exp(-delta * 12)) / delta / 12 - 0.05 / 1.035, r.DiscountedQalys.Mean, 1e-11);
    }

    [Fact]
    public void TheHorizonCutsASojournAndItsCosts()
    {
        var r = TestModels.Run(FixedSojourn(24, 500, 1, 0, horizon: 10, transitionCost: 99), 100).Strategies[0];
        Assert.Equal(5000, r.Costs.Mean, 1e-6);   // 10 months of 500, and the transition at 24 never happens
        Assert.Equal(10.0 / 12, r.LifeYears.Mean, 1e-11);
        Assert.Equal(1.0, r.OverallSurvival.Survival[^1]);
    }
}
