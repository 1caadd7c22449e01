namespace HccSim.Scenarios;

/// <summary>
/// A scenario's uncertainty section: single parameters, Dirichlet shares and correlated groups, as read. A draw holds one
/// value per parameter, then each share's values, then the posterior's columns, in this order (<see cref="ValueNames"/>).
/// </summary>
public sealed record UncertaintySettings(IReadOnlyList<UncertainParameter> Parameters, IReadOnlyList<UncertainShares> Shares, IReadOnlyList<CorrelationSpec> Correlations)
{
    /// <summary>Names of a draw's values: each parameter's name, then each share's paths, then the posterior's columns.</summary>
    public IReadOnlyList<string> ValueNames => Parameters.Select(p => p.Name).Concat(Shares.SelectMany(s => s.Places.Select(p => p.Text)))
        .Concat(Posterior?.Names ?? Array.Empty<string>()).ToArray();

    /// <summary>The calibrated parameters' posterior sample (posterior: { file }), drawn a row at a time; null when none is referenced.</summary>
    public PosteriorSample? Posterior { get; init; }

    /// <summary>Where the posterior's columns start among a draw's values.</summary>
    public int PosteriorOffset => Parameters.Count + Shares.Sum(s => s.Places.Count);

    /// <summary>
    /// Named groups of parameters the scenario asks EVPPI for (e.g. "procedures": every procedure's mortality and success),
    /// in the file's order; members are indices into <see cref="ValueNames"/>.
    /// </summary>
    public IReadOnlyList<(string Name, int[] Members)> Groups { get; init; } = Array.Empty<(string, int[])>();
}
