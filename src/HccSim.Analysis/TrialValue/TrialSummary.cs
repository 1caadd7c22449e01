using HccSim.Analysis.Trials;

namespace HccSim.Analysis.TrialValue;

/// <summary>
/// What a simulated trial is summarised by for EVSI: statistics close to sufficient for what it can teach, written as
/// (effect, control level). For a time-to-event endpoint, the log event-rate ratio and the control arm's log event rate,
/// from log((events + ½) / follow-up) per arm: under constant hazards the events and follow-up of each arm are sufficient
/// for both arms' hazards; the ½ keeps an arm with no events finite. The effect comes first and apart because the
/// additive regression fits one smooth term per summary, and the decision turns mostly on the effect. For the cancer-free
/// drug-free endpoint, the difference in the arms' shares at the landmark and the control arm's share (a share is 0 when
/// no patient of the arm could be assessed yet).
/// </summary>
public static class TrialSummary
{
    public static int Width(TrialDesign design) => 2;

    public static void Write(TrialReplicate trial, TrialDesign design, Span<double> into)
    {
        if (design.Endpoint == TrialEndpoint.CancerFreeDrugFree)
        {
            double control = double.IsFinite(trial.LandmarkControl) ? trial.LandmarkControl : 0;
            double experimental = double.IsFinite(trial.LandmarkExperimental) ? trial.LandmarkExperimental : 0;
            into[0] = experimental - control;
            into[1] = control;
            return;
        }
        double c = LogRate(trial.ArmEvents.Control, trial.ArmExposure.Control);
        into[0] = LogRate(trial.ArmEvents.Experimental, trial.ArmExposure.Experimental) - c;
        into[1] = c;
    }

    /// <summary>log((d + ½) / exposure), an arm with no follow-up yet counted as one patient-day.</summary>
    private static double LogRate(int events, double exposure) => Math.Log((events + 0.5) / Math.Max(exposure, 1.0 / 30));
}
