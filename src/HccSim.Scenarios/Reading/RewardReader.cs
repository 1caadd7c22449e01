using HccSim.Core.Model;
using HccSim.Scenarios.Diagnostics;
using HccSim.Scenarios.Yaml;

namespace HccSim.Scenarios.Reading;

/// <summary>
/// A state's cost and utility, each written one of three ways: a constant (<c>26250/month</c>, <c>0.76</c>); a list by
/// cycle in the state, the last holding for ever (<c>[0.95, 0.92, 0.89]</c>; needs the scenario's <c>cycle</c>); or
/// piecewise constant by time, <c>{ by_time: [[0, 5000/month], [3 months, 1000/month]] }</c>. Those that change are read
/// on the time in the state, or on the strategy's named clock that the state's <c>clock</c> names.
/// </summary>
internal sealed class RewardReader(ReadingContext context)
{
    private static readonly string[] ProfileKeys = { "by_time" };

    private readonly Problems _problems = context.Problems;
    private readonly Values _values = context.Values;

    /// <summary>The state's cost per month and utility (constant, or over time in place of the constant); null when wrong (said).</summary>
    public (double Cost, TimeProfile? CostByTime, double Utility, TimeProfile? UtilityByTime)? Read(string state, Dictionary<string, (Scalar Key, Node Value)> fields)
    {
        bool ok = true;
        string? clock = null;
        if (fields.TryGetValue("clock", out var cl))
        {
            var text = _values.Text(cl.Value, $"clock of state '{state}'");
            if (text is null) ok = false;
            else if (text is "since_start" or "time_since_start" or "age")
            {
                _problems.At(cl.Value, $"clock of state '{state}' is '{text}', but rewards change with the time in the state or on a clock of the strategy (expected in_state or one of the strategy's clocks)");
                ok = false;
            }
            else if (text is not ("in_state" or "time_in_state")) clock = text;
        }
        (double, TimeProfile?)? cost = (0, null), utility = (0, null);
        if (fields.TryGetValue("cost", out var c))
            cost = One(c.Value, $"cost of state '{state}'", clock, (n, what) => _values.PerMonth(n, what, "26250/month", allowNegative: true));
        if (fields.TryGetValue("utility", out var u))
            utility = One(u.Value, $"utility of state '{state}'", clock, (n, what) => _values.Number(n, what, x => x >= -1 && x <= 1, "a utility from −1 to 1, such as 0.76"));
        if (cost is null || utility is null || !ok) return null;
        if (cl.Value is not null && cost.Value.Item2 is null && utility.Value.Item2 is null)
        {
            _problems.At(cl.Value, $"state '{state}' names a clock, but its cost and utility are constant (expected a cost or utility by cycle or by_time for the clock to time, or no clock)");
            return null;
        }
        return (cost.Value.Item1, cost.Value.Item2, utility.Value.Item1, utility.Value.Item2);
    }

    /// <summary>A constant, or a profile over time (with the constant 0); null when wrong (said).</summary>
    private (double, TimeProfile?)? One(Node node, string what, string? clock, Func<Node, string, double?> value)
    {
        const string forms = "a number, a list by cycle such as [0.95, 0.92], or { by_time: [[0, 5000/month], [3 months, 1000/month]] }";
        TimeProfile? profile;
        switch (node)
        {
            case Scalar:
                return value(node, what) is { } constant ? (constant, null) : null;
            case Sequence list:
            {
                if (context.Cycle is not { } cycle)
                {
                    _problems.At(node, $"{what} is a list by cycle, but the scenario sets no 'cycle' (expected cycle: {{ length: 1 month }}, or {{ by_time: [[from, value], …] }})");
                    return null;
                }
                if (list.Children.Count == 0) { _problems.At(node, $"{what} lists no values (expected {forms})"); return null; }
                var values = list.Children.Select((item, i) => value(item, $"{what}, cycle {i + 1}")).ToList();
                if (values.Any(x => x is null)) return null;
                profile = TimeProfile.ByCycle(cycle.CycleMonths, values.Select(x => x!.Value).ToArray()) with { ClockName = clock };
                break;
            }
            case Mapping m:
            {
                var map = new MapNode(m, _problems, what, ProfileKeys);
                if (map["by_time"] is not { } byTime)
                {
                    if (map.Unknown.Count == 0) _problems.At(m, $"{what} has no 'by_time' (expected {forms})");
                    return null;
                }
                if (_values.List(byTime, $"{what} by_time") is not { } pairs) return null;
                if (pairs.Children.Count == 0) { _problems.At(byTime, $"{what} by_time lists no values (expected [from, value] pairs, the first from 0)"); return null; }
                if (_values.Pairs(pairs, $"{what} by_time holds [from, value] pairs, such as [3 months, 1000/month]", $"{what}: change point",
                        n => value(n, what)) is not { } read) return null;
                profile = new TimeProfile(read.Starts, read.Values) { ClockName = clock };
                node = byTime;
                break;
            }
            default:
                _problems.At(node, $"{what} must be {forms} (got {Values.Kind(node)})");
                return null;
        }
        context.Origin[profile] = node;
        return (0, profile);
    }
}
