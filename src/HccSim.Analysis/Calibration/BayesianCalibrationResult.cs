using HccSim.Analysis.Targets;
using HccSim.Scenarios;

namespace HccSim.Analysis.Calibration;

/// <summary>The posterior of a scenario's free parameters, with the likelihood it came from and how it was evaluated.</summary>
public sealed record BayesianCalibrationResult(
    IReadOnlyList<FreeParameter> Free, IReadOnlyList<TargetLikelihood> Likelihoods, ImisResult Imis, PosteriorSummary Summary,
    IReadOnlyList<string> Simulated, IReadOnlyList<TargetResult> AtStart)
{
    /// <summary>How each evaluation reached its targets: the exact solution's curve step in months, or null for the microsimulation.</summary>
    public double? ExactStepMonths { get; init; }
    public bool Exact => ExactStepMonths is not null;
    public double EvaluationsPerSecond => Imis.Evaluations / Math.Max(Imis.Elapsed.TotalSeconds, 1e-9);
}
