using HccSim.Scenarios.Parameters;
using YamlDotNet.RepresentationModel;

namespace HccSim.Scenarios;

/// <summary>
/// Where a number of a scenario is written: the path that names it, the file (as errors show it), line and column,
/// and the number written there with its unit text (values set in its place are in that unit).
/// </summary>
public sealed record NumberPlace(ParameterPath Path, string File, int Line, int Column, double Written, string Unit)
{
    /// <summary>The scalar it is, in the trees of the definition that located it.</summary>
    internal YamlScalarNode? Scalar { get; init; }
}
