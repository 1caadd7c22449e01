using HccSim.Scenarios.Diagnostics;
using HccSim.Scenarios.Yaml;

namespace HccSim.Scenarios.Reading;

/// <summary>
/// The files one scenario reads — the scenario, the files its strategies extend, a life table beside it — each read
/// and parsed once, on the first ask. Once <see cref="Freeze">frozen</see> it never touches the disk or the parser
/// again and never changes: every read of the scenario after that (from many threads at once) sees the same trees.
/// </summary>
internal sealed class SourceFiles
{
    private readonly Dictionary<string, (byte[] Bytes, Node? Root)> _yaml = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (byte[] Bytes, (double[] Ages, double[] Values, bool Hazards)? Table)> _lifeTables = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (byte[] Bytes, string? Text, string? Problem)> _texts = new(StringComparer.Ordinal);
    private bool _frozen;

    /// <summary>No more files are read: from here on every file asked for must be one read before.</summary>
    public void Freeze() => _frozen = true;

    /// <summary>What kind of file the path names (once frozen: a regular file if it was read, else missing).</summary>
    public FileKind Kind(string fullPath)
        => _frozen ? _yaml.ContainsKey(fullPath) || _lifeTables.ContainsKey(fullPath) || _texts.ContainsKey(fullPath) ? FileKind.Regular : FileKind.Missing : FileKinds.Of(fullPath);

    /// <summary>
    /// A scenario file's tree and its bytes, read and parsed on the first ask; the tree is null when the file cannot be
    /// read or parsed (the reasons said to <paramref name="problems"/>, on that first ask). Its nodes are of
    /// <paramref name="shownAs"/> (the name errors show) from then on. A file other than the <paramref name="main"/>
    /// scenario that does not parse is said to be no scenario file, its text not quoted.
    /// </summary>
    public (byte[] Bytes, Node? Root)? Yaml(string fullPath, string shownAs, Problems problems, bool main = true)
    {
        if (_yaml.TryGetValue(fullPath, out var read)) return read;
        if (_frozen) throw new InvalidOperationException($"{shownAs} was not read when the scenario was defined");
        var text = ScenarioFiles.ReadText(fullPath, shownAs, problems, out var bytes);
        if (text is null) return null;
        return _yaml[fullPath] = (bytes, ScenarioFiles.Parse(text, shownAs, problems, main));
    }

    /// <summary>A life-table CSV file's rows and its bytes, read on the first ask; the table is null when it cannot be read.</summary>
    public (byte[] Bytes, (double[] Ages, double[] Values, bool Hazards)? Table)? LifeTable(string fullPath, string shownAs, Problems problems)
    {
        if (_lifeTables.TryGetValue(fullPath, out var read)) return read;
        if (_frozen) throw new InvalidOperationException($"{shownAs} was not read when the scenario was defined");
        var text = ScenarioFiles.ReadText(fullPath, shownAs, problems, out var bytes, "life-table CSV file");
        if (text is null) return null;
        return _lifeTables[fullPath] = (bytes, LifeTables.Parse(text, shownAs, problems));
    }

    /// <summary>
    /// A text file's contents (a posterior sample), read on the first ask; the text is null and <c>Problem</c> says why when it
    /// cannot be read (the caller says it where the file is referenced).
    /// </summary>
    public (byte[] Bytes, string? Text, string? Problem) Text(string fullPath, string what)
    {
        if (_texts.TryGetValue(fullPath, out var read)) return read;
        if (_frozen) throw new InvalidOperationException($"{fullPath} was not read when the scenario was defined");
        var problems = new Problems(fullPath);
        var text = ScenarioFiles.ReadText(fullPath, fullPath, problems, out var bytes, what);
        return _texts[fullPath] = (bytes, text, text is null ? problems.Errors.FirstOrDefault()?.Message ?? "cannot be read" : null);
    }
}
