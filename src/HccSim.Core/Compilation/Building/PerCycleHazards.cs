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
    /// <summary>Each exit's time and clock, with a state's per-cycle exits (two or more, one cycle length) as their joint hazards.</summary>
    public static (TimeToEvent Time, Clock Clock, string? ClockName)[] Jointly(Transition[] exits)
    {
        var times = exits.Select(t => (t.Time, t.Clock, t.ClockName)).ToArray();
        var group = Enumerable.Range(0, exits.Length).Where(i => Validation.PerCycleExitRule.InGroup(exits[i])).ToArray();
        if (group.Length < 2) return times;
        double cycle = ((PerCycle)exits[group[0]].Time).CycleMonths;
        if (group.Any(i => Math.Abs(((PerCycle)exits[i].Time).CycleMonths - cycle) > 1e-12)) return times;
        int length = group.Max(i => ((PerCycle)exits[i].Time).Probabilities.Count);
        // The clock of the probabilities that change (one, validated); none change: the time in the state.
        int changing = group.Where(i => ((PerCycle)exits[i].Time).Probabilities.Count > 1).DefaultIfEmpty(-1).First();
        var (clock, name) = changing >= 0 ? (exits[changing].Clock, exits[changing].ClockName) : (Clock.TimeInState, null);
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
            times[i] = (new PiecewiseHazard(Enumerable.Range(0, length).Select(k => k * cycle).ToArray(), rates), clock, name);
        }
        return times;
    }
}
