using HccSim.Analysis.Targets;
using HccSim.Scenarios;
using HccSim.Scenarios.Diagnostics;

namespace HccSim.Analysis.Calibration;

/// <summary>
/// One fitted target's contribution to the log-likelihood: weight × ln N(published | simulated, σ) on the scale its kind
/// fixes (the constant dropped). Positive, right-skewed figures (medians, restricted means and other durations in months,
/// hazard ratios) are compared on the log scale, where their intervals are symmetric; proportions and the rest on their own
/// scale. A median the simulation never reaches counts as the horizon (as the optimiser's residual does); any other figure it
/// cannot estimate gives likelihood 0.
/// </summary>
public sealed record TargetLikelihood(Target Target, LikelihoodKind Kind, double Sigma)
{
    public const double Z975 = 1.959963984540054;

    /// <summary>The kind an outcome's figure takes: log-normal for medians, durations and hazard ratios; else normal.</summary>
    public static LikelihoodKind KindOf(string outcome)
        => outcome.EndsWith("_median", StringComparison.Ordinal) || outcome.EndsWith("_rmst", StringComparison.Ordinal)
           || outcome.EndsWith("_months", StringComparison.Ordinal) || outcome.StartsWith("os_hr(", StringComparison.Ordinal)
           || outcome.StartsWith("pfs_hr(", StringComparison.Ordinal)
            ? LikelihoodKind.LogNormal : LikelihoodKind.Normal;

    /// <summary>
    /// The likelihood of each target, every problem said at once: a target with weight above 0 needs a published interval
    /// (lower and upper), and a log-normal one needs it above 0.
    /// </summary>
    public static IReadOnlyList<TargetLikelihood> Of(string file, IEnumerable<Target> targets)
    {
        var result = new List<TargetLikelihood>();
        var errors = new List<ScenarioError>();
        foreach (var t in targets)
        {
            string name = $"target {t.Strategy} {t.Outcome}{(t.SubgroupText.Length > 0 ? $" ({t.SubgroupText})" : "")}";
            if (t.Lower is not { } lo || t.Upper is not { } hi || !(hi > lo))
            {
                errors.Add(new ScenarioError(file, Math.Max(1, t.Line), 1, $"{name} has weight {t.Weight} but no interval: IMIS's likelihood needs the published uncertainty " +
                    "(expected lower: and upper:, a 95% interval around value; or weight: 0 to leave the target out of the fit)"));
                continue;
            }
            var kind = KindOf(t.Outcome);
            if (kind == LikelihoodKind.LogNormal && !(lo > 0 && t.Value > 0))
            {
                errors.Add(new ScenarioError(file, Math.Max(1, t.Line), 1, $"{name} is compared on the log scale but its value or lower bound is not above 0 (expected value, lower and upper > 0)"));
                continue;
            }
            double sigma = kind == LikelihoodKind.LogNormal ? (Math.Log(hi) - Math.Log(lo)) / (2 * Z975) : (hi - lo) / (2 * Z975);
            result.Add(new TargetLikelihood(t, kind, sigma));
        }
        if (errors.Count > 0) throw new ScenarioException(errors.ToArray());
        return result;
    }

    /// <summary>weight × ln N(published | simulated, σ) up to a constant; −∞ when the simulation cannot give the figure.</summary>
    public double LogDensity(TargetResult r, double horizonMonths)
    {
        double value = r.Simulated.Value;
        if (double.IsNaN(value) && Target.Outcome is "os_median" or "pfs_median") value = horizonMonths;
        if (double.IsNaN(value)) return double.NegativeInfinity;
        double z;
        if (Kind == LikelihoodKind.LogNormal)
        {
            if (!(value > 0)) return double.NegativeInfinity;
            z = (Math.Log(Target.Value) - Math.Log(value)) / Sigma;
        }
        else z = (Target.Value - value) / Sigma;
        return -0.5 * Target.Weight * z * z;
    }

    /// <summary>The kind as printed beside the target.</summary>
    public string Describe() => Kind == LikelihoodKind.LogNormal
        ? $"log-normal, sdlog {Sigma:G3}" : $"normal, sd {Sigma:G3}";
}
