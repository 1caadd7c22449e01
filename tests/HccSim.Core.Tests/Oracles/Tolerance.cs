namespace HccSim.Core.Tests.Oracles;

/// <summary>Monte Carlo tolerances: at most four standard errors, computed from the oracle's own value.</summary>
public static class Tolerance
{
    public const double StandardErrors = 4.0;

    /// <summary>4 binomial standard errors of a proportion p estimated from n patients.</summary>
    public static double Proportion(double p, long n) => StandardErrors * Math.Sqrt(p * (1 - p) / n);

    public static void WithinStandardErrors(double expected, double actual, double standardError, string what)
    {
        double bound = StandardErrors * standardError;
        Assert.True(Math.Abs(actual - expected) <= bound,
            $"{what}: simulated {actual:G8}, expected {expected:G8}, difference {actual - expected:G4} exceeds 4 SE = {bound:G4}");
    }

    public static void ProportionMatches(double expected, double actual, long n, string what)
        => WithinStandardErrors(expected, actual, Math.Sqrt(expected * (1 - expected) / n), what);
}
