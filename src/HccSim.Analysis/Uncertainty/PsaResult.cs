namespace HccSim.Analysis.Uncertainty;

/// <summary>A probabilistic analysis's raw material: each draw's parameter values and each strategy's outcomes, and the base case.</summary>
public sealed record PsaResult(IReadOnlyList<string> ParameterNames, double[,] Parameters, ProbabilisticAnalysis Analysis, DrawOutcome[] BaseCase, bool StoppedBySe)
{
    /// <summary>The draw the first row is (past 0 for a shard of a larger analysis).</summary>
    public int FirstDraw { get; init; }
    /// <summary>Uncertain numbers that change no outcome (overridden elsewhere, or unused): said, not hidden.</summary>
    public IReadOnlyList<string> WithoutEffect { get; init; } = Array.Empty<string>();
}
