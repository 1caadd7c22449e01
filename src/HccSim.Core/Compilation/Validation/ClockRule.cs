using HccSim.Core.Model;

namespace HccSim.Core.Compilation.Validation;

/// <summary>
/// A pathway's named clocks each run in living states of the pathway, listed once; names are unique. A transition or a
/// reward on a named clock names one of them and belongs to a state it runs in.
/// </summary>
internal static class ClockRule
{
    /// <summary>The engine keeps one bit per clock in a state's mask.</summary>
    public const int MaxClocks = 64;

    /// <summary>Checks the pathway's clocks; returns them by name (the first of each name).</summary>
    public static IReadOnlyDictionary<string, NamedClock> Check(PathwayStrategy p, string el, PathwayNodes nodes, ModelErrorList errors)
    {
        var clocks = new Dictionary<string, NamedClock>(StringComparer.Ordinal);
        if (p.Clocks.Count > MaxClocks) errors.Add(p, el, $"has {p.Clocks.Count} clocks (expected at most {MaxClocks})");
        foreach (var clock in p.Clocks)
        {
            if (string.IsNullOrWhiteSpace(clock.Name)) { errors.Add(clock, el, "a clock has an empty name"); continue; }
            string ce = $"{el}, clock '{clock.Name}'";
            if (!clocks.TryAdd(clock.Name, clock)) errors.Add(clock, ce, "is defined more than once");
            if (clock.States.Count == 0) errors.Add(clock, ce, "runs in no state (expected the states it runs in)");
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var name in clock.States)
            {
                if (!seen.Add(name)) errors.Add(clock, ce, $"lists '{name}' twice (expected each state once)");
                else if (nodes.States.TryGetValue(name, out var state))
                {
                    if (state.IsDead) errors.Add(clock, ce, $"runs in the dead state '{name}' (expected living states)");
                }
                else if (nodes.Chance.ContainsKey(name))
                    errors.Add(clock, ce, $"lists chance node '{name}' (a clock runs in states; a chance node takes no time)");
                else errors.Add(clock, ce, $"runs in '{name}', which is not a state of this strategy{Suggestions.DidYouMean(name, nodes.States.Keys)}");
            }
        }
        return clocks;
    }

    /// <summary>
    /// A transition or reward of state <paramref name="state"/> on named clock <paramref name="name"/>: the clock exists
    /// and runs in the state. Returns the problem, or null.
    /// </summary>
    public static string? Use(string? name, string state, IReadOnlyDictionary<string, NamedClock> clocks)
    {
        if (string.IsNullOrWhiteSpace(name)) return "is on a named clock but names none";
        if (!clocks.TryGetValue(name, out var clock))
            return clocks.Count == 0
                ? $"is on clock '{name}', but the strategy has no clocks (expected in_state, since_start or age, or a clock defined in the strategy's clocks)"
                : $"is on clock '{name}', which is not a clock of this strategy (expected in_state, since_start, age or one of its clocks: {string.Join(", ", clocks.Keys)}){Suggestions.DidYouMean(name, clocks.Keys)}";
        return clock.States.Contains(state)
            ? null
            : $"is on clock '{name}', which does not run in '{state}' (it runs in {string.Join(", ", clock.States)}; expected a state of its set)";
    }
}
