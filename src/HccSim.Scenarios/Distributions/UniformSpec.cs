namespace HccSim.Scenarios.Distributions;

/// <summary>Uniform on [min, max].</summary>
public sealed record UniformSpec(double Min, double Max) : DistributionSpec
{
    public override string Family => "uniform";
    public override (double Min, double Max) Support => (Min, Max);
}
