namespace HccSim.Analysis.Sweeps;

/// <summary>One strategy's outcomes at one design point.</summary>
public sealed record SweepRow(int Point, string Strategy, IReadOnlyList<double> Values);
