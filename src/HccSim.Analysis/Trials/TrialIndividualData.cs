using HccSim.Analysis.Survival;

namespace HccSim.Analysis.Trials;

/// <summary>
/// One replicate's individual patient data as analysed (patients enrolled by the analysis, in enrolment-slot order);
/// with a cancer-free drug-free endpoint, also each patient's status at the landmark (cancer-free drug-free and not
/// lost before it) and whether they were assessable (enrolled at least the landmark before the analysis).
/// </summary>
public sealed record TrialIndividualData(SurvivalData Data, double AnalysisMonths)
{
    public bool[]? CfdfAtLandmark { get; init; }
    public bool[]? Assessable { get; init; }
}
