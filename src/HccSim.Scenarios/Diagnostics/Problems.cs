using YamlDotNet.RepresentationModel;

namespace HccSim.Scenarios.Diagnostics;

/// <summary>
/// Collects errors while a scenario is read. Nodes know their line and column; which file a node came
/// from (the scenario, a file it extends) is asked of the files read.
/// </summary>
internal sealed class Problems
{
    private readonly List<ScenarioError> _errors = new();
    private readonly Func<YamlNode, string?> _fileOf;

    /// <param name="fileOf">The name of the file a node was read from (null: the main file).</param>
    public Problems(string mainFile, Func<YamlNode, string?> fileOf)
    {
        MainFile = mainFile;
        _fileOf = fileOf;
    }

    public string MainFile { get; }
    public IReadOnlyList<ScenarioError> Errors => _errors;
    public bool Any => _errors.Count > 0;

    public string FileOf(YamlNode node) => _fileOf(node) ?? MainFile;

    public void At(YamlNode node, string message)
        => _errors.Add(new ScenarioError(FileOf(node), (int)node.Start.Line, (int)node.Start.Column, message));

    public void At(string file, long line, long column, string message)
        => _errors.Add(new ScenarioError(file, (int)Math.Max(1, line), (int)Math.Max(1, column), message));

    public ScenarioException ToException()
        => new(_errors.Distinct().OrderBy(e => e.File == MainFile ? 0 : 1).ThenBy(e => e.File, StringComparer.Ordinal)
            .ThenBy(e => e.Line).ThenBy(e => e.Column).ToArray());
}
