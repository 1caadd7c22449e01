using HccSim.Core.Analytic;
using HccSim.Core.Distributions;
using HccSim.Core.Model;

namespace HccSim.Core.Tests.Analytic;

public class PartitionedSurvivalTests
{
    private static PartitionedSurvivalStrategy Exponentials(double osRate, double pfsRate) => new("psm", new Exponential(osRate), new Exponential(pfsRate))
    {
        ProgressionFreeCostPerMonth = 1000, ProgressionFreeUtility = 0.8, ProgressedCostPerMonth = 400, ProgressedUtility = 0.6,
    };

    [Fact]
    public void OccupancyEqualsTheCurvesClosedForms()
    {
        var r = PartitionedSurvival.Solve(Exponentials(0.03, 0.07), 60, 1, Discounting.None);
        for (int g = 0; g <= 60; g++)
        {
            double os = Math.Exp(-0.03 * g), pfs = Math.Exp(-0.07 * g);
            Assert.Equal(pfs, r.ProgressionFree[g], 14);
            Assert.Equal(os - pfs, r.Progressed[g], 14);
            Assert.Equal(1 - os, r.Dead[g], 14);
        }
        Assert.Empty(r.Warnings);
    }

    [Fact]
    public void OutcomesEqualTheClosedFormIntegrals()
    {
        // ∫₀ᴴ e^{−(λ+δ)t} dt = (1 − e^{−(λ+δ)H}) / (λ+δ), for each curve and discount rate.
        static double I(double rate, double h) => (1 - Math.Exp(-rate * h)) / rate;
        double os = 0.03, pfs = 0.07, h = 60, dc = Math.Log(1.03) / 12, dq = Math.Log(1.015) / 12;
        var r = PartitionedSurvival.Solve(Exponentials(os, pfs), h, 1, new Discounting(0.03, 0.015));
        Assert.Equal(I(os, h) / 12, r.LifeYears, 9);
        Assert.Equal((0.8 * I(pfs, h) + 0.6 * (I(os, h) - I(pfs, h))) / 12, r.Qalys, 9);
        Assert.Equal(1000 * I(pfs + dc, h) + 400 * (I(os + dc, h) - I(pfs + dc, h)), r.DiscountedCosts, 5);
        Assert.Equal((0.8 * I(pfs + dq, h) + 0.6 * (I(os + dq, h) - I(pfs + dq, h))) / 12, r.DiscountedQalys, 9);
    }

    [Theory]
    [InlineData("weibull")]
    [InlineData("gompertz")]
    [InlineData("loglogistic")]
    [InlineData("lognormal")]
    public void EveryParametricFamilyCanDriveTheCurves(string family)
    {
        TimeToEvent os = family switch
        {
            "weibull" => new Weibull(1.3, 30),
            "gompertz" => new Gompertz(0.02, 0.02),
            "loglogistic" => new LogLogistic(2, 28),
            _ => new LogNormal(Math.Log(26), 0.8),
        };
        var r = PartitionedSurvival.Solve(new PartitionedSurvivalStrategy("p", os, new Exponential(0.09)), 60, 1, Discounting.None);
        for (int g = 0; g <= 60; g++)
        {
            Assert.Equal(1 - os.Survival(g), r.Dead[g], 12);
            Assert.True(r.Progressed[g] >= 0);
            Assert.Equal(1.0, r.ProgressionFree[g] + r.Progressed[g] + r.Dead[g], 12);
        }
    }

    [Fact]
    public void CrossingCurvesAreClampedNeverNegativeAndReported()
    {
        // PFS falls more slowly than OS: from the start PFS > OS, which cannot be.
        var r = PartitionedSurvival.Solve(Exponentials(0.07, 0.03), 24, 1, Discounting.None);
        Assert.All(r.Progressed, x => Assert.True(x >= 0));
        for (int g = 0; g <= 24; g++) Assert.Equal(Math.Exp(-0.07 * g), r.ProgressionFree[g], 14);
        var warning = Assert.Single(r.Warnings);
        Assert.StartsWith("'psm': the PFS curve lies above the OS curve from 0.01 months", warning);
    }

    [Fact]
    public void ACrossingBetweenReportPointsIsReportedToo()
    {
        // OS has a step at 5.5 months (a delay): PFS exceeds OS from there, between whole-month report points.
        var r = PartitionedSurvival.Solve(new PartitionedSurvivalStrategy("step", new UniformDelay(5.4, 5.6), new Exponential(0.01)), 12, 1, Discounting.None);
        Assert.StartsWith("'step': the PFS curve lies above the OS curve from 5.4", Assert.Single(r.Warnings));
    }
}
