using System.Globalization;

namespace HccSim.Reporting.Html;

/// <summary>
/// Which run a section's numbers come from, read from the stamp line of the file it is drawn from: the scenario and its
/// SHA-256, the seed, the size (patients; draws, replicates; the method when not continuous) and when it finished — or, for a file whose stamp carries no
/// time (a sweep's, which must read the same when resumed), when the file was last written.
/// </summary>
public sealed record SectionStamp(string? Scenario, string? Sha256, string? Seed, string Size, DateTimeOffset? Time, bool TimeFromFile)
{
    /// <summary>The stamp of <paramref name="path"/>; null when the file is absent or has no stamp line.</summary>
    public static SectionStamp? Read(string path)
    {
        if (!File.Exists(path)) return null;
        string? first = File.ReadLines(path).FirstOrDefault();
        if (first is null || !first.StartsWith('#')) return null;
        string stamp = first.TrimStart('#', ' ');
        string? Field(string key) => TidyCsv.StampField(stamp, key);
        string patients = Count(Field("patients"));
        string size = Field("draws") is { } draws ? $"{Count(draws)} draws × {patients} patients"
            : Field("replicates") is { } replicates ? $"{Count(replicates)} simulated trials of {patients} patients"
            : Field("design") is not null ? $"{patients} patients a design point"
            : $"{patients} patients" + (Field("subgroup") is { } subgroup ? $" ({subgroup})" : "");
        // A run by another method than the continuous-time microsimulation says which (and its cycle); a cohort trace or
        // exact solution has no patients (its stamp says 0).
        if (Field("method") is { } method && method != "continuous")
            size = (Field("patients") == "0" ? "" : size + " · ") + $"method {method}" + (Field("cycle_months") is { } cycle ? $", {cycle}-month cycles" : "");
        bool parsed = DateTimeOffset.TryParse(Field("finished"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var finished);
        return new SectionStamp(Field("scenario"), Field("sha256"), Field("seed"), size,
            parsed ? finished.ToUniversalTime() : new DateTimeOffset(File.GetLastWriteTimeUtc(path), TimeSpan.Zero), TimeFromFile: !parsed);
    }

    /// <summary>Whether this comes from the same run as <paramref name="other"/>: the same scenario (by its hash) and seed.</summary>
    public bool SameRunAs(SectionStamp other) => Sha256 is not null && Sha256 == other.Sha256 && Seed == other.Seed;

    /// <summary>When, as the page shows it ("2026-12-06 23:54 UTC").</summary>
    public string When => Time is { } t ? $"{(TimeFromFile ? "written" : "finished")} {t:yyyy-MM-dd HH:mm} UTC" : "time unknown";

    /// <summary>The line under a section's title: "seed 9 · 60 draws × 500 patients · finished 2026-12-06 23:54 UTC".</summary>
    public string Line => $"seed {Seed ?? "?"} · {Size} · {When}";

    /// <summary>The first 12 digits of the scenario's hash, as the page quotes it.</summary>
    public string ShortSha => Sha256 is { Length: >= 12 } sha ? sha[..12] + "…" : Sha256 ?? "?";

    private static string Count(string? text)
        => long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long n) ? n.ToString("N0", CultureInfo.InvariantCulture) : text ?? "?";
}
