using HccSim.Core.Distributions;
using HccSim.Core.Model;

namespace HccSim.Core.Compilation.Building;

/// <summary>
/// A state's per-cycle probabilities (same cycle, time-in-state clock) are one distribution over where a patient goes
/// each cycle: the probability of leaving is their sum S, each exit's share p/S. As hazards that is a total of
/// −ln(1 − S)/cycle shared in proportion to p — so every engine reproduces the probabilities exactly when nothing
/// else competes, and background mortality, hazard ratios and other exits combine with them as competing hazards.
/// </summary>
internal static class PerCycleHazards
{
    /// <summary>Each exit's time, with a state's per-cycle exits (two or more, one cycle length) as their joint hazards.</summary>
    public static TimeToEvent[] Jointly(Transition[] exits)
    {
        var times = exits.Select(t => t.Time).ToArray();
        var group = Enumerable.Range(0, exits.Length).Where(i => exits[i].Time is PerCycle && exits[i].Clock == Clock.TimeInState).ToArray();
        if (group.Length < 2) return times;
        double cycle = ((PerCycle)exits[group[0]].Time).CycleMonths;
        if (group.Any(i => Math.Abs(((PerCycle)exits[i].Time).CycleMonths - cycle) > 1e-12)) return times;
        int length = group.Max(i => ((PerCycle)exits[i].Time).Probabilities.Count);
        foreach (int i in group)
        {
            var p = (PerCycle)exits[i].Time;
            var rates = new double[length];
            for (int k = 0; k < length; k++)
            {
                double sum = group.Sum(j => ((PerCycle)exits[j].Time).ProbabilityOf(k));
                double own = p.ProbabilityOf(k);
                rates[k] = own == 0 ? 0 : own / sum * -Math.Log(1 - sum) / cycle;
            }
            times[i] = new PiecewiseHazard(Enumerable.Range(0, length).Select(k => k * cycle).ToArray(), rates);
        }
        return times;
    }
}
