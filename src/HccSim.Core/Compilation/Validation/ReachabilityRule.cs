using HccSim.Core.Model;

namespace HccSim.Core.Compilation.Validation;

/// <summary>Every state and chance node of a pathway can be reached from its start (background mortality reaches the dead state).</summary>
internal static class ReachabilityRule
{
    public static void Check(PathwayStrategy p, string el, PathwayNodes nodes, bool hasBackgroundMortality, ModelErrorList errors)
    {
        var states = nodes.States;
        var chance = nodes.Chance;
        if (!nodes.Contains(p.Start)) return;
        // An undefined target is already reported; what it leaves unreachable would only repeat it.
        if (p.Transitions.Any(t => !nodes.Contains(t.To)) || chance.Values.Any(c => c.Branches.Any(b => !nodes.Contains(b.To)))) return;
        var reached = new HashSet<string>(StringComparer.Ordinal) { p.Start };
        var queue = new Queue<string>(reached);
        var bgDead = hasBackgroundMortality ? states.Values.Where(s => s.IsDead).Select(s => s.Name).ToArray() : Array.Empty<string>();
        var exits = p.Transitions.ToLookup(t => t.From, t => t.To, StringComparer.Ordinal);
        while (queue.Count > 0)
        {
            var n = queue.Dequeue();
            IEnumerable<string> next = chance.TryGetValue(n, out var c)
                ? c.Branches.Select(b => b.To)
                : exits[n].Concat(bgDead);
            foreach (var to in next)
                if (nodes.Contains(to) && reached.Add(to)) queue.Enqueue(to);
        }
        foreach (var s in p.States.Where(s => !reached.Contains(s.Name)).Select(s => s.Name).Distinct())
            errors.Add(p.States.First(x => x.Name == s), $"{el}, state '{s}'", $"is unreachable from the start state '{p.Start}' (expected a transition or branch leading to it)");
        foreach (var c in p.ChanceNodes.Where(c => !reached.Contains(c.Name)).Select(c => c.Name).Distinct())
            errors.Add(p.ChanceNodes.First(x => x.Name == c), $"{el}, chance node '{c}'", $"is unreachable from the start state '{p.Start}' (expected a transition or branch leading to it)");
    }
}
