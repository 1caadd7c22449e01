namespace HccSim.Analysis.Survival;

/// <summary>
/// Survival data held in reusable arrays and sorted once: by time (for Kaplan–Meier) and by stratum then time (for
/// the log-rank test and the Cox fit). The statistics below run on it in single passes and allocate nothing, so a
/// trial simulation reuses one workspace per thread for every replicate.
/// </summary>
public sealed class SurvivalWorkspace
{
    private double[] _time = Array.Empty<double>(), _key = Array.Empty<double>(), _timeKey = Array.Empty<double>();
    private bool[] _event = Array.Empty<bool>();
    private int[] _group = Array.Empty<int>(), _stratum = Array.Empty<int>(), _byStratum = Array.Empty<int>(), _byTime = Array.Empty<int>();

    public int Count { get; private set; }
    internal ReadOnlySpan<double> Time => _time.AsSpan(0, Count);
    internal ReadOnlySpan<bool> Event => _event.AsSpan(0, Count);
    internal ReadOnlySpan<int> Group => _group.AsSpan(0, Count);
    internal ReadOnlySpan<int> Stratum => _stratum.AsSpan(0, Count);
    /// <summary>Subjects in order of stratum, then time.</summary>
    internal ReadOnlySpan<int> ByStratum => _byStratum.AsSpan(0, Count);
    /// <summary>Subjects in order of time.</summary>
    internal ReadOnlySpan<int> ByTime => _byTime.AsSpan(0, Count);

    /// <summary>Makes room for <paramref name="n"/> subjects and empties the workspace.</summary>
    public void Clear(int n)
    {
        if (_time.Length < n)
        {
            int size = Math.Max(n, 2 * _time.Length);
            _time = new double[size]; _key = new double[size]; _timeKey = new double[size];
            _event = new bool[size]; _group = new int[size]; _stratum = new int[size]; _byStratum = new int[size]; _byTime = new int[size];
        }
        Count = 0;
    }

    public void Add(double time, bool observed, int group, int stratum)
    {
        int i = Count++;
        _time[i] = time; _event[i] = observed; _group[i] = group; _stratum[i] = stratum;
    }

    /// <summary>Sorts both orders (introsort in place: no allocation).</summary>
    public void Sort()
    {
        int n = Count;
        double span = 1;
        for (int i = 0; i < n; i++) span = Math.Max(span, _time[i] + 1);
        for (int i = 0; i < n; i++)
        {
            _byStratum[i] = _byTime[i] = i;
            _key[i] = _stratum[i] * span * 2 + _time[i];
            _timeKey[i] = _time[i];
        }
        Array.Sort(_key, _byStratum, 0, n);
        Array.Sort(_timeKey, _byTime, 0, n);
    }

    public static SurvivalWorkspace From(SurvivalData data)
    {
        var w = new SurvivalWorkspace();
        w.Clear(data.Count);
        for (int i = 0; i < data.Count; i++) w.Add(data.Times[i], data.Events[i], data.Groups[i], data.Strata[i]);
        w.Sort();
        return w;
    }
}
