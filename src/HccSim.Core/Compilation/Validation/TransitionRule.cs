using HccSim.Core.Model;

namespace HccSim.Core.Compilation.Validation;

/// <summary>
/// A transition leaves a living state for a node of its pathway, after a valid time on a clock the model supports,
/// with one-off costs, tags and hazard ratios that are each valid.
/// </summary>
internal static class TransitionRule
{
    public static void Check(Transition t, string te, PathwayNodes nodes, CohortModel model,
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
        OneOffRule.Check(t, te, t.Cost, t.UtilityToll, errors);
        TagRule.Check(t, te, t.Tags, tags, errors);
        foreach (var hr in t.HazardRatios) HazardRatioRule.Check(hr, te, attributes, errors);
    }
}
