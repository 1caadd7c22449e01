namespace HccSim.Analysis.Calibration;

/// <summary>What `calibrate --method imis` asks for: the cohort of each evaluation, IMIS's sizes, and which targets to fit.</summary>
public sealed record BayesianCalibrationOptions(int Patients, ImisOptions Imis)
{
    /// <summary>Fit only targets whose strategy or outcome is named here (null: every target with a weight above 0).</summary>
    public IReadOnlyCollection<string>? Only { get; init; }
}
