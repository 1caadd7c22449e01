using HccSim.Scenarios;
using System.Globalization;
using System.Text.RegularExpressions;
using HccSim.Core.Random;
using HccSim.Scenarios.Parameters;

namespace HccSim.Analysis.Sweeps;

public enum DesignKind { Grid, OneWay, LatinHypercube }

/// <summary>
/// A swept parameter: its path, the values it takes (grid and one-way) or its range (Latin hypercube). A parameter
/// written in several places that must move together (a rule's month in two transitions) is one parameter with those
/// places tied: <see cref="Tied"/> holds the others.
/// </summary>
public sealed record SweptParameter(ParameterPath Path, IReadOnlyList<double> Values, double Min, double Max)
{
    /// <summary>Further places that take the same value as <see cref="Path"/> at every point (none by default).</summary>
    public IReadOnlyList<ParameterPath> Tied { get; init; } = Array.Empty<ParameterPath>();

    /// <summary>Every place the parameter is written, <see cref="Path"/> first.</summary>
    public IReadOnlyList<ParameterPath> Places => new[] { Path }.Concat(Tied).ToArray();

    /// <summary>The path as written (tied places joined by " &amp; "), naming the parameter in tables and reports.</summary>
    public string Name => string.Join(" & ", Places.Select(p => p.Text));
}

/// <summary>
/// The points of a parameter sweep: a full grid, one parameter at a time (the others at the values written in the file),
/// or a Latin hypercube of N points (each parameter's range cut into N equal strata, one point in each, strata matched at
/// random). Point i is the same on every machine: the hypercube is drawn from its own stream of the seed.
/// </summary>
public sealed partial record SweepDesign(DesignKind Kind, IReadOnlyList<SweptParameter> Parameters, IReadOnlyList<double?[]> Points)
{
    [GeneratedRegex(@"^\s*(?<lo>[-+0-9.eE]+)\s*\.\.\s*(?<hi>[-+0-9.eE]+)\s*(?:step\s+(?<step>[-+0-9.eE]+)|(?<n>[0-9]+)\s+points)?\s*$")]
    private static partial Regex RangeShape();

    /// <summary>
    /// Reads one <c>--set PATH=VALUES</c>: <c>0.02..0.10 step 0.02</c>, <c>0.02..0.10 5 points</c>, <c>0.02..0.10</c> (a range, for a
    /// Latin hypercube) or a list <c>0.02,0.05,0.1</c>. Values are in the unit the file writes the number in. Null with the reason.
    /// </summary>
    public static SweptParameter? ParseSet(string text, out string? error)
    {
        error = null;
        int eq = text.IndexOf('=');
        if (eq <= 0) { error = $"--set '{text}' must be PATH=VALUES (e.g. strategies.abc.transitions[a->b].rate=0.02..0.10 step 0.02)"; return null; }
        // PATH & PATH …: places that move together, one parameter.
        var paths = new List<ParameterPath>();
        foreach (var part in text[..eq].Split('&'))
        {
            if (ParameterPath.Parse(part.Trim(), out error) is not { } one) return null;
            if (paths.Any(x => x.Text == one.Text)) { error = $"--set ties {one.Text} to itself (expected each place once)"; return null; }
            paths.Add(one);
        }
        var path = paths[0];
        string values = text[(eq + 1)..].Trim();
        static bool Num(string s, out double v) => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out v) && double.IsFinite(v);
        var m = RangeShape().Match(values);
        if (m.Success)
        {
            if (!Num(m.Groups["lo"].Value, out double lo) || !Num(m.Groups["hi"].Value, out double hi) || !(lo < hi))
            {
                error = $"--set {path}: '{values}' must be a range lower..upper with lower < upper";
                return null;
            }
            var list = new List<double>();
            if (m.Groups["step"].Success)
            {
                if (!Num(m.Groups["step"].Value, out double step) || !(step > 0) || (hi - lo) / step > 100_000)
                {
                    error = $"--set {path}: step '{m.Groups["step"].Value}' must be > 0 and give at most 100,000 values";
                    return null;
                }
                int count = (int)Math.Floor((hi - lo) / step + 1e-9) + 1;
                for (int i = 0; i < count; i++) list.Add(Math.Round(lo + i * step, 12));
            }
            else if (m.Groups["n"].Success)
            {
                int n = int.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture);
                if (n < 2 || n > 100_000) { error = $"--set {path}: {n} points (expected 2 to 100,000)"; return null; }
                for (int i = 0; i < n; i++) list.Add(lo + (hi - lo) * i / (n - 1));
            }
            return new SweptParameter(path, list, lo, hi) { Tied = paths.Skip(1).ToArray() };
        }
        var parts = values.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var listed = new List<double>();
        foreach (var p in parts)
        {
            if (!Num(p, out double v)) { error = $"--set {path}: '{p}' is not a number (expected a list like 0.02,0.05 or a range like 0.02..0.10 step 0.02)"; return null; }
            listed.Add(v);
        }
        if (listed.Count == 0) { error = $"--set {path}: no values"; return null; }
        return new SweptParameter(path, listed, listed.Min(), listed.Max()) { Tied = paths.Skip(1).ToArray() };
    }

    /// <summary>The design's points: each a value per parameter, null where the parameter keeps the file's value (one-way).</summary>
    public static SweepDesign Build(DesignKind kind, IReadOnlyList<SweptParameter> parameters, int lhsPoints, ulong seed)
    {
        var points = new List<double?[]>();
        switch (kind)
        {
            case DesignKind.Grid:
            {
                long total = parameters.Aggregate(1L, (a, p) => a * p.Values.Count);
                if (total > 1_000_000) throw new ArgumentException($"the grid has {total:N0} points (expected at most 1,000,000; use a Latin hypercube)");
                var index = new int[parameters.Count];
                for (long i = 0; i < total; i++)
                {
                    points.Add(parameters.Select((p, j) => (double?)p.Values[index[j]]).ToArray());
                    // Last parameter fastest, like nested loops written in order.
                    for (int j = parameters.Count - 1; j >= 0; j--)
                    {
                        if (++index[j] < parameters[j].Values.Count) break;
                        index[j] = 0;
                    }
                }
                break;
            }
            case DesignKind.OneWay:
                for (int j = 0; j < parameters.Count; j++)
                    foreach (double v in parameters[j].Values)
                    {
                        var point = new double?[parameters.Count];
                        point[j] = v;
                        points.Add(point);
                    }
                break;
            default:
            {
                if (lhsPoints < 2) throw new ArgumentException("a Latin hypercube needs at least 2 points");
                var rng = RandomStreams.For(seed, 0, 0, StreamPurpose.Design);
                var columns = new double[parameters.Count][];
                for (int j = 0; j < parameters.Count; j++)
                {
                    var strata = Enumerable.Range(0, lhsPoints).ToArray();
                    for (int i = strata.Length - 1; i > 0; i--) // Fisher–Yates from the design's own stream
                    {
                        int k = (int)(rng.NextDouble() * (i + 1));
                        (strata[i], strata[k]) = (strata[k], strata[i]);
                    }
                    var p = parameters[j];
                    columns[j] = strata.Select(s => p.Min + (p.Max - p.Min) * (s + rng.NextDouble()) / lhsPoints).ToArray();
                }
                for (int i = 0; i < lhsPoints; i++) points.Add(columns.Select(c => (double?)c[i]).ToArray());
                break;
            }
        }
        return new SweepDesign(kind, parameters, points);
    }

    /// <summary>A fingerprint of what the design evaluates (kind, paths, points), for resuming only the same sweep.</summary>
    public string Describe() => $"{Kind}: " + string.Join("; ", Parameters.Select(p => p.Name)) + " | " +
        string.Join(";", Points.Select(pt => string.Join(",", pt.Select(v => v?.ToString("R", CultureInfo.InvariantCulture) ?? "base"))));
}
