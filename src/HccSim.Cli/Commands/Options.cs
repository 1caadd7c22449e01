using System.CommandLine;
using System.Globalization;

namespace HccSim.Cli.Commands;

/// <summary>Options parsed by HccSim itself, so a bad value gets a message that says what was expected.</summary>
internal static class Options
{
    public static Option<string?> Text(string name, string description) => new(name) { Description = description };

    public static int? Whole(ParseResult result, Option<string?> option, int min, int max)
    {
        if (result.GetValue(option) is not { } text) return null;
        if (long.TryParse(text.Replace("_", "").Replace(",", ""), NumberStyles.Integer, CultureInfo.InvariantCulture, out long v) && v >= min && v <= max)
            return (int)v;
        throw new UsageException($"{option.Name} expects a whole number from {min:N0} to {max:N0} (got '{text}')");
    }

    public static ulong? Seed(ParseResult result, Option<string?> option)
    {
        if (result.GetValue(option) is not { } text) return null;
        return ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out ulong v)
            ? v : throw new UsageException($"{option.Name} expects a whole number ≥ 0 (got '{text}')");
    }
}
