using HccSim.Scenarios.Parameters;
using HccSim.Scenarios.Yaml;

namespace HccSim.Scenarios.Reading;

/// <summary>A place in the file: its path, the scalar there and the number written.</summary>
internal readonly record struct WrittenPlace(ParameterPath Path, Scalar Scalar, WrittenNumber Written);
