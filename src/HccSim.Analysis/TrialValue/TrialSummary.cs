using HccSim.Analysis.Trials;

namespace HccSim.Analysis.TrialValue;

/// <summary>
/// What a simulated trial is summarised by for EVSI: statistics close to sufficient for what it can teach. For a
/// time-to-event endpoint, each arm's log event rate, log((events + ½) / follow-up): under constant hazards the events
/// and follow-up of each arm are sufficient for both arms' hazards (so for the hazard ratio and the control arm's level
/// together); the ½ keeps an arm with no events finite. For the cancer-free drug-free endpoint, each arm's share at the
/// landmark (0 when no patient of the arm could be assessed yet).
/// </summary>
public static class TrialSummary
{
    public static int Width(TrialDesign design) => 2;

    public static void Write(TrialReplicate trial, TrialDesign design, Span<double> into)
    {
        if (design.Endpoint == TrialEndpoint.CancerFreeDrugFree)
        {
            into[0] = double.IsFinite(trial.LandmarkControl) ? trial.LandmarkControl : 0;
            into[1] = double.IsFinite(trial.LandmarkExperimental) ? trial.LandmarkExperimental : 0;
            return;
        }
        into[0] = LogRate(trial.ArmEvents.Control, trial.ArmExposure.Control);
        into[1] = LogRate(trial.ArmEvents.Experimental, trial.ArmExposure.Experimental);
    }

    /// <summary>log((d + ½) / exposure), an arm with no follow-up yet counted as one patient-day.</summary>
    private static double LogRate(int events, double exposure) => Math.Log((events + 0.5) / Math.Max(exposure, 1.0 / 30));
}
