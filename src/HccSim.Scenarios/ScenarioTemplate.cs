using HccSim.Scenarios.Reading;

namespace HccSim.Scenarios;

/// <summary>
/// One scenario read many times with different numbers set (a parameter draw, a design point): the files are parsed
/// once, and each <see cref="Load"/> sets its numbers on the parsed trees and reads them again. Not thread-safe: one per
/// worker. Every load must set the same paths (each load overwrites the numbers the last one set).
/// </summary>
public sealed class ScenarioTemplate
{
    private readonly string _path;
    private readonly Dictionary<string, (byte[] Bytes, YamlDotNet.RepresentationModel.YamlNode? Root, YamlDotNet.RepresentationModel.YamlNode[] Nodes)> _parsed = new(StringComparer.Ordinal);

    internal ScenarioTemplate(string path) => _path = path;

    /// <summary>The scenario's model with these numbers set (targets, trial, calibration and uncertainty are not read).</summary>
    public Scenario Load(IReadOnlyList<(Parameters.ParameterPath Path, double Value)> overrides)
        => new ScenarioReader(_path) { Overrides = overrides, ParsedFiles = _parsed, ModelOnly = true }.Read();

    /// <summary>
    /// The numbers the files write at these paths, read (defensively, once) before any is set: call it before <see cref="Load"/>.
    /// A path names no number → the same one-line error a load would give.
    /// </summary>
    public double[] Written(IReadOnlyList<Parameters.ParameterPath> paths)
    {
        if (_parsed.Count > 0) throw new InvalidOperationException("the written numbers are read before the first load sets any");
        Load(Array.Empty<(Parameters.ParameterPath, double)>());
        string main = Path.GetFullPath(_path);
        return paths.Select(p =>
        {
            string file = p.File is null ? main : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(main) ?? ".", p.File));
            var scalar = _parsed.TryGetValue(file, out var parsed) && parsed.Root is { } root ? p.Resolve(root, out var error) : null;
            if (scalar is null)
                throw new Diagnostics.ScenarioException(new[] { new Diagnostics.ScenarioError(_path, 1, 1, $"cannot set {p}: {(_parsed.ContainsKey(file) ? "it names no number" : $"'{p.File}' is not a file this scenario extends")}") });
            return Parameters.WrittenNumber.Parse(scalar.Value)!.Value.Value;
        }).ToArray();
    }
}
