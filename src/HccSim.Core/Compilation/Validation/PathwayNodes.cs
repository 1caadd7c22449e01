using HccSim.Core.Model;

namespace HccSim.Core.Compilation.Validation;

/// <summary>A pathway's states and chance nodes by name (the first of each name), which its other rules resolve names against.</summary>
internal sealed class PathwayNodes
{
    private PathwayNodes(Dictionary<string, State> states, Dictionary<string, ChanceNode> chance)
    {
        States = states;
        Chance = chance;
        Names = states.Keys.Concat(chance.Keys).ToArray();
    }

    public IReadOnlyDictionary<string, State> States { get; }
    public IReadOnlyDictionary<string, ChanceNode> Chance { get; }
    /// <summary>Every node name, states first: the candidates for "did you mean …?".</summary>
    public IReadOnlyList<string> Names { get; }

    public bool Contains(string name) => States.ContainsKey(name) || Chance.ContainsKey(name);

    /// <summary>The message for a name that is neither a state nor a chance node, with a suggestion.</summary>
    public string Undefined(string name) => $"'{name}' is not a state or chance node of this strategy{Suggestions.DidYouMean(name, Names)}";

    /// <summary>
    /// Names the pathway's nodes, refusing empty and repeated names; each named state's own values are checked as it
    /// is met, so the errors come in the order the states are written.
    /// </summary>
    public static PathwayNodes Collect(PathwayStrategy p, string el, double horizonMonths, ModelErrorList errors)
    {
        var states = new Dictionary<string, State>(StringComparer.Ordinal);
        var chance = new Dictionary<string, ChanceNode>(StringComparer.Ordinal);
        foreach (var st in p.States)
        {
            if (string.IsNullOrWhiteSpace(st.Name)) { errors.Add(st, el, "a state has an empty name"); continue; }
            if (!states.TryAdd(st.Name, st)) errors.Add(st, $"{el}, state '{st.Name}'", "is defined more than once");
            StateRule.Check(st, $"{el}, state '{st.Name}'", horizonMonths, errors);
        }
        foreach (var c in p.ChanceNodes)
        {
            if (string.IsNullOrWhiteSpace(c.Name)) { errors.Add(c, el, "a chance node has an empty name"); continue; }
            if (states.ContainsKey(c.Name) || !chance.TryAdd(c.Name, c))
                errors.Add(c, $"{el}, chance node '{c.Name}'", "has the name of another state or chance node (expected unique names)");
        }
        return new PathwayNodes(states, chance);
    }
}
