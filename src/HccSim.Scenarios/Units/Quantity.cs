using System.Globalization;
using System.Text.RegularExpressions;

namespace HccSim.Scenarios.Units;

/// <summary>
/// A number as written in a scenario — <c>14 months</c>, <c>0.1/month</c>, <c>26250/month</c>, <c>3%/year</c>,
/// <c>40%</c>, <c>2.5</c> — split into its value, percent sign and unit, then checked against what the field expects.
/// </summary>
internal readonly partial record struct Quantity(double Value, bool Percent, string? PerUnit, string? Unit)
{
    // ASCII only: \d and \s would take every script's digits and the no-break space (see NumberText).
    [GeneratedRegex(@"^[ \t]*([-+]?(?:[0-9][0-9_]*(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?)[ \t]*(%)?[ \t]*(?:/[ \t]*([A-Za-z]+)|([A-Za-z]+))?[ \t]*$")]
    private static partial Regex Pattern();

    public static readonly double DaysPerMonth = 365.25 / 12;

    /// <summary>Parses <paramref name="text"/>; on failure returns null and says why in <paramref name="error"/>.</summary>
    public static Quantity? Parse(string text, out string? error)
    {
        error = NumberText.NotAscii(text);
        if (error is not null) return null;
        string t = text.Trim(' ', '\t');
        string lower = t.ToLowerInvariant();
        if (lower is ".nan" or "nan" or ".inf" or "+.inf" or "-.inf" or "inf" or "-inf" or "infinity" or "-infinity")
        {
            error = $"'{t}' is not a finite number";
            return null;
        }
        var m = Pattern().Match(t);
        if (!m.Success)
        {
            error = $"'{t}' is not a number";
            return null;
        }
        double value = double.Parse(m.Groups[1].Value.Replace("_", ""), NumberStyles.Float, CultureInfo.InvariantCulture);
        if (!double.IsFinite(value))
        {
            error = $"'{t}' is not a finite number";
            return null;
        }
        bool percent = m.Groups[2].Success;
        string? per = m.Groups[3].Success ? m.Groups[3].Value.ToLowerInvariant() : null;
        string? unit = m.Groups[4].Success ? m.Groups[4].Value.ToLowerInvariant() : null;
        return new Quantity(percent ? value / 100 : value, percent, per, unit);
    }

    public static TimeUnit? ParseTimeUnit(string word) => word.ToLowerInvariant() switch
    {
        "day" or "days" => TimeUnit.Days,
        "week" or "weeks" => TimeUnit.Weeks,
        "month" or "months" => TimeUnit.Months,
        "year" or "years" => TimeUnit.Years,
        _ => null,
    };

    public static double MonthsIn(TimeUnit unit) => unit switch
    {
        TimeUnit.Days => 1 / DaysPerMonth,
        TimeUnit.Weeks => 7 / DaysPerMonth,
        TimeUnit.Years => 12,
        _ => 1,
    };

    public const string TimeUnits = "days, weeks, months or years";
}
