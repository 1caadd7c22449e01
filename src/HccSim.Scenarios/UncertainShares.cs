using HccSim.Scenarios.Parameters;

namespace HccSim.Scenarios;

/// <summary>Shares written at several places that sum to 1, with a Dirichlet distribution: one α per place, each &gt; 0.</summary>
public sealed record UncertainShares(IReadOnlyList<ParameterPath> Places, IReadOnlyList<double> BaseValues, IReadOnlyList<double> Alphas, int Line)
{
    public string? Source { get; init; }
}
