using HccSim.Core.Model;

namespace HccSim.Core.Compilation.Validation;

/// <summary>A loop made only of chance nodes would take no time and never end: every chain of chance nodes ends in a state.</summary>
internal static class ChanceLoopRule
{
    /// <summary>Reports the first chance node found to lead into a loop (once per pathway) and returns it; null if none.</summary>
    public static ChanceNode? Check(string el, PathwayNodes nodes, ModelErrorList errors)
    {
        var chance = nodes.Chance;
        var state = new Dictionary<string, int>(StringComparer.Ordinal); // 1 visiting, 2 done
        bool Visit(string n)
        {
            if (state.TryGetValue(n, out int s)) return s == 1;
            state[n] = 1;
            foreach (var b in chance[n].Branches)
                if (chance.ContainsKey(b.To) && Visit(b.To)) return true;
            state[n] = 2;
            return false;
        }
        foreach (var n in chance.Keys)
            if (!state.ContainsKey(n) && Visit(n))
            {
                errors.Add(chance[n], $"{el}, chance node '{n}'", "is part of a loop of chance nodes (expected every chain of chance nodes to end in a state)");
                return chance[n];
            }
        return null;
    }
}
