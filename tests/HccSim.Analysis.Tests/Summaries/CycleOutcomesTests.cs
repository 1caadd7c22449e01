using HccSim.Analysis.Summaries;

namespace HccSim.Analysis.Tests.Summaries;

public class CycleOutcomesTests
{
    private static readonly double[] Times = { 0, 12, 24, 36 };

    [Fact]
    public void AMedianIsReadLinearlyBetweenTheBoundariesAroundIt()
    {
        // 1, .8, .4, .1: falls through ½ between 12 and 24 months, (.8 − .5)/(.8 − .4) of the way: 21 months.
        var m = CycleOutcomes.Median(new[] { 1, 0.8, 0.4, 0.1 }, Times, 0);
        Assert.Equal(21, m.Value, 12);
        Assert.Equal((21.0, 21.0, 0.0), (m.Lower, m.Upper, m.StandardError));
        Assert.True(double.IsNaN(CycleOutcomes.Median(new[] { 1, 0.9, 0.8, 0.7 }, Times, 0).Value)); // not reached
        Assert.Equal(0, CycleOutcomes.Median(new[] { 0.5, 0.4, 0.3, 0.2 }, Times, 0).Value);    // there from the start
    }

    [Fact]
    public void AMicrosimulatedMediansIntervalIsWhereThePointwiseBandCrossesAHalf()
    {
        // 100 patients: the band S ± 1.96·√(S(1 − S)/100); its lower edge crosses ½ first, its upper edge last.
        double[] s = { 1, 0.8, 0.4, 0.1 };
        var m = CycleOutcomes.Median(s, Times, 100);
        double Edge(double x, int sign) => x + sign * 1.959963984540054 * Math.Sqrt(x * (1 - x) / 100);
        double lower = 12 + (Edge(0.8, -1) - 0.5) / (Edge(0.8, -1) - Edge(0.4, -1)) * 12;
        double upper = 12 + (Edge(0.8, 1) - 0.5) / (Edge(0.8, 1) - Edge(0.4, 1)) * 12;
        Assert.Equal(lower, m.Lower, 12);
        Assert.Equal(upper, m.Upper, 12);
        Assert.Equal((upper - lower) / (2 * 1.959963984540054), m.StandardError, 12);
    }

    [Fact]
    public void ARestrictedMeanCountsTheCurveWithTheWeightsAndItsSeIsThatOfEachPatientsContribution()
    {
        // Weights ½, 1, ½ over 12-month cycles; half the patients leave at boundary 1, half never do.
        // Mean: 12·(½·1 + 1·½ + ½·½) = 15. A leaver contributes 12·½ = 6, a stayer 12·2 = 24:
        // population variance ½·36 + ½·576 − 225 = 81, sample variance 81·100/99, SE √(81/99).
        var r = CycleOutcomes.RestrictedMean(new[] { 1, 0.5, 0.5 }, new[] { 0.5, 1, 0.5 }, 12, 100);
        Assert.Equal(15, r.Value, 12);
        Assert.Equal(Math.Sqrt(81.0 / 99), r.StandardError, 12);
        Assert.Equal(0, CycleOutcomes.RestrictedMean(new[] { 1, 0.5, 0.5 }, new[] { 0.5, 1, 0.5 }, 12, 0).StandardError); // an expectation
    }
}
