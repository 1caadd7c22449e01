using HccSim.Core.Model;
using static HccSim.Core.Compilation.Validation.ErrorText;

namespace HccSim.Core.Compilation.Validation;

/// <summary>
/// A chance node has branches to nodes of its pathway whose probabilities sum to 1 (for every level, when they depend on
/// an attribute's level), sets only levels that exist, and has valid one-offs and tags.
/// </summary>
internal static class ChanceNodeRule
{
    public static void Check(ChanceNode c, string ce, PathwayNodes nodes, IReadOnlyDictionary<string, PatientAttribute> attributes,
        ISet<string> tags, ModelErrorList errors)
    {
        if (c.Branches.Count == 0) { errors.Add(c, ce, "has no branches (expected at least one)"); return; }
        foreach (var b in c.Branches)
        {
            if (b.ByLevel is null && !(b.Probability >= 0 && b.Probability <= 1))
                errors.Add(b, $"{ce}, branch to '{b.To}'", $"probability must be in [0, 1] (got {Num(b.Probability)})");
            if (!nodes.Contains(b.To)) errors.Add(b, $"{ce}, branch", $"to {nodes.Undefined(b.To)}");
            TagRule.Check(b, $"{ce}, branch to '{b.To}'", b.Tags, tags, errors);
        }
        if (c.By is { } by) CheckByLevel(c, ce, by, attributes, errors);
        else
        {
            double sum = c.Branches.Sum(b => b.Probability);
            if (Math.Abs(sum - 1) > ModelCompiler.SumTolerance) errors.Add(c, ce, $"branch probabilities must sum to 1 (got {Num(sum)})");
        }
        OneOffRule.Check(c, ce, c.Cost, c.UtilityToll, errors);
        TagRule.Check(c, ce, c.Tags, tags, errors);
        foreach (var s in c.Sets) CheckSetting(s, ce, attributes, errors);
    }

    /// <summary>Branches by level name one categorical attribute and all its levels; at each level they are in [0, 1] and sum to 1.</summary>
    private static void CheckByLevel(ChanceNode c, string ce, string by, IReadOnlyDictionary<string, PatientAttribute> attributes, ModelErrorList errors)
    {
        int before = errors.Count;
        if (Categorical(by, c.Branches.First(b => b.ByLevel is not null).ByLevel!, $"{ce}, branch probabilities", attributes, errors) is not { } levels) return;
        foreach (var b in c.Branches)
        {
            if (b.ByLevel is not { } bl) continue;
            if (bl.Attribute != by)
            {
                errors.Add(bl, $"{ce}, branch to '{b.To}'", $"probability depends on '{bl.Attribute}', but another branch's depends on '{by}' (expected one attribute per chance node)");
                return;
            }
            foreach (var level in bl.Values.Keys.Where(l => !levels.Contains(l)))
                errors.Add(bl, $"{ce}, branch to '{b.To}'", $"probability names level '{level}' of '{by}', which has no such level{Suggestions.DidYouMean(level, levels)}");
            // 'rest' covers the levels the others name: a level they miss is said once, at the branch that misses it.
            if (!b.IsRest && levels.FirstOrDefault(l => !bl.Values.ContainsKey(l)) is { } missing)
                errors.Add(bl, $"{ce}, branch to '{b.To}'", $"probability by '{by}' gives no '{missing}' (expected every level: {string.Join(", ", levels)})");
        }
        if (errors.Count > before) return;
        foreach (var level in levels)
        {
            double sum = 0;
            foreach (var b in c.Branches)
            {
                double p = b.ProbabilityAt(level);
                if (b.ByLevel is not null && !(p >= 0 && p <= 1))
                    errors.Add(b.ByLevel, $"{ce}, branch to '{b.To}'", $"probability for {by} = {level} must be in [0, 1] (got {Num(p)})");
                sum += p;
            }
            if (Math.Abs(sum - 1) > ModelCompiler.SumTolerance) errors.Add(c, ce, $"branch probabilities for {by} = {level} must sum to 1 (got {Num(sum)})");
        }
    }

    private static void CheckSetting(AttributeSetting s, string ce, IReadOnlyDictionary<string, PatientAttribute> attributes, ModelErrorList errors)
    {
        if (Categorical(s.Attribute, s, $"{ce}, set", attributes, errors) is not { } levels) return;
        if (!levels.Contains(s.Level))
            errors.Add(s, $"{ce}, set", $"names level '{s.Level}' of '{s.Attribute}', which has no such level{Suggestions.DidYouMean(s.Level, levels)}");
    }

    /// <summary>The levels of <paramref name="name"/> when it is a defined categorical attribute; else an error and null.</summary>
    private static string[]? Categorical(string name, object subject, string element, IReadOnlyDictionary<string, PatientAttribute> attributes, ModelErrorList errors)
    {
        if (!attributes.TryGetValue(name, out var a))
        {
            errors.Add(subject, element, $"names attribute '{name}', which is not defined{Suggestions.DidYouMean(name, attributes.Keys)}");
            return null;
        }
        if (a is not CategoricalAttribute ca)
        {
            errors.Add(subject, element, $"names attribute '{name}', which is continuous (expected a categorical attribute: levels can be set and probabilities given by level)");
            return null;
        }
        return ca.Levels.Select(l => l.Name).ToArray();
    }
}
