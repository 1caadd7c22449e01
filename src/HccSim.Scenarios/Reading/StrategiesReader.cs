using HccSim.Core.Model;
using HccSim.Scenarios.Diagnostics;
using HccSim.Scenarios.Yaml;

namespace HccSim.Scenarios.Reading;

/// <summary>
/// The strategies: pathways (with <c>extends</c> resolved), tiered strategies routing patients between them, and
/// partitioned-survival strategies solved from their curves; which are compared, and their descriptions.
/// </summary>
internal sealed class StrategiesReader(ReadingContext context)
{
    private static readonly string[] PartitionedKeys = { "label", "description", "partitioned", "compare" };

    private readonly Problems _problems = context.Problems;
    private readonly Values _values = context.Values;
    private readonly Dictionary<object, Node> _origin = context.Origin;
    private readonly ExtendsResolver _resolver = new(context);
    private readonly PathwayBuilder _pathways = new(context);
    private readonly TieredReader _tiered = new(context);
    private readonly PartitionedReader _partitionedReader = new(context);

    /// <summary>The partitioned-survival strategies read.</summary>
    public List<Core.Analytic.PartitionedSurvivalStrategy> Partitioned { get; } = new();

    /// <summary>Strategies marked <c>compare: false</c>.</summary>
    public List<string> NotCompared { get; } = new();

    public void Read(Mapping node, List<Strategy> into, Dictionary<string, string> descriptions)
    {
        var entries = new MapNode(node, _problems, "strategies", null).Entries.ToList();
        if (entries.Count == 0) { _problems.At(node, "strategies is empty (expected at least one strategy)"); return; }
        if (entries.Count > Limits.Strategies)
        {
            // Refused before any is read: each strategy costs a resolve, a build and a validation.
            _problems.At(entries[Limits.Strategies].Key, $"strategy '{entries[Limits.Strategies].Name}' is number {Limits.Strategies + 1:N0}, past the limit of {Limits.Strategies:N0} strategies in a scenario");
            return;
        }
        var drafts = new Dictionary<string, StrategyDraft?>(StringComparer.Ordinal);
        foreach (var (name, key, value) in entries)
        {
            if (value is Mapping pm && pm.Keys.OfType<Scalar>().Any(k => k.Value == "partitioned"))
            {
                if (_partitionedReader.Read(name, new MapNode(pm, _problems, $"strategy '{name}'", PartitionedKeys)) is { } psm)
                {
                    Partitioned.Add(psm);
                    if (pm.Children.FirstOrDefault(kv => kv.Key is Scalar { Value: "description" }).Value is Scalar { Value: { } d }) descriptions[name] = d;
                }
                continue;
            }
            drafts[name] = _resolver.Resolve(name, value, node, context.Path, new List<string>());
        }

        foreach (var (name, key, value) in entries)
        {
            // compare: false — simulated and reported, left out of the incremental analysis (a tiered strategy's
            // component that is not an option for everyone). Read from this file only: it is not inherited.
            if (value is Mapping cm && cm.Children.FirstOrDefault(kv => kv.Key is Scalar { Value: "compare" }).Value is { } cn
                && _values.Bool(cn, "compare") is false) NotCompared.Add(name);
            if (!drafts.TryGetValue(name, out var draft)) continue; // partitioned: read above
            if (draft is null) continue;
            if (draft.Description is { } d) descriptions[name] = d;
            if (draft.Tiered)
            {
                if (_tiered.Read(name, draft) is { } tiered) { into.Add(tiered); _origin[tiered] = key; }
            }
            else if (_pathways.Build(draft) is { } pathway)
            {
                into.Add(pathway);
                _origin[pathway] = key;
            }
        }
    }
}
