namespace HccSim.Core.Cycles;

/// <summary>
/// How rewards (life-years, QALYs, costs) are counted from the states at the cycle boundaries t₀ … tₙ:
/// <list type="bullet">
/// <item><see cref="None"/>: at the start of each cycle, Σ_{c&lt;n} R(t_c).</item>
/// <item><see cref="HalfCycle"/>: the classic half-cycle correction of that sum: the first cycle counts half, Σ_{c&lt;n} R(t_c) − ½R(t₀).</item>
/// <item><see cref="LifeTable"/>: each cycle counts the mean of its two ends (the trapezoid rule), Σ_{c&lt;n} ½(R(t_c) + R(t_{c+1})).</item>
/// <item><see cref="Simpson"/>: Simpson's 1/3 rule over t₀ … tₙ (weights 1, 4, 2, 4, …, 4, 1 over 3); with an odd number of
/// cycles the last three use Simpson's 3/8 rule.</item>
/// </list>
/// </summary>
public enum WithinCycleCorrection { None, HalfCycle, LifeTable, Simpson }

/// <summary>A cycle-based view of a model: the cycle length and how rewards are counted within it.</summary>
public sealed record CycleSettings(double CycleMonths, WithinCycleCorrection Correction = WithinCycleCorrection.LifeTable)
{
    public IEnumerable<string> Problems(double horizonMonths)
    {
        if (!(CycleMonths > 0) || !double.IsFinite(CycleMonths)) yield return $"cycle length must be a finite number of months > 0 (got {CycleMonths})";
        else if (horizonMonths / CycleMonths > 1_000_000) yield return $"the horizon holds {horizonMonths / CycleMonths:N0} cycles (expected at most 1,000,000)";
        else if (Math.Abs(horizonMonths / CycleMonths - Math.Round(horizonMonths / CycleMonths)) > 1e-6)
            yield return $"the horizon of {horizonMonths:0.###} months is not a whole number of {CycleMonths:0.###}-month cycles";
        else if (Correction == WithinCycleCorrection.Simpson && Cycles(horizonMonths) < 2)
            yield return "Simpson's rule needs at least 2 cycles";
    }

    /// <summary>Cycles in the horizon (the horizon rounded to whole cycles).</summary>
    public int Cycles(double horizonMonths) => (int)Math.Round(horizonMonths / CycleMonths);

    /// <summary>Weights w₀ … wₙ: a reward stream R(t_c) sums to Σ w_c R(t_c) under this correction.</summary>
    public double[] Weights(int cycles)
    {
        var w = new double[cycles + 1];
        switch (Correction)
        {
            case WithinCycleCorrection.None:
                for (int c = 0; c < cycles; c++) w[c] = 1;
                break;
            case WithinCycleCorrection.HalfCycle:
                for (int c = 0; c < cycles; c++) w[c] = 1;
                w[0] = 0.5;
                break;
            case WithinCycleCorrection.LifeTable:
                for (int c = 0; c <= cycles; c++) w[c] = c == 0 || c == cycles ? 0.5 : 1;
                break;
            case WithinCycleCorrection.Simpson:
            {
                int even = cycles % 2 == 0 ? cycles : cycles - 3; // Simpson 1/3 over [0, even], 3/8 over the rest
                for (int c = 0; even > 0 && c <= even; c++) w[c] += c == 0 || c == even ? 1.0 / 3 : c % 2 == 1 ? 4.0 / 3 : 2.0 / 3;
                if (even < cycles)
                {
                    w[even] += 3.0 / 8; w[even + 1] += 9.0 / 8; w[even + 2] += 9.0 / 8; w[even + 3] += 3.0 / 8;
                }
                break;
            }
        }
        return w;
    }
}
