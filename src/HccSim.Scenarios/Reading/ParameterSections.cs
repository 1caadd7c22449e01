using HccSim.Scenarios.Distributions;
using HccSim.Scenarios.Parameters;
using HccSim.Scenarios.Yaml;
using YamlDotNet.RepresentationModel;

namespace HccSim.Scenarios.Reading;

/// <summary>
/// The sections that name numbers of the file by path: `calibration` (free parameters with bounds) and `uncertainty`
/// (distributions for probabilistic analysis). Values there are in the unit the file writes the number in.
/// </summary>
internal sealed partial class ScenarioReader
{
    private static readonly string[] CalibrationKeys = { "patients", "max_evaluations", "free" };
    private static readonly string[] FreeKeys = { "path", "bounds", "note" };
    private static readonly string[] UncertaintyKeys = { "parameters", "correlations" };
    private static readonly string[] FamilyKeys = { "beta", "gamma", "lognormal", "normal", "uniform", "triangular", "dirichlet" };
    private static readonly string[] UncertainKeys = { "path", "source", "note", "low", "high", "beta", "gamma", "lognormal", "normal", "uniform", "triangular", "dirichlet" };
    private static readonly string[] CorrelationKeys = { "parameters", "matrix", "source", "note" };

    /// <summary>A place in the file: its path, the scalar there and the number written.</summary>
    private readonly record struct Place(ParameterPath Path, YamlScalarNode Scalar, WrittenNumber Written);

    /// <summary>Every number named so far by the section being read (a number is named once, whatever path reaches it).</summary>
    private readonly HashSet<YamlScalarNode> _named = new(ReferenceEqualityComparer.Instance);

    /// <summary>One path or a list of paths, each resolved in this file; null (with the problems said) unless all resolve.</summary>
    private List<Place>? ReadPlaces(YamlNode pn, string what, bool inOtherFiles = false)
    {
        var pathNodes = pn is YamlSequenceNode pl ? pl.Children.ToList() : new List<YamlNode> { pn };
        if (pathNodes.Count == 0) { _problems.At(pn, $"{what}: the path list is empty (expected one or more paths)"); return null; }
        var places = new List<Place>();
        foreach (var node in pathNodes)
        {
            if (_values.Text(node, "path") is not { } text) continue;
            if (ParameterPath.Parse(text, out var parseError) is not { } path) { _problems.At(node, parseError!); continue; }
            // Only the model's numbers: a target, the horizon or the seed is not a parameter.
            if (path.Steps[0].Key is not ("strategies" or "cohort" or "background_mortality") || (path.Steps[0].Key == "cohort" && (path.Steps.Count < 2 || path.Steps[1].Key != "attributes")))
            {
                _problems.At(node, $"{what} '{text}' is not a number of the model (expected a path under strategies, cohort.attributes or background_mortality)");
                continue;
            }
            var root = _root;
            if (path.File is not null)
            {
                if (!inOtherFiles) { _problems.At(node, $"{what} '{text}' is written in another file (expected a number written in this file: calibration rewrites this file only)"); continue; }
                if (!_otherFiles.TryGetValue(OtherFile(path.File), out var other) || other is null)
                {
                    _problems.At(node, $"{what} '{text}': '{path.File}' is not a file this scenario extends (expected a file named in an 'extends: file.yaml#strategy')");
                    continue;
                }
                root = other;
            }
            if (path.Resolve(root, out var resolveError) is not { } scalar) { _problems.At(node, $"{what} {resolveError}{(path.File is null ? "" : $" of {path.File}")}"); continue; }
            if (scalar.Tag.IsEmpty is false) { _problems.At(node, $"{what} '{text}' is written with a YAML tag ({scalar.Tag}) (expected a plain number)"); continue; }
            if (!_named.Add(scalar)) { _problems.At(node, $"{what} '{text}' names a number already listed (a number is listed once; tie several places with a list of paths)"); continue; }
            places.Add(new Place(path, scalar, WrittenNumber.Parse(scalar.Value)!.Value));
        }
        return places.Count == pathNodes.Count ? places : null;
    }

    /// <summary>A number given in the unit of <paramref name="reference"/>: bare, or with exactly that unit.</summary>
    private double? InUnitOf(YamlNode node, WrittenNumber reference, string what)
    {
        if (node is not YamlScalarNode { Value: var text } || WrittenNumber.Parse(text) is not { } n)
        {
            _problems.At(node, $"{what} must be a number (in the unit the file writes the parameter in{(reference.Suffix.Length > 0 ? $": {reference.Suffix}" : "")})");
            return null;
        }
        if (n.Suffix.Length > 0 && n.Suffix != reference.Suffix)
        {
            _problems.At(node, $"{what} is in '{n.Suffix}', but the parameter is written in {(reference.Suffix.Length > 0 ? $"'{reference.Suffix}'" : "no unit")} (expected a number in that unit)");
            return null;
        }
        return n.Value;
    }

    /// <summary>The parameters calibration may move, each a number written in this file, with bounds in the unit written.</summary>
    private CalibrationSettings? ReadCalibration(MapNode map, YamlMappingNode node)
    {
        _named.Clear();
        int patients = map["patients"] is { } p && _values.Whole(p, "calibration patients", 100, 100_000_000) is { } pv ? (int)pv : 20_000;
        int maxEvaluations = map["max_evaluations"] is { } me && _values.Whole(me, "max_evaluations", 10, 100_000) is { } mv ? (int)mv : 500;
        var free = new List<FreeParameter>();
        if (map["free"] is not { } fn) { _problems.At(node, "calibration has no 'free' (expected a list of { path, bounds })"); return null; }
        if (_values.List(fn, "calibration free") is not { } list) return null;
        if (list.Children.Count == 0) _problems.At(fn, "calibration free is empty (expected at least one { path, bounds })");
        foreach (var item in list.Children)
        {
            if (_values.Map(item, "a free parameter") is not { } m) continue;
            var fm = new MapNode(m, _problems, "a free parameter", FreeKeys);
            if (fm["path"] is not { } pn) { _problems.At(m, "a free parameter has no 'path' (expected e.g. strategies.tace.transitions[a->b].median)"); continue; }
            // One path, or a list of paths that hold the same parameter (tied: they move together).
            if (ReadPlaces(pn, "free parameter") is not { } places || !SameNumber(places, "tied free parameter")) continue;
            var (path, scalar, written) = places[0];
            string text = path.Text;
            if (fm["bounds"] is not { } bn) { _problems.At(m, $"free parameter '{text}' has no 'bounds' (expected [lower, upper] in the unit the file writes it in)"); continue; }
            if (_values.List(bn, "bounds") is not { } bl) continue;
            if (bl.Children.Count != 2) { _problems.At(bn, $"free parameter '{text}' bounds must be [lower, upper] (got {bl.Children.Count} values)"); continue; }
            double? lower = InUnitOf(bl.Children[0], written, "the lower bound"), upper = InUnitOf(bl.Children[1], written, "the upper bound");
            if (lower is null || upper is null) continue;
            if (!(lower < upper)) { _problems.At(bn, $"free parameter '{text}' bounds must be [lower, upper] with lower < upper (got [{Values.Fmt(lower.Value)}, {Values.Fmt(upper.Value)}])"); continue; }
            double value = written.Value;
            if (value < lower || value > upper)
            {
                _problems.At(scalar, $"'{text}' is {Values.Fmt(value)}, outside its calibration bounds [{Values.Fmt(lower.Value)}, {Values.Fmt(upper.Value)}] (expected a starting value within them)");
                continue;
            }
            free.Add(new FreeParameter(path, lower.Value, upper.Value, value, (int)scalar.Start.Line, (int)scalar.Start.Column, (int)scalar.Start.Index, (int)scalar.End.Index)
            {
                Tied = places.Skip(1).Select(x => (x.Path, (int)x.Scalar.Start.Index, (int)x.Scalar.End.Index)).ToArray(),
            });
        }
        return new CalibrationSettings(patients, maxEvaluations, free);
    }

    private bool SameNumber(List<Place> places, string what)
    {
        var first = places[0];
        foreach (var other in places.Skip(1))
            if (other.Written.Value != first.Written.Value || other.Written.Suffix != first.Written.Suffix)
            {
                _problems.At(other.Scalar, $"{what} '{other.Path.Text}' is {other.Scalar.Value} but '{first.Path.Text}' is {first.Scalar.Value} (expected tied places to hold the same number)");
                return false;
            }
        return true;
    }

    /// <summary>
    /// Distributions for probabilistic analysis: each a family with its parameters (or a mean with its standard error or
    /// 95% interval, by the family's method of moments), on one number or tied numbers; Dirichlet shares on a list of
    /// numbers that sum to 1; correlated groups as a matrix (a Gaussian copula). Every impossible distribution is an error here,
    /// before any draw runs.
    /// </summary>
    private UncertaintySettings? ReadUncertainty(MapNode map, YamlMappingNode node)
    {
        _named.Clear();
        var singles = new List<UncertainParameter>();
        var dirichlets = new List<UncertainShares>();
        if (map["parameters"] is not { } pn) { _problems.At(node, "uncertainty has no 'parameters' (expected a list of { path, <family>: {...} })"); return null; }
        if (_values.List(pn, "uncertainty parameters") is not { } list) return null;
        foreach (var item in list.Children)
        {
            if (_values.Map(item, "an uncertain parameter") is not { } m) continue;
            var um = new MapNode(m, _problems, "an uncertain parameter", UncertainKeys);
            if (um["path"] is not { } pathNode) { _problems.At(m, "an uncertain parameter has no 'path' (expected e.g. strategies.tace.transitions[a->b].median)"); continue; }
            var families = FamilyKeys.Where(k => um[k] is not null).ToArray();
            if (families.Length != 1)
            {
                _problems.At(m, families.Length == 0 ? $"an uncertain parameter needs one distribution (expected one of: {string.Join(", ", FamilyKeys)})" : $"an uncertain parameter has {families.Length} distributions ({string.Join(", ", families)}; expected one)");
                continue;
            }
            if (ReadPlaces(pathNode, "uncertain parameter", inOtherFiles: true) is not { } places) continue;
            string family = families[0];
            var spec = um[family]!;
            string? source = um["source"] is { } sn ? _values.Text(sn, "source") : null;
            if (family == "dirichlet")
            {
                if (_values.List(spec, "dirichlet") is not { } alphas) continue;
                if (places.Count < 2 || alphas.Children.Count != places.Count)
                {
                    _problems.At(spec, $"a dirichlet needs one α per path, two or more (got {alphas.Children.Count} α for {places.Count} paths)");
                    continue;
                }
                var a = alphas.Children.Select(x => _values.Number(x, "dirichlet α")).ToArray();
                if (a.Any(x => x is null)) continue;
                int zero = Array.FindIndex(a, x => !(x > 0));
                if (zero >= 0) { _problems.At(alphas.Children[zero], $"a dirichlet α must be > 0 (got {Values.Fmt(a[zero]!.Value)}: a share that can never vary is not uncertain; write it as a fixed number)"); continue; }
                double written = places.Sum(x => x.Written.Value);
                if (Math.Abs(written - 1) > 1e-6 || places.Any(x => x.Written.Suffix.Length > 0))
                {
                    _problems.At(pathNode, $"a dirichlet's paths must hold shares written as proportions that sum to 1 (they sum to {Values.Fmt(written)})");
                    continue;
                }
                dirichlets.Add(new UncertainShares(places.Select(x => x.Path).ToArray(), places.Select(x => x.Written.Value).ToArray(), a.Select(x => x!.Value).ToArray(), (int)m.Start.Line) { Source = source });
                continue;
            }
            if (!SameNumber(places, "tied uncertain parameter")) continue;
            if (ReadFamily(family, spec, places[0].Written) is not { } distribution) continue;
            // The number written must be a value the distribution can take: a unit slip (a beta on 40%) shows here.
            if (distribution.Support is var (lo, hi) && !(places[0].Written.Value >= lo && places[0].Written.Value <= hi))
            {
                _problems.At(places[0].Scalar, $"'{places[0].Path.Text}' is {places[0].Scalar.Value}, outside what a {family} can draw ({(double.IsInfinity(hi) ? $"> {Values.Fmt(lo)}" : $"{Values.Fmt(lo)} to {Values.Fmt(hi)}")}; expected the base value within the distribution's range, in the same unit)");
                continue;
            }
            // The one-way analysis's range: written as low and high, else the distribution's 2.5th and 97.5th percentiles.
            double? low = um["low"] is { } ln ? InUnitOf(ln, places[0].Written, "low") : null;
            double? high = um["high"] is { } hn ? InUnitOf(hn, places[0].Written, "high") : null;
            if ((um["low"] is null) != (um["high"] is null)) { _problems.At(m, "an uncertain parameter's one-way range needs both low and high"); continue; }
            if (low is not null && high is not null && !(low < high)) { _problems.At(um["low"]!, $"low must be below high (got {Values.Fmt(low.Value)} and {Values.Fmt(high.Value)})"); continue; }
            if (um["low"] is not null && (low is null || high is null)) continue;
            singles.Add(new UncertainParameter(places.Select(x => x.Path).ToArray(), places[0].Written.Value, distribution, (int)m.Start.Line)
            {
                Source = source, Low = low, High = high,
            });
        }

        var groups = new List<CorrelationSpec>();
        if (map["correlations"] is { } cn && _values.List(cn, "correlations") is { } cl)
            foreach (var item in cl.Children)
            {
                if (_values.Map(item, "a correlation") is not { } m) continue;
                var cm = new MapNode(m, _problems, "a correlation", CorrelationKeys);
                if (cm["parameters"] is not { } pl || _values.List(pl, "correlation parameters") is not { } members) { if (cm["parameters"] is null) _problems.At(m, "a correlation has no 'parameters' (expected the paths it correlates)"); continue; }
                var indices = new List<int>();
                foreach (var member in members.Children)
                {
                    string? text = _values.Text(member, "a correlated parameter");
                    int index = singles.FindIndex(u => u.Places.Any(pp => pp.Text == text));
                    if (index < 0) { _problems.At(member, $"'{text}' is not the path of an uncertain parameter above (expected one listed under uncertainty.parameters, not a dirichlet)"); continue; }
                    if (groups.Any(g => g.Members.Contains(index)) || indices.Contains(index)) { _problems.At(member, $"'{text}' is in more than one correlation (expected each parameter in at most one group)"); continue; }
                    indices.Add(index);
                }
                if (indices.Count != members.Children.Count) continue;
                if (cm["matrix"] is not { } mn || _values.List(mn, "matrix") is not { } rows) { if (cm["matrix"] is null) _problems.At(m, "a correlation has no 'matrix' (expected one row per parameter)"); continue; }
                int n = indices.Count;
                var r = new double[n, n];
                bool ok = rows.Children.Count == n;
                for (int i = 0; ok && i < n; i++)
                {
                    if (rows.Children[i] is not YamlSequenceNode row || row.Children.Count != n) { ok = false; break; }
                    for (int j = 0; j < n; j++) { if (_values.Number(row.Children[j], "a correlation") is { } v) r[i, j] = v; else ok = false; }
                }
                if (!ok) { _problems.At(mn, $"the correlation matrix must have {n} rows of {n} numbers, one per parameter"); continue; }
                if (CorrelationSpec.Problem(r) is { } problem) { _problems.At(mn, problem); continue; }
                groups.Add(new CorrelationSpec(indices, r));
            }
        return new UncertaintySettings(singles, dirichlets, groups);
    }

    private static readonly Dictionary<string, string[]> FamilyFields = new()
    {
        ["beta"] = new[] { "alpha", "beta", "mean", "se", "ci" },
        ["gamma"] = new[] { "shape", "scale", "mean", "se", "ci" },
        ["lognormal"] = new[] { "meanlog", "sdlog", "mean", "se", "estimate", "ci" },
        ["normal"] = new[] { "mean", "sd", "se", "ci", "min", "max" },
        ["triangular"] = new[] { "min", "mode", "max" },
    };

    /// <summary>One family's distribution from its fields, every number in the unit the parameter is written in.</summary>
    private DistributionSpec? ReadFamily(string family, YamlNode spec, WrittenNumber unit)
    {
        if (family == "uniform")
        {
            if (_values.List(spec, "uniform") is not { } ul || ul.Children.Count != 2) { _problems.At(spec, "a uniform is [min, max]"); return null; }
            double? a = InUnitOf(ul.Children[0], unit, "the uniform's min"), b = InUnitOf(ul.Children[1], unit, "the uniform's max");
            if (a is null || b is null) return null;
            if (!(a < b)) { _problems.At(spec, $"a uniform needs min < max (got [{Values.Fmt(a.Value)}, {Values.Fmt(b.Value)}])"); return null; }
            return new UniformSpec(a.Value, b.Value);
        }
        if (_values.Map(spec, family) is not { } m) return null;
        var f = new MapNode(m, _problems, family, FamilyFields[family]);
        // Standard errors and intervals are spreads in the parameter's unit; shapes and α/β are plain numbers.
        double? U(string key) => f[key] is { } n ? InUnitOf(n, unit, $"{family} {key}") : null;
        double? Plain(string key) => f[key] is { } n ? _values.Number(n, $"{family} {key}") : null;
        (double Lower, double Upper)? Ci()
        {
            if (f["ci"] is not { } cn) return null;
            if (_values.List(cn, "ci") is not { } cl || cl.Children.Count != 2) { _problems.At(cn, "ci is [lower, upper], a 95% interval"); return null; }
            double? lo = InUnitOf(cl.Children[0], unit, "ci lower"), hi = InUnitOf(cl.Children[1], unit, "ci upper");
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
