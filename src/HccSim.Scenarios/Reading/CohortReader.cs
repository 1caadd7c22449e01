using HccSim.Core.Model;
using HccSim.Scenarios.Diagnostics;
using HccSim.Scenarios.Yaml;

namespace HccSim.Scenarios.Reading;

/// <summary>The cohort: how many patients, the seed, and the attributes patients are drawn with (categorical shares or a continuous distribution).</summary>
internal sealed class CohortReader(ReadingContext context)
{
    public const long MaxPatients = int.MaxValue;

    private static readonly string[] CohortKeys = { "patients", "seed", "attributes", "age" };
    private static readonly string[] ContinuousKeys = { "normal", "uniform", "constant", "min", "max" };
    private static readonly string[] NormalKeys = { "mean", "sd" };

    private readonly Problems _problems = context.Problems;
    private readonly Values _values = context.Values;
    private readonly Dictionary<object, Node> _origin = context.Origin;

    /// <summary>Cohort size and seed, the patients' attributes, and which attribute is age.</summary>
    public (int Patients, ulong Seed, List<PatientAttribute> Attributes, string? AgeAttribute) Read(MapNode top)
    {
        int patients = 10_000;
        ulong seed = 1;
        var attributes = new List<PatientAttribute>();
        string? ageAttribute = null;
        if (top["cohort"] is { } cohortNode && _values.Map(cohortNode, "cohort") is { } cm)
        {
            var cohort = new MapNode(cm, _problems, "cohort", CohortKeys);
            if (cohort["patients"] is { } p && _values.Whole(p, "patients", 1, MaxPatients) is { } pv) patients = (int)pv;
            if (cohort["seed"] is { } sd && _values.Seed(sd) is { } sv) seed = sv;
            if (cohort["attributes"] is { } a && _values.Map(a, "attributes") is { } am) ReadAttributes(am, attributes);
            if (cohort["age"] is { } ag) ageAttribute = _values.Text(ag, "age");
        }
        ageAttribute ??= attributes.OfType<ContinuousAttribute>().FirstOrDefault(a => a.Name == "age")?.Name;
        return (patients, seed, attributes, ageAttribute);
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
