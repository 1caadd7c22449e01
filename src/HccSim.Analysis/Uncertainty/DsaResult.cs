namespace HccSim.Analysis.Uncertainty;

/// <summary>A deterministic sensitivity analysis: the base-case outcome, the tornado (widest first) and an optional two-way grid.</summary>
public sealed record DsaResult(string Outcome, double BaseOutcome, IReadOnlyList<TornadoBar> Tornado, string? X, string? Y, IReadOnlyList<TwoWayPoint> TwoWay)
{
    /// <summary>Uncertain numbers left out of the one-way analysis (Dirichlet shares), by path.</summary>
    public IReadOnlyList<string> Omitted { get; init; } = Array.Empty<string>();
    /// <summary>Uncertain numbers that change no outcome (overridden elsewhere, or unused): said, not hidden.</summary>
    public IReadOnlyList<string> WithoutEffect { get; init; } = Array.Empty<string>();
}
