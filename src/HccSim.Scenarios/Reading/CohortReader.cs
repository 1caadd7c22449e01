using HccSim.Core.Compilation;
using HccSim.Core.Model;
using HccSim.Scenarios.Diagnostics;
using HccSim.Scenarios.Yaml;

namespace HccSim.Scenarios.Reading;

/// <summary>The cohort: how many patients, the seed, and the attributes patients are drawn with (categorical shares or a continuous distribution).</summary>
internal sealed class CohortReader(ReadingContext context)
{
    public const long MaxPatients = int.MaxValue;

    private static readonly string[] CohortKeys = { "patients", "seed", "attributes", "age", "profiles", "profile" };
    private static readonly string[] ProfileKeys = { "description", "source", "attributes" };
    private static readonly string[] ContinuousKeys = { "normal", "uniform", "constant", "min", "max" };
    private static readonly string[] NormalKeys = { "mean", "sd" };

    private readonly Problems _problems = context.Problems;
    private readonly Values _values = context.Values;
    private readonly Dictionary<object, Node> _origin = context.Origin;

    /// <summary>
    /// Cohort size and seed, the patients' attributes, which attribute is age, and the population profile applied (null:
    /// the cohort as written) with the names of all the file's profiles.
    /// </summary>
    public (int Patients, ulong Seed, List<PatientAttribute> Attributes, string? AgeAttribute, string? Profile, IReadOnlyList<string> Profiles) Read(MapNode top)
    {
        int patients = 10_000;
        ulong seed = 1;
        var attributes = new List<PatientAttribute>();
        string? ageAttribute = null, applied = null;
        var names = new List<string>();
        bool read = false;
        if (top["cohort"] is { } cohortNode && _values.Map(cohortNode, "cohort") is { } cm)
        {
            var cohort = new MapNode(cm, _problems, "cohort", CohortKeys);
            if (cohort["patients"] is { } p && _values.Whole(p, "patients", 1, MaxPatients) is { } pv) patients = (int)pv;
            if (cohort["seed"] is { } sd && _values.Seed(sd) is { } sv) seed = sv;
            if (cohort["attributes"] is { } a && _values.Map(a, "attributes") is { } am) ReadAttributes(am, attributes);
            if (cohort["age"] is { } ag) ageAttribute = _values.Text(ag, "age");
            read = true;
            var profiles = cohort["profiles"] is { } pn && _values.Map(pn, "profiles") is { } pm ? ReadProfiles(pm, attributes) : new();
            names.AddRange(profiles.Keys);
            // The caller's profile (run --profile) in place of the file's own choice.
            Node? chosenAt = cohort["profile"];
            string? chosen = context.Profile ?? (chosenAt is not null ? _values.Text(chosenAt, "profile") : null);
            if (chosen is not null)
            {
                if (profiles.TryGetValue(chosen, out var replaced))
                {
                    for (int i = 0; i < attributes.Count; i++)
                        if (replaced.FirstOrDefault(r => r.Name == attributes[i].Name) is { } r) attributes[i] = r;
                    applied = chosen;
                }
                else
                    _problems.At(context.Profile is null && chosenAt is not null ? chosenAt : cm,
                        $"{(context.Profile is null ? "profile" : "--profile")} '{chosen}' is not a profile of the cohort ({(names.Count == 0 ? "it has none" : "profiles: " + string.Join(", ", names))}){Suggestions.DidYouMean(chosen, names)}");
            }
        }
        // A profile asked for by the caller of a file without a cohort section names nothing: refused, not ignored.
        if (!read && context.Profile is { } asked)
            _problems.At(context.ShownAs, 1, 1, $"--profile '{asked}' is not a profile of the cohort (the file has no cohort section, so no profiles)");
        ageAttribute ??= attributes.OfType<ContinuousAttribute>().FirstOrDefault(a => a.Name == "age")?.Name;
        return (patients, seed, attributes, ageAttribute, applied, names);
    }

    /// <summary>
    /// profiles: name → { description, source, attributes }: another population for the same model (a trial's), each
    /// attribute given replacing the cohort's own — same name and kind, and for a categorical one the same levels (kept in
    /// the cohort's order, so that the hazard ratios written for them still apply).
    /// </summary>
    private Dictionary<string, List<PatientAttribute>> ReadProfiles(Mapping node, List<PatientAttribute> cohort)
    {
        var result = new Dictionary<string, List<PatientAttribute>>(StringComparer.Ordinal);
        foreach (var (name, key, value) in new MapNode(node, _problems, "profiles", null).Entries)
        {
            // A plain name: it becomes a results folder (results/<scenario>/profile-NAME).
            if (Values.PlainNameProblem(name) is { } bad) { _problems.At(key, $"profile name '{name}' {bad}"); continue; }
            if (_values.Map(value, $"profile '{name}'") is not { } m) continue;
            var profile = new MapNode(m, _problems, $"profile '{name}'", ProfileKeys);
            if (profile["attributes"] is not { } an || _values.Map(an, $"profile '{name}' attributes") is not { } am)
            {
                if (profile["attributes"] is null) _problems.At(key, $"profile '{name}' has no 'attributes' (expected the attributes it gives another distribution)");
                continue;
            }
            var read = new List<PatientAttribute>();
            ReadAttributes(am, read);
            var kept = new List<PatientAttribute>();
            foreach (var attribute in read)
            {
                var at = _origin[attribute];
                var own = cohort.FirstOrDefault(c => c.Name == attribute.Name);
                if (own is null) { _problems.At(at, $"profile '{name}' gives attribute '{attribute.Name}', which the cohort does not have{Suggestions.DidYouMean(attribute.Name, cohort.Select(c => c.Name))}"); continue; }
                if (own is CategoricalAttribute oc && attribute is CategoricalAttribute pc)
                {
                    var ownLevels = oc.Levels.Select(l => l.Name).ToArray();
                    if (!ownLevels.OrderBy(x => x, StringComparer.Ordinal).SequenceEqual(pc.Levels.Select(l => l.Name).OrderBy(x => x, StringComparer.Ordinal)))
                    { _problems.At(at, $"profile '{name}' gives '{attribute.Name}' the levels {string.Join(", ", pc.Levels.Select(l => l.Name))} (expected the cohort's: {string.Join(", ", ownLevels)})"); continue; }
                    var ordered = new CategoricalAttribute(pc.Name, ownLevels.Select(l => pc.Levels.First(x => x.Name == l)).ToArray());
                    _origin[ordered] = at;
                    kept.Add(ordered);
                }
                else if ((own is CategoricalAttribute) != (attribute is CategoricalAttribute))
                    _problems.At(at, $"profile '{name}' gives '{attribute.Name}' as {(attribute is CategoricalAttribute ? "categorical" : "continuous")}, but the cohort's is {(own is CategoricalAttribute ? "categorical" : "continuous")}");
                else kept.Add(attribute);
            }
            result[name] = kept;
        }
        return result;
    }

    private void ReadAttributes(Mapping node, List<PatientAttribute> into)
    {
        foreach (var (name, key, value) in new MapNode(node, _problems, "attributes", null).Entries)
        {
            if (_values.Map(value, $"attribute '{name}'") is not { } m) continue;
            bool continuous = m.Keys.OfType<Scalar>().Any(k => k.Value is "normal" or "uniform" or "constant");
            PatientAttribute? attribute = continuous ? ReadContinuous(name, m) : ReadCategorical(name, m);
            if (attribute is null) continue;
            into.Add(attribute);
            _origin[attribute] = key;
        }
    }

    private PatientAttribute? ReadCategorical(string name, Mapping m)
    {
        var levels = new List<AttributeLevel>();
        foreach (var (level, key, value) in new MapNode(m, _problems, $"attribute '{name}'", null).Entries)
            if (_values.Probability(value, $"share of {name} = {level}") is { } share) levels.Add(new AttributeLevel(level, share));
        if (levels.Count == 0)
        {
            _problems.At(m, $"attribute '{name}' has no levels (expected level: share pairs, or normal/uniform/constant for a number)");
            return null;
        }
        return levels.Count == m.Children.Count ? new CategoricalAttribute(name, levels) : null;
    }

    private PatientAttribute? ReadContinuous(string name, Mapping m)
    {
        var map = new MapNode(m, _problems, $"attribute '{name}'", ContinuousKeys);
        int kinds = new[] { "normal", "uniform", "constant" }.Count(map.Has);
        if (kinds > 1) { _problems.At(m, $"attribute '{name}' gives more than one of normal, uniform and constant (expected one)"); return null; }
        double min = double.NegativeInfinity, max = double.PositiveInfinity;
        if (map["min"] is { } mn && _values.Number(mn, $"{name} min") is { } a) min = a;
        if (map["max"] is { } mx && _values.Number(mx, $"{name} max") is { } b) max = b;
        AttributeDistribution? distribution = null;
        if (map["normal"] is { } nn && _values.Map(nn, $"{name} normal") is { } nm)
        {
            var normal = new MapNode(nm, _problems, $"{name} normal", NormalKeys);
            double? mean = normal["mean"] is { } me ? _values.Number(me, $"{name} mean") : context.Missing<double>(nm, $"{name} normal", "mean");
            double? sd = normal["sd"] is { } s ? _values.Number(s, $"{name} sd", v => v > 0, "a number > 0") : context.Missing<double>(nm, $"{name} normal", "sd");
            if (mean is { } mu && sd is { } sigma) distribution = new NormalAttribute(mu, sigma);
        }
        else if (map["uniform"] is { } un && _values.List(un, $"{name} uniform") is { } ul)
        {
            if (ul.Children.Count != 2) _problems.At(un, $"{name} uniform must be [min, max] (got {ul.Children.Count} values)");
            else if (_values.Number(ul.Children[0], $"{name} uniform min") is { } lo && _values.Number(ul.Children[1], $"{name} uniform max") is { } hi)
            {
                if (!(hi > lo)) _problems.At(un, $"{name} uniform [{Values.Fmt(lo)}, {Values.Fmt(hi)}] must have min < max");
                else { min = Math.Max(min, lo); max = Math.Min(max, hi); distribution = UniformAttribute.Instance; }
            }
        }
        else if (map["constant"] is { } cn && _values.Number(cn, $"{name} constant") is { } c)
        {
            distribution = new ConstantAttribute(c);
            if (!map.Has("min")) min = c;
            if (!map.Has("max")) max = c;
        }
        return distribution is null ? null : new ContinuousAttribute(name, distribution, min, max);
    }
}
