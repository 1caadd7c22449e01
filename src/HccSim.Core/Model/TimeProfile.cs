namespace HccSim.Core.Model;

/// <summary>
/// A state's cost per month or utility that changes with time: <c>Values[i]</c> from <c>Starts[i]</c> months on the
/// clock until the next start, the last for ever (piecewise constant). Starts begin at 0 and increase. The clock is the
/// time in the state, or the pathway's <see cref="NamedClock"/> called <see cref="ClockName"/>.
/// </summary>
public sealed record TimeProfile(IReadOnlyList<double> Starts, IReadOnlyList<double> Values)
{
    /// <summary>A named clock of the pathway; null: time in the state.</summary>
    public string? ClockName { get; init; }

    /// <summary>One value per cycle of <paramref name="cycleMonths"/> (the last holding for ever): the cycle models' lists.</summary>
    public static TimeProfile ByCycle(double cycleMonths, IReadOnlyList<double> values)
        => new(Enumerable.Range(0, values.Count).Select(k => k * cycleMonths).ToArray(), values);

    /// <summary>The value at <paramref name="t"/> months on the clock.</summary>
    public double ValueAt(double t)
    {
        int i = Starts.Count - 1;
        while (i > 0 && Starts[i] > t) i--;
        return Values[i];
    }

    /// <summary>Each problem with the profile, as "what is wrong (what was expected)"; empty when valid.</summary>
    public IEnumerable<string> Problems()
    {
        if (Starts.Count == 0 || Starts.Count != Values.Count)
        {
            yield return $"needs one value per change point (got {Starts.Count} change points and {Values.Count} values)";
            yield break;
        }
        if (Starts[0] != 0) yield return $"must start at time 0 (got {Num(Starts[0])})";
        for (int i = 1; i < Starts.Count; i++)
            if (!(Starts[i] > Starts[i - 1]) || !double.IsFinite(Starts[i]))
                yield return $"change points must increase (got {Num(Starts[i])} months after {Num(Starts[i - 1])})";
    }

    private static string Num(double x) => x.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
}
