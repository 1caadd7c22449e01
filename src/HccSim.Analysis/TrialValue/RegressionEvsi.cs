namespace HccSim.Analysis.TrialValue;

/// <summary>
/// One EVSI estimate: per patient, its Monte Carlo standard error over draws, the strategy optimal without the trial, and
/// each strategy's regression degrees of freedom (the optimal strategy's is 0: it is the reference, not fitted).
/// </summary>
public sealed record EvsiEstimate(double Value, double StandardError, int Optimal, IReadOnlyList<double> DegreesOfFreedom);

/// <summary>
/// Expected value of sample information by nonparametric regression on a summary statistic (Strong, Oakley, Brennan and
/// Breeze, Med Decis Making 2015;35:570-583). For each parameter draw θ_k of a probabilistic analysis, a trial's data
/// X_k is simulated under θ_k and summarised as T(X_k); the regression of each strategy's incremental net benefit on T
/// estimates E[INB | T], the expected net benefit after seeing the trial. EVSI = E_T[max(0, max_s E[INB_s | T])], with
/// INB taken against the strategy optimal now, so that a trial that changes no decision is worth exactly 0.
/// </summary>
public static class RegressionEvsi
{
    /// <param name="netBenefit">[draw, strategy]: each draw's net benefit per patient.</param>
    /// <param name="summaries">[draw, statistic]: each draw's simulated trial summarised (e.g. the estimated log hazard ratio).</param>
    /// <returns>
    /// The estimate and its standard error from its influence function: each draw's gain plus what its own residual
    /// contributed through the fitted regressions (so the error of fitting E[INB | T] on the same draws is counted, which
    /// treating the fit as known would leave out — it can be the larger part).
    /// </returns>
    public static EvsiEstimate Estimate(double[,] netBenefit, double[,] summaries, int knots = PenalisedSpline.DefaultKnots)
    {
        int draws = netBenefit.GetLength(0), strategies = netBenefit.GetLength(1);
        if (summaries.GetLength(0) != draws) throw new ArgumentException($"one row of summaries per draw: {summaries.GetLength(0)} rows for {draws} draws", nameof(summaries));
        if (strategies < 1) throw new ArgumentException("at least one strategy", nameof(netBenefit));
        int optimal = Optimal(netBenefit);
        var gain = new double[draws];
        var dof = new double[strategies];
        // Each draw's term of the influence function: its gain, plus how its own residual moved the fitted regressions.
        var influence = new double[draws];
        if (strategies > 1)
        {
            var spline = new PenalisedSpline(summaries, knots);
            var fits = new SplineFit?[strategies];
            var residuals = new double[strategies][];
            var inb = new double[draws];
            var chosen = new int[draws];
            Array.Fill(chosen, -1);
            for (int s = 0; s < strategies; s++)
            {
                if (s == optimal) continue;
                for (int k = 0; k < draws; k++) inb[k] = netBenefit[k, s] - netBenefit[k, optimal];
                var fit = spline.Fit(inb);
                fits[s] = fit;
                dof[s] = fit.DegreesOfFreedom;
                residuals[s] = new double[draws];
                for (int k = 0; k < draws; k++)
                {
                    residuals[s][k] = inb[k] - fit.Fitted[k];
                    if (fit.Fitted[k] > gain[k]) { gain[k] = fit.Fitted[k]; chosen[k] = s; }
                }
            }
            for (int k = 0; k < draws; k++) influence[k] = gain[k];
            // The estimate is Σ_k (1/K)·ĝ_{chosen(k)}(T_k): a linear functional of each strategy's fit, whose response y_j
            // moves it by K·∂/∂y_j — the residual stands for the response's error (Huber's sandwich, first order).
            var weights = new double[draws];
            for (int s = 0; s < strategies; s++)
            {
                if (fits[s] is not { } fit) continue;
                bool any = false;
                for (int k = 0; k < draws; k++) { weights[k] = chosen[k] == s ? 1.0 / draws : 0; any |= chosen[k] == s; }
                if (!any) continue;
                var h = fit.Influence(weights);
                for (int k = 0; k < draws; k++) influence[k] += draws * h[k] * residuals[s][k];
            }
        }
        double mean = gain.Average();
        double centre = influence.Average();
        double sd = draws > 1 ? Math.Sqrt(influence.Sum(g => (g - centre) * (g - centre)) / (draws - 1)) : 0;
        return new EvsiEstimate(mean, sd / Math.Sqrt(draws), optimal, dof);
    }

    /// <summary>The strategy with the highest mean net benefit over the draws (ties: the first).</summary>
    public static int Optimal(double[,] netBenefit)
    {
        int best = 0;
        double value = double.NegativeInfinity;
        for (int s = 0; s < netBenefit.GetLength(1); s++)
        {
            double sum = 0;
            for (int k = 0; k < netBenefit.GetLength(0); k++) sum += netBenefit[k, s];
            if (sum > value) { value = sum; best = s; }
        }
        return best;
    }
}
