namespace HccSim.Scenarios;

/// <summary>
/// A scenario's uncertainty section: single parameters, Dirichlet shares and correlated groups, as read. A draw holds one
/// value per parameter, then each share's values, in this order (<see cref="ValueNames"/>).
/// </summary>
public sealed record UncertaintySettings(IReadOnlyList<UncertainParameter> Parameters, IReadOnlyList<UncertainShares> Shares, IReadOnlyList<CorrelationSpec> Correlations)
{
    /// <summary>Names of a draw's values: each parameter's first path, then each share's paths.</summary>
    public IReadOnlyList<string> ValueNames => Parameters.Select(p => p.Name).Concat(Shares.SelectMany(s => s.Places.Select(p => p.Text))).ToArray();

    /// <summary>
    /// Named groups of parameters the scenario asks EVPPI for (e.g. "procedures": every procedure's mortality and success),
    /// in the file's order; members are indices into <see cref="ValueNames"/>.
    /// </summary>
    public IReadOnlyList<(string Name, int[] Members)> Groups { get; init; } = Array.Empty<(string, int[])>();
}
