using HccSim.Scenarios.Parameters;
using YamlDotNet.RepresentationModel;

namespace HccSim.Scenarios.Reading;

/// <summary>A place in the file: its path, the scalar there and the number written.</summary>
internal readonly record struct WrittenPlace(ParameterPath Path, YamlScalarNode Scalar, WrittenNumber Written);
