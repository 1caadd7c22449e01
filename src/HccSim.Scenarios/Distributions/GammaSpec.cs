namespace HccSim.Scenarios.Distributions;

/// <summary>Gamma with shape k and scale θ (mean kθ), for costs, durations and rates.</summary>
public sealed record GammaSpec(double Shape, double Scale) : DistributionSpec
{
    public override string Family => "gamma";
    public override (double Min, double Max) Support => (double.Epsilon, double.PositiveInfinity);

    /// <summary>Method of moments from a mean and standard error; null with the reason when impossible.</summary>
    public static GammaSpec? FromMoments(double mean, double se, out string? error)
    {
        error = null;
        if (!(mean > 0)) { error = $"a gamma mean must be > 0 (got {F(mean)})"; return null; }
        if (!(se > 0)) { error = $"a gamma needs a positive variance: standard error > 0 (got {F(se)})"; return null; }
        return new GammaSpec(mean * mean / (se * se), se * se / mean);
    }
}
