using HccSim.Scenarios.Yaml;

namespace HccSim.Scenarios.Reading;

/// <summary>A pathway as written, after <c>extends</c> is merged: each element keeps the nodes that wrote it.</summary>
internal sealed class StrategyDraft
{
    public required string Name { get; init; }
    public required Node Node { get; init; }
    public string? Label { get; set; }
    public string? Description { get; set; }
    public (string Name, Node Node)? Start { get; set; }
    public List<(string Name, Node Key, Dictionary<string, (Scalar Key, Node Value)> Fields)> States { get; } = new();
    public List<(string Name, Node Key, Dictionary<string, (Scalar Key, Node Value)> Fields)> Chance { get; } = new();
    /// <summary>Drugs priced apart (cost, dose intensity, stopping for toxicity), merged key by key like states.</summary>
    public List<(string Name, Node Key, Dictionary<string, (Scalar Key, Node Value)> Fields)> Drugs { get; } = new();
    /// <summary>The named clocks: name, its key and the list of states it runs in.</summary>
    public List<(string Name, Node Key, Node States)> Clocks { get; } = new();
    public List<(string From, string To, Node Node, Dictionary<string, (Scalar Key, Node Value)> Fields)> Transitions { get; } = new();
    /// <summary>The (from, to) pairs in <see cref="Transitions"/>: a new pair is added without searching the list.</summary>
    public HashSet<(string From, string To)> Pairs { get; } = new();
    /// <summary>How each written transition is named in errors: "[a, b] → c" for a from-list, so its value errors read once.</summary>
    public Dictionary<Node, string> Written { get; } = new(ReferenceEqualityComparer.Instance);
    public bool Tiered { get; init; }
    /// <summary>Links of <c>extends</c> above it and itself: 1 for a strategy that extends nothing.</summary>
    public int Depth { get; set; } = 1;
    public MapNode? Map { get; init; }
}
