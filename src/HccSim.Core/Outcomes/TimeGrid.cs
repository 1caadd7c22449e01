namespace HccSim.Core.Outcomes;

/// <summary>
/// The time grids outcomes are kept on: event times in bins of 1/<see cref="BinsPerMonth"/> month (medians
/// and landmarks read from them), and report points every 1/<see cref="PointsPerMonth"/> month, at which
/// curves, occupancy and prevalence are exact counts.
/// </summary>
public sealed record TimeGrid(int BinsPerMonth = 100, int PointsPerMonth = 4)
{
    public static readonly TimeGrid Default = new();

    /// <summary>One bin and one report point a month: for runs that read only costs, QALYs and life-years (PSA draws, checks),
    /// whose tallies would otherwise cost more to allocate than a small cohort costs to simulate.</summary>
    public static readonly TimeGrid Monthly = new(1, 1);

    public IEnumerable<string> Problems()
    {
        if (BinsPerMonth < 1 || BinsPerMonth > 10_000) yield return $"bins per month must be between 1 and 10000 (got {BinsPerMonth})";
        if (PointsPerMonth < 1 || PointsPerMonth > BinsPerMonth || BinsPerMonth % PointsPerMonth != 0)
            yield return $"report points per month must divide bins per month {BinsPerMonth} (got {PointsPerMonth})";
    }

    /// <summary>Number of event-time bins covering (0, horizon]; bin 0 holds events at time 0 exactly.</summary>
    public int EventBins(double horizon) => (int)Math.Ceiling(horizon * BinsPerMonth) + 1;

    /// <summary>Report points 0, 1/p, 2/p, … up to the horizon.</summary>
    public int Points(double horizon) => (int)Math.Floor(horizon * PointsPerMonth + 1e-9) + 1;

    public double PointTime(int g) => (double)g / PointsPerMonth;
}
