using HccSim.Core.Compilation;
using HccSim.Scenarios.Diagnostics;
using HccSim.Scenarios.Units;
using HccSim.Scenarios.Yaml;

namespace HccSim.Scenarios.Reading;

/// <summary>The scenario's header: its name, description and sources, time unit, horizon and cycle.</summary>
internal sealed partial class HeaderReader(ReadingContext context)
{
    private static readonly string[] CycleKeys = { "length", "correction", "method" };

    // Generated at build time: no pattern parsed or regex cache built while a scenario loads.
    [System.Text.RegularExpressions.GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")]
    private static partial System.Text.RegularExpressions.Regex ScenarioName();

    private readonly Problems _problems = context.Problems;
    private readonly Values _values = context.Values;

    /// <summary>Name, description, sources, time unit (which bare numbers are in from here on), horizon and cycle.</summary>
    public (string Name, string Description, string[] Sources, double Horizon) Read(MapNode top, Node root)
    {
        string name = context.Required(top, "scenario", root, n => _values.Text(n, "scenario")) ?? "scenario";
        if (top["scenario"] is { } sn && !ScenarioName().IsMatch(name))
            _problems.At(sn, $"scenario name '{name}' must be a plain name of letters, digits, '.', '_' and '-' (it names the results folder)");
        string description = top["description"] is { } d ? _values.Text(d, "description") ?? "" : "";
        var sources = top["sources"] is { } s ? _values.Names(s, "sources")?.Select(x => x.Name).ToArray() ?? Array.Empty<string>() : Array.Empty<string>();
        if (top["time_unit"] is { } tu && _values.Text(tu, "time_unit") is { } unitText)
        {
            if (Quantity.ParseTimeUnit(unitText) is { } unit) { _values.Unit = unit; context.UnitOf[context.ShownAs] = unit; }
            else _problems.At(tu, $"time_unit '{unitText}' is not a unit of time (expected {Quantity.TimeUnits})");
        }
        double horizon = context.Required(top, "horizon", root, n => _values.Months(n, "horizon")) ?? double.NaN;
        if (top["cycle"] is { } cy && _values.Map(cy, "cycle") is { } cym) context.Cycle = ReadCycle(new MapNode(cym, _problems, "cycle", CycleKeys), cy);
        _values.CycleMonths = context.Cycle?.CycleMonths;
        if (context.Cycle is not null && double.IsFinite(horizon))
            foreach (var problem in context.Cycle.Problems(horizon)) _problems.At(top["cycle"]!, $"cycle: {problem}");
        return (name, description, sources, horizon);
    }

    private Core.Cycles.CycleSettings? ReadCycle(MapNode map, Node node)
    {
        if (map["length"] is not { } ln) { _problems.At(node, "cycle has no 'length' (expected a duration such as 1 month)"); return null; }
        var length = _values.Months(ln, "cycle length");
        var correction = Core.Cycles.WithinCycleCorrection.LifeTable;
        if (map["correction"] is { } cn && _values.Text(cn, "correction") is { } text)
        {
            var names = Core.Cycles.WithinCycleCorrectionNames.All;
            if (Core.Cycles.WithinCycleCorrectionNames.Parse(text) is not { } parsed)
            {
                _problems.At(cn, $"correction '{text}' is not a within-cycle correction (expected one of: {string.Join(", ", names)}){Suggestions.DidYouMean(text, names)}");
                return null;
            }
            correction = parsed;
        }
        // The method `hccsim run` uses when --method does not say (absent: continuous).
        if (map["method"] is { } mn && _values.Text(mn, "method") is { } methodText)
        {
            var methods = Core.Analytic.RunMethods.Names;
            if (Core.Analytic.RunMethods.Parse(methodText) is { } method) context.Method = method;
            else _problems.At(mn, $"method '{methodText}' is not a method (expected one of: {string.Join(", ", methods)}){Suggestions.DidYouMean(methodText, methods)}");
        }
        return length is { } l ? new Core.Cycles.CycleSettings(l, correction) : null;
    }
}
