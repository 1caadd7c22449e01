using HccSim.Scenarios.Parameters;
using HccSim.Scenarios.Yaml;

namespace HccSim.Scenarios;

/// <summary>
/// Where a number of a scenario is written: the path that names it, the file (as errors show it), line and column,
/// and the number written there with its unit text (values set in its place are in that unit).
/// </summary>
public sealed record NumberPlace(ParameterPath Path, string File, int Line, int Column, double Written, string Unit)
{
    /// <summary>The scalar it is, in the trees of <see cref="Definition"/>.</summary>
    internal Scalar? Scalar { get; init; }

    /// <summary>The definition that located it (a place from another is located again by its path).</summary>
    internal ScenarioDefinition? Definition { get; init; }
}
