namespace HccSim.Core.Cycles;

/// <summary>
/// How rewards (life-years, QALYs, costs) are counted from the states at the cycle boundaries t₀ … tₙ, each discounted
/// by d(t) = (1 + r)^(−t/12):
/// <list type="bullet">
/// <item><see cref="None"/>: at the start of each cycle, Σ_{c&lt;n} R(t_c)·d(t_c).</item>
/// <item><see cref="HalfCycle"/>: the classic half-cycle correction: that sum less half the first cycle plus half the last,
/// Σ_c w_c R(t_c)·d(t_c) with w = ½, 1, …, 1, ½ (the trapezoid rule on the discounted rewards).</item>
/// <item><see cref="LifeTable"/>: each cycle counts the mean of the states at its two ends, discounted at its midpoint:
/// Σ_{c&lt;n} ½(R(t_c) + R(t_{c+1}))·d(t_c + Δ/2). Undiscounted it equals the half-cycle correction.</item>
/// <item><see cref="Simpson"/>: Simpson's 1/3 rule over t₀ … tₙ (weights 1, 4, 2, 4, …, 4, 1 over 3) on the discounted
/// rewards; with an odd number of cycles the last three use Simpson's 3/8 rule.</item>
/// <item><see cref="DarthSimpson"/>: the weights darthtools' <c>gen_wcc(n, "Simpson1/3")</c> gives and the DARTH tutorials
/// publish with (Alarid-Escudero et al., Med Decis Making 2023): 1/3, 2/3, 4/3, 2/3, 4/3, …, 1/3, the last 1/3 whatever
/// the parity. Its alternation starts on the other foot from Simpson's rule, so it is no consistent quadrature (the
/// weights sum to n − 1/3 or n − 2/3, not n); it is here only to reproduce results published with it exactly.</item>
/// </list>
/// </summary>
public enum WithinCycleCorrection { None, HalfCycle, LifeTable, Simpson, DarthSimpson }

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

    /// <summary>
    /// Weights w₀ … wₙ, discount included: a reward stream R(t_c) counts Σ w_c R(t_c) under this correction, with a
    /// continuous discount rate of <paramref name="deltaPerMonth"/> (0: undiscounted).
    /// </summary>
    public double[] Weights(int cycles, double deltaPerMonth = 0)
    {
        if (Correction == WithinCycleCorrection.Simpson && cycles < 2)
            throw new ArgumentException("Simpson's rule needs at least 2 cycles", nameof(cycles));
        double D(double t) => Math.Exp(-deltaPerMonth * t);
        var w = new double[cycles + 1];
        switch (Correction)
        {
            case WithinCycleCorrection.None:
                for (int c = 0; c < cycles; c++) w[c] = D(c * CycleMonths);
                break;
            case WithinCycleCorrection.HalfCycle:
                for (int c = 0; c <= cycles; c++) w[c] = (c == 0 || c == cycles ? 0.5 : 1) * D(c * CycleMonths);
                break;
            case WithinCycleCorrection.LifeTable:
                for (int c = 0; c < cycles; c++)
                {
                    double mid = D((c + 0.5) * CycleMonths);
                    w[c] += 0.5 * mid;
                    w[c + 1] += 0.5 * mid;
                }
                break;
            case WithinCycleCorrection.Simpson:
            {
                int even = cycles % 2 == 0 ? cycles : cycles - 3; // Simpson 1/3 over [0, even], 3/8 over the rest
                for (int c = 0; even > 0 && c <= even; c++) w[c] += c == 0 || c == even ? 1.0 / 3 : c % 2 == 1 ? 4.0 / 3 : 2.0 / 3;
                if (even < cycles)
                {
                    w[even] += 3.0 / 8; w[even + 1] += 9.0 / 8; w[even + 2] += 9.0 / 8; w[even + 3] += 3.0 / 8;
                }
                for (int c = 0; c <= cycles; c++) w[c] *= D(c * CycleMonths);
                break;
            }
            case WithinCycleCorrection.DarthSimpson:
                for (int c = 0; c <= cycles; c++) w[c] = (c == 0 || c == cycles ? 1.0 / 3 : c % 2 == 1 ? 2.0 / 3 : 4.0 / 3) * D(c * CycleMonths);
                break;
        }
        return w;
    }
}
