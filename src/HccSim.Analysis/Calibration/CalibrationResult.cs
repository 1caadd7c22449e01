using HccSim.Scenarios;
using HccSim.Analysis.Targets;

namespace HccSim.Analysis.Calibration;

public sealed record CalibrationResult(
    IReadOnlyList<FittedParameter> Parameters, IReadOnlyList<TargetResult> Before, IReadOnlyList<TargetResult> After,
    IReadOnlyList<Target> Fitted, double ObjectiveBefore, double ObjectiveAfter, int Evaluations, int FailedEvaluations,
    bool Converged, TimeSpan Elapsed);
