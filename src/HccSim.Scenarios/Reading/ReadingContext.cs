using HccSim.Scenarios.Diagnostics;
using HccSim.Scenarios.Units;
using HccSim.Scenarios.Yaml;

namespace HccSim.Scenarios.Reading;

/// <summary>
/// What the section readers of one read of a scenario share: the problems found, the typed value reader (with the
/// numbers this read sets in place of written ones), the nodes that wrote each model element (so the model compiler's
/// errors point at the file), each file's own time unit, and the files read so far. The files themselves come from
/// <see cref="Sources"/>, which many reads may share; everything else here belongs to this read alone.
/// </summary>
internal sealed class ReadingContext
{
    /// <param name="path">The scenario file, as given (errors and stamps show it so).</param>
    /// <param name="sources">The files to read from (parsed on the first ask, or already parsed and frozen).</param>
    /// <param name="numbers">Numbers to read in place of the written ones: scalar → value, in the unit the file writes it in.</param>
    public ReadingContext(string path, SourceFiles sources, IReadOnlyDictionary<Scalar, double>? numbers = null)
    {
        Path = path;
        ShownAs = path;
        Sources = sources;
        Problems = new Problems(path);
        Values = new Values(Problems, TimeUnit.Months) { Numbers = numbers };
        // Each file's bare numbers are in that file's own time_unit (a strategy may come from another file).
        Values.UnitOf = node => UnitOf.TryGetValue(node.File, out var u) ? u : TimeUnit.Months;
    }

    /// <summary>The scenario's path as given.</summary>
    public string Path { get; }

    /// <summary>The cohort profile the caller asks for (<c>run --profile</c>), in place of the file's <c>cohort.profile</c>.</summary>
    public string? Profile { get; init; }

    /// <summary>Whether uncertainty.posterior's file is read and checked (calibration, which writes it, does not read it).</summary>
    public bool ReadPosterior { get; init; } = true;

    /// <summary>The scenario's name in errors and stamps (the path as given).</summary>
    public string ShownAs { get; }

    public SourceFiles Sources { get; }
    public Problems Problems { get; }
    public Values Values { get; }

    /// <summary>The node that wrote each model element, so a compiler error about it is reported there.</summary>
    public Dictionary<object, Node> Origin { get; } = new(ReferenceEqualityComparer.Instance);

    /// <summary>Each file's time unit (by the name errors show it under), where it sets one.</summary>
    public Dictionary<string, TimeUnit> UnitOf { get; } = new(StringComparer.Ordinal);

    /// <summary>Every file read, in order, with its bytes (for the scenario's fingerprint).</summary>
    public List<(string File, byte[] Bytes)> Inputs { get; } = new();

    /// <summary>Files this scenario extends, by full path (null: unreadable).</summary>
    public Dictionary<string, Node?> OtherFiles { get; } = new(StringComparer.Ordinal);

    /// <summary>The scenario file's tree.</summary>
    public Node Root { get; private set; } = null!;

    /// <summary>The scenario's cycle, once read (per-cycle probabilities need it).</summary>
    public Core.Cycles.CycleSettings? Cycle { get; set; }
    /// <summary>The method the cycle block declares for `hccsim run` (null: none declared).</summary>
    public Core.Analytic.RunMethod? Method { get; set; }

    /// <summary>The scenario file's tree; null when it cannot be read (said).</summary>
    public Node? ReadRoot()
    {
        var root = ReadTree(System.IO.Path.GetFullPath(Path), ShownAs, main: true);
        if (root is not null) Root = root;
        return root;
    }

    /// <summary>Another scenario file (one a strategy extends), read once per read of the scenario.</summary>
    public Node? LoadOther(string fullPath, string shownAs)
    {
        if (OtherFiles.TryGetValue(fullPath, out var cached)) return cached;
        var root = ReadTree(fullPath, shownAs, main: false);
        if (root is Mapping map && map.Children.FirstOrDefault(kv => kv.Key is Scalar { Value: "time_unit" }).Value is Scalar { Value: { } u }
            && Quantity.ParseTimeUnit(u) is { } unit)
            UnitOf[shownAs] = unit;
        OtherFiles[fullPath] = root;
        return root;
    }

    private Node? ReadTree(string fullPath, string shownAs, bool main)
    {
        if (Sources.Yaml(fullPath, shownAs, Problems, main) is not var (bytes, root)) return null;
        Inputs.Add((shownAs, bytes));
        return root;
    }

    /// <summary>The full path of a file named relative to this scenario.</summary>
    public string OtherFile(string relative) => System.IO.Path.GetFullPath(System.IO.Path.Combine(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path)) ?? ".", relative));

    /// <summary>A key the reader needs is missing: said at <paramref name="where"/>, null returned.</summary>
    public T? Missing<T>(Node where, string what, string key) where T : struct
    {
        Problems.At(where, $"{what} has no '{key}'");
        return null;
    }

    /// <summary>A parameter of <paramref name="what"/> is missing: said at <paramref name="node"/>, null returned.</summary>
    public double? Absent(string key, Node node, string what, string? expected = null)
    {
        Problems.At(node, $"{what} has no {key}{(expected is null ? "" : $" (expected {expected})")}");
        return null;
    }

    /// <summary>A top-level key the scenario must have: read when given, else said (unless an unknown key already looks like it).</summary>
    public T? Required<T>(MapNode map, string key, Node where, Func<Node, T?> read) where T : class
    {
        if (map[key] is { } node) return read(node);
        if (!map.Misspelled(key)) Problems.At(where, $"the scenario has no '{key}' (expected it at the top level)");
        return null;
    }

    /// <inheritdoc cref="Required{T}(MapNode, string, Node, Func{Node, T})"/>
    public double? Required(MapNode map, string key, Node where, Func<Node, double?> read)
    {
        if (map[key] is { } node) return read(node);
        if (!map.Misspelled(key)) Problems.At(where, $"the scenario has no '{key}' (expected it at the top level)");
        return null;
    }
}
