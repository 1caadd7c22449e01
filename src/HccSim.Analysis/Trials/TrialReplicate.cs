namespace HccSim.Analysis.Trials;

/// <summary>One simulated trial's analysis.</summary>
public sealed record TrialReplicate(int Index, int Patients, int Events, double AnalysisMonths, double ChiSquare, double PValue,
    double LogHazardRatio, double HazardRatioStandardError, double MedianControl, double MedianExperimental, double RmstDifference)
{
    /// <summary>Rejected the null: p &lt; alpha, or with interim looks, |Z| at or beyond the look's boundary.</summary>
    public bool Significant { get; init; }
    /// <summary>The look the trial ended at (1-based; the final analysis when there are no interim looks).</summary>
    public int Look { get; init; } = 1;
    /// <summary>With a landmark: the arms' event-free proportions at it, and the two-sided p of their difference.</summary>
    public double LandmarkControl { get; init; } = double.NaN;
    public double LandmarkExperimental { get; init; } = double.NaN;
    public double LandmarkPValue { get; init; } = double.NaN;
    /// <summary>An event-driven trial whose target was never reached: analysed at the end of follow-up with fewer events.</summary>
    public bool ShortOfEvents { get; init; }
    /// <summary>Each arm's observed events and follow-up (person-months) at the analysis: the data's sufficient statistics
    /// under constant hazards, which EVSI summarises a trial by.</summary>
    public (int Control, int Experimental) ArmEvents { get; init; }
    public (double Control, double Experimental) ArmExposure { get; init; }

    public double HazardRatio => Math.Exp(LogHazardRatio);

    /// <summary>
    /// A success as a trial's sponsor means it: significant, and in favour of the experimental arm — a higher
    /// cancer-free drug-free share for that endpoint; else fewer of the endpoint's events (a higher event-free share at a
    /// landmark, a hazard ratio below 1), or more of them where the design says they are wanted
    /// (<see cref="TrialDesign.MoreEventsAreBetter"/>). A significant result the other way is a failure.
    /// </summary>
    public bool SucceededFor(TrialDesign design)
    {
        if (!Significant) return false;
        if (design.Endpoint == TrialEndpoint.CancerFreeDrugFree) return LandmarkExperimental > LandmarkControl;
        bool fewerEvents = design.LandmarkMonths is not null ? LandmarkExperimental > LandmarkControl : LogHazardRatio < 0;
        return fewerEvents != design.MoreEventsAreBetter;
    }
}
