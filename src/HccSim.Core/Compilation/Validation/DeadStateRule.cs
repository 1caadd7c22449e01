using HccSim.Core.Model;

namespace HccSim.Core.Compilation.Validation;

/// <summary>With background mortality, a pathway has exactly one dead state for it to lead to.</summary>
internal static class DeadStateRule
{
    public static void Check(PathwayStrategy p, string el, PathwayNodes nodes, CohortModel model, ModelErrorList errors)
    {
        int deadCount = nodes.States.Values.Count(s => s.IsDead);
        if (model.BackgroundMortality is not null && deadCount != 1)
            errors.Add(p, el, $"background mortality needs exactly one dead state to lead to (got {deadCount})");
    }
}
