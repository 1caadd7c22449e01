namespace HccSim.Core.Tests.Oracles;

/// <summary>The oracle is itself checked against hand-derived closed forms before anything relies on it.</summary>
public class MarkovOracleTests
{
    [Fact]
    public void TwoStateChainGivesExponentialSurvival()
    {
        var oracle = new MarkovOracle(new double[,] { { 0, 0.1 }, { 0, 0 } });
        foreach (double t in new[] { 0.0, 1, 6.93, 24, 120 })
            Assert.Equal(Math.Exp(-0.1 * t), oracle.Occupancy(0, t)[0], 14);
    }

    [Fact]
    public void SequentialChainMatchesTheTwoRateClosedForm()
    {
        // 0 →(a) 1 →(b) 2: p1(t) = a/(b−a)·(e^{−at} − e^{−bt}).
        double a = 0.2, b = 0.05;
        var oracle = new MarkovOracle(new double[,] { { 0, a, 0 }, { 0, 0, b }, { 0, 0, 0 } });
        foreach (double t in new[] { 3.0, 12, 60 })
            Assert.Equal(a / (b - a) * (Math.Exp(-a * t) - Math.Exp(-b * t)), oracle.Occupancy(0, t)[1], 13);
    }

    [Fact]
    public void DiscountedTimeMatchesTheClosedFormIntegral()
    {
        // One state left at rate r: ∫₀ᴴ e^{−(r+δ)t} dt = (1 − e^{−(r+δ)H}) / (r+δ).
        double r = 0.1, delta = Math.Log(1.035) / 12, h = 120;
        var oracle = new MarkovOracle(new double[,] { { 0, r }, { 0, 0 } });
        Assert.Equal((1 - Math.Exp(-(r + delta) * h)) / (r + delta), oracle.DiscountedTime(0, h, delta)[0], 12);
        Assert.Equal((1 - Math.Exp(-r * h)) / r, oracle.DiscountedTime(0, h, 0)[0], 12);
    }
}
