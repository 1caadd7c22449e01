namespace HccSim.Scenarios;

/// <summary>
/// A posterior sample the uncertainty section references (<c>posterior: { file, group }</c>): the rows `calibrate --method imis`
/// wrote, one column per free parameter of the calibration section (in its order, whatever the file's), drawn jointly — a whole
/// row per PSA draw. <see cref="Group"/> names them together for EVPPI.
/// </summary>
public sealed record PosteriorSample(string File, string Group, IReadOnlyList<FreeParameter> Free, double[] Rows, int Line, int Column)
{
    public int Columns => Free.Count;
    public int Count => Rows.Length / Free.Count;
    /// <summary>The columns' names: each free parameter's first path, as calibration.free writes it.</summary>
    public IReadOnlyList<string> Names => Free.Select(f => f.Path.Text).ToArray();
    public ReadOnlySpan<double> Row(int i) => Rows.AsSpan(i * Columns, Columns);
}
