namespace HccSim.Scenarios.Yaml;

/// <summary>A scalar as written (its text without quotes), with its YAML tag ("" when it has none).</summary>
internal sealed class Scalar(string file, int line, int column, int start, int end, string? value, string tag) : Node(file, line, column, start, end)
{
    public string? Value { get; } = value;
    public string Tag { get; } = tag;
}
