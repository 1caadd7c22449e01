using HccSim.Scenarios;

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
    /// <summary>
    /// Whether the experimental arm succeeds by having more of the endpoint's events, sooner (a wanted tagged event such as
    /// conversion or resection), rather than fewer (deaths, progressions: the default). Only the direction of success
    /// reads it (<see cref="TrialReplicate.SucceededFor"/>); the test itself is two-sided.
    /// </summary>
    public bool MoreEventsAreBetter { get; init; }
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

    /// <summary>
    /// The design with another number of patients; an event-driven design keeps its events per patient (rounded, at least
    /// one), so trials of several sizes follow the same patients for about as long.
    /// </summary>
    public TrialDesign WithSampleSize(int patients) => this with
    {
        SampleSize = patients,
        AnalysisEvents = AnalysisEvents is { } d ? Math.Max(1, (int)Math.Round((double)d / SampleSize * patients)) : null,
    };

    /// <summary>The endpoint as the scenario file and the command line write it: os, pfs, cfdf or tag:NAME.</summary>
    public string EndpointText => Endpoint switch
    {
        TrialEndpoint.ProgressionFreeSurvival => "pfs",
        TrialEndpoint.Tag => "tag:" + Tag,
        TrialEndpoint.CancerFreeDrugFree => "cfdf",
        _ => "os",
    };

    /// <summary>Reads an endpoint written as os, pfs, cfdf or tag:NAME; null if it is none of them (the scenario reader's rule).</summary>
    public static (TrialEndpoint Endpoint, string? Tag)? ParseEndpoint(string text)
        => TrialSection.ParseEndpoint(text) is { } parsed ? (KindOf(parsed.Endpoint), parsed.Tag) : null;

    /// <summary>The endpoint kind a section writes (os, pfs, cfdf, tag).</summary>
    internal static TrialEndpoint KindOf(string endpoint) => endpoint switch
    {
        "os" => TrialEndpoint.OverallSurvival,
        "pfs" => TrialEndpoint.ProgressionFreeSurvival,
        "cfdf" => TrialEndpoint.CancerFreeDrugFree,
        "tag" => TrialEndpoint.Tag,
        var other => throw new ArgumentException($"trial endpoint '{other}' is not os, pfs, cfdf or tag", nameof(endpoint)),
    };

    /// <summary>Why the design cannot run, one sentence each: the rules a scenario's trial section is read with, so a design from the command line meets the same ones.</summary>
    public IEnumerable<string> Problems() => new TrialSection(Control, Experimental)
    {
        Patients = SampleSize, ControlShare = ControlShare, ExperimentalShare = ExperimentalShare, AccrualMonths = AccrualMonths,
        Ramp = Accrual == AccrualShape.RampUp, AnalysisMonths = AnalysisMonths, AnalysisEvents = AnalysisEvents, DropoutPerMonth = DropoutPerMonth,
        Endpoint = Endpoint == TrialEndpoint.Tag ? "tag" : EndpointText, Tag = Tag, LandmarkMonths = LandmarkMonths, Strata = StrataAttribute,
        Alpha = Alpha, InterimFractions = InterimFractions,
    }.Problems();
}
