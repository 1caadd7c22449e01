namespace HccSim.Scenarios.Distributions;

/// <summary>Beta(α, β), for probabilities and utilities.</summary>
public sealed record BetaSpec(double Alpha, double Beta) : DistributionSpec
{
    public override string Family => "beta";
    public override (double Min, double Max) Support => (0, 1);

    /// <summary>Method of moments from a mean and standard error; null with the reason when impossible.</summary>
    public static BetaSpec? FromMoments(double mean, double se, out string? error)
    {
        error = null;
        if (!(mean > 0 && mean < 1)) { error = $"a beta mean must lie strictly between 0 and 1 (got {F(mean)})"; return null; }
        if (!(se > 0)) { error = $"a standard error must be > 0 (got {F(se)})"; return null; }
        double variance = se * se, limit = mean * (1 - mean);
        if (!(variance < limit)) { error = $"a beta with mean {F(mean)} needs a standard error below {F(Math.Sqrt(limit))} (got {F(se)}: the variance must be below mean·(1 − mean))"; return null; }
        double k = limit / variance - 1;
        return new BetaSpec(mean * k, (1 - mean) * k);
    }
}
