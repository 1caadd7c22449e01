using System.Globalization;
using HccSim.Core.Distributions;
using HccSim.Core.Engine;
using HccSim.Core.Model;

namespace HccSim.Core.Compilation.Validation;

/// <summary>
/// A loop whose transitions are so fast that a patient going round it would pass the engine's limit of transitions
/// per patient (<see cref="CohortWorker.MaxTransitionsPerPatient"/>) before the horizon: refused here, at validation,
/// rather than found as a runaway patient mid-run (exit 1 after minutes of simulation).
/// <para>
/// Precisely: each transition's pace is the median of its time (for a delay: its time, the middle of a uniform one; for
/// a hazard: the time by which half would have moved, with its largest categorical hazard ratio, from the start of a
/// time-in-state clock or the fastest point on [0, horizon] of a forward clock; a forward-clock delay counts 0, as it
/// is due at once when entered after its time); a chance branch takes no time and is no transition. A loop of k
/// transitions whose paces add up to less than k × horizon / 1,000,000 is refused: at that pace a patient staying in
/// it would make more than 1,000,000 transitions before the horizon. Continuous hazard ratios are not counted.
/// </para>
/// </summary>
internal static class NearInstantLoopRule
{
    private const int ForwardClockPoints = 64;

    /// <summary>Reports the first such loop of the pathway (once), on its first transition.</summary>
    public static void Check(PathwayStrategy p, string el, PathwayNodes nodes, double horizonMonths, ModelErrorList errors)
    {
        double delta = horizonMonths / CohortWorker.MaxTransitionsPerPatient;
        // No simple loop has more transitions than there are states: a transition slower than that many δ is in none.
        double slow = Math.Max(1, nodes.States.Count) * delta;
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var name in nodes.Names) index[name] = index.Count;
        var edges = new List<(int From, int To, double Weight, Transition? Transition, double Pace)>();
        foreach (var t in p.Transitions)
        {
            if (!index.TryGetValue(t.From, out int from) || !index.TryGetValue(t.To, out int to)) continue;
            double pace = Pace(t, horizonMonths, slow);
            if (pace < slow) edges.Add((from, to, pace - delta, t, pace));
        }
        if (edges.Count == 0) return;
        foreach (var c in nodes.Chance.Values)
            foreach (var b in c.Branches)
                if (index.TryGetValue(b.To, out int to)) edges.Add((index[c.Name], to, 0, null, 0));

        if (NegativeCycle(index.Count, edges) is not { } loop) return;
        var names = nodes.Names;
        var transitions = loop.Where(e => edges[e].Transition is not null).ToArray();
        double round = transitions.Sum(e => edges[e].Pace);
        string path = string.Join(" → ", loop.Select(e => names[edges[e].From]).Append(names[edges[loop[0]].From]));
        errors.Add(edges[transitions[0]].Transition, el,
            $"the loop {path} takes {Num(round)} months at the median pace of its {transitions.Length} transition{(transitions.Length == 1 ? "" : "s")}, so a patient in it would make more than {CohortWorker.MaxTransitionsPerPatient:N0} transitions before the horizon (expected its transitions to take at least {Num(delta)} months each on average: a slower rate, a longer delay, or a way out)");
    }

    /// <summary>The transition's median time in months (capped at <paramref name="cap"/>: only faster ones matter).</summary>
    private static double Pace(Transition t, double horizonMonths, double cap)
    {
        bool forward = t.Clock != Clock.TimeInState;
        switch (t.Time)
        {
            case FixedDelay d: return forward ? 0 : Math.Min(d.Months, cap);
            case UniformDelay u: return forward ? 0 : Math.Min((u.Min + u.Max) / 2, cap);
        }
        double multiplier = 1;
        foreach (var hr in t.HazardRatios)
            if (hr is CategoricalHazardRatio c && c.ByLevel.Count > 0) multiplier *= Math.Max(1, c.ByLevel.Values.Max());
        double target = Math.Log(2) / multiplier;
        if (!forward) return Median(t.Time, 0, target, cap);
        // A forward clock has run for some time when the state is entered: the fastest point is the one that counts.
        double end = t.Clock == Clock.Age ? 120 * 12 + horizonMonths : horizonMonths, best = cap;
        for (int i = 0; i <= ForwardClockPoints; i++) best = Math.Min(best, Median(t.Time, end * i / ForwardClockPoints, target, cap));
        return best;
    }

    /// <summary>The x at which H(c + x) − H(c) reaches <paramref name="target"/>, by bisection on [0, cap]; cap if beyond.</summary>
    private static double Median(TimeToEvent time, double c, double target, double cap)
    {
        double h0 = time.CumulativeHazard(c);
        if (!double.IsFinite(h0)) return cap; // nobody is left to move at c
        if (!(time.CumulativeHazard(c + cap) - h0 >= target)) return cap;
        double lo = 0, hi = cap;
        for (int i = 0; i < 60; i++)
        {
            double mid = (lo + hi) / 2;
            if (time.CumulativeHazard(c + mid) - h0 >= target) hi = mid; else lo = mid;
        }
        return hi;
    }

    /// <summary>A cycle of negative total weight (Bellman–Ford from every node at once), as its edges in order; null if none.</summary>
    private static int[]? NegativeCycle(int nodeCount, List<(int From, int To, double Weight, Transition? Transition, double Pace)> edges)
    {
        var distance = new double[nodeCount];
        var via = new int[nodeCount];
        Array.Fill(via, -1);
        int changed = -1;
        for (int pass = 0; pass < nodeCount; pass++)
        {
            changed = -1;
            for (int e = 0; e < edges.Count; e++)
            {
                var (from, to, weight, _, _) = edges[e];
                if (distance[from] + weight < distance[to] - 1e-300)
                {
                    distance[to] = distance[from] + weight;
                    via[to] = e;
                    changed = to;
                }
            }
            if (changed < 0) return null;
        }
        // Still relaxing after |V| passes: walking back |V| steps lands on the cycle.
        int node = changed;
        for (int i = 0; i < nodeCount; i++) node = edges[via[node]].From;
        var cycle = new List<int>();
        int at = node;
        do
        {
            int e = via[at];
            cycle.Add(e);
            at = edges[e].From;
        } while (at != node && cycle.Count <= nodeCount);
        cycle.Reverse();
        // Told from the node written first, whichever node the walk happened to land on.
        int first = cycle.IndexOf(cycle.MinBy(e => edges[e].From));
        return cycle.Skip(first).Concat(cycle.Take(first)).ToArray();
    }

    private static string Num(double x) => x.ToString("G3", CultureInfo.InvariantCulture);
}
