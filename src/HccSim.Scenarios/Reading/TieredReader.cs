using HccSim.Core.Model;
using HccSim.Scenarios.Diagnostics;
using HccSim.Scenarios.Yaml;

namespace HccSim.Scenarios.Reading;

/// <summary>A tiered strategy: patients routed by their attributes to the strategy of the first tier they match.</summary>
internal sealed class TieredReader(ReadingContext context)
{
    private static readonly string[] TierKeys = { "when", "use" };
    private static readonly string[] RangeKeys = { "min", "max" };

    private readonly Problems _problems = context.Problems;
    private readonly Values _values = context.Values;
    private readonly Dictionary<object, Node> _origin = context.Origin;

    public TieredStrategy? Read(string name, StrategyDraft draft)
    {
        var map = draft.Map!;
        if (_values.List(map["tiers"]!, $"tiers of '{name}'") is not { } list) return null;
        var rules = new List<RoutingRule>();
        foreach (var item in list.Children)
        {
            if (_values.Map(item, "a tier") is not { } tm) return null;
            var tier = new MapNode(tm, _problems, "a tier", TierKeys);
            string? use = tier["use"] is { } u ? _values.Text(u, "use") : null;
            if (tier["use"] is null) _problems.At(tm, "a tier has no 'use' (expected the strategy its patients follow)");
            var conditions = new List<AttributeCondition>();
            if (tier["when"] is { } w && _values.Map(w, "when") is { } wm)
            {
                foreach (var (attribute, key, value) in new MapNode(wm, _problems, "when", null).Entries)
                {
                    if (value is Mapping rm)
                    {
                        var range = new MapNode(rm, _problems, $"range of '{attribute}'", RangeKeys);
                        double min = range["min"] is { } mn ? _values.Number(mn, "min") ?? double.NaN : double.NegativeInfinity;
                        double max = range["max"] is { } mx ? _values.Number(mx, "max") ?? double.NaN : double.PositiveInfinity;
                        conditions.Add(new RangeCondition(attribute, min, max));
                    }
                    else if (_values.Names(value, $"levels of '{attribute}'") is { } levels)
                        conditions.Add(new LevelCondition(attribute, levels.Select(l => l.Name).ToArray()));
                }
            }
            if (use is null) continue;
            var rule = new RoutingRule(conditions, use);
            rules.Add(rule);
            _origin[rule] = item;
        }
        return new TieredStrategy(name, rules) { Label = draft.Label ?? name };
    }
}
