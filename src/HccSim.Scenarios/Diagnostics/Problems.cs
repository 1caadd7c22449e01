using HccSim.Scenarios.Yaml;

namespace HccSim.Scenarios.Diagnostics;

/// <summary>
/// Collects errors while a scenario is read, each at the file, line and column of the node it is about.
/// </summary>
internal sealed class Problems
{
    private readonly List<ScenarioError> _errors = new();
    public Problems(string mainFile) => MainFile = mainFile;

    public string MainFile { get; }
    public IReadOnlyList<ScenarioError> Errors => _errors;
    public bool Any => _errors.Count > 0;

    public void At(Node node, string message)
        => _errors.Add(new ScenarioError(node.File, node.Line, node.Column, message));

    public void At(string file, long line, long column, string message)
        => _errors.Add(new ScenarioError(file, (int)Math.Max(1, line), (int)Math.Max(1, column), message));

    public ScenarioException ToException()
        => new(_errors.Distinct().OrderBy(e => e.File == MainFile ? 0 : 1).ThenBy(e => e.File, StringComparer.Ordinal)
            .ThenBy(e => e.Line).ThenBy(e => e.Column).ToArray());
}
