using HccSim.Scenarios.Diagnostics;
using HccSim.Scenarios.Parameters;
using HccSim.Scenarios.Units;
using HccSim.Scenarios.Yaml;
using YamlDotNet.RepresentationModel;

namespace HccSim.Scenarios.Reading;

/// <summary>
/// What the section readers of one read of a scenario share: the problems found, the typed value reader, the nodes that
/// wrote each model element (so the model compiler's errors point at the file), each file's own time unit, and the
/// files read so far (the scenario, the files it extends, a life table beside it).
/// </summary>
internal sealed class ReadingContext
{
    private readonly Dictionary<string, List<(ParameterPath Path, double Value)>> _pendingOverrides = new(StringComparer.Ordinal);

    public ReadingContext(string path)
    {
        Path = path;
        ShownAs = path;
        Problems = new Problems(path);
        Values = new Values(Problems, TimeUnit.Months);
        // Each file's bare numbers are in that file's own time_unit (a strategy may come from another file).
        Values.UnitOf = node => UnitOf.TryGetValue(Problems.FileOf(node), out var u) ? u : TimeUnit.Months;
    }

    /// <summary>The scenario's path as given.</summary>
    public string Path { get; }

    /// <summary>The scenario's name in errors and stamps (the path as given).</summary>
    public string ShownAs { get; }

    public Problems Problems { get; }
    public Values Values { get; }

    /// <summary>The node that wrote each model element, so a compiler error about it is reported there.</summary>
    public Dictionary<object, YamlNode> Origin { get; } = new(ReferenceEqualityComparer.Instance);

    /// <summary>Each file's time unit (by the name errors show it under), where it sets one.</summary>
    public Dictionary<string, TimeUnit> UnitOf { get; } = new(StringComparer.Ordinal);

    /// <summary>Every file read, in order, with its bytes (for the scenario's fingerprint).</summary>
    public List<(string File, byte[] Bytes)> Inputs { get; } = new();

    /// <summary>Files this scenario extends, by full path (null: read, but unreadable).</summary>
    public Dictionary<string, YamlNode?> OtherFiles { get; } = new(StringComparer.Ordinal);

    /// <summary>The scenario file's tree.</summary>
    public YamlNode Root { get; set; } = null!;

    /// <summary>The scenario's cycle, once read (per-cycle probabilities need it).</summary>
    public Core.Cycles.CycleSettings? Cycle { get; set; }

    /// <summary>
    /// Files already read and parsed, by full path, to read again without touching the disk or the parser: a parameter
    /// draw re-reads the same files with only some numbers set. Whoever passes one owns it (not thread-safe), and every
    /// number a read sets must be set again by the next read that uses the cache (a template does exactly that).
    /// </summary>
    public Dictionary<string, (byte[] Bytes, YamlNode? Root, YamlNode[] Nodes)>? ParsedFiles { get; init; }

    /// <summary>The scenario's tree, with the numbers of <paramref name="overrides"/> set in it (those of other files are set when those are read).</summary>
    public YamlNode? ReadRoot(IReadOnlyList<(ParameterPath Path, double Value)> overrides)
    {
        var root = ReadTree(System.IO.Path.GetFullPath(Path), ShownAs);
        if (root is null) return null;
        Root = root;
        foreach (var (path, value) in overrides)
        {
            if (path.File is not null)
            {
                // A number of a file this one extends: set when that file is read (and checked by CheckOverridesUsed that it was).
                string full = OtherFile(path.File);
                if (!_pendingOverrides.TryGetValue(full, out var pending)) _pendingOverrides[full] = pending = new();
                pending.Add((path, value));
                continue;
            }
            SetNumber(root, path, value);
        }
        return root;
    }

    /// <summary>Says so for every number set in a file that no strategy extends.</summary>
    public void CheckOverridesUsed()
    {
        foreach (var full in _pendingOverrides.Keys.Where(f => !OtherFiles.ContainsKey(f)))
            Problems.At(ShownAs, 1, 1, $"cannot set {_pendingOverrides[full][0].Path}: '{_pendingOverrides[full][0].Path.File}' is not a file this scenario extends (expected a file named in an 'extends: file.yaml#strategy')");
    }

    /// <summary>Another scenario file (one a strategy extends), read once per read of the scenario.</summary>
    public YamlNode? LoadOther(string fullPath, string shownAs)
    {
        if (OtherFiles.TryGetValue(fullPath, out var cached)) return cached;
        var root = ReadTree(fullPath, shownAs);
        if (root is YamlMappingNode map && map.Children.FirstOrDefault(kv => kv.Key is YamlScalarNode { Value: "time_unit" }).Value is YamlScalarNode { Value: { } u }
            && Quantity.ParseTimeUnit(u) is { } unit)
            UnitOf[shownAs] = unit;
        if (root is not null && _pendingOverrides.TryGetValue(fullPath, out var pending))
            foreach (var (path, value) in pending) SetNumber(root, path, value);
        OtherFiles[fullPath] = root;
        return root;
    }

    private YamlNode? ReadTree(string fullPath, string shownAs)
    {
        if (ParsedFiles is not null && ParsedFiles.TryGetValue(fullPath, out var parsed))
        {
            Inputs.Add((shownAs, parsed.Bytes));
            Problems.Own(parsed.Nodes, shownAs); // errors and time units know each node's file
            return parsed.Root;
        }
        var text = ScenarioFiles.ReadText(fullPath, shownAs, Problems, out var bytes);
        if (text is null) return null;
        Inputs.Add((shownAs, bytes));
        var root = ScenarioFiles.Parse(text, shownAs, Problems);
        if (ParsedFiles is not null && root is not null) ParsedFiles[fullPath] = (bytes, root, root.AllNodes.ToArray());
        return root;
    }

    /// <summary>The full path of a file named relative to this scenario.</summary>
    public string OtherFile(string relative) => System.IO.Path.GetFullPath(System.IO.Path.Combine(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path)) ?? ".", relative));

    private void SetNumber(YamlNode root, ParameterPath path, double value)
    {
        if (path.Resolve(root, out var pathError) is not { } scalar) { Problems.At(ShownAs, 1, 1, $"cannot set {path}: {pathError}"); return; }
        scalar.Value = WrittenNumber.Parse(scalar.Value)!.Value.WithExact(value);
    }

    /// <summary>A key the reader needs is missing: said at <paramref name="where"/>, null returned.</summary>
    public T? Missing<T>(YamlNode where, string what, string key) where T : struct
    {
        Problems.At(where, $"{what} has no '{key}'");
        return null;
    }

    /// <summary>A parameter of <paramref name="what"/> is missing: said at <paramref name="node"/>, null returned.</summary>
    public double? Absent(string key, YamlNode node, string what)
    {
        Problems.At(node, $"{what} has no {key}");
        return null;
    }

    /// <summary>A top-level key the scenario must have: read when given, else said (unless an unknown key already looks like it).</summary>
    public T? Required<T>(MapNode map, string key, YamlNode where, Func<YamlNode, T?> read) where T : class
    {
        if (map[key] is { } node) return read(node);
        if (!map.Misspelled(key)) Problems.At(where, $"the scenario has no '{key}' (expected it at the top level)");
        return null;
    }

    /// <inheritdoc cref="Required{T}(MapNode, string, YamlNode, Func{YamlNode, T})"/>
    public double? Required(MapNode map, string key, YamlNode where, Func<YamlNode, double?> read)
    {
        if (map[key] is { } node) return read(node);
        if (!map.Misspelled(key)) Problems.At(where, $"the scenario has no '{key}' (expected it at the top level)");
        return null;
    }
}
