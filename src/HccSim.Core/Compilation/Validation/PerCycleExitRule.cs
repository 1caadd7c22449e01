using HccSim.Core.Distributions;
using HccSim.Core.Model;
using static HccSim.Core.Compilation.Validation.ErrorText;

namespace HccSim.Core.Compilation.Validation;

/// <summary>
/// A state's per-cycle probabilities of leaving (time-in-state clock) are one distribution over where a patient goes
/// each cycle, so in every cycle they sum to less than 1.
/// </summary>
internal static class PerCycleExitRule
{
    public static void Check(PathwayStrategy p, string el, PathwayNodes nodes, ModelErrorList errors)
    {
        // An empty list has no cycle to sum (its transition reports it); left in, it would have no value to read.
        foreach (var group in p.Transitions.Where(t => t.Time is PerCycle { Probabilities.Count: > 0 } && t.Clock == Clock.TimeInState && nodes.States.ContainsKey(t.From)).GroupBy(t => t.From))
        {
            int length = group.Max(t => ((PerCycle)t.Time).Probabilities.Count);
            for (int k = 0; k < length; k++)
            {
                double sum = group.Sum(t => ((PerCycle)t.Time).ProbabilityOf(k));
                if (sum >= 1)
                {
                    errors.Add(group.First(), $"{el}, state '{group.Key}'", $"per-cycle probabilities of leaving sum to {Num(sum)} in cycle {k + 1} in the state (expected less than 1)");
                    break;
                }
            }
        }
    }
}
