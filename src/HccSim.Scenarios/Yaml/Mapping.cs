namespace HccSim.Scenarios.Yaml;

/// <summary>A map, its entries in the order written (keys as parsed: a duplicate or a non-scalar key is the reader's to refuse).</summary>
internal sealed class Mapping(string file, int line, int column, int start, int end, IReadOnlyList<KeyValuePair<Node, Node>> children) : Node(file, line, column, start, end)
{
    public IReadOnlyList<KeyValuePair<Node, Node>> Children { get; } = children;

    public IEnumerable<Node> Keys => Children.Select(kv => kv.Key);
}
