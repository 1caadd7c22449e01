namespace HccSim.Scenarios.Distributions;

/// <summary>Triangular on [min, max] with its peak at the mode.</summary>
public sealed record TriangularSpec(double Min, double Mode, double Max) : DistributionSpec
{
    public override string Family => "triangular";
    public override (double Min, double Max) Support => (Min, Max);
}
