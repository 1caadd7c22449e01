using HccSim.Core.Model;
using static HccSim.Core.Compilation.Validation.ErrorText;

namespace HccSim.Core.Compilation.Validation;

/// <summary>
/// Every patient must be routed and every rule must route someone: proved by enumerating the categorical levels
/// the rules use (rules on continuous ranges are checked against the attribute's bounds). Runs on a model whose
/// rules name only defined attributes, of the right kind.
/// </summary>
internal static class RoutingCoverageRule
{
    /// <summary>At most this many combinations of levels are enumerated.</summary>
    private const long MaxCombinations = 100_000;

    public static void Check(TieredStrategy t, string el, IReadOnlyDictionary<string, PatientAttribute> attributes, ModelErrorList errors)
    {
        for (int i = 0; i < t.Rules.Count; i++)
        {
            var rule = t.Rules[i];
            foreach (var c in rule.When)
            {
                if (c is RangeCondition rc && attributes[c.Attribute] is ContinuousAttribute ca
                    && (rc.Max <= ca.Min || rc.Min > ca.Max || (ca.Distribution is ConstantAttribute k && !(k.Value >= rc.Min && k.Value < rc.Max))))
                    errors.Add(rule, $"{el}, rule {i + 1}", $"covers no patient: '{c.Attribute}' is never in [{Num(rc.Min)}, {Num(rc.Max)}) (it lies in [{Num(ca.Min)}, {Num(ca.Max)}])");
                if (c is LevelCondition lc && attributes[c.Attribute] is CategoricalAttribute cat
                    && cat.Levels.Where(l => lc.Levels.Contains(l.Name)).All(l => l.Share == 0))
                    errors.Add(rule, $"{el}, rule {i + 1}", $"covers no patient: the levels it names of '{c.Attribute}' have share 0");
            }
        }
        if (t.Rules.Any(r => r.When.Any(c => c is RangeCondition)))
        {
            if (t.Rules[^1].When.Count > 0)
                errors.Add(t, el, "routing rules on continuous attributes may leave some patients unassigned (expected a last rule with no conditions)");
            return;
        }
        var used = t.Rules.SelectMany(r => r.When).Select(c => c.Attribute).Distinct().ToArray();
        var levels = used.Select(a => ((CategoricalAttribute)attributes[a]).Levels.Where(l => l.Share > 0).Select(l => l.Name).ToArray()).ToArray();
        long combos = levels.Aggregate(1L, (acc, l) => acc * Math.Max(1, l.Length));
        if (combos > MaxCombinations) { errors.Add(t, el, "routing rules combine too many levels to check (expected at most 100000 combinations)"); return; }
        var pick = new int[used.Length];
        var firstMatches = new bool[t.Rules.Count];
        string? unassigned = null;
        for (long k = 0; k < combos; k++)
        {
            long rest = k;
            for (int i = 0; i < used.Length; i++) { pick[i] = (int)(rest % levels[i].Length); rest /= levels[i].Length; }
            int rule = -1;
            for (int r = 0; r < t.Rules.Count && rule < 0; r++)
                if (t.Rules[r].When.All(c => ((LevelCondition)c).Levels.Contains(levels[Array.IndexOf(used, c.Attribute)][pick[Array.IndexOf(used, c.Attribute)]])))
                    rule = r;
            if (rule >= 0) firstMatches[rule] = true;
            else unassigned ??= string.Join(", ", used.Select((a, i) => $"{a} = {levels[i][pick[i]]}"));
        }
        if (unassigned is not null)
            errors.Add(t, el, $"routing rules leave patients with {unassigned} unassigned (expected a rule covering them, or a last rule with no conditions)");
        for (int r = 0; r < t.Rules.Count; r++)
            if (!firstMatches[r])
                errors.Add(t.Rules[r], $"{el}, rule {r + 1}", "covers no patient: the rules before it take every patient it names");
    }
}
