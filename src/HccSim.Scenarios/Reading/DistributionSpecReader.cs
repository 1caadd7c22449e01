using HccSim.Scenarios.Diagnostics;
using HccSim.Scenarios.Distributions;
using HccSim.Scenarios.Parameters;
using HccSim.Scenarios.Yaml;

namespace HccSim.Scenarios.Reading;

/// <summary>One distribution family of the uncertainty section, from its fields: natural parameters, or a mean with its standard error or 95% interval.</summary>
internal sealed class DistributionSpecReader(ReadingContext context)
{
    private static readonly Dictionary<string, string[]> FamilyFields = new()
    {
        ["beta"] = new[] { "alpha", "beta", "mean", "se", "ci" },
        ["gamma"] = new[] { "shape", "scale", "mean", "se", "ci" },
        ["lognormal"] = new[] { "meanlog", "sdlog", "mean", "se", "estimate", "ci" },
        ["normal"] = new[] { "mean", "sd", "se", "ci", "min", "max" },
        ["triangular"] = new[] { "min", "mode", "max" },
    };

    private readonly Problems _problems = context.Problems;
    private readonly Values _values = context.Values;

    /// <summary>One family's distribution from its fields, every number in the unit the parameter is written in.</summary>
    public DistributionSpec? Read(string family, Node spec, WrittenNumber unit)
    {
        if (family == "uniform")
        {
            if (_values.List(spec, "uniform") is not { } ul || ul.Children.Count != 2) { _problems.At(spec, "a uniform is [min, max]"); return null; }
            double? a = _values.InUnitOf(ul.Children[0], unit, "the uniform's min"), b = _values.InUnitOf(ul.Children[1], unit, "the uniform's max");
            if (a is null || b is null) return null;
            if (!(a < b)) { _problems.At(spec, $"a uniform needs min < max (got [{Values.Fmt(a.Value)}, {Values.Fmt(b.Value)}])"); return null; }
            return new UniformSpec(a.Value, b.Value);
        }
        if (_values.Map(spec, family) is not { } m) return null;
        var f = new MapNode(m, _problems, family, FamilyFields[family]);
        // Standard errors and intervals are spreads in the parameter's unit; shapes and α/β are plain numbers.
        double? U(string key) => f[key] is { } n ? _values.InUnitOf(n, unit, $"{family} {key}") : null;
        double? Plain(string key) => f[key] is { } n ? _values.Number(n, $"{family} {key}") : null;
        (double Lower, double Upper)? Ci()
        {
            if (f["ci"] is not { } cn) return null;
            if (_values.List(cn, "ci") is not { } cl || cl.Children.Count != 2) { _problems.At(cn, "ci is [lower, upper], a 95% interval"); return null; }
            double? lo = _values.InUnitOf(cl.Children[0], unit, "ci lower"), hi = _values.InUnitOf(cl.Children[1], unit, "ci upper");
            if (lo is null || hi is null) return null;
            if (!(lo < hi)) { _problems.At(cn, $"ci needs lower < upper (got [{Values.Fmt(lo.Value)}, {Values.Fmt(hi.Value)}])"); return null; }
            return (lo.Value, hi.Value);
        }
        string? error = null;
        DistributionSpec? result = null;
        bool Has(params string[] keys) => keys.All(k => f[k] is not null);
        const double Z = DistributionSpec.Z;
        switch (family)
        {
            case "beta" when Has("alpha", "beta"):
            {
                double? a = Plain("alpha"), b = Plain("beta");
                if (a is null || b is null) return null;
                if (!(a > 0 && b > 0)) error = $"beta α and β must be > 0 (got {Values.Fmt(a.Value)}, {Values.Fmt(b.Value)})";
                else result = new BetaSpec(a.Value, b.Value);
                break;
            }
            case "beta" when Has("mean") && (Has("se") || Has("ci")):
            {
                if (unit.Suffix.Length > 0) { _problems.At(spec, $"a beta draws proportions, but the parameter is written in '{unit.Suffix}' (expected it written as a proportion, e.g. 0.4)"); return null; }
                double? mean = Plain("mean"), se = Has("se") ? Plain("se") : Ci() is { } ci ? (ci.Upper - ci.Lower) / (2 * Z) : null;
                if (mean is null || se is null) return null;
                result = BetaSpec.FromMoments(mean.Value, se.Value, out error);
                break;
            }
            case "gamma" when Has("shape", "scale"):
            {
                double? k = Plain("shape"), s = U("scale");
                if (k is null || s is null) return null;
                if (!(k > 0 && s > 0)) error = $"gamma shape and scale must be > 0 (got {Values.Fmt(k.Value)}, {Values.Fmt(s.Value)})";
                else result = new GammaSpec(k.Value, s.Value);
                break;
            }
            case "gamma" when Has("mean") && (Has("se") || Has("ci")):
            {
                double? mean = U("mean"), se = Has("se") ? U("se") : Ci() is { } ci ? (ci.Upper - ci.Lower) / (2 * Z) : null;
                if (mean is null || se is null) return null;
                result = GammaSpec.FromMoments(mean.Value, se.Value, out error);
                break;
            }
            case "lognormal" when Has("meanlog", "sdlog"):
            {
                double? mu = Plain("meanlog"), sigma = Plain("sdlog");
                if (mu is null || sigma is null) return null;
                if (!(sigma > 0)) error = $"lognormal sdlog must be > 0 (got {Values.Fmt(sigma.Value)})";
                else result = new LogNormalSpec(mu.Value, sigma.Value);
                break;
            }
            case "lognormal" when Has("estimate", "ci"):
            {
                double? estimate = U("estimate");
                if (estimate is null || Ci() is not { } ci) return null;
                result = LogNormalSpec.FromInterval(estimate.Value, ci.Lower, ci.Upper, out error);
                break;
            }
            case "lognormal" when Has("mean", "se"):
            {
                double? mean = U("mean"), se = U("se");
                if (mean is null || se is null) return null;
                result = LogNormalSpec.FromMoments(mean.Value, se.Value, out error);
                break;
            }
            case "normal" when Has("mean") && (Has("sd") || Has("se") || Has("ci")):
            {
                double? mean = U("mean"), sd = Has("sd") ? U("sd") : Has("se") ? U("se") : Ci() is { } ci ? (ci.Upper - ci.Lower) / (2 * Z) : null;
                double min = f["min"] is not null ? U("min") ?? double.NaN : double.NegativeInfinity;
                double max = f["max"] is not null ? U("max") ?? double.NaN : double.PositiveInfinity;
                if (mean is null || sd is null || double.IsNaN(min) || double.IsNaN(max)) return null;
                if (!(sd > 0)) error = $"a normal's sd must be > 0 (got {Values.Fmt(sd.Value)})";
                else if (!(min < max)) error = $"a truncated normal needs min < max (got {Values.Fmt(min)}, {Values.Fmt(max)})";
                else result = new NormalSpec(mean.Value, sd.Value, min, max);
                break;
            }
            case "triangular" when Has("min", "mode", "max"):
            {
                double? a = U("min"), c = U("mode"), b = U("max");
                if (a is null || b is null || c is null) return null;
                if (!(a < b && a <= c && c <= b)) error = $"a triangular needs min ≤ mode ≤ max with min < max (got {Values.Fmt(a.Value)}, {Values.Fmt(c.Value)}, {Values.Fmt(b.Value)})";
                else result = new TriangularSpec(a.Value, c.Value, b.Value);
                break;
            }
            default:
                error = family switch
                {
                    "beta" => "a beta needs { alpha, beta } or { mean, se } or { mean, ci: [lower, upper] }",
                    "gamma" => "a gamma needs { shape, scale } or { mean, se } or { mean, ci: [lower, upper] }",
                    "lognormal" => "a lognormal needs { meanlog, sdlog }, { mean, se } or { estimate, ci: [lower, upper] } (an interval symmetric on the log scale, as hazard ratios are published)",
                    "normal" => "a normal needs { mean, sd } (or se, or ci), optionally min and max",
                    _ => "a triangular needs { min, mode, max }",
                };
                break;
        }
        if (error is not null) { _problems.At(spec, error); return null; }
        return result;
    }
}
