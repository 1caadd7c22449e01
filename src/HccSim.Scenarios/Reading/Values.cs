using System.Globalization;
using HccSim.Scenarios.Diagnostics;
using HccSim.Scenarios.Parameters;
using HccSim.Scenarios.Units;
using HccSim.Scenarios.Yaml;

namespace HccSim.Scenarios.Reading;

/// <summary>Typed values from YAML nodes; each failure records one positioned error and returns null.</summary>
internal sealed partial class Values
{
    /// <summary>
    /// A name the scenario gives and analyses, reports and folders use (a parameter, an EVPPI group, a profile): a letter,
    /// then letters, digits, '_', '.' or '-', at most 64; null when it is one, else the reason, to follow "NAME '…' ".
    /// </summary>
    public static string? PlainNameProblem(string name)
        => PlainName().IsMatch(name) ? null
            : "must be a plain name: a letter, then letters, digits, '_', '.' or '-' (at most 64)";

    // Generated at build time: no pattern parsed or regex cache built while a scenario loads.
    [System.Text.RegularExpressions.GeneratedRegex("^[A-Za-z][A-Za-z0-9_.-]{0,63}$")]
    private static partial System.Text.RegularExpressions.Regex PlainName();

    /// <summary>
    /// A list of [from, value] pairs (a piecewise hazard, a reward by time): each from a duration (0 allowed), each value
    /// read by <paramref name="value"/>; null, with the problem said at the item, when an item is not a pair or a number
    /// does not read. <paramref name="notAPair"/> is what the pairs are, e.g. "… are [from, rate] pairs, such as …".
    /// </summary>
    public (List<double> Starts, List<double> Values)? Pairs(Sequence list, string notAPair, string fromWhat, Func<Node, double?> value)
    {
        var starts = new List<double>();
        var values = new List<double>();
        foreach (var item in list.Children)
        {
            if (item is not Sequence { Children.Count: 2 } pair)
            {
                _problems.At(item, $"{notAPair} (got {Kind(item)})");
                return null;
            }
            var from = Months(pair.Children[0], fromWhat, allowZero: true);
            var at = value(pair.Children[1]);
            if (from is null || at is null) return null;
            starts.Add(from.Value);
            values.Add(at.Value);
        }
        return (starts, values);
    }

    private readonly Problems _problems;

    public Values(Problems problems, TimeUnit unit)
    {
        _problems = problems;
        Unit = unit;
    }

    /// <summary>
    /// Numbers this read takes in place of the ones written (a parameter draw, a design point): scalar → value, in the
    /// unit the file writes it in. The trees are never changed; every number is read through <see cref="TextOf"/>.
    /// </summary>
    public IReadOnlyDictionary<Scalar, double>? Numbers { get; init; }

    /// <summary>A scalar's text as this read sees it: as written, or the number set in its place (to the last bit, in the written unit).</summary>
    public string? TextOf(Scalar scalar)
        => Numbers is not null && Numbers.TryGetValue(scalar, out double value) ? WrittenNumber.Parse(scalar.Value)!.Value.WithExact(value) : scalar.Value;

    /// <summary>The unit of bare durations and of bare rates and costs per time (of the main file).</summary>
    public TimeUnit Unit { get; set; }

    /// <summary>The scenario's cycle length, when it sets one: '/cycle' rates and per-cycle probabilities need it.</summary>
    public double? CycleMonths { get; set; }

    /// <summary>A probability per cycle: 0.15, 15% or 0.15/cycle, below 1.</summary>
    public double? PerCycleProbability(Node node, string what)
    {
        const string expected = "a probability per cycle from 0 to below 1, such as 0.15/cycle";
        var q = Quantity(node, what, expected);
        if (q is null) return null;
        if (q.Value.Unit is not null || (q.Value.PerUnit is { } per && per != "cycle"))
        {
            _problems.At(node, $"{what} must be per cycle (got '{TextOf((Scalar)node)}'; expected {expected})");
            return null;
        }
        if (!(q.Value.Value >= 0 && q.Value.Value < 1))
        {
            _problems.At(node, $"{what} {Fmt(q.Value.Value)} is not a probability below 1 (expected {expected})");
            return null;
        }
        return q.Value.Value;
    }

    /// <summary>The unit a node's bare numbers are in: its own file's time_unit.</summary>
    public Func<Node, TimeUnit>? UnitOf { get; set; }

    private TimeUnit UnitFor(Node node) => UnitOf?.Invoke(node) ?? Unit;
    private static string Name(TimeUnit u) => u.ToString().ToLowerInvariant();

    public static string Kind(Node node) => node switch
    {
        Mapping => "a map",
        Sequence => "a list",
        Scalar s when string.IsNullOrEmpty(s.Value) => "nothing",
        Scalar s => $"'{Short(s.Value!)}'",
        _ => "something else",
    };

    private static string Short(string s) => s.Length > 40 ? s[..37] + "…" : s;

    public Mapping? Map(Node node, string what)
    {
        if (node is Mapping m) return m;
        _problems.At(node, $"{what} must be a map of keys and values (got {Kind(node)})");
        return null;
    }

    public Sequence? List(Node node, string what)
    {
        if (node is Sequence s) return s;
        _problems.At(node, $"{what} must be a list (got {Kind(node)})");
        return null;
    }

    public string? Text(Node node, string what)
    {
        if (node is Scalar s && TextOf(s) is { Length: > 0 } v && !string.IsNullOrWhiteSpace(v)) return v;
        _problems.At(node, $"{what} must be a text value (got {Kind(node)})");
        return null;
    }

    /// <summary>One name or a list of names.</summary>
    public List<(string Name, Node Node)>? Names(Node node, string what)
    {
        if (node is Scalar)
            return Text(node, what) is { } one ? new() { (one, node) } : null;
        if (node is Sequence seq && seq.Children.Count > 0)
        {
            var list = new List<(string, Node)>();
            foreach (var item in seq.Children)
                if (Text(item, what) is { } n) list.Add((n, item));
            return list.Count == seq.Children.Count ? list : null;
        }
        _problems.At(node, $"{what} must be a name or a list of names (got {Kind(node)})");
        return null;
    }

    public bool? Bool(Node node, string what)
    {
        if (node is Scalar s && TextOf(s) is { } v)
        {
            switch (v.Trim().ToLowerInvariant())
            {
                case "true" or "yes" or "on": return true;
                case "false" or "no" or "off": return false;
            }
        }
        _problems.At(node, $"{what} must be true or false (got {Kind(node)})");
        return null;
    }

    private Quantity? Quantity(Node node, string what, string expected)
    {
        if (node is not Scalar scalar || TextOf(scalar) is not { } text || string.IsNullOrWhiteSpace(text))
        {
            _problems.At(node, $"{what} must be a number (got {Kind(node)}; expected {expected})");
            return null;
        }
        var q = Units.Quantity.Parse(text, out var error);
        if (q is null) _problems.At(node, $"{what}: {error} (expected {expected})");
        return q;
    }

    /// <summary>A plain number, no unit; <paramref name="ok"/> checks its range.</summary>
    public double? Number(Node node, string what, Func<double, bool>? ok = null, string expected = "a number")
    {
        var q = Quantity(node, what, expected);
        if (q is null) return null;
        if (q.Value.Percent || q.Value.PerUnit is not null || q.Value.Unit is not null)
        {
            _problems.At(node, $"{what} takes no unit (got '{TextOf((Scalar)node)}'; expected {expected})");
            return null;
        }
        if (ok is not null && !ok(q.Value.Value))
        {
            _problems.At(node, $"{what} {Fmt(q.Value.Value)} is out of range (expected {expected})");
            return null;
        }
        return q.Value.Value;
    }

    public long? Whole(Node node, string what, long min, long max)
    {
        string expected = $"a whole number from {min:N0} to {max:N0}";
        var q = Quantity(node, what, expected);
        if (q is null) return null;
        double v = q.Value.Value;
        if (q.Value.Percent || q.Value.PerUnit is not null || q.Value.Unit is not null || v != Math.Floor(v) || v < min || v > max)
        {
            _problems.At(node, $"{what} must be {expected} (got '{TextOf((Scalar)node)}')");
            return null;
        }
        return (long)v;
    }

    /// <summary>A seed: a whole number from 0 to 2^64 − 1, read as an integer (a double would lose digits past 2^53).</summary>
    public ulong? Seed(Node node)
    {
        if (node is Scalar fs && TextOf(fs) is { } ft && NumberText.NotAscii(ft) is { } foreign)
        {
            _problems.At(node, $"seed: {foreign} (expected a whole number from 0 to {ulong.MaxValue})");
            return null;
        }
        if (node is Scalar s && TextOf(s) is { } text && ulong.TryParse(text.Trim(' ', '\t').Replace("_", ""), System.Globalization.NumberStyles.None, CultureInfo.InvariantCulture, out ulong v))
            return v;
        _problems.At(node, $"seed must be a whole number from 0 to {ulong.MaxValue} (got {Kind(node)})");
        return null;
    }

    /// <summary>A probability or share: 0.4 or 40%.</summary>
    public double? Probability(Node node, string what)
    {
        const string expected = "a probability from 0 to 1, such as 0.4 or 40%";
        var q = Quantity(node, what, expected);
        if (q is null) return null;
        if (q.Value.PerUnit is not null || q.Value.Unit is not null)
        {
            _problems.At(node, $"{what} takes no unit (expected {expected})");
            return null;
        }
        if (!(q.Value.Value >= 0 && q.Value.Value <= 1))
        {
            _problems.At(node, $"{what} {Fmt(q.Value.Value)} is not a probability (expected {expected})");
            return null;
        }
        return q.Value.Value;
    }

    /// <summary>A duration in months: <c>14 months</c>, <c>6 weeks</c>; a bare number is in the time unit.</summary>
    public double? Months(Node node, string what, bool allowZero = false)
    {
        string expected = $"a duration such as 14 months or 6 weeks; a bare number is in {Name(UnitFor(node))}";
        var q = Quantity(node, what, expected);
        if (q is null) return null;
        if (q.Value.Percent || q.Value.PerUnit is not null)
        {
            _problems.At(node, $"{what} must be a duration, not a rate (got '{TextOf((Scalar)node)}'; expected {expected})");
            return null;
        }
        var unit = UnitFor(node);
        if (q.Value.Unit is { } word)
        {
            if (Units.Quantity.ParseTimeUnit(word) is not { } u)
            {
                _problems.At(node, $"{what}: '{word}' is not a unit of time (expected {Units.Quantity.TimeUnits})");
                return null;
            }
            unit = u;
        }
        double v = q.Value.Value;
        if (!(v > 0 || (allowZero && v == 0)))
        {
            _problems.At(node, $"{what} {Fmt(v)} must be {(allowZero ? "≥ 0" : "> 0")} (expected {expected})");
            return null;
        }
        return v * Units.Quantity.MonthsIn(unit);
    }

    /// <summary>Something per unit of time, per month: <c>0.1/month</c>, <c>1.2/year</c>, <c>26250/month</c>; bare = per time unit.</summary>
    public double? PerMonth(Node node, string what, string example, bool allowNegative = false, bool allowZero = true)
    {
        string expected = $"{(allowNegative ? "a number" : allowZero ? "a number ≥ 0" : "a number > 0")} per unit of time such as {example}; a bare number is per {Name(UnitFor(node)).TrimEnd('s')}";
        var q = Quantity(node, what, expected);
        if (q is null) return null;
        if (q.Value.Percent || q.Value.Unit is not null)
        {
            _problems.At(node, $"{what} must be per unit of time (got '{TextOf((Scalar)node)}'; expected {expected})");
            return null;
        }
        var unit = UnitFor(node);
        if (q.Value.PerUnit is { } per)
        {
            if (per == "cycle")
            {
                if (CycleMonths is not { } cycle)
                {
                    _problems.At(node, $"{what}: '/cycle' needs the scenario's 'cycle' setting (expected cycle: {{ length: 1 month }}, or {expected})");
                    return null;
                }
                double perCycle = q.Value.Value;
                if ((!allowNegative && perCycle < 0) || (!allowZero && perCycle == 0))
                {
                    _problems.At(node, $"{what} {Fmt(perCycle)} is out of range (expected {expected})");
                    return null;
                }
                return perCycle / cycle;
            }
            if (Units.Quantity.ParseTimeUnit(per) is not { } u)
            {
                _problems.At(node, $"{what}: '/{per}' is not a unit of time (expected per {Units.Quantity.TimeUnits})");
                return null;
            }
            unit = u;
        }
        double v = q.Value.Value;
        if ((!allowNegative && v < 0) || (!allowZero && v == 0))
        {
            _problems.At(node, $"{what} {Fmt(v)} is out of range (expected {expected})");
            return null;
        }
        return v / Units.Quantity.MonthsIn(unit);
    }

    /// <summary>An annual rate such as a discount rate: <c>3%/year</c>, <c>3%</c> or <c>0.03</c>.</summary>
    public double? PerYear(Node node, string what)
    {
        const string expected = "a rate per year such as 3%/year or 0.035";
        var q = Quantity(node, what, expected);
        if (q is null) return null;
        if (q.Value.Unit is not null || (q.Value.PerUnit is { } per && per is not ("year" or "years")))
        {
            _problems.At(node, $"{what} must be per year (got '{TextOf((Scalar)node)}'; expected {expected})");
            return null;
        }
        if (!(q.Value.Value >= 0 && q.Value.Value < 1))
        {
            _problems.At(node, $"{what} {Fmt(q.Value.Value)} is out of range (expected {expected}, from 0 to 100%)");
            return null;
        }
        return q.Value.Value;
    }

    /// <summary>A number given in the unit of <paramref name="reference"/>: bare, or with exactly that unit.</summary>
    public double? InUnitOf(Node node, WrittenNumber reference, string what)
    {
        if (node is not Scalar scalar || WrittenNumber.Parse(TextOf(scalar)) is not { } n)
        {
            _problems.At(node, $"{what} must be a number (in the unit the file writes the parameter in{(reference.Suffix.Length > 0 ? $": {reference.Suffix}" : "")})");
            return null;
        }
        if (n.Suffix.Length > 0 && n.Suffix != reference.Suffix)
        {
            _problems.At(node, $"{what} is in '{n.Suffix}', but the parameter is written in {(reference.Suffix.Length > 0 ? $"'{reference.Suffix}'" : "no unit")} (expected a number in that unit)");
            return null;
        }
        return n.Value;
    }

    public static string Fmt(double v) => v.ToString("G10", CultureInfo.InvariantCulture);
}
