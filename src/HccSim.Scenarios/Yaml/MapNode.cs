using HccSim.Core.Compilation;
using HccSim.Scenarios.Diagnostics;

namespace HccSim.Scenarios.Yaml;

/// <summary>
/// A YAML map read strictly: keys must be plain names, none twice, and — where the keys are the language's
/// own — none unknown ("did you mean …?"). Keys the reader asks for are looked up here.
/// </summary>
internal sealed class MapNode
{
    private readonly Dictionary<string, (Scalar Key, Node Value)> _entries = new(StringComparer.Ordinal);
    private readonly List<string> _order = new();

    public MapNode(Mapping node, Problems problems, string context, IReadOnlyCollection<string>? allowed)
    {
        Node = node;
        foreach (var (k, v) in node.Children)
        {
            if (k is not Scalar key || string.IsNullOrWhiteSpace(key.Value))
            {
                problems.At(k, $"{context}: a key must be a plain name");
                continue;
            }
            string name = key.Value!;
            if (allowed is not null && !allowed.Contains(name))
            {
                Unknown.Add(name);
                problems.At(key, $"unknown key '{name}' in {context} (expected one of: {string.Join(", ", allowed)}){Suggestions.DidYouMean(name, allowed)}");
                continue;
            }
            if (!_entries.TryAdd(name, (key, v)))
            {
                problems.At(key, $"'{name}' appears twice in {context} (expected each key once)");
                continue;
            }
            _order.Add(name);
        }
    }

    public Mapping Node { get; }

    /// <summary>Keys given that the language does not know (already reported).</summary>
    public List<string> Unknown { get; } = new();

    /// <summary>True when an unknown key looks like a misspelling of <paramref name="key"/> (its error already says so).</summary>
    public bool Misspelled(string key) => Unknown.Any(u => Suggestions.DidYouMean(u, new[] { key }).Length > 0);

    public Node? this[string key] => _entries.TryGetValue(key, out var e) ? e.Value : null;

    public bool Has(string key) => _entries.ContainsKey(key);

    public Scalar KeyNode(string key) => _entries[key].Key;

    public IEnumerable<(string Name, Scalar Key, Node Value)> Entries
        => _order.Select(n => (n, _entries[n].Key, _entries[n].Value));
}
