namespace HccSim.Core.Outcomes;

/// <summary>
/// A survival curve read from event counts on the fine grid: S(t) = P(T &gt; t) at report points with a
/// pointwise 95% binomial interval, the median and its distribution-free 95% interval from order statistics,
/// landmark survival, and the restricted mean to the horizon.
/// </summary>
public sealed class SurvivalCurve
{
    /// <summary>Landmarks reported when within the horizon, in months.</summary>
    public static readonly double[] DefaultLandmarks = { 12, 24, 36, 60 };

    private const double Z = 1.959963984540054;

    internal SurvivalCurve(long[] eventsByBin, long patients, TimeGrid grid, double horizon, ExactSum restrictedTime)
    {
        _events = eventsByBin;
        _patients = patients;
        _grid = grid;
        Horizon = horizon;
        int points = grid.Points(horizon);
        var times = new double[points];
        var survival = new double[points];
        int binsPerPoint = grid.BinsPerMonth / grid.PointsPerMonth;
        long cumulative = 0;
        int bin = 0;
        for (int g = 0; g < points; g++)
        {
            int lastBin = g * binsPerPoint; // S(t) counts events at times ≤ t
            while (bin <= lastBin && bin < eventsByBin.Length) cumulative += eventsByBin[bin++];
            times[g] = grid.PointTime(g);
            survival[g] = 1.0 - (double)cumulative / patients;
        }
        Times = times;
        Survival = survival;
        RestrictedMean = restrictedTime.ToEstimate();
        Median = Quantile(0.5);
        Landmarks = DefaultLandmarks.Where(l => l <= horizon).Select(l => (l, At(l))).ToArray();
    }

    private readonly long[] _events;
    private readonly long _patients;
    private readonly TimeGrid _grid;

    public double Horizon { get; }
    /// <summary>Patients in the cohort (all at risk at time 0).</summary>
    public long Patients => _patients;
    /// <summary>Events in each fine-grid bin: bin b holds times in ((b−1)/k, b/k] months for k bins per month (bin 0: time 0).</summary>
    public ReadOnlySpan<long> EventsByBin => _events;
    public IReadOnlyList<double> Times { get; }
    public IReadOnlyList<double> Survival { get; }
    /// <summary>Pointwise 95% interval (binomial) at the report points.</summary>
    public double Lower(int g) => Math.Max(0, Survival[g] - Z * Math.Sqrt(Survival[g] * (1 - Survival[g]) / _patients));
    public double Upper(int g) => Math.Min(1, Survival[g] + Z * Math.Sqrt(Survival[g] * (1 - Survival[g]) / _patients));

    /// <summary>Median time with its 95% interval; NaN where the curve does not fall that far by the horizon.</summary>
    public QuantileEstimate Median { get; }
    public IReadOnlyList<(double Months, Estimate Survival)> Landmarks { get; }
    /// <summary>Mean of min(T, horizon) in months, with its Monte Carlo standard error.</summary>
    public Estimate RestrictedMean { get; }

    /// <summary>S(t) at a time on the fine grid, with its binomial standard error.</summary>
    public Estimate At(double months)
    {
        double k = months * _grid.BinsPerMonth;
        int lastBin = (int)Math.Round(k);
        if (Math.Abs(k - lastBin) > 1e-9 || months < 0 || months > Horizon)
            throw new ArgumentOutOfRangeException(nameof(months), months, $"survival is read at multiples of 1/{_grid.BinsPerMonth} month within the horizon");
        long cumulative = 0;
        for (int b = 0; b <= lastBin && b < _events.Length; b++) cumulative += _events[b];
        return Estimate.Proportion(_patients - cumulative, _patients);
    }

    /// <summary>
    /// The time by which a share <paramref name="p"/> of patients have had the event, with the 95% interval from
    /// the order statistics of ranks n·p ± 1.96·√(n·p(1−p)) — it assumes nothing about the distribution. Within
    /// a fine-grid bin the events are taken as evenly spread.
    /// </summary>
    public QuantileEstimate Quantile(double p)
    {
        double n = _patients;
        double half = Z * Math.Sqrt(n * p * (1 - p));
        return new QuantileEstimate(TimeOfRank(n * p), TimeOfRank(n * p - half), TimeOfRank(n * p + half));
    }

    private double TimeOfRank(double rank)
    {
        if (rank <= 0) rank = 0;
        double width = 1.0 / _grid.BinsPerMonth;
        long before = 0;
        for (int b = 0; b < _events.Length; b++)
        {
            long c = _events[b];
            if (c > 0 && before + c >= rank)
            {
                if (b == 0) return 0;
                double start = (b - 1) * width;
                return Math.Min(Horizon, start + (rank - before) / c * width);
            }
            before += c;
        }
        return double.NaN;
    }
}

/// <summary>A quantile of event time with its 95% interval; NaN means not reached within the horizon.</summary>
public readonly record struct QuantileEstimate(double Value, double Lower, double Upper)
{
    public bool Reached => !double.IsNaN(Value);
}
