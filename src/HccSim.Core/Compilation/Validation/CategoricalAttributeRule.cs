using HccSim.Core.Model;
using static HccSim.Core.Compilation.Validation.ErrorText;

namespace HccSim.Core.Compilation.Validation;

/// <summary>A categorical attribute has 1 to 64 distinct levels whose shares are probabilities summing to 1.</summary>
internal static class CategoricalAttributeRule
{
    public static void Check(CategoricalAttribute c, string el, ModelErrorList errors)
    {
        if (c.Levels.Count == 0) { errors.Add(c, el, "has no levels (expected at least one level with a share)"); return; }
        if (c.Levels.Count > 64) errors.Add(c, el, $"has {c.Levels.Count} levels (expected at most 64)");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var l in c.Levels)
        {
            if (!seen.Add(l.Name)) errors.Add(c, el, $"level '{l.Name}' is listed more than once");
            if (!(l.Share >= 0 && l.Share <= 1))
                errors.Add(c, $"{el}, level '{l.Name}'", $"share must be a probability in [0, 1] (got {Num(l.Share)})");
        }
        double sum = c.Levels.Sum(l => l.Share);
        if (Math.Abs(sum - 1) > ModelCompiler.SumTolerance)
            errors.Add(c, el, $"level shares must sum to 1 (got {Num(sum)})");
    }
}
