namespace HccSim.Scenarios;

/// <summary>
/// A number in the scenario file that calibration may move, within bounds in the unit the file writes it in;
/// where it is written (line, column, character span) so a fitted value can be written back in its place.
/// </summary>
public sealed record FreeParameter(Parameters.ParameterPath Path, double Lower, double Upper, double Value, int Line, int Column, int Start, int End)
{
    /// <summary>Other places in the file that hold the same parameter and move with it (a list of paths, tied).</summary>
    public IReadOnlyList<(Parameters.ParameterPath Path, int Start, int End)> Tied { get; init; } = Array.Empty<(Parameters.ParameterPath, int, int)>();

    /// <summary>Every place the parameter is written: the first path, then the tied ones.</summary>
    public IEnumerable<(Parameters.ParameterPath Path, int Start, int End)> Places => new[] { (Path, Start, End) }.Concat(Tied);

    /// <summary>The paths as shown to people: the first, with "(+N tied)" when it has tied places.</summary>
    public string Label => Tied.Count == 0 ? Path.Text : $"{Path.Text} (+{Tied.Count} tied)";

    /// <summary>The parameter an analysis varies: every place it is written, within its bounds, under <paramref name="name"/>.</summary>
    public Parameters.ParameterSpec AsParameter(string name) => new(name, Places.Select(p => p.Path).ToArray(), Lower, Upper);
}
