using HccSim.Core.Compilation;

namespace HccSim.Scenarios.Parameters;

/// <summary>What an analysis asks to vary: a name, the paths of the number (tied places), and bounds in the file's unit.</summary>
public sealed record ParameterSpec(string Name, IReadOnlyList<ParameterPath> Paths, double Lower = double.NegativeInfinity, double Upper = double.PositiveInfinity);
