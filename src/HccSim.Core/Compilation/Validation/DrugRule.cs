using HccSim.Core.Model;
using static HccSim.Core.Compilation.Validation.ErrorText;

namespace HccSim.Core.Compilation.Validation;

/// <summary>A drug is given in some state of its pathway, is named once, and has a price, dose intensity and stopping rate in range.</summary>
internal static class DrugRule
{
    public static void Check(PathwayStrategy p, string el, double horizonMonths, ISet<string> tags, ModelErrorList errors)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var given = p.States.SelectMany(s => s.Therapies).ToHashSet(StringComparer.Ordinal);
        foreach (var d in p.Drugs)
        {
            string de = $"{el}, drug '{d.Name}'";
            if (!names.Add(d.Name)) errors.Add(d, de, "is defined twice (expected each drug once)");
            if (!given.Contains(d.Name))
                errors.Add(d, de, $"is not given in any state (expected a state with on: {d.Name}{Suggestions.DidYouMean(d.Name, given)})");
            if (!(d.CostPerMonth >= 0 && d.CostPerMonth * horizonMonths <= ModelCompiler.MaxCost))
                errors.Add(d, de, $"cost per month must be ≥ 0 and at most {ModelCompiler.MaxCost:G3} over the horizon (got {Num(d.CostPerMonth)})");
            if (!(d.DoseIntensity > 0 && d.DoseIntensity <= 1.5))
                errors.Add(d, de, $"dose intensity must be > 0 and at most 1.5 (the share of the planned dose given; got {Num(d.DoseIntensity)})");
            if (!(d.StopRatePerMonth >= 0 && double.IsFinite(d.StopRatePerMonth)))
                errors.Add(d, de, $"stopping rate for toxicity must be a finite rate ≥ 0 per month (got {Num(d.StopRatePerMonth)})");
            if (d.StopTag is { } tag)
            {
                if (d.StopRatePerMonth == 0) errors.Add(d, de, "has a stop tag but never stops (expected stop_for_toxicity > 0 with a tag)");
                TagRule.Check(d, de, new[] { tag }, tags, errors);
            }
        }
        if (p.Drugs.Count > ModelCompiler.MaxDrugs) errors.Add(p, el, $"prices {p.Drugs.Count} drugs apart (expected at most {ModelCompiler.MaxDrugs})");
    }
}
