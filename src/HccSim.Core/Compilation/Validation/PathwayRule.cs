using HccSim.Core.Model;

namespace HccSim.Core.Compilation.Validation;

/// <summary>
/// A pathway strategy: its nodes, start, transitions and chance nodes each by their own rule, then the rules on
/// its graph as a whole (loops that take no time, nodes never reached).
/// </summary>
internal static class PathwayRule
{
    public static void Check(PathwayStrategy p, CohortModel model, IReadOnlyDictionary<string, PatientAttribute> attributes,
        ISet<string> tags, ModelErrorList errors)
    {
        string el = $"strategy '{p.Name}'";
        var nodes = PathwayNodes.Collect(p, el, model.HorizonMonths, errors);
        if (nodes.States.Count == 0) errors.Add(p, el, "has no states (expected at least one)");
        if (!nodes.Contains(p.Start)) errors.Add(p, el, $"start {nodes.Undefined(p.Start)}");
        DeadStateRule.Check(p, el, nodes, model, errors);
        var clocks = ClockRule.Check(p, el, nodes, errors);
        foreach (var st in p.States)
            if (st.HasRewardsByTime) RewardRule.Check(st, $"{el}, state '{st.Name}'", model.HorizonMonths, clocks, errors);
        PerCycleExitRule.Check(p, el, nodes, errors);
        DrugRule.Check(p, el, model.HorizonMonths, tags, errors);
        for (int i = 0; i < p.Transitions.Count; i++)
        {
            var t = p.Transitions[i];
            TransitionRule.Check(t, $"{el}, transition {i + 1} ({t.From} → {t.To})", nodes, clocks, model, attributes, tags, errors);
        }
        foreach (var c in p.ChanceNodes) ChanceNodeRule.Check(c, $"{el}, chance node '{c.Name}'", nodes, attributes, tags, errors);

        var chanceLoop = ChanceLoopRule.Check(el, nodes, errors);
        // A loop of chance nodes is also an instant loop; that error names the chance node already reported for it.
        // A loop that takes no time at all is said once, by the rule about it; one that only takes very little, by the next.
        if (!InstantLoopRule.Check(p, el, nodes, chanceLoop ?? (object)p, errors)) NearInstantLoopRule.Check(p, el, nodes, model.HorizonMonths, errors);
        ReachabilityRule.Check(p, el, nodes, model.BackgroundMortality is not null, errors);
    }
}
