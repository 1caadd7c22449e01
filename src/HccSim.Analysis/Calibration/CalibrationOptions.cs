namespace HccSim.Analysis.Calibration;

/// <summary>How to calibrate: cohort size per evaluation, seed, threads, the evaluation budget and which targets to fit.</summary>
public sealed record CalibrationOptions(int Patients, ulong Seed, int Threads, int MaxEvaluations)
{
    /// <summary>Fit only targets whose strategy or outcome is named here (null: every target with a weight above 0).</summary>
    public IReadOnlyCollection<string>? Only { get; init; }
    public double Tolerance { get; init; } = 1e-5;
    public IProgress<(int Evaluations, double Best)>? Progress { get; init; }
    public CancellationToken Cancellation { get; init; }
}
