using HccSim.Core.Distributions;
using HccSim.Core.Model;
using static HccSim.Core.Compilation.Validation.ErrorText;

namespace HccSim.Core.Compilation.Validation;

/// <summary>
/// A state's per-cycle probabilities of leaving (on the time in the state or a named clock) are one distribution over
/// where a patient goes each cycle, so in every cycle they sum to less than 1; and those that change from cycle to cycle
/// change on one clock, so that "cycle k" means the same cycle for all of them.
/// </summary>
internal static class PerCycleExitRule
{
    /// <summary>Whether a transition belongs to its state's per-cycle group (read jointly by every engine).</summary>
    public static bool InGroup(Transition t) => t.Time is PerCycle { Probabilities.Count: > 0 } && t.Clock is Clock.TimeInState or Clock.Named;

    public static void Check(PathwayStrategy p, string el, PathwayNodes nodes, ModelErrorList errors)
    {
        // An empty list has no cycle to sum (its transition reports it); left in, it would have no value to read.
        foreach (var group in p.Transitions.Where(t => InGroup(t) && nodes.States.ContainsKey(t.From)).GroupBy(t => t.From))
        {
            var varying = group.Where(t => ((PerCycle)t.Time).Probabilities.Count > 1).Select(ClockOf).Distinct().ToArray();
            if (varying.Length > 1)
            {
                errors.Add(group.First(), $"{el}, state '{group.Key}'",
                    $"per-cycle probabilities of leaving change on more than one clock ({string.Join(" and ", varying)}); they are read together, one distribution a cycle, so those that change must share one clock");
                continue;
            }
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

    private static string ClockOf(Transition t) => t.Clock == Clock.Named ? t.ClockName ?? "" : "in_state";
}
