using HccSim.Core.Distributions;
using HccSim.Scenarios.Diagnostics;
using HccSim.Scenarios.Units;
using HccSim.Scenarios.Yaml;

namespace HccSim.Scenarios.Reading;

/// <summary>A time to event as written: a rate, median or mean, a parametric family, a piecewise hazard, a delay, or per-cycle probabilities.</summary>
internal sealed class TimeToEventReader(ReadingContext context)
{
    /// <summary>The keys that give a time to event (a transition gives exactly one).</summary>
    public static readonly string[] Keys = { "rate", "median", "mean", "weibull", "gompertz", "loglogistic", "lognormal", "piecewise", "delay", "probability" };

    private readonly Problems _problems = context.Problems;
    private readonly Values _values = context.Values;

    public TimeToEvent? Read(string key, Node node, string what)
    {
        switch (key)
        {
            case "rate":
                return _values.PerMonth(node, $"rate of {what}", "0.05/month", allowZero: false) is { } r ? new Exponential(r) : null;
            case "median":
                return _values.Months(node, $"median of {what}") is { } m ? Exponential.FromMedian(m) : null;
            case "probability":
            {
                // A per-cycle probability, or a list of them by cycle in the state (the last holds for ever).
                if (context.Cycle is null)
                {
                    _problems.At(node, $"probability of {what} is per cycle, but the scenario sets no 'cycle' (expected cycle: {{ length: 1 month }})");
                    return null;
                }
                var items = node is Sequence seq ? seq.Children.ToList() : new List<Node> { node };
                if (items.Count == 0) { _problems.At(node, $"probability of {what} lists no values"); return null; }
                var values = items.Select(i => _values.PerCycleProbability(i, $"probability of {what}")).ToList();
                return values.All(v => v is not null) ? new PerCycle(context.Cycle.CycleMonths, values.Select(v => v!.Value).ToArray()) : null;
            }
            case "mean":
                return _values.Months(node, $"mean of {what}") is { } mean ? new Exponential(1 / mean) : null;
            case "delay":
                if (node is Mapping dm)
                {
                    var map = new MapNode(dm, _problems, $"delay of {what}", new[] { "uniform" });
                    if (map["uniform"] is null) { _problems.At(dm, $"delay of {what} must be a duration or {{ uniform: [min, max] }}"); return null; }
                    if (_values.List(map["uniform"]!, "uniform delay") is not { } ul) return null;
                    var un = map["uniform"]!;
                    if (ul.Children.Count != 2) { _problems.At(un, $"uniform delay must be [min, max] (got {ul.Children.Count} values)"); return null; }
                    var lo = _values.Months(ul.Children[0], "uniform delay min", allowZero: true);
                    var hi = _values.Months(ul.Children[1], "uniform delay max");
                    return lo is { } a && hi is { } b ? new UniformDelay(a, b) : null;
                }
                return _values.Months(node, $"delay of {what}") is { } d ? new FixedDelay(d) : null;
            case "weibull":
            {
                if (Parameters(node, $"weibull of {what}", new[] { "shape", "scale", "median" }) is not { } p || !OneOf(p, node, $"weibull of {what}", "scale", "median")) return null;
                double? shape = p["shape"] is { } s ? _values.Number(s, "Weibull shape", v => v > 0, "a shape > 0") : context.Absent("shape", node, what);
                double? scale = p["scale"] is { } sc ? _values.Months(sc, "Weibull scale")
                    : p["median"] is { } md && _values.Months(md, "Weibull median") is { } med && shape is { } k ? med / Math.Pow(Math.Log(2), 1 / k) : context.Absent("scale (or median)", node, what);
                return shape is { } sh && scale is { } sca ? new Weibull(sh, sca) : null;
            }
            case "gompertz":
            {
                if (Parameters(node, $"gompertz of {what}", new[] { "shape", "rate" }) is not { } p) return null;
                double? shape = p["shape"] is { } s ? _values.PerMonth(s, "Gompertz shape", "0.01/month", allowNegative: true) : context.Absent("shape", node, what);
                double? rate = p["rate"] is { } rn ? _values.PerMonth(rn, "Gompertz rate", "0.02/month", allowZero: false) : context.Absent("rate", node, what);
                return shape is { } a && rate is { } b ? new Gompertz(a, b) : null;
            }
            case "loglogistic":
            {
                if (Parameters(node, $"loglogistic of {what}", new[] { "shape", "scale", "median" }) is not { } p || !OneOf(p, node, $"loglogistic of {what}", "scale", "median")) return null;
                double? shape = p["shape"] is { } s ? _values.Number(s, "log-logistic shape", v => v > 0, "a shape > 0") : context.Absent("shape", node, what);
                double? scale = p["scale"] is { } sc ? _values.Months(sc, "log-logistic scale") : p["median"] is { } md ? _values.Months(md, "log-logistic median") : context.Absent("scale (or median)", node, what);
                return shape is { } a && scale is { } b ? new LogLogistic(a, b) : null;
            }
            case "lognormal":
            {
                if (Parameters(node, $"lognormal of {what}", new[] { "median", "meanlog", "sdlog" }) is not { } p || !OneOf(p, node, $"lognormal of {what}", "median", "meanlog")) return null;
                double? sdlog = p["sdlog"] is { } s ? _values.Number(s, "log-normal sdlog", v => v > 0, "a number > 0") : context.Absent("sdlog", node, what);
                double? meanlog = p["median"] is { } md ? (_values.Months(md, "log-normal median") is { } medianMonths ? Math.Log(medianMonths) : null)
                    : p["meanlog"] is { } ml ? (_values.Number(ml, "log-normal meanlog") is { } l ? l + Math.Log(Quantity.MonthsIn(_values.Unit)) : null)
                    : context.Absent("median (or meanlog)", node, what);
                return meanlog is { } mu && sdlog is { } sigma ? new LogNormal(mu, sigma) : null;
            }
            case "piecewise":
            {
                if (_values.List(node, $"piecewise of {what}") is not { } list) return null;
                return _values.Pairs(list, "piecewise hazard intervals are [from, rate] pairs, such as [12 months, 0.02/month]", "piecewise interval start",
                    n => _values.PerMonth(n, "piecewise rate", "0.02/month")) is { } p ? new PiecewiseHazard(p.Starts, p.Values) : null;
            }
        }
        return null;
    }

    /// <summary>Two ways of giving one parameter: at most one may be used.</summary>
    private bool OneOf(MapNode p, Node node, string what, string a, string b)
    {
        if (!(p.Has(a) && p.Has(b))) return true;
        _problems.At(node, $"{what} gives both {a} and {b} (expected one of them)");
        return false;
    }

    private MapNode? Parameters(Node node, string what, string[] keys)
        => _values.Map(node, what) is { } m ? new MapNode(m, _problems, what, keys) : null;
}
