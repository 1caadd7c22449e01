using HccSim.Core.Model;

namespace HccSim.Core.Compilation.Validation;

/// <summary>
/// A loop of forward-clock delays and chance nodes can fire again and again at one instant (both delays due at
/// 12 months since start): refused here rather than caught as a runaway patient mid-run.
/// </summary>
internal static class InstantLoopRule
{
    /// <summary>Reports the first such loop of the pathway (once), on <paramref name="subject"/>; whether there was one.</summary>
    public static bool Check(PathwayStrategy p, string el, PathwayNodes nodes, object subject, ModelErrorList errors)
    {
        var next = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        void Edge(string from, string to)
        {
            if (!next.TryGetValue(from, out var list)) next[from] = list = new List<string>();
            list.Add(to);
        }
        foreach (var t in p.Transitions)
            if (t.Time.IsDelay && t.Clock != Clock.TimeInState) Edge(t.From, t.To);
        foreach (var c in nodes.Chance.Values)
            foreach (var b in c.Branches) Edge(c.Name, b.To);
        var state = new Dictionary<string, int>(StringComparer.Ordinal); // 1 visiting, 2 done
        bool Visit(string n)
        {
            if (state.TryGetValue(n, out int s)) return s == 1;
            state[n] = 1;
            if (next.TryGetValue(n, out var list))
                foreach (var to in list)
                    if (Visit(to)) return true;
            state[n] = 2;
            return false;
        }
        foreach (var n in next.Keys.ToArray())
            if (!state.ContainsKey(n) && Visit(n))
            {
                errors.Add(subject, el, $"a loop through '{n}' is made only of delays on a forward clock (and chance nodes), so it can repeat at one instant for ever (expected a time-in-state delay or a hazard in the loop)");
                return true;
            }
        return false;
    }
}
