namespace HccSim.Scenarios;

/// <summary>
/// A scenario's <c>trial:</c> section as read: two arms, the allocation, the sample size, accrual, when the analysis
/// happens (months from the first enrolment, or a number of events), drop-out, the endpoint, an optional landmark and
/// stratification attribute, the two-sided significance level, interim looks and how many trials to simulate. Durations
/// are in months, drop-out per month. The analysis builds its trial design from it; the command line may override each.
/// </summary>
public sealed record TrialSection(string Control, string Experimental)
{
    public int Patients { get; init; } = 300;
    public int Replicates { get; init; } = 2000;
    public int ControlShare { get; init; } = 1;
    public int ExperimentalShare { get; init; } = 1;
    public double AccrualMonths { get; init; } = 24;
    /// <summary>Enrolment rising linearly from zero rather than at a constant rate.</summary>
    public bool Ramp { get; init; }
    public double? AnalysisMonths { get; init; }
    public int? AnalysisEvents { get; init; }
    public double DropoutPerMonth { get; init; }
    /// <summary>The endpoint's kind: <c>os</c>, <c>pfs</c>, <c>cfdf</c> (cancer-free drug-free at the landmark) or <c>tag</c> (see <see cref="Tag"/>).</summary>
    public string Endpoint { get; init; } = "os";
    public string? Tag { get; init; }
    public double? LandmarkMonths { get; init; }
    /// <summary>The categorical attribute randomisation is stratified by (null: none).</summary>
    public string? Strata { get; init; }
    public double Alpha { get; init; } = 0.05;
    /// <summary>Shares of the analysis events at which interim looks happen (e.g. 0.5).</summary>
    public IReadOnlyList<double> InterimFractions { get; init; } = Array.Empty<double>();
    /// <summary>The section gives what the trial costs (<c>cost: { fixed, per_patient }</c>): what EVSI is weighed against.</summary>
    public bool Costed { get; init; }
    /// <summary>What running the trial costs whatever its size (set-up, sites, analysis), in the scenario's currency.</summary>
    public double FixedCost { get; init; }
    /// <summary>What each enrolled patient adds to the trial's cost.</summary>
    public double CostPerPatient { get; init; }

    /// <summary>Reads an endpoint written as os, pfs, cfdf or tag:NAME into its kind and tag; null if it is none of them.</summary>
    public static (string Endpoint, string? Tag)? ParseEndpoint(string text) => text switch
    {
        "os" or "pfs" or "cfdf" => (text, null),
        _ when text.StartsWith("tag:", StringComparison.Ordinal) => ("tag", text[4..]),
        _ => null,
    };

    /// <summary>Why the design cannot run, one sentence each (the same rules as the analysis's trial design).</summary>
    public IEnumerable<string> Problems()
    {
        if (Patients < 2) yield return $"sample size must be at least 2 (got {Patients})";
        if (ControlShare < 1 || ExperimentalShare < 1) yield return $"allocation shares must be whole numbers ≥ 1 (got {ControlShare}:{ExperimentalShare})";
        else if (Patients >= 2 && Patients < ControlShare + ExperimentalShare)
            yield return $"{Patients} patients do not fill one allocation block of {ControlShare}:{ExperimentalShare} (an arm could be empty)";
        if (!(AccrualMonths >= 0) || !double.IsFinite(AccrualMonths)) yield return $"accrual must be a finite number of months ≥ 0 (got {AccrualMonths})";
        if (AnalysisMonths is null == AnalysisEvents is null) yield return "give either an analysis time or a number of events for the analysis (exactly one)";
        if (AnalysisMonths is { } t && !(t > 0)) yield return $"analysis time must be > 0 months (got {t})";
        if (AnalysisEvents is { } d && (d < 1 || d > Patients)) yield return $"analysis events must be between 1 and the sample size {Patients} (got {d})";
        if (!(DropoutPerMonth >= 0) || !double.IsFinite(DropoutPerMonth)) yield return $"drop-out rate must be ≥ 0 per month (got {DropoutPerMonth})";
        if (Endpoint == "tag" && string.IsNullOrWhiteSpace(Tag)) yield return "a tag endpoint needs the tag's name";
        if (!(Alpha > 0 && Alpha < 1)) yield return $"alpha must be in (0, 1) (got {Alpha})";
        if (LandmarkMonths is { } l && !(l > 0)) yield return $"landmark must be > 0 months (got {l})";
        else if (LandmarkMonths is { } lm && AnalysisMonths is { } am && lm >= am)
            yield return $"landmark {lm} months is not before the analysis at {am} months: no patient would be followed to it";
        if (Endpoint == "cfdf" && LandmarkMonths is null) yield return "a cancer-free drug-free endpoint is a proportion at a landmark: give the landmark";
        if (Endpoint == "cfdf" && AnalysisMonths is null) yield return "a cancer-free drug-free endpoint has no events to wait for: give an analysis time";
        if (LandmarkMonths is not null && InterimFractions.Count > 0) yield return "interim looks use the log-rank test: give a landmark or interim looks, not both";
        if (InterimFractions.Count > 0)
        {
            if (AnalysisEvents is null) yield return "interim analyses need an event-driven design (a number of events; looks are at shares of them)";
            if (InterimFractions.Any(f => !(f > 0 && f < 1)) || InterimFractions.Zip(InterimFractions.Skip(1)).Any(p => !(p.Second > p.First)))
                yield return $"interim fractions must increase strictly between 0 and 1 (got {string.Join(", ", InterimFractions)})";
        }
    }
}
