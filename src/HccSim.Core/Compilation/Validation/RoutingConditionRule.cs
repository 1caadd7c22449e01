using HccSim.Core.Model;
using static HccSim.Core.Compilation.Validation.ErrorText;

namespace HccSim.Core.Compilation.Validation;

/// <summary>A routing condition names a defined attribute and fits its kind: levels it has, or a range min &lt; max.</summary>
internal static class RoutingConditionRule
{
    /// <summary>Checks condition <paramref name="c"/> of routing rule <paramref name="rule"/> (errors name the rule).</summary>
    public static void Check(AttributeCondition c, RoutingRule rule, string re, IReadOnlyDictionary<string, PatientAttribute> attributes, ModelErrorList errors)
    {
        if (!attributes.TryGetValue(c.Attribute, out var a))
        {
            errors.Add(rule, re, $"condition on '{c.Attribute}', which is not an attribute{Suggestions.DidYouMean(c.Attribute, attributes.Keys)}");
            return;
        }
        switch (c)
        {
            case LevelCondition lc when a is CategoricalAttribute ca:
                if (lc.Levels.Count == 0) errors.Add(rule, re, $"condition on '{c.Attribute}' lists no levels");
                foreach (var l in lc.Levels.Where(l => !ca.Levels.Any(x => x.Name == l)))
                    errors.Add(rule, re, $"condition names level '{l}' of '{c.Attribute}', which has no such level{Suggestions.DidYouMean(l, ca.Levels.Select(x => x.Name))}");
                break;
            case RangeCondition rc when a is ContinuousAttribute:
                if (!(rc.Max > rc.Min)) errors.Add(rule, re, $"range on '{c.Attribute}' must have min < max (got [{Num(rc.Min)}, {Num(rc.Max)}))");
                break;
            default:
                errors.Add(rule, re, $"condition on '{c.Attribute}' does not fit its kind ({(a is CategoricalAttribute ? "categorical: expected levels" : "continuous: expected a range")})");
                break;
        }
    }
}
