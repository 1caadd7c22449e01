using HccSim.Core.Model;
using static HccSim.Core.Compilation.Validation.ErrorText;

namespace HccSim.Core.Compilation.Validation;

/// <summary>Background mortality: a life table of increasing ages and hazards ≥ 0, covering every age the cohort can have.</summary>
internal static class LifeTableRule
{
    public static void Check(CohortModel model, IReadOnlyDictionary<string, PatientAttribute> attributes, ModelErrorList errors)
    {
        if (model.BackgroundMortality is not { } lt) return;
        const string el = "background mortality";
        if (model.AgeAttribute is null)
            errors.Add(lt, el, "needs the model's age attribute (expected AgeAttribute naming a continuous attribute in years)");
        if (lt.AgesYears.Count == 0 || lt.AgesYears.Count != lt.AnnualHazards.Count)
        {
            errors.Add(lt, el, $"life table needs one hazard per age (got {lt.AgesYears.Count} ages and {lt.AnnualHazards.Count} hazards)");
            return;
        }
        for (int i = 1; i < lt.AgesYears.Count; i++)
            if (!(lt.AgesYears[i] > lt.AgesYears[i - 1]))
                errors.Add(lt, el, $"life table ages must increase (got {Num(lt.AgesYears[i])} after {Num(lt.AgesYears[i - 1])})");
        for (int i = 0; i < lt.AnnualHazards.Count; i++)
            if (!(lt.AnnualHazards[i] >= 0)) // +∞ is allowed: a table's last row often has q = 1
                errors.Add(lt, el, $"life table hazard at age {Num(lt.AgesYears[i])} must be a rate ≥ 0 per year (got {Num(lt.AnnualHazards[i])})");
        if (model.AgeAttribute is { } age && attributes.TryGetValue(age, out var a) && a is ContinuousAttribute c
            && lt.AgesYears.Count > 0 && c.Min < lt.AgesYears[0])
            errors.Add(lt, el, $"life table starts at age {Num(lt.AgesYears[0])} but attribute '{age}' can be as low as {Num(c.Min)} (expected the table to cover every age)");
    }
}
