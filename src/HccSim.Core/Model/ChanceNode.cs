namespace HccSim.Core.Model;

/// <summary>
/// A split that happens the moment a patient enters it (e.g. after resection: pathological complete
/// response → cancer-free). It takes no time; its branches lead to states or other chance nodes.
/// </summary>
public sealed record ChanceNode(string Name, IReadOnlyList<ChanceBranch> Branches)
{
    public double Cost { get; init; }
    public double UtilityToll { get; init; }
    public IReadOnlyList<string> Tags { get; init; } = Array.Empty<string>();
}

/// <summary>One outcome of a chance node, with its probability and the tags it counts.</summary>
public sealed record ChanceBranch(string To, double Probability)
{
    public IReadOnlyList<string> Tags { get; init; } = Array.Empty<string>();
}
