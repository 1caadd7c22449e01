namespace HccSim.Core.Outcomes;

/// <summary>
/// The Cox hazard ratio of one simulated cohort against another, fitted to their event counts on the fine
/// grid (grouped data, Breslow ties: a bin of 1/100 month holds few ties). Nobody is censored before the
/// horizon. The interval is the Cox model's for two independent arms; with common random numbers the arms are
/// positively correlated, so the Monte Carlo error of the ratio is no larger than that (the interval is conservative).
/// </summary>
public static class CohortHazardRatio
{
    /// <summary>Hazard ratio of <paramref name="experimental"/> against <paramref name="control"/>, with its 95% interval; NaN when inestimable.</summary>
    public static OutcomeValue Of(SurvivalCurve experimental, SurvivalCurve control)
        => Of(experimental.EventsByBin, experimental.Patients, control.EventsByBin, control.Patients);

    /// <summary>From event counts per bin and the cohort sizes (bins in time order; everyone left is censored after the last).</summary>
    public static OutcomeValue Of(ReadOnlySpan<long> experimentalEvents, long experimentalPatients, ReadOnlySpan<long> controlEvents, long controlPatients)
    {
        int bins = Math.Max(experimentalEvents.Length, controlEvents.Length);
        long e1 = 0, e0 = 0;
        foreach (long c in experimentalEvents) e1 += c;
        foreach (long c in controlEvents) e0 += c;
        // Each arm needs an event while the other is at risk (else the partial likelihood is monotone: separation, and the
        // estimate runs off to 0 or ∞).
        if (e1 == 0 || e0 == 0 || experimentalPatients <= 0 || controlPatients <= 0) return new(double.NaN, double.NaN, double.NaN, double.NaN);
        {
            bool experimentalEventAtRisk = false, controlEventAtRisk = false;
            long r1 = experimentalPatients, r0 = controlPatients;
            for (int b = 0; b < bins; b++)
            {
                long d1 = b < experimentalEvents.Length ? experimentalEvents[b] : 0;
                long d0 = b < controlEvents.Length ? controlEvents[b] : 0;
                if (d1 > 0 && r0 > 0) experimentalEventAtRisk = true;
                if (d0 > 0 && r1 > 0) controlEventAtRisk = true;
                r1 -= d1;
                r0 -= d0;
            }
            if (!experimentalEventAtRisk || !controlEventAtRisk) return new(double.NaN, double.NaN, double.NaN, double.NaN);
        }

        double beta = 0, information = 0;
        for (int iteration = 0; iteration < 50; iteration++)
        {
            double score = 0;
            information = 0;
            double r = Math.Exp(beta);
            long n1 = experimentalPatients, n0 = controlPatients;
            for (int b = 0; b < bins && n1 > 0 && n0 > 0; b++)
            {
                long d1 = b < experimentalEvents.Length ? experimentalEvents[b] : 0;
                long d0 = b < controlEvents.Length ? controlEvents[b] : 0;
                long d = d1 + d0;
                if (d > 0)
                {
                    double w1 = n1 * r, total = w1 + n0;
                    score += d1 - d * w1 / total;
                    information += d * w1 * n0 / (total * total);
                }
                n1 -= d1;
                n0 -= d0;
            }
            if (!(information > 0)) return new(double.NaN, double.NaN, double.NaN, double.NaN);
            double step = score / information;
            // Damped: a step of more than one unit of log hazard at a time (a far-off start) cannot overshoot.
            beta += Math.Clamp(step, -1.0, 1.0);
            if (Math.Abs(step) < 1e-12) break;
        }
        double se = 1.0 / Math.Sqrt(information);
        const double z = 1.959963984540054;
        return new(Math.Exp(beta), Math.Exp(beta - z * se), Math.Exp(beta + z * se), Math.Exp(beta) * se);
    }
}
