using HccSim.Core.Distributions;
using HccSim.Scenarios.Diagnostics;
using HccSim.Scenarios.Yaml;

namespace HccSim.Scenarios.Reading;

/// <summary>A partitioned-survival strategy: OS and PFS curves, and the cost and utility either side of progression.</summary>
internal sealed class PartitionedReader(ReadingContext context)
{
    private static readonly string[] CurveKeys = { "os", "pfs", "progression_free", "progressed" };
    private static readonly string[] CurveStateKeys = { "cost", "utility" };

    private readonly Problems _problems = context.Problems;
    private readonly Values _values = context.Values;
    private readonly TimeToEventReader _times = new(context);

    /// <summary>A partitioned-survival strategy: OS and PFS curves, and the cost and utility of each side of progression.</summary>
    public Core.Analytic.PartitionedSurvivalStrategy? Read(string name, MapNode map)
    {
        if (_values.Map(map["partitioned"]!, $"partitioned of '{name}'") is not { } pm) return null;
        var curves = new MapNode(pm, _problems, $"partitioned of '{name}'", CurveKeys);
        TimeToEvent? Curve(string key)
        {
            if (curves[key] is not { } node) { _problems.At(pm, $"partitioned of '{name}' has no '{key}' curve"); return null; }
            if (_values.Map(node, $"{key} of '{name}'") is not { } cm) return null;
            var given = cm.Keys.OfType<Scalar>().Select(k => k.Value!).ToArray();
            string[] families = { "rate", "median", "mean", "weibull", "gompertz", "loglogistic", "lognormal", "piecewise" };
            var unknown = given.Where(g => !families.Contains(g)).ToArray();
            if (unknown.Length > 0 || given.Length != 1)
            {
                _problems.At(node, $"{key} of '{name}' must give one curve: one of {string.Join(", ", families)} (got {(given.Length == 0 ? "none" : string.Join(", ", given))})");
                return null;
            }
            var time = _times.Read(given[0], cm.Children.First().Value, $"{key} of '{name}'");
            if (time is not null) foreach (var problem in time.Problems()) _problems.At(cm.Children.First().Value, $"{key} of '{name}': {problem}");
            return time;
        }
        (double Cost, double Utility)? Side(string key)
        {
            if (curves[key] is not { } node) return (0, 0);
            if (_values.Map(node, $"{key} of '{name}'") is not { } sm) return null;
            var side = new MapNode(sm, _problems, $"{key} of '{name}'", CurveStateKeys);
            double cost = side["cost"] is { } c ? _values.PerMonth(c, $"cost of {key}", "2000/month", allowNegative: true) ?? double.NaN : 0;
            double utility = side["utility"] is { } u ? _values.Number(u, $"utility of {key}", x => x >= -1 && x <= 1, "a utility from −1 to 1") ?? double.NaN : 0;
            return double.IsNaN(cost) || double.IsNaN(utility) ? null : (cost, utility);
        }
        var os = Curve("os");
        var pfs = Curve("pfs");
        var pf = Side("progression_free");
        var progressed = Side("progressed");
        if (os is null || pfs is null || pf is null || progressed is null) return null;
        return new Core.Analytic.PartitionedSurvivalStrategy(name, os, pfs)
        {
            Label = map["label"] is { } l ? _values.Text(l, "label") ?? name : name,
            ProgressionFreeCostPerMonth = pf.Value.Cost, ProgressionFreeUtility = pf.Value.Utility,
            ProgressedCostPerMonth = progressed.Value.Cost, ProgressedUtility = progressed.Value.Utility,
        };
    }
}
