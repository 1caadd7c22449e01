using HccSim.Scenarios.Diagnostics;
using HccSim.Scenarios.Yaml;

namespace HccSim.Scenarios.Reading;

/// <summary>The uncertainty section: distributions on the model's numbers by path, Dirichlet shares and correlated groups.</summary>
internal sealed class UncertaintyReader(ReadingContext context)
{
    private static readonly string[] UncertaintyKeys = { "parameters", "correlations", "groups", "posterior" };
    private static readonly string[] FamilyKeys = { "beta", "gamma", "lognormal", "normal", "uniform", "triangular", "dirichlet" };
    private static readonly string[] UncertainKeys = { "path", "name", "label", "source", "note", "low", "high", "beta", "gamma", "lognormal", "normal", "uniform", "triangular", "dirichlet" };
    private static readonly string[] CorrelationKeys = { "parameters", "matrix", "source", "note" };

    private readonly Problems _problems = context.Problems;
    private readonly Values _values = context.Values;
    private readonly NumberPlaces _places = new(context);
    private readonly DistributionSpecReader _distributions = new(context);

    /// <summary>
    /// Distributions for probabilistic analysis: each a family with its parameters (or a mean with its standard error or
    /// 95% interval, by the family's method of moments), on one number or tied numbers; Dirichlet shares on a list of
    /// numbers that sum to 1; correlated groups as a matrix (a Gaussian copula). Every impossible distribution is an error here,
    /// before any draw runs.
    /// </summary>
    public UncertaintySettings? Read(Mapping node, CalibrationSettings? calibration = null)
    {
        var map = new MapNode(node, _problems, "uncertainty", UncertaintyKeys);
        var singles = new List<UncertainParameter>();
        var dirichlets = new List<UncertainShares>();
        var names = new Dictionary<string, int>(StringComparer.Ordinal);
        var drawn = new List<(string File, int Start, string Name)>(); // where each uncertain number is written: a free one there would be drawn twice
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
            if (_places.Read(pathNode, "uncertain parameter", inOtherFiles: true) is not { } places) continue;
            string family = families[0];
            // A name analyses and reports call the parameter by (default: its first path); a label for people (default: the name).
            string? name = null;
            if (um["name"] is { } nameNode && _values.Text(nameNode, "name") is { } given)
            {
                if (Values.PlainNameProblem(given) is { } bad) { _problems.At(nameNode, $"parameter name '{given}' {bad}"); continue; }
                if (names.TryGetValue(given, out int firstLine))
                    { _problems.At(nameNode, $"parameter name '{given}' is used twice (first at line {firstLine}; expected each name once)"); continue; }
                names[given] = (int)nameNode.Line;
                name = given;
            }
            string? label = um["label"] is { } labelNode ? _values.Text(labelNode, "label") : null;
            var spec = um[family]!;
            string? source = um["source"] is { } sn ? _values.Text(sn, "source") : null;
            if (family == "dirichlet")
            {
                if (name is not null) { _problems.At(um["name"]!, "a dirichlet's shares are named by their paths (expected 'name' on single parameters only)"); continue; }
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
                drawn.AddRange(places.Select(x => (x.Scalar.File, x.Scalar.Start, x.Path.Text)));
                dirichlets.Add(new UncertainShares(places.Select(x => x.Path).ToArray(), places.Select(x => x.Written.Value).ToArray(), a.Select(x => x!.Value).ToArray(), (int)m.Line) { Source = source });
                continue;
            }
            if (!_places.Same(places, "tied uncertain parameter")) continue;
            if (_distributions.Read(family, spec, places[0].Written) is not { } distribution) continue;
            // The number written must be a value the distribution can take: a unit slip (a beta on 40%) shows here.
            if (distribution.Support is var (lo, hi) && !(places[0].Written.Value >= lo && places[0].Written.Value <= hi))
            {
                _problems.At(places[0].Scalar, $"'{places[0].Path.Text}' is {places[0].Scalar.Value}, outside what a {family} can draw ({(double.IsInfinity(hi) ? $"> {Values.Fmt(lo)}" : $"{Values.Fmt(lo)} to {Values.Fmt(hi)}")}; expected the base value within the distribution's range, in the same unit)");
                continue;
            }
            // The one-way analysis's range: written as low and high, else the distribution's 2.5th and 97.5th percentiles.
            double? low = um["low"] is { } ln ? _values.InUnitOf(ln, places[0].Written, "low") : null;
            double? high = um["high"] is { } hn ? _values.InUnitOf(hn, places[0].Written, "high") : null;
            if ((um["low"] is null) != (um["high"] is null)) { _problems.At(m, "an uncertain parameter's one-way range needs both low and high"); continue; }
            if (low is not null && high is not null && !(low < high)) { _problems.At(um["low"]!, $"low must be below high (got {Values.Fmt(low.Value)} and {Values.Fmt(high.Value)})"); continue; }
            if (um["low"] is not null && (low is null || high is null)) continue;
            singles.Add(new UncertainParameter(places.Select(x => x.Path).ToArray(), places[0].Written.Value, distribution, (int)m.Line)
            {
                Source = source, Low = low, High = high, GivenName = name, Label = label,
            });
            drawn.AddRange(places.Select(x => (x.Scalar.File, x.Scalar.Start, singles[^1].Name)));
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
                    int index = singles.FindIndex(u => u.GivenName == text || u.Places.Any(pp => pp.Text == text));
                    if (index < 0) { _problems.At(member, $"'{text}' is not the name or path of an uncertain parameter above (expected one listed under uncertainty.parameters, not a dirichlet)"); continue; }
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
                    if (rows.Children[i] is not Sequence row || row.Children.Count != n) { ok = false; break; }
                    for (int j = 0; j < n; j++) { if (_values.Number(row.Children[j], "a correlation") is { } v) r[i, j] = v; else ok = false; }
                }
                if (!ok) { _problems.At(mn, $"the correlation matrix must have {n} rows of {n} numbers, one per parameter"); continue; }
                if (CorrelationSpec.Problem(r) is { } problem) { _problems.At(mn, problem); continue; }
                groups.Add(new CorrelationSpec(indices, r));
            }
        var named = ReadGroups(map["groups"], singles);
        var taken = new HashSet<string>(singles.Select(u => u.Name).Concat(named.Select(g => g.Name)), StringComparer.Ordinal);
        var posterior = map["posterior"] is { } post && context.ReadPosterior ? new PosteriorReader(context).Read(post, calibration, drawn, taken) : null;
        return new UncertaintySettings(singles, dirichlets, groups) { Groups = named, Posterior = posterior };
    }

    /// <summary>
    /// groups: name → the names (or first paths) of parameters that EVPPI reports together, e.g. what a study would
    /// learn at once. Each group's name is a plain name; every member a parameter above, once per group.
    /// </summary>
    private (string Name, int[] Members)[] ReadGroups(Node? node, List<UncertainParameter> singles)
    {
        var result = new List<(string, int[])>();
        if (node is null || _values.Map(node, "groups") is not { } gm) return result.ToArray();
        foreach (var (name, key, value) in new MapNode(gm, _problems, "groups", null).Entries)
        {
            if (Values.PlainNameProblem(name) is { } bad) { _problems.At(key, $"group name '{name}' {bad}"); continue; }
            if (singles.Any(u => u.Name == name)) { _problems.At(key, $"group name '{name}' is also a parameter's name (expected a name of its own)"); continue; }
            if (_values.List(value, $"group '{name}'") is not { } members) continue;
            if (members.Children.Count == 0) { _problems.At(value, $"group '{name}' has no parameters (expected a list of parameter names)"); continue; }
            var indices = new List<int>();
            foreach (var member in members.Children)
            {
                if (_values.Text(member, "a group member") is not { } text) continue;
                int index = singles.FindIndex(u => u.GivenName == text || u.Places.Any(pp => pp.Text == text));
                if (index < 0) { _problems.At(member, $"'{text}' is not the name or path of an uncertain parameter above (expected one listed under uncertainty.parameters)"); continue; }
                if (indices.Contains(index)) { _problems.At(member, $"'{text}' is in group '{name}' twice (expected each parameter once)"); continue; }
                indices.Add(index);
            }
            if (indices.Count == members.Children.Count) result.Add((name, indices.ToArray()));
        }
        return result.ToArray();
    }
}
