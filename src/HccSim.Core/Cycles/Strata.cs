using HccSim.Core.Compilation;

namespace HccSim.Core.Cycles;

/// <summary>
/// The kinds of patient a cohort holds when they differ only in categorical attributes: every combination of
/// levels with its share. The cohort trace runs each and mixes them by share, which is exact.
/// </summary>
internal static class Strata
{
    public const int MaxStrata = 4096;

    /// <summary>
    /// As <see cref="Of"/>, for a method that follows each kind of patient as a whole (cohort trace, matrix exponential):
    /// a chance node that changes a level moves patients between kinds, which those methods cannot follow.
    /// </summary>
    public static List<(double Share, double[] Attributes)> Fixed(CompiledModel model, string method)
    {
        RefuseStoppingDrugs(model, method);
        foreach (var st in model.Strategies)
        {
            if (!st.ChangesAttributes) continue;
            int a = st.Sets[0].Attribute;
            throw new InvalidOperationException(
                $"{method} follows each kind of patient as a whole, but strategy '{st.Name}' changes '{model.Attributes[a].Name}' at a chance node " +
                "(use a microsimulation: --method continuous or cycle)");
        }
        return Of(model);
    }

    /// <summary>
    /// A drug that stops for toxicity is priced by each patient's own time on it, which only the continuous
    /// microsimulation follows (the cycle methods would need a tunnel per month on the drug).
    /// </summary>
    public static void RefuseStoppingDrugs(CompiledModel model, string method)
    {
        foreach (var st in model.Strategies)
        {
            int k = Array.FindIndex(st.Drugs, d => d.StopRate > 0);
            if (k < 0) continue;
            throw new InvalidOperationException(
                $"{method} cannot price time on treatment, but strategy '{st.Name}' has a drug that stops for toxicity " +
                "(use the continuous microsimulation: --method continuous)");
        }
    }

    public static List<(double Share, double[] Attributes)> Of(CompiledModel model)
    {
        var strata = new List<(double, double[])> { (1.0, new double[model.Attributes.Length]) };
        for (int a = 0; a < model.Attributes.Length; a++)
        {
            var attr = model.Attributes[a];
            if (attr.Kind == AttributeKind.Constant)
            {
                foreach (var (_, values) in strata) values[a] = attr.Mean;
                continue;
            }
            if (attr.Kind != AttributeKind.Categorical)
                throw new InvalidOperationException(
                    $"the cohort trace and the exact solution need patients who differ only in categorical attributes, but '{attr.Name}' is continuous " +
                    "(use the microsimulation, or make it categorical or constant)");
            var next = new List<(double, double[])>();
            double previous = 0;
            for (int level = 0; level < attr.Levels.Length; level++)
            {
                double share = attr.CumulativeShares[level] - previous;
                previous = attr.CumulativeShares[level];
                if (share <= 0) continue;
                foreach (var (w, values) in strata)
                {
                    var copy = (double[])values.Clone();
                    copy[a] = level;
                    next.Add((w * share, copy));
                }
            }
            if (next.Count > MaxStrata) throw new InvalidOperationException($"the attributes make {next.Count} kinds of patient (expected at most {MaxStrata} for the cohort trace)");
            strata = next;
        }
        return strata;
    }
}
