namespace HccSim.Analysis.Survival;

/// <summary>How the Cox partial likelihood treats events at the same time (R's coxph ties =).</summary>
public enum CoxTies
{
    /// <summary>Efron's approximation, R's default: the tied events leave the risk set a share at a time.</summary>
    Efron,
    /// <summary>Breslow's: every tied event sees the whole risk set.</summary>
    Breslow,
}

/// <summary>
/// The Cox estimate of group 1's hazard ratio against group 0, with its Wald 95% interval and test, and the log partial
/// likelihood at β = 0 and at the estimate (R's fit$loglik).
/// </summary>
public sealed record CoxResult(double Coefficient, double StandardError, int Iterations)
{
    public CoxTies Ties { get; init; } = CoxTies.Efron;
    public double NullLogLikelihood { get; init; } = double.NaN;
    public double LogLikelihood { get; init; } = double.NaN;

    /// <summary>
    /// False when Newton's steps never became negligible: the partial likelihood keeps rising as |β| grows (a monotone
    /// likelihood, e.g. every event of one group before the other's first), so the estimate is infinite and the reported
    /// coefficient is only where the search stopped. R warns "coefficient may be infinite" in this case.
    /// </summary>
    public bool Converged { get; init; } = true;
    private const double Z = 1.959963984540054;
    public double HazardRatio => Math.Exp(Coefficient);
    public double Lower => Math.Exp(Coefficient - Z * StandardError);
    public double Upper => Math.Exp(Coefficient + Z * StandardError);
    public double WaldZ => Coefficient / StandardError;
    public double PValue => LogRank.ChiSquarePValue(WaldZ * WaldZ);
}

/// <summary>
/// Cox proportional hazards with one binary covariate (the group) and Efron's (R's default) or Breslow's handling of
/// tied event times, stratified when the data carry strata: the partial likelihood is maximised by Newton–Raphson from
/// 0, with step halving; the standard error is from the observed information at the maximum.
/// </summary>
public static class CoxModel
{
    public static CoxResult Fit(SurvivalData data, CoxTies ties = CoxTies.Efron, int maxIterations = 50) => Fit(SurvivalWorkspace.From(data), ties, maxIterations);

    /// <summary>The fit on a sorted workspace; each Newton step is one pass, and nothing is allocated.</summary>
    public static CoxResult Fit(SurvivalWorkspace data, CoxTies ties = CoxTies.Efron, int maxIterations = 50)
    {
        bool events0 = false, events1 = false;
        for (int i = 0; i < data.Count; i++)
            if (data.Event[i]) { if (data.Group[i] == 0) events0 = true; else events1 = true; }
        if (!events0 || !events1)
            throw new InvalidOperationException($"the Cox hazard ratio cannot be estimated: group {(events0 ? 1 : 0)} has no events (the estimate would be infinite)");
        double beta = 0;
        var (ll, score, info) = Evaluate(data, beta, ties);
        double nullLogLikelihood = ll;
        int iteration = 0;
        bool converged = false;
        for (; iteration < maxIterations; iteration++)
        {
            if (info <= 0) break; // no curvature left: the search has run off to infinity
            double step = score / info;
            double next = beta + step;
            var (llNext, scoreNext, infoNext) = Evaluate(data, next, ties);
            // Halve only on a real decrease: near the maximum the log-likelihood is flat to rounding.
            for (int halving = 0; halving < 30 && llNext < ll - 1e-12 * (1 + Math.Abs(ll)); halving++)
            {
                step /= 2;
                next = beta + step;
                (llNext, scoreNext, infoNext) = Evaluate(data, next, ties);
            }
            // Converged when the Newton step itself is negligible (a flat log-likelihood alone can stop short of the root).
            bool done = Math.Abs(next - beta) < 1e-12 * (1 + Math.Abs(beta));
            (beta, ll, score, info) = (next, llNext, scoreNext, infoNext);
            if (done) { converged = true; iteration++; break; }
        }
        // Newton can also stop on a score that rounds to 0 far out along a monotone likelihood: check separation directly.
        return new CoxResult(beta, 1 / Math.Sqrt(info), iteration)
        {
            Converged = converged && info > 0 && !Separated(data), Ties = ties, NullLogLikelihood = nullLogLikelihood, LogLikelihood = ll,
        };
    }

    internal static (double LogLikelihood, double Score, double Information) Evaluate(SurvivalData data, double beta, CoxTies ties = CoxTies.Efron)
        => Evaluate(SurvivalWorkspace.From(data), beta, ties);

    /// <summary>
    /// With one binary covariate the maximum is finite exactly when some group-0 event has a group-1 subject at risk
    /// (which bounds β above) and some group-1 event has a group-0 subject at risk (which bounds it below); otherwise the
    /// partial likelihood is monotone (or flat) and β̂ is infinite.
    /// </summary>
    private static bool Separated(SurvivalWorkspace data)
    {
        var order = data.ByStratum;
        var time = data.Time; var events = data.Event; var groups = data.Group; var strata = data.Stratum;
        bool boundedAbove = false, boundedBelow = false;
        int k = order.Length - 1;
        while (k >= 0)
        {
            int stratum = strata[order[k]];
            int atRisk0 = 0, atRisk1 = 0;
            while (k >= 0 && strata[order[k]] == stratum)
            {
                double t = time[order[k]];
                int events0 = 0, events1 = 0;
                while (k >= 0 && strata[order[k]] == stratum && time[order[k]] == t)
                {
                    int i = order[k--];
                    if (groups[i] == 1) { atRisk1++; if (events[i]) events1++; }
                    else { atRisk0++; if (events[i]) events0++; }
                }
                boundedAbove |= events0 > 0 && atRisk1 > 0;
                boundedBelow |= events1 > 0 && atRisk0 > 0;
            }
        }
        return !(boundedAbove && boundedBelow);
    }

    /// <summary>The log partial likelihood, its first and (negated) second derivative at β: one pass, stratum by stratum.</summary>
    internal static (double LogLikelihood, double Score, double Information) Evaluate(SurvivalWorkspace data, double beta, CoxTies ties)
    {
        double share = ties == CoxTies.Efron ? 1 : 0; // Breslow: no tied event leaves the risk set before the others
        double ll = 0, u = 0, info = 0, r = Math.Exp(beta);
        var order = data.ByStratum;
        var time = data.Time; var events = data.Event; var groups = data.Group; var strata = data.Stratum;
        int k = order.Length - 1;
        while (k >= 0)
        {
            // Descending time within a stratum: the risk set grows as we go; ties are processed together.
            int stratum = strata[order[k]];
            double s0 = 0, s1 = 0; // Σ exp(βx), Σ x·exp(βx) over the risk set (x² = x for a 0/1 covariate)
            while (k >= 0 && strata[order[k]] == stratum)
            {
                double t = time[order[k]];
                double d0 = 0, d1 = 0; // events at t: Σ exp(βx) and Σ x·exp(βx) over them
                int tied = 0, tiedTreated = 0;
                while (k >= 0 && strata[order[k]] == stratum && time[order[k]] == t)
                {
                    int i = order[k--];
                    double w = groups[i] == 1 ? r : 1;
                    s0 += w; s1 += groups[i] * w;
                    if (events[i]) { d0 += w; d1 += groups[i] * w; tied++; tiedTreated += groups[i]; }
                }
                if (tied == 0) continue;
                ll += beta * tiedTreated;
                u += tiedTreated;
                for (int l = 0; l < tied; l++)
                {
                    double f = share * l / tied;
                    double a0 = s0 - f * d0, a1 = s1 - f * d1; // Efron: remove a share of the tied events' weight
                    double mean = a1 / a0;
                    ll -= Math.Log(a0);
                    u -= mean;
                    info += mean - mean * mean; // x² = x: second moment equals first
                }
            }
        }
        return (ll, u, info);
    }
}
