using System.Globalization;
using HccSim.Core.Distributions;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Optimization;

namespace HccSim.Analysis.Survival;

/// <summary>A maximum-likelihood fit of one family, with AIC, BIC and the curve in scenario-file syntax.</summary>
public sealed record ParametricFit(string Family, TimeToEvent Distribution, double LogLikelihood, int Parameters, int Subjects)
{
    public double Aic => 2 * Parameters - 2 * LogLikelihood;
    /// <summary>BIC with n = subjects (R's BIC on nobs).</summary>
    public double Bic => Parameters * Math.Log(Subjects) - 2 * LogLikelihood;

    /// <summary>The fitted curve as a scenario transition's time (times in months), ready to paste.</summary>
    public string ScenarioSyntax => Distribution switch
    {
        Exponential e => $"rate: {G(e.Rate)}/month",
        Weibull w => $"weibull: {{ shape: {G(w.Shape)}, scale: {G(w.Scale)} months }}",
        Gompertz g => $"gompertz: {{ shape: {G(g.Shape)}/month, rate: {G(g.Rate)}/month }}",
        LogLogistic l => $"loglogistic: {{ shape: {G(l.Shape)}, scale: {G(l.Scale)} months }}",
        LogNormal l => $"lognormal: {{ median: {G(Math.Exp(l.MeanLog))} months, sdlog: {G(l.SdLog)} }}",
        _ => Distribution.ToString(),
    };

    private static string G(double x) => x.ToString("G6", CultureInfo.InvariantCulture);
}

/// <summary>
/// Maximum-likelihood fits of the exponential, Weibull, Gompertz, log-logistic and log-normal families to right-censored
/// times (months): log L = Σ_events log h(tᵢ) − Σ_all H(tᵢ). The exponential is closed form (rate = events / total
/// time); the others are maximised by Nelder–Mead on an unconstrained scale (logs of positive parameters).
/// </summary>
public static class ParametricFits
{
    public static readonly string[] Families = { "exponential", "weibull", "gompertz", "loglogistic", "lognormal" };

    /// <summary>Every family that can be fitted, best (lowest AIC) first.</summary>
    public static IReadOnlyList<ParametricFit> FitAll(SurvivalData data)
    {
        int events = data.Events.Count(e => e);
        if (events == 0) throw new InvalidOperationException("no events to fit a curve to");
        if (Enumerable.Range(0, data.Count).Any(i => data.Events[i] && !(data.Times[i] > 0)))
            throw new InvalidOperationException("an event at time 0 has no likelihood under a continuous curve (expected event times > 0)");
        double total = data.Times.Sum(), rate = events / total;
        double logMean = Enumerable.Range(0, data.Count).Where(i => data.Events[i]).Average(i => Math.Log(data.Times[i]));
        var fits = new List<ParametricFit> { new("exponential", new Exponential(rate), LogLikelihood(new Exponential(rate), data), 1, data.Count) };
        // A shape needs at least two distinct event times: on one, the likelihood grows without bound as the curve
        // collapses onto it, and the "fit" would be whatever the optimiser's bounds allowed.
        if (Enumerable.Range(0, data.Count).Where(i => data.Events[i]).Select(i => data.Times[i]).Distinct().Count() < 2) return fits;
        void Try(string family, double[] start, Func<double[], TimeToEvent> make)
        {
            if (Maximise(data, start, make) is { } best) fits.Add(new ParametricFit(family, best.Distribution, best.LogLikelihood, start.Length, data.Count));
        }
        Try("weibull", new[] { 0.0, Math.Log(1 / rate) }, p => new Weibull(Math.Exp(p[0]), Math.Exp(p[1])));
        Try("gompertz", new[] { 0.0, Math.Log(rate) }, p => new Gompertz(p[0], Math.Exp(p[1])));
        Try("loglogistic", new[] { 0.0, Math.Log(Math.Log(2) / rate) }, p => new LogLogistic(Math.Exp(p[0]), Math.Exp(p[1])));
        Try("lognormal", new[] { logMean, 0.0 }, p => new LogNormal(p[0], Math.Exp(p[1])));
        return fits.OrderBy(f => f.Aic).ToArray();
    }

    /// <summary>Σ_events log h(tᵢ) − Σ_all H(tᵢ); −∞ where the curve cannot hold the data.</summary>
    public static double LogLikelihood(TimeToEvent distribution, SurvivalData data)
    {
        double ll = 0;
        for (int i = 0; i < data.Count; i++)
        {
            double t = data.Times[i];
            ll -= distribution.CumulativeHazard(t);
            if (data.Events[i]) ll += Math.Log(distribution.Hazard(t));
        }
        return double.IsNaN(ll) ? double.NegativeInfinity : ll;
    }

    private static (TimeToEvent Distribution, double LogLikelihood)? Maximise(SurvivalData data, double[] start, Func<double[], TimeToEvent> make)
    {
        double Objective(Vector<double> v)
        {
            var p = v.ToArray();
            if (p.Any(x => !double.IsFinite(x) || Math.Abs(x) > 50)) return double.MaxValue;
            var d = make(p);
            if (d.Problems().Any()) return double.MaxValue;
            double ll = LogLikelihood(d, data);
            return double.IsFinite(ll) ? -ll : double.MaxValue;
        }
        try
        {
            var result = new NelderMeadSimplex(1e-12, 20_000).FindMinimum(ObjectiveFunction.Value(Objective), Vector<double>.Build.DenseOfArray(start));
            var point = result.MinimizingPoint.ToArray();
            // An optimum against the search bound is a likelihood still rising towards a degenerate curve: no fit.
            if (point.Any(x => Math.Abs(x) > 45)) return null;
            var best = make(point);
            double ll = LogLikelihood(best, data);
            return double.IsFinite(ll) ? (best, ll) : null;
        }
        catch (Exception e) when (e is MaximumIterationsException or ArgumentException or InvalidOperationException)
        {
            return null; // this family does not fit these data; the others are still reported
        }
    }
}
