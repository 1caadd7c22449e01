using HccSim.Core.Model;
using static HccSim.Core.Compilation.Validation.ErrorText;

namespace HccSim.Core.Compilation.Validation;

/// <summary>A hazard ratio names a defined attribute of its kind (by level or per unit) and multiplies by finite numbers > 0.</summary>
internal static class HazardRatioRule
{
    public static void Check(HazardRatio hr, string element, IReadOnlyDictionary<string, PatientAttribute> attributes, ModelErrorList errors)
    {
        if (!attributes.TryGetValue(hr.Attribute, out var a))
        {
            errors.Add(hr, element, $"hazard ratio names attribute '{hr.Attribute}', which is not defined{Suggestions.DidYouMean(hr.Attribute, attributes.Keys)}");
            return;
        }
        switch (hr)
        {
            case CategoricalHazardRatio c when a is CategoricalAttribute ca:
                foreach (var (level, value) in c.ByLevel)
                {
                    if (!ca.Levels.Any(l => l.Name == level))
                        errors.Add(hr, element, $"hazard ratio names level '{level}' of '{hr.Attribute}', which has no such level{Suggestions.DidYouMean(level, ca.Levels.Select(l => l.Name))}");
                    if (!(value > 0) || !double.IsFinite(value))
                        errors.Add(hr, element, $"hazard ratio for {hr.Attribute} = {level} must be a finite number > 0 (got {Num(value)})");
                }
                break;
            case ContinuousHazardRatio c when a is ContinuousAttribute:
                if (!(c.PerUnit > 0) || !double.IsFinite(c.PerUnit))
                    errors.Add(hr, element, $"hazard ratio per unit of '{hr.Attribute}' must be a finite number > 0 (got {Num(c.PerUnit)})");
                if (!double.IsFinite(c.Reference))
                    errors.Add(hr, element, $"hazard ratio reference for '{hr.Attribute}' must be finite (got {Num(c.Reference)})");
                break;
            default:
                errors.Add(hr, element, $"hazard ratio on '{hr.Attribute}' is {(hr is CategoricalHazardRatio ? "by level" : "per unit")}, but the attribute is {(a is CategoricalAttribute ? "categorical" : "continuous")}");
                break;
        }
    }
}
