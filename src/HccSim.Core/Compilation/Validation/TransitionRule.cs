using HccSim.Core.Model;

namespace HccSim.Core.Compilation.Validation;

/// <summary>
/// A transition leaves a living state for a node of its pathway, after a valid time on a clock the model supports,
/// with one-off costs, tags and hazard ratios that are each valid; on a named clock, one that runs in the state it leaves.
/// </summary>
internal static class TransitionRule
{
    public static void Check(Transition t, string te, PathwayNodes nodes, IReadOnlyDictionary<string, NamedClock> clocks, CohortModel model,
        IReadOnlyDictionary<string, PatientAttribute> attributes, ISet<string> tags, ModelErrorList errors)
    {
        if (nodes.States.TryGetValue(t.From, out var from))
        {
            if (from.IsDead) errors.Add(t, te, $"leaves the dead state '{t.From}' (expected no transition out of death)");
        }
        else if (nodes.Chance.ContainsKey(t.From))
            errors.Add(t, te, $"leaves chance node '{t.From}' (a chance node splits on entry; give its branches instead)");
        else
            errors.Add(t, te, $"from {nodes.Undefined(t.From)}");
        if (!nodes.Contains(t.To)) errors.Add(t, te, $"to {nodes.Undefined(t.To)}");
        foreach (var problem in t.Time.Problems()) errors.Add(t.Time, te, problem);
        if (t.Time.IsDelay && t.HazardRatios.Count > 0)
            errors.Add(t, te, "has hazard ratios but its time is a delay (hazard ratios apply to hazards, not to delays)");
        if (t.Clock == Clock.Age && model.AgeAttribute is null)
            errors.Add(t, te, "uses the age clock but the model names no age attribute");
        if (t.Clock == Clock.Named)
        {
            if (nodes.States.ContainsKey(t.From) && ClockRule.Use(t.ClockName, t.From, clocks) is { } problem) errors.Add(t, te, problem);
        }
        else if (t.ClockName is not null)
            errors.Add(t, te, $"names clock '{t.ClockName}' but is on the {t.Clock} clock (expected Clock.Named with a clock name)");
        OneOffRule.Check(t, te, t.Cost, t.UtilityToll, errors);
        TagRule.Check(t, te, t.Tags, tags, errors);
        foreach (var hr in t.HazardRatios) HazardRatioRule.Check(hr, te, attributes, errors);
    }
}
