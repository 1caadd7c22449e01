using HccSim.Analysis.Uncertainty;

namespace HccSim.Analysis.Tests;

public sealed class ProbabilisticAnalysisTests
{
    // Strategy A: cost 0, 1 QALY in every draw. B: cost 100, QALYs 0, 1.5, 2.5, 3. At λ = 100 the net benefits are
    // A 100, 100, 100, 100 and B −100, 50, 150, 200: E[A] = 100 beats E[B] = 75; B is best in draws 3 and 4;
    // E[max] = (100 + 100 + 150 + 200)/4 = 137.5, so EVPI = 37.5.
    private static ProbabilisticAnalysis Textbook()
    {
        double[] qb = { 0, 1.5, 2.5, 3 };
        var o = new DrawOutcome[4, 2];
        for (int k = 0; k < 4; k++) { o[k, 0] = new DrawOutcome(0, 1, 1); o[k, 1] = new DrawOutcome(100, qb[k], qb[k]); }
        return new ProbabilisticAnalysis(new[] { "A", "B" }, o);
    }

    [Fact]
    public void AHandWorkedExampleGivesItsAcceptabilityAndEvpi()
    {
        var psa = Textbook();
        Assert.Equal(0, psa.Optimal(100));
        Assert.Equal(new[] { 0.5, 0.5 }, psa.Acceptability(100));
        Assert.Equal(37.5, psa.Evpi(100), 12);
        Assert.Equal(75, psa.NetBenefit(1, 100).Mean, 12);
        // At λ = 0 the cheaper A always wins: no decision uncertainty, no value of information.
        Assert.Equal(new[] { 1.0, 0.0 }, psa.Acceptability(0));
        Assert.Equal(0, psa.Evpi(0));
    }

    [Fact]
    public void PerfectInformationOnTheParameterThatDecidesIsWorthTheEvpiAndOnANuisanceNothing()
    {
        var psa = Textbook();
        var theta = new double[4, 2];
        for (int k = 0; k < 4; k++) { theta[k, 0] = psa[k, 1].Qalys; theta[k, 1] = 7; }
        Assert.Equal(37.5, psa.Evppi(theta, new[] { 0 }, 100, bins: 4), 12);
        // Two bins: cells {draws 1, 2} and {3, 4}; B's cell means −25 and 175, so E[max] = (2·100 + 2·175)/4 = 137.5 still.
        Assert.Equal(37.5, psa.Evppi(theta, new[] { 0 }, 100, bins: 2), 12);
        Assert.Equal(0, psa.Evppi(theta, new[] { 1 }, 100, bins: 4), 12);
    }

    [Fact]
    public void EvppiNeverFallsWhenAParameterJoinsTheGroupAndNeverExceedsEvpi()
    {
        var rng = new System.Random(3);
        const int K = 600;
        var theta = new double[K, 3];
        var o = new DrawOutcome[K, 3];
        for (int k = 0; k < K; k++)
        {
            for (int j = 0; j < 3; j++) theta[k, j] = rng.NextDouble();
            double noise = rng.NextDouble() - 0.5;
            o[k, 0] = new DrawOutcome(1000, 2.0, 2.0);
            o[k, 1] = new DrawOutcome(5000 + 3000 * theta[k, 1], 2.0 + 0.1 * theta[k, 0] + 0.02 * noise, 2.0);
            o[k, 2] = new DrawOutcome(9000, 2.05 + 0.1 * theta[k, 2] * theta[k, 0], 2.0);
        }
        var psa = new ProbabilisticAnalysis(new[] { "a", "b", "c" }, o);
        foreach (double wtp in new[] { 20_000.0, 50_000, 80_000, 150_000 })
            foreach (int bins in new[] { 2, 5, 8 })
            {
                double one = psa.Evppi(theta, new[] { 0 }, wtp, bins);
                double two = psa.Evppi(theta, new[] { 0, 1 }, wtp, bins);
                double three = psa.Evppi(theta, new[] { 0, 1, 2 }, wtp, bins);
                Assert.True(0 <= one && one <= two + 1e-9 && two <= three + 1e-9 && three <= psa.Evpi(wtp) + 1e-9,
                    $"λ {wtp}, {bins} bins: {one} ≤ {two} ≤ {three} ≤ {psa.Evpi(wtp)}");
                // The group's value does not depend on the order its parameters are listed in.
                Assert.Equal(two, psa.Evppi(theta, new[] { 1, 0 }, wtp, bins), 9);
            }
    }

    [Fact]
    public void PercentilesInterpolateBetweenOrderStatistics()
    {
        var x = new[] { 1.0, 2, 3, 4, 5 };
        Assert.Equal(1.1, ProbabilisticAnalysis.Percentile(x, 0.025), 12);
        Assert.Equal(4.9, ProbabilisticAnalysis.Percentile(x, 0.975), 12);
        Assert.Equal(3, ProbabilisticAnalysis.Percentile(x, 0.5), 12);
    }

    [Fact]
    public void AnIrrelevantParameterSitsAtItsNoiseFloorAndARelevantOneAboveIt()
    {
        // B beats A exactly when θ0 > 0.5 (plus patient-level noise); θ1 has nothing to do with either.
        var rng = new System.Random(11);
        const int K = 2000;
        var theta = new double[K, 2];
        var o = new DrawOutcome[K, 2];
        for (int k = 0; k < K; k++)
        {
            theta[k, 0] = rng.NextDouble();
            theta[k, 1] = rng.NextDouble();
            o[k, 0] = new DrawOutcome(0, 1, 1);
            o[k, 1] = new DrawOutcome(0, 1 + 0.2 * (theta[k, 0] - 0.5) + 0.05 * (rng.NextDouble() - 0.5), 1);
        }
        var psa = new ProbabilisticAnalysis(new[] { "A", "B" }, o);
        int bins = ProbabilisticAnalysis.DefaultBins(K, 1);
        Assert.Equal(40, bins); // 2,000 draws / 50 a cell
        double relevant = psa.Evppi(theta, new[] { 0 }, 100_000, bins), irrelevant = psa.Evppi(theta, new[] { 1 }, 100_000, bins);
        var floor = psa.EvppiNoiseFloor(theta, new[] { 1 }, 100_000, bins);
        Assert.True(irrelevant <= floor.Mean + 4 * floor.Sd, $"irrelevant {irrelevant} vs floor {floor.Mean} ± {floor.Sd}");
        var floor0 = psa.EvppiNoiseFloor(theta, new[] { 0 }, 100_000, bins);
        Assert.True(relevant > floor0.Mean + 4 * floor0.Sd, $"relevant {relevant} vs floor {floor0.Mean} ± {floor0.Sd}");
        // Its value is λ·E[max(0, 0.2·(θ0 − 0.5))] = 2,500, with SD λ·√(0.04/24 − 0.025²) = 3,227 over draws: within 4 SE of it (from
        // below; the noise can only add, up to the EVPI).
        double se = 100_000 * Math.Sqrt(0.04 / 24 - 0.025 * 0.025) / Math.Sqrt(K);
        Assert.InRange(relevant, 2500 - 4 * se, psa.Evpi(100_000));
    }

    [Theory]
    [InlineData(1000, 1, 20)]
    [InlineData(1000, 3, 2)]
    [InlineData(8000, 2, 12)]
    [InlineData(60, 1, 2)]
    public void TheDefaultResolutionKeepsAboutFiftyDrawsInTheLargestGroupsCells(int draws, int largest, int bins)
        => Assert.Equal(bins, ProbabilisticAnalysis.DefaultBins(draws, largest));

    [Fact]
    public void ANormalTruncatedFarInTheUpperTailKeepsItsDigits()
    {
        var d = new NormalParameter(0, 1, 9, 10);
        // Beyond 9 the tail is nearly exponential with rate 9: median ≈ 9 + ln2/9, mean ≈ φ(9)/Q(9) ≈ 9.11.
        Assert.InRange(d.Quantile(0.5), 9.07, 9.08);
        Assert.InRange(d.Mean, 9.10, 9.12);
        Assert.InRange(d.Quantile(0.999), 9, 10);
    }
}
