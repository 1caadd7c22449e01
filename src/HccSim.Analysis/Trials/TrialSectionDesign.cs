using HccSim.Scenarios;

namespace HccSim.Analysis.Trials;

/// <summary>The trial design a scenario's <c>trial:</c> section describes: <c>TrialDesign.From(scenario.Trial)</c>.</summary>
public static class TrialSectionDesign
{
    extension(TrialDesign)
    {
        /// <summary>The design the section writes (its replicates are the section's own, not the design's).</summary>
        public static TrialDesign From(TrialSection section) => new(section.Control, section.Experimental, section.Patients)
        {
            ControlShare = section.ControlShare,
            ExperimentalShare = section.ExperimentalShare,
            AccrualMonths = section.AccrualMonths,
            Accrual = section.Ramp ? AccrualShape.RampUp : AccrualShape.Uniform,
            AnalysisMonths = section.AnalysisMonths,
            AnalysisEvents = section.AnalysisEvents,
            DropoutPerMonth = section.DropoutPerMonth,
            Endpoint = TrialDesign.KindOf(section.Endpoint),
            Tag = section.Tag,
            LandmarkMonths = section.LandmarkMonths,
            StrataAttribute = section.Strata,
            Alpha = section.Alpha,
            InterimFractions = section.InterimFractions,
        };
    }
}
