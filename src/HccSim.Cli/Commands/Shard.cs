using System.Globalization;

namespace HccSim.Cli.Commands;

/// <summary>`--shard I/N`: this process does shard I (0-based) of N.</summary>
internal static class Shard
{
    public static (int Index, int Count) Parse(string? text)
    {
        if (text is null) return (0, 1);
        var parts = text.Split('/');
        if (parts.Length == 2 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int i)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n >= 1 && n <= 100_000 && i < n)
            return (i, n);
        throw new UsageException($"--shard expects I/N with 0 ≤ I < N ≤ 100,000, e.g. 0/4 (got '{text}')");
    }
}
