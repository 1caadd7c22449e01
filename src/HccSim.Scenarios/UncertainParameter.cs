using HccSim.Scenarios.Distributions;
using HccSim.Scenarios.Parameters;

namespace HccSim.Scenarios;

/// <summary>A number of the file (or tied numbers) with a distribution, and the value written there (the base case).</summary>
public sealed record UncertainParameter(IReadOnlyList<ParameterPath> Places, double BaseValue, DistributionSpec Distribution, int Line)
{
    /// <summary>What analyses and reports call it: the <c>name</c> written, else its first path.</summary>
    public string Name => GivenName ?? Places[0].Text;
    /// <summary>The <c>name</c> written in the uncertainty section (null: none).</summary>
    public string? GivenName { get; init; }
    /// <summary>The <c>label</c> written for people (axes, tables); null: none.</summary>
    public string? Label { get; init; }
    public string? Source { get; init; }
    /// <summary>The one-way sensitivity range as written (<c>low</c>/<c>high</c>); null when not written (the analysis then takes the distribution's 2.5th and 97.5th percentiles).</summary>
    public double? Low { get; init; }
    public double? High { get; init; }
}
