namespace HccSim.Scenarios.Distributions;

/// <summary>Log-normal: ln X ~ Normal(μ, σ); a ratio (hazard ratio) is sampled on the log scale this way.</summary>
public sealed record LogNormalSpec(double MeanLog, double SdLog) : DistributionSpec
{
    public override string Family => "lognormal";
    public override (double Min, double Max) Support => (double.Epsilon, double.PositiveInfinity);

    /// <summary>Method of moments from a mean and standard error; null with the reason when impossible.</summary>
    public static LogNormalSpec? FromMoments(double mean, double se, out string? error)
    {
        error = null;
        if (!(mean > 0)) { error = $"a lognormal mean must be > 0 (got {F(mean)})"; return null; }
        if (!(se > 0)) { error = $"a standard error must be > 0 (got {F(se)})"; return null; }
        double s2 = Math.Log(1 + se * se / (mean * mean));
        return new LogNormalSpec(Math.Log(mean) - s2 / 2, Math.Sqrt(s2));
    }

    /// <summary>From a point estimate and its 95% interval, symmetric on the log scale (how hazard ratios are published).</summary>
    public static LogNormalSpec? FromInterval(double estimate, double lower, double upper, out string? error)
    {
        error = null;
        if (!(lower > 0 && lower < estimate && estimate < upper)) { error = $"a lognormal interval needs 0 < lower < estimate < upper (got {F(lower)}, {F(estimate)}, {F(upper)})"; return null; }
        return new LogNormalSpec(Math.Log(estimate), (Math.Log(upper) - Math.Log(lower)) / (2 * Z));
    }
}
