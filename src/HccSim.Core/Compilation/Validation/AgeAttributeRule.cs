using HccSim.Core.Model;
using static HccSim.Core.Compilation.Validation.ErrorText;

namespace HccSim.Core.Compilation.Validation;

/// <summary>The age attribute, if named, is a defined continuous attribute over a finite range of years ≥ 0.</summary>
internal static class AgeAttributeRule
{
    public static void Check(CohortModel model, IReadOnlyDictionary<string, PatientAttribute> attributes, ModelErrorList errors)
    {
        if (model.AgeAttribute is not { } age) return;
        if (!attributes.TryGetValue(age, out var a))
            errors.Add(model, "model", $"age attribute '{age}' is not defined{Suggestions.DidYouMean(age, attributes.Keys)}");
        else if (a is not ContinuousAttribute c)
            errors.Add(a, "model", $"age attribute '{age}' must be continuous (age in years), not categorical");
        else if (!(c.Min >= 0) || !double.IsFinite(c.Max))
            errors.Add(a, $"attribute '{age}'", $"an age must lie in a finite range ≥ 0 years (got [{Num(c.Min)}, {Num(c.Max)}])");
    }
}
