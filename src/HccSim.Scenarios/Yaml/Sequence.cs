namespace HccSim.Scenarios.Yaml;

/// <summary>A list, its items in the order written.</summary>
internal sealed class Sequence(string file, int line, int column, int start, int end, IReadOnlyList<Node> children) : Node(file, line, column, start, end)
{
    public IReadOnlyList<Node> Children { get; } = children;
}
