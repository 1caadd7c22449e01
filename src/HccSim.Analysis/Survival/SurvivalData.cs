namespace HccSim.Analysis.Survival;

/// <summary>
/// Right-censored times: each subject's time, whether the event was observed (false: censored then), and for
/// comparisons its group (0 or 1; 1 is the arm whose hazard ratio against group 0 is estimated) and stratum.
/// </summary>
public sealed class SurvivalData
{
    public SurvivalData(IReadOnlyList<double> times, IReadOnlyList<bool> events, IReadOnlyList<int>? groups = null, IReadOnlyList<int>? strata = null)
    {
        int n = times.Count;
        if (events.Count != n || (groups is not null && groups.Count != n) || (strata is not null && strata.Count != n))
            throw new ArgumentException($"times, events, groups and strata must have one value per subject ({n} times)");
        for (int i = 0; i < n; i++)
        {
            if (!(times[i] >= 0) || !double.IsFinite(times[i])) throw new ArgumentException($"subject {i + 1}: time must be a finite number ≥ 0 (got {times[i]})");
            if (groups is not null && groups[i] is not (0 or 1)) throw new ArgumentException($"subject {i + 1}: group must be 0 or 1 (got {groups[i]})");
        }
        Times = times.ToArray();
        Events = events.ToArray();
        Groups = groups?.ToArray() ?? new int[n];
        Strata = strata?.ToArray() ?? new int[n];
    }

    public double[] Times { get; }
    public bool[] Events { get; }
    public int[] Groups { get; }
    public int[] Strata { get; }
    public int Count => Times.Length;

    /// <summary>The subjects of one group, as data of their own.</summary>
    public SurvivalData Group(int group)
    {
        var idx = Enumerable.Range(0, Count).Where(i => Groups[i] == group).ToArray();
        return new SurvivalData(idx.Select(i => Times[i]).ToArray(), idx.Select(i => Events[i]).ToArray(), null, idx.Select(i => Strata[i]).ToArray());
    }
}
