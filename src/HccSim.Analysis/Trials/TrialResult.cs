namespace HccSim.Analysis.Trials;

/// <summary>Replicates of a design and what they come to: power, the hazard ratio's distribution, events and duration.</summary>
public sealed record TrialResult(TrialDesign Design, IReadOnlyList<TrialReplicate> Replicates)
{
    /// <summary>Patients reserved per replicate: replicate r drew patients r·Stride … (see <see cref="TrialSimulator.Run"/>).</summary>
    public int Stride { get; init; }

    /// <summary>Share of replicates whose two-sided log-rank p-value is below alpha.</summary>
    public double Power => Replicates.Count(r => r.Significant) / (double)Replicates.Count;
    public double PowerStandardError => Math.Sqrt(Power * (1 - Power) / Replicates.Count);
    /// <summary>Share of replicates that succeeded in the experimental arm's favour (<see cref="TrialReplicate.SucceededFor"/>): what assurance averages.</summary>
    public double PowerInFavour => Replicates.Count(r => r.SucceededFor(Design)) / (double)Replicates.Count;
    public double PowerInFavourStandardError => Math.Sqrt(PowerInFavour * (1 - PowerInFavour) / Replicates.Count);
    public double MeanEvents => Replicates.Average(r => r.Events);
    public double MeanAnalysisMonths => Replicates.Average(r => r.AnalysisMonths);
    /// <summary>Event-driven replicates that never reached their target number of events.</summary>
    public int ShortOfEvents => Replicates.Count(r => r.ShortOfEvents);

    /// <summary>A quantile of the estimated hazard ratio over replicates (where it could be estimated).</summary>
    public double HazardRatioQuantile(double p)
    {
        var sorted = Replicates.Where(r => double.IsFinite(r.LogHazardRatio)).Select(r => r.HazardRatio).OrderBy(x => x).ToArray();
        return sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Floor(p * (sorted.Length - 1) + 0.5), 0, sorted.Length - 1)];
    }
}
