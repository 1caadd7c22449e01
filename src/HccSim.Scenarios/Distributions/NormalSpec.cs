namespace HccSim.Scenarios.Distributions;

/// <summary>Normal(mean, sd), optionally truncated to [min, max] (infinite when not written).</summary>
public sealed record NormalSpec(double Mean, double Sd, double Min = double.NegativeInfinity, double Max = double.PositiveInfinity) : DistributionSpec
{
    public override string Family => "normal";
    public override (double Min, double Max) Support => (Min, Max);
}
