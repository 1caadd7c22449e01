using HccSim.Scenarios;

namespace HccSim.Analysis.Calibration;

/// <summary>A free parameter's start and fitted value, and how each fitted target moves with it.</summary>
public sealed record FittedParameter(FreeParameter Free, double Fitted, IReadOnlyList<(Target Target, double Change)> Sensitivity)
{
    /// <summary>A target is constrained by the parameter when moving it by a tenth of its range moves the target's residual by at least half a spread.</summary>
    public const double ConstrainsAt = 0.5;
    public IEnumerable<Target> Constrains => Sensitivity.Where(s => Math.Abs(s.Change) >= ConstrainsAt).Select(s => s.Target);
}
