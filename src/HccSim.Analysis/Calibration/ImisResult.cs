namespace HccSim.Analysis.Calibration;

/// <summary>
/// What IMIS found: every point it evaluated (row-major, <see cref="Dimensions"/> a row) with its normalised importance weight and
/// log-likelihood, the diagnostics, and a resample of <see cref="ImisOptions.Samples"/> rows by weight (the posterior sample).
/// </summary>
public sealed record ImisResult(int Dimensions, double[] Points, double[] Weights, double[] LogLikelihoods, double[] Resample)
{
    /// <summary>Points drawn (prior and mixture), whether evaluated or not.</summary>
    public int Count => Weights.Length;
    /// <summary>Model evaluations: points within the bounds (a mixture draw outside them has prior 0 and is not run).</summary>
    public required int Evaluations { get; init; }
    /// <summary>Evaluations the model refused (likelihood 0).</summary>
    public required int Refused { get; init; }
    public required int Rounds { get; init; }
    /// <summary>1 / Σ w² of the normalised weights.</summary>
    public required double Ess { get; init; }
    /// <summary>The expected number of distinct points in the resample, Σ 1 − (1 − wᵢ)^J: what the rounds stop on.</summary>
    public required double ExpectedUnique { get; init; }
    public required double MaxWeight { get; init; }
    /// <summary>Whether the expected distinct points reached their goal, (1 − 1/e)·J, within the rounds allowed.</summary>
    public required bool Converged { get; init; }
    public required TimeSpan Elapsed { get; init; }

    public ReadOnlySpan<double> Point(int i) => Points.AsSpan(i * Dimensions, Dimensions);
    public int ResampleCount => Resample.Length / Dimensions;
}
