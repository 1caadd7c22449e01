using HccSim.Analysis.TrialValue;
using HccSim.Analysis.Uncertainty;

namespace HccSim.Analysis.Tests.TrialValue;

/// <summary>Who benefits from a study's result: the discounted patients after it reports.</summary>
public sealed class DecisionPopulationTests
{
    [Fact]
    public void WithNoDelayTheFactorIsPsasPopulationMultiplier()
        => Assert.Equal(PsaSettings.PopulationMultiplier(2000, 10, 0.035), new DecisionPopulation(2000, 10, 0.035).Factor(), 9);

    [Fact]
    public void PatientsBeforeTheReportGainNothingAndTheYearItReportsInCountsForItsRemainder()
    {
        // 100 a year for 3 years, undiscounted: a report at 1.5 years reaches half of year 2 and all of year 3.
        Assert.Equal(150, new DecisionPopulation(100, 3, 0).Factor(1.5), 12);
        // Discounted at 3.5%: year i weighs 1/1.035^i; a report at 2.25 years reaches ¾ of year 3 (i = 2) and years 4–10.
        double expected = 0.75 * 2000 / Math.Pow(1.035, 2) + Enumerable.Range(3, 7).Sum(i => 2000 / Math.Pow(1.035, i));
        Assert.Equal(expected, new DecisionPopulation(2000, 10, 0.035).Factor(2.25), 9);
        // A report after the decision's horizon is worth nothing to anyone.
        Assert.Equal(0, new DecisionPopulation(2000, 10, 0.035).Factor(10));
        Assert.Equal(0, new DecisionPopulation(2000, 10, 0.035).Factor(12.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => new DecisionPopulation(2000, 10, 0.035).Factor(-1));
    }
}
