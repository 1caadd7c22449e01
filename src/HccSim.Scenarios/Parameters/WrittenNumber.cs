using System.Globalization;
using System.Text.RegularExpressions;

namespace HccSim.Scenarios.Parameters;

/// <summary>A number as written in a file, with the unit text after it ("15.2 months", "0.05/month", "40%", "1.689").</summary>
public readonly partial record struct WrittenNumber(double Value, string Suffix)
{
    // The number as Quantity reads it, '_' digit separators included (26_250/month), so both see the same value.
    [GeneratedRegex(@"^[ \t]*([-+]?(?:[0-9][0-9_]*(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?)[ \t]*(.*?)[ \t]*$")]
    private static partial Regex Shape();

    public static WrittenNumber? Parse(string? text)
    {
        if (text is null || Units.NumberText.Foreign(text) is not null) return null;
        var m = Shape().Match(text);
        if (!m.Success || !double.TryParse(m.Groups[1].Value.Replace("_", ""), NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !double.IsFinite(v)) return null;
        return new WrittenNumber(v, m.Groups[2].Value);
    }

    /// <summary>The same unit with another number: "15.2 months" → "17.31 months"; "/month" keeps no space.</summary>
    public string With(double value)
    {
        string number = Format(value);
        return Suffix.Length == 0 ? number : Suffix[0] is '/' or '%' ? number + Suffix : $"{number} {Suffix}";
    }

    /// <summary>The same unit with another number, to the last bit (a draw or trial point set in memory, not written for people).</summary>
    public string WithExact(double value)
    {
        string number = value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        return Suffix.Length == 0 ? number : Suffix[0] is '/' or '%' ? number + Suffix : $"{number} {Suffix}";
    }

    /// <summary>Seven significant digits, no exponent for ordinary sizes: what a person would write in a scenario.</summary>
    public static string Format(double value)
    {
        if (value == 0) return "0";
        double magnitude = Math.Floor(Math.Log10(Math.Abs(value)));
        if (magnitude is < -6 or > 12) return value.ToString("0.######e+0", CultureInfo.InvariantCulture);
        double rounded = Math.Round(value, Math.Clamp(6 - (int)magnitude, 0, 15));
        return rounded.ToString("0.###############", CultureInfo.InvariantCulture);
    }
}
