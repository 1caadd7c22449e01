using System.CommandLine;
using System.Globalization;

namespace HccSim.Cli.Commands;

/// <summary>Options parsed by HccSim itself, so a bad value gets a message that says what was expected.</summary>
internal static class Options
{
    /// <summary>Comma-separated names, where a comma inside parentheses belongs to the name: <c>tace,tagged_at(recurrence, 60)</c>.</summary>
    public static string[]? SplitOutsideParentheses(string? text)
    {
        if (text is null) return null;
        var parts = new List<string>();
        int depth = 0, start = 0;
        for (int i = 0; i <= text.Length; i++)
        {
            if (i == text.Length || (text[i] == ',' && depth == 0))
            {
                if (text[start..i].Trim() is { Length: > 0 } part) parts.Add(part);
                start = i + 1;
            }
            else if (text[i] == '(') depth++;
            else if (text[i] == ')') depth--;
        }
        return parts.ToArray();
    }

    public static Option<string?> Text(string name, string description) => new(name) { Description = description };

    public static int? Whole(ParseResult result, Option<string?> option, int min, int max)
    {
        if (result.GetValue(option) is not { } text) return null;
        if (long.TryParse(text.Replace("_", "").Replace(",", ""), NumberStyles.Integer, CultureInfo.InvariantCulture, out long v) && v >= min && v <= max)
            return (int)v;
        throw new UsageException($"{option.Name} expects a whole number from {min:N0} to {max:N0} (got '{text}')");
    }

    /// <summary>A number &gt; 0 (a willingness to pay may be written 100000/QALY or 100,000).</summary>
    public static double? Positive(ParseResult result, Option<string?> option)
    {
        if (result.GetValue(option) is not { } text) return null;
        string clean = text.Replace("_", "").Replace(",", "");
        if (clean.EndsWith("/QALY", StringComparison.OrdinalIgnoreCase)) clean = clean[..^5];
        return double.TryParse(clean, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && v > 0 && double.IsFinite(v)
            ? v : throw new UsageException($"{option.Name} expects a number > 0 (got '{text}')");
    }

    public static ulong? Seed(ParseResult result, Option<string?> option)
    {
        if (result.GetValue(option) is not { } text) return null;
        return ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out ulong v)
            ? v : throw new UsageException($"{option.Name} expects a whole number ≥ 0 (got '{text}')");
    }

    /// <summary>The cohort options every simulating command takes: --patients, --seed, --threads.</summary>
    public sealed class Cohort
    {
        public Option<string?> Patients { get; } = Text("--patients", "Patients in the cohort (default: the scenario's cohort.patients)");
        public Option<string?> Seed { get; } = Text("--seed", "Random seed (default: the scenario's cohort.seed)");
        public Option<string?> Threads { get; } = Text("--threads", $"Worker threads (default: {Environment.ProcessorCount}, the number of cores); results do not depend on it");

        public IEnumerable<Option> All => new Option[] { Patients, Seed, Threads };

        /// <summary>The values given, or the scenario's.</summary>
        public (int Patients, ulong Seed, int Threads) Read(ParseResult result, HccSim.Scenarios.Scenario scenario)
            => (Whole(result, Patients, 1, int.MaxValue) ?? scenario.Patients,
                Options.Seed(result, Seed) ?? scenario.Seed,
                Whole(result, Threads, 1, 1024) ?? Environment.ProcessorCount);
    }
}
