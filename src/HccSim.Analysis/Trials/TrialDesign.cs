namespace HccSim.Analysis.Trials;

public enum TrialEndpoint
{
    OverallSurvival,
    ProgressionFreeSurvival,
    Tag,
    /// <summary>
    /// The share of patients cancer-free and drug-free at the landmark: a binary endpoint (intention to treat: a patient
    /// lost before the landmark counts as not cancer-free drug-free), compared by the pooled two-proportion z-test among
    /// patients enrolled at least the landmark before the analysis. Overall survival is analysed alongside.
    /// </summary>
    CancerFreeDrugFree,
}

public enum AccrualShape
{
    /// <summary>Enrolment at a constant rate over the accrual period.</summary>
    Uniform,
    /// <summary>Enrolment rising linearly from zero (density ∝ t): a trial opening sites as it goes.</summary>
    RampUp,
}

/// <summary>
/// A two-arm trial: the control and experimental strategies, the allocation ratio, the sample size, accrual, drop-out,
/// when the analysis happens (a calendar time from the first enrolment, or after a number of events), the endpoint,
/// an optional stratification attribute (categorical: randomisation within strata and a stratified log-rank test) and
/// the two-sided significance level. Both arms may run the same strategy: an A/A trial, whose power is the design's
/// empirical type I error.
/// </summary>
public sealed record TrialDesign(string Control, string Experimental, int SampleSize)
{
    public int ControlShare { get; init; } = 1;
    public int ExperimentalShare { get; init; } = 1;
    public double AccrualMonths { get; init; } = 24;
    public AccrualShape Accrual { get; init; } = AccrualShape.Uniform;
    /// <summary>Months from the first enrolment to the analysis (if set, else <see cref="AnalysisEvents"/>).</summary>
    public double? AnalysisMonths { get; init; }
    /// <summary>Analyse when this many events have been observed.</summary>
    public int? AnalysisEvents { get; init; }
    public double DropoutPerMonth { get; init; }
    public TrialEndpoint Endpoint { get; init; } = TrialEndpoint.OverallSurvival;
    public string? Tag { get; init; }
    public string? StrataAttribute { get; init; }
    public double Alpha { get; init; } = 0.05;
    /// <summary>
    /// Information fractions of interim looks before the final analysis (e.g. 0.5): looks at that share of
    /// <see cref="AnalysisEvents"/>, stopping for efficacy at O'Brien–Fleming-type Lan–DeMets boundaries.
    /// </summary>
    public IReadOnlyList<double> InterimFractions { get; init; } = Array.Empty<double>();
    /// <summary>
    /// A landmark in months: the primary test becomes the difference of the arms' Kaplan–Meier event-free proportions at it
    /// (alive for OS, progression-free for PFS, not yet tagged for a tag), z = ΔS / √(Var₀ + Var₁) with Greenwood variances.
    /// </summary>
    public double? LandmarkMonths { get; init; }
    /// <summary>Restricted mean survival time horizon; by default the shorter arm's last observed time.</summary>
    public double? RmstMonths { get; init; }

    /// <summary>The endpoint as the scenario file and the command line write it: os, pfs, cfdf or tag:NAME.</summary>
    public string EndpointText => Endpoint switch
    {
        TrialEndpoint.ProgressionFreeSurvival => "pfs",
        TrialEndpoint.Tag => "tag:" + Tag,
        TrialEndpoint.CancerFreeDrugFree => "cfdf",
        _ => "os",
    };

    /// <summary>Reads an endpoint written as os, pfs, cfdf or tag:NAME; null if it is none of them.</summary>
    public static (TrialEndpoint Endpoint, string? Tag)? ParseEndpoint(string text) => text switch
    {
        "os" => (TrialEndpoint.OverallSurvival, null),
        "pfs" => (TrialEndpoint.ProgressionFreeSurvival, null),
        "cfdf" => (TrialEndpoint.CancerFreeDrugFree, null),
        _ when text.StartsWith("tag:", StringComparison.Ordinal) => (TrialEndpoint.Tag, text[4..]),
        _ => null,
    };

    public IEnumerable<string> Problems()
    {
        if (SampleSize < 2) yield return $"sample size must be at least 2 (got {SampleSize})";
        if (ControlShare < 1 || ExperimentalShare < 1) yield return $"allocation shares must be whole numbers ≥ 1 (got {ControlShare}:{ExperimentalShare})";
        else if (SampleSize >= 2 && SampleSize < ControlShare + ExperimentalShare)
            yield return $"{SampleSize} patients do not fill one allocation block of {ControlShare}:{ExperimentalShare} (an arm could be empty)";
        if (!(AccrualMonths >= 0) || !double.IsFinite(AccrualMonths)) yield return $"accrual must be a finite number of months ≥ 0 (got {AccrualMonths})";
        if (AnalysisMonths is null == AnalysisEvents is null) yield return "give either an analysis time or a number of events for the analysis (exactly one)";
        if (AnalysisMonths is { } t && !(t > 0)) yield return $"analysis time must be > 0 months (got {t})";
        if (AnalysisEvents is { } d && (d < 1 || d > SampleSize)) yield return $"analysis events must be between 1 and the sample size {SampleSize} (got {d})";
        if (!(DropoutPerMonth >= 0) || !double.IsFinite(DropoutPerMonth)) yield return $"drop-out rate must be ≥ 0 per month (got {DropoutPerMonth})";
        if (Endpoint == TrialEndpoint.Tag && string.IsNullOrWhiteSpace(Tag)) yield return "a tag endpoint needs the tag's name";
        if (!(Alpha > 0 && Alpha < 1)) yield return $"alpha must be in (0, 1) (got {Alpha})";
        if (LandmarkMonths is { } l && !(l > 0)) yield return $"landmark must be > 0 months (got {l})";
        else if (LandmarkMonths is { } lm && AnalysisMonths is { } am && lm >= am)
            yield return $"landmark {lm} months is not before the analysis at {am} months: no patient would be followed to it";
        if (Endpoint == TrialEndpoint.CancerFreeDrugFree && LandmarkMonths is null) yield return "a cancer-free drug-free endpoint is a proportion at a landmark: give the landmark";
        if (Endpoint == TrialEndpoint.CancerFreeDrugFree && AnalysisMonths is null) yield return "a cancer-free drug-free endpoint has no events to wait for: give an analysis time";
        if (LandmarkMonths is not null && InterimFractions.Count > 0) yield return "interim looks use the log-rank test: give a landmark or interim looks, not both";
        if (InterimFractions.Count > 0)
        {
            if (AnalysisEvents is null) yield return "interim analyses need an event-driven design (a number of events; looks are at shares of them)";
            if (InterimFractions.Any(f => !(f > 0 && f < 1)) || InterimFractions.Zip(InterimFractions.Skip(1)).Any(p => !(p.Second > p.First)))
                yield return $"interim fractions must increase strictly between 0 and 1 (got {string.Join(", ", InterimFractions)})";
        }
    }
}
