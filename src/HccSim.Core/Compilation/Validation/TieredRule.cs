using HccSim.Core.Model;

namespace HccSim.Core.Compilation.Validation;

/// <summary>
/// A tiered strategy routes to pathway strategies of the model by conditions on its attributes; on a model sound so
/// far, its rules must route every patient and each rule someone.
/// </summary>
internal static class TieredRule
{
    public static void Check(TieredStrategy t, CohortModel model, IReadOnlyDictionary<string, PatientAttribute> attributes, ModelErrorList errors)
    {
        string el = $"strategy '{t.Name}'";
        if (t.Rules.Count == 0) { errors.Add(t, el, "has no routing rules (expected at least one)"); return; }
        // The first pathway of each name: a repeated name is reported by StrategyNameRule, and must not stop the rest.
        var pathways = new Dictionary<string, PathwayStrategy>(StringComparer.Ordinal);
        foreach (var p in model.Strategies.OfType<PathwayStrategy>()) pathways.TryAdd(p.Name, p);
        for (int i = 0; i < t.Rules.Count; i++)
        {
            var r = t.Rules[i];
            string re = $"{el}, rule {i + 1}";
            if (!pathways.ContainsKey(r.Strategy))
            {
                bool tiered = model.Strategies.Any(s => s.Name == r.Strategy);
                errors.Add(r, re, tiered
                    ? $"routes to '{r.Strategy}', which is itself tiered (expected a pathway strategy)"
                    : $"routes to '{r.Strategy}', which is not a strategy of the model{Suggestions.DidYouMean(r.Strategy, pathways.Keys)}");
            }
            foreach (var c in r.When) RoutingConditionRule.Check(c, r, re, attributes, errors);
        }
        // The pathways it routes to are compiled as one strategy, whose clocks share the engine's 64-bit state masks.
        int clocks = t.Rules.Select(r => r.Strategy).Distinct().Sum(n => pathways.TryGetValue(n, out var p) ? p.Clocks.Count : 0);
        if (clocks > ClockRule.MaxClocks) errors.Add(t, el, $"routes to pathways with {clocks} clocks in all (expected at most {ClockRule.MaxClocks})");
        // So do their drugs priced apart (one bit each in a state's mask of drugs that stop).
        int drugs = t.Rules.Select(r => r.Strategy).Distinct().Sum(n => pathways.TryGetValue(n, out var p) ? p.Drugs.Count : 0);
        if (drugs > ModelCompiler.MaxDrugs) errors.Add(t, el, $"routes to pathways with {drugs} drugs priced apart in all (expected at most {ModelCompiler.MaxDrugs})");
        // Coverage enumerates the attributes' levels, so it needs every name and kind resolved: any earlier error stops it.
        if (errors.Count == 0) RoutingCoverageRule.Check(t, el, attributes, errors);
    }
}
