using System.Globalization;
using HccSim.Core.Model;
using HccSim.Scenarios.Diagnostics;
using HccSim.Scenarios.Yaml;

namespace HccSim.Scenarios.Reading;

/// <summary>Economics: currency, price year, discount rates and willingness to pay.</summary>
internal sealed class EconomicsReader(ReadingContext context)
{
    private static readonly string[] EconomicsKeys = { "currency", "year", "discount", "discount_costs", "discount_outcomes", "willingness_to_pay" };

    private readonly Problems _problems = context.Problems;
    private readonly Values _values = context.Values;

    public (Economics, Discounting) Read(Mapping section)
    {
        var map = new MapNode(section, _problems, "economics", EconomicsKeys);
        string currency = map["currency"] is { } c ? _values.Text(c, "currency") ?? "" : "";
        int? year = map["year"] is { } y ? (int?)_values.Whole(y, "year", 1900, 2200) : null;
        double both = map["discount"] is { } d ? _values.PerYear(d, "discount") ?? 0 : 0;
        double costs = map["discount_costs"] is { } dc ? _values.PerYear(dc, "discount_costs") ?? both : both;
        double outcomes = map["discount_outcomes"] is { } dq ? _values.PerYear(dq, "discount_outcomes") ?? both : both;
        double? wtp = null;
        if (map["willingness_to_pay"] is Scalar wn && _values.TextOf(wn) is { } w)
        {
            string text = w.Replace("/QALY", "", StringComparison.OrdinalIgnoreCase).Trim(' ', '\t');
            if (Units.NumberText.NotAscii(text) is { } foreign)
                _problems.At(wn, $"willingness_to_pay: {foreign} (expected a number ≥ 0 such as 100000/QALY)");
            else if (!double.TryParse(text.Replace("_", ""), NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !double.IsFinite(v) || v < 0)
                _problems.At(wn, $"willingness_to_pay '{w}' is not an amount per QALY (expected a number ≥ 0 such as 100000/QALY)");
            else wtp = v;
        }
        else if (map["willingness_to_pay"] is { } other) _problems.At(other, $"willingness_to_pay must be an amount per QALY (got {Values.Kind(other)})");
        return (new Economics { Currency = currency, PriceYear = year, WillingnessToPay = wtp }, new Discounting(costs, outcomes));
    }
}
