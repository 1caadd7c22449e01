using YamlDotNet.RepresentationModel;

namespace HccSim.Scenarios.Diagnostics;

/// <summary>
/// Collects errors while a scenario is read. Nodes know their line and column; which file a node came
/// from (the scenario, a file it extends, a CSV beside it) is kept here.
/// </summary>
internal sealed class Problems
{
    private readonly List<ScenarioError> _errors = new();
    private readonly Dictionary<YamlNode, string> _fileOf = new(ReferenceEqualityComparer.Instance);

    public Problems(string mainFile) => MainFile = mainFile;

    public string MainFile { get; }
    public IReadOnlyList<ScenarioError> Errors => _errors;
    public bool Any => _errors.Count > 0;

    /// <summary>Records that every node under <paramref name="root"/> was read from <paramref name="file"/>.</summary>
    public void Own(YamlNode root, string file)
    {
        foreach (var node in root.AllNodes) _fileOf[node] = file;
    }

    /// <summary>As <see cref="Own(YamlNode, string)"/>, for a file's nodes listed once beforehand.</summary>
    public void Own(YamlNode[] nodes, string file)
    {
        foreach (var node in nodes) _fileOf[node] = file;
    }

    public string FileOf(YamlNode node) => _fileOf.TryGetValue(node, out var f) ? f : MainFile;

    public void At(YamlNode node, string message)
        => _errors.Add(new ScenarioError(FileOf(node), (int)node.Start.Line, (int)node.Start.Column, message));

    public void At(string file, long line, long column, string message)
        => _errors.Add(new ScenarioError(file, (int)Math.Max(1, line), (int)Math.Max(1, column), message));

    public ScenarioException ToException()
        => new(_errors.Distinct().OrderBy(e => e.File == MainFile ? 0 : 1).ThenBy(e => e.File, StringComparer.Ordinal)
            .ThenBy(e => e.Line).ThenBy(e => e.Column).ToArray());
}
