using HccSim.Core.Model;
using static HccSim.Core.Compilation.Validation.ErrorText;

namespace HccSim.Core.Compilation.Validation;

/// <summary>The horizon is a finite number of months, at most 150 years.</summary>
internal static class HorizonRule
{
    public static void Check(CohortModel model, ModelErrorList errors)
    {
        if (!(model.HorizonMonths > 0) || !double.IsFinite(model.HorizonMonths))
            errors.Add(model, "model", $"horizon must be a finite number of months > 0 (got {Num(model.HorizonMonths)})");
        if (model.HorizonMonths > 12 * 150)
            errors.Add(model, "model", $"horizon must be at most 1800 months (150 years) (got {Num(model.HorizonMonths)})");
    }
}
