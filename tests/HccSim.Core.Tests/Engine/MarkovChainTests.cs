using HccSim.Core.Examples;
using HccSim.Core.Model;
using HccSim.Core.Tests.Oracles;

namespace HccSim.Core.Tests.Engine;

/// <summary>The reference 5-state chain against exp(Qt) computed by uniformisation in the test.</summary>
public class MarkovChainTests
{
    private const int Patients = 200_000;
    private static readonly MarkovOracle Oracle = new(ReferenceChain.Rates);

    [Fact]
    public void OccupancyMatchesTheMatrixExponential()
    {
        var result = TestModels.Run(ReferenceChain.Model(), Patients).Strategies[0];
        foreach (double t in new[] { 6.0, 12, 24, 36, 60 })
        {
            var expected = Oracle.Occupancy(0, t);
            int g = result.Times.ToList().IndexOf(t);
            Assert.True(g >= 0, $"report grid lacks {t} months");
            for (int s = 0; s < 5; s++)
                Tolerance.ProportionMatches(expected[s], result.Occupancy[s, g], Patients, $"P({ReferenceChain.StateNames[s]}, {t} months)");
        }
    }

    [Fact]
    public void OverallAndProgressionFreeSurvivalMatchTheMatrixExponential()
    {
        var result = TestModels.Run(ReferenceChain.Model(), Patients).Strategies[0];
        foreach (double t in new[] { 12.0, 24, 36, 60 })
        {
            var p = Oracle.Occupancy(0, t);
            Tolerance.ProportionMatches(1 - p[4], result.OverallSurvival.At(t).Mean, Patients, $"OS({t})");
            // Progression is absorbing for PFS (states 1–3 are progression-free and none are re-entered from 4).
            Tolerance.ProportionMatches(p[0] + p[1] + p[2], result.ProgressionFreeSurvival.At(t).Mean, Patients, $"PFS({t})");
        }
    }

    [Fact]
    public void RestrictedMeanSurvivalEqualsTheIntegralOfTheOracle()
    {
        var result = TestModels.Run(ReferenceChain.Model(), Patients).Strategies[0];
        var months = Oracle.DiscountedTime(0, 120, 0);
        double rmst = months[0] + months[1] + months[2] + months[3];
        var estimate = result.OverallSurvival.RestrictedMean;
        Tolerance.WithinStandardErrors(rmst, estimate.Mean, estimate.StandardError, "RMST(120)");
        Tolerance.WithinStandardErrors(rmst / 12, result.LifeYears.Mean, result.LifeYears.StandardError, "life-years");
    }

    [Fact]
    public void DiscountedLifeYearsQalysAndCostsMatchTheIntegratedOracle()
    {
        var discounting = new Discounting(CostsPerYear: 0.03, OutcomesPerYear: 0.015);
        var result = TestModels.Run(ReferenceChain.Model(discounting: discounting), Patients).Strategies[0];
        var states = ReferenceChain.Pathway().States;
        var costMonths = Oracle.DiscountedTime(0, 120, Math.Log(1.03) / 12);
        var outcomeMonths = Oracle.DiscountedTime(0, 120, Math.Log(1.015) / 12);
        double cost = 0, lifeYears = 0, qalys = 0;
        for (int s = 0; s < 4; s++)
        {
            cost += states[s].CostPerMonth * costMonths[s];
            lifeYears += outcomeMonths[s] / 12;
            qalys += states[s].Utility * outcomeMonths[s] / 12;
        }
        Tolerance.WithinStandardErrors(cost, result.DiscountedCosts.Mean, result.DiscountedCosts.StandardError, "discounted cost");
        Tolerance.WithinStandardErrors(lifeYears, result.DiscountedLifeYears.Mean, result.DiscountedLifeYears.StandardError, "discounted LY");
        Tolerance.WithinStandardErrors(qalys, result.DiscountedQalys.Mean, result.DiscountedQalys.StandardError, "discounted QALYs");
    }

    [Fact]
    public void OccupancySumsToOneAndSurvivalNeverRises()
    {
        var result = TestModels.Run(ReferenceChain.Model(), 20_000).Strategies[0];
        for (int g = 0; g < result.Times.Count; g++)
        {
            double sum = 0;
            for (int s = 0; s < result.States.Count; s++) sum += result.Occupancy[s, g];
            Assert.Equal(1.0, sum, 12);
            if (g > 0)
            {
                Assert.True(result.OverallSurvival.Survival[g] <= result.OverallSurvival.Survival[g - 1]);
                Assert.True(result.ProgressionFreeSurvival.Survival[g] <= result.ProgressionFreeSurvival.Survival[g - 1]);
            }
            Assert.True(result.ProgressionFreeSurvival.Survival[g] <= result.OverallSurvival.Survival[g]);
            // The dead state's occupancy is exactly 1 − OS at every report point.
            Assert.Equal(1 - result.OverallSurvival.Survival[g], result.Occupancy[4, g], 12);
        }
    }
}
