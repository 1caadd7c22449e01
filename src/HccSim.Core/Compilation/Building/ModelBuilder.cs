using HccSim.Core.Distributions;
using HccSim.Core.Model;

namespace HccSim.Core.Compilation.Building;

/// <summary>Compiles a validated model to the engine's flat tables: attributes, one table set per strategy, background mortality.</summary>
internal static class ModelBuilder
{
    public static CompiledModel Build(CohortModel m)
    {
        var table = new KernelTableBuilder();
        var attributes = m.Attributes.Select(AttributeBuilder.Build).ToArray();
        var attrIndex = attributes.Select((a, i) => (a.Name, i)).ToDictionary(x => x.Name, x => x.i, StringComparer.Ordinal);
        var tags = new TagTable();

        var pathways = m.Strategies.OfType<PathwayStrategy>().ToDictionary(s => s.Name, StringComparer.Ordinal);
        var strategies = new List<CompiledStrategy>();
        foreach (var s in m.Strategies)
        {
            var builder = new StrategyBuilder(table, attributes, attrIndex, tags);
            if (s is PathwayStrategy p)
            {
                int start = builder.AddPathway(p, prefix: "");
                builder.AddRoute(Array.Empty<AttributeCondition>(), start);
            }
            else if (s is TieredStrategy t)
            {
                var starts = new Dictionary<string, int>(StringComparer.Ordinal);
                foreach (var r in t.Rules)
                {
                    if (!starts.TryGetValue(r.Strategy, out int start))
                        starts[r.Strategy] = start = builder.AddPathway(pathways[r.Strategy], prefix: r.Strategy + "/");
                    builder.AddRoute(r.When, start);
                }
            }
            strategies.Add(builder.Build(s.Name, s.Label));
        }

        DistributionKernel? background = null;
        int ageIndex = m.AgeAttribute is { } age ? attrIndex[age] : -1;
        if (m.BackgroundMortality is { } lt)
        {
            // On the age clock in months: hazards per year become per month.
            var starts = lt.AgesYears.Select(a => a * 12.0).ToList();
            var rates = lt.AnnualHazards.Select(h => h / 12.0).ToList();
            // The kernel's intervals start at 0; ages before the table's first are never reached (validated).
            if (starts[0] > 0) { starts.Insert(0, 0); rates.Insert(0, 0); }
            background = new PiecewiseHazard(starts, rates).Compile(table);
        }
        return new CompiledModel(m, attributes, strategies.ToArray(), tags.ToArray(), table.ToArray(), background, ageIndex);
    }
}
