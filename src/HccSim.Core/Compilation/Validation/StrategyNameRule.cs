using HccSim.Core.Model;

namespace HccSim.Core.Compilation.Validation;

/// <summary>A model has strategies, each with a unique, non-empty name.</summary>
internal static class StrategyNameRule
{
    /// <summary>False when there is no strategy at all (nothing more to check).</summary>
    public static bool Check(CohortModel model, ModelErrorList errors)
    {
        if (model.Strategies.Count == 0) { errors.Add(model, "model", "has no strategies (expected at least one)"); return false; }
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var s in model.Strategies)
        {
            if (string.IsNullOrWhiteSpace(s.Name)) errors.Add(s, "strategy", "name must not be empty");
            else if (!names.Add(s.Name)) errors.Add(s, $"strategy '{s.Name}'", "is defined more than once (expected unique strategy names)");
        }
        return true;
    }
}
