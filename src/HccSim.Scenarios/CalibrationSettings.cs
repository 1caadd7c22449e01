namespace HccSim.Scenarios;

/// <summary>What `hccsim calibrate` fits: free parameters with bounds, on cohorts of <see cref="Patients"/>.</summary>
public sealed record CalibrationSettings(int Patients, int MaxEvaluations, IReadOnlyList<FreeParameter> Free);
