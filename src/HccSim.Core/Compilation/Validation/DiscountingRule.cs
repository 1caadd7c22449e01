using HccSim.Core.Model;
using static HccSim.Core.Compilation.Validation.ErrorText;

namespace HccSim.Core.Compilation.Validation;

/// <summary>Discount rates are finite and not negative.</summary>
internal static class DiscountingRule
{
    public static void Check(Discounting d, ModelErrorList errors)
    {
        if (!(d.CostsPerYear >= 0) || !double.IsFinite(d.CostsPerYear))
            errors.Add(d, "discounting", $"cost discount rate must be a finite rate ≥ 0 per year (got {Num(d.CostsPerYear)})");
        if (!(d.OutcomesPerYear >= 0) || !double.IsFinite(d.OutcomesPerYear))
            errors.Add(d, "discounting", $"outcome discount rate must be a finite rate ≥ 0 per year (got {Num(d.OutcomesPerYear)})");
    }
}
