using System.Globalization;
using System.Text;
using HccSim.Analysis.Sweeps;
using static HccSim.Reporting.ResultWriter;
using static HccSim.Reporting.CsvCell;

namespace HccSim.Reporting;

/// <summary>
/// sweep.csv, written as points finish so an interrupted sweep keeps them: one row per design point and strategy (point,
/// each swept parameter's value, strategy, each outcome). Its stamp line carries the design's fingerprint; a rerun of the
/// same sweep keeps the complete points and runs the rest, and the file ends sorted by point.
/// </summary>
public sealed class SweepFile
{
    private readonly string _path;
    private readonly string _stamp;
    private readonly string _header;
    private readonly int _strategies;
    private readonly SweepDesign _design;
    private readonly Dictionary<int, List<string>> _rows = new();

    /// <param name="shard">This process's shard (I, N) of a sweep split across machines: its file is sweep.shard-I-of-N.csv and its stamp says so.</param>
    public SweepFile(string directory, RunStamp stamp, SweepDesign design, IReadOnlyList<string> outcomes, int strategies, (int Index, int Count)? shard = null)
    {
        Directory.CreateDirectory(directory);
        _path = Path.Combine(directory, shard is { } sh ? ShardFileName(sh.Index, sh.Count) : "sweep.csv");
        _design = design;
        _strategies = strategies;
        string fingerprint = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(
            $"{stamp.ScenarioSha256}|{stamp.Seed}|{stamp.Patients}|{string.Join(",", outcomes)}|{design.Describe()}")));
        // The stamp without its time fields: a resumed sweep's first line must match the interrupted one's.
        // No path and no time: the same sweep run from elsewhere, or resumed later, has the same first line.
        _stamp = CsvLine.Comment($"hccsim {stamp.HccSimVersion}; scenario {stamp.Scenario}; sha256 {stamp.ScenarioSha256}; seed {stamp.Seed}; patients {stamp.Patients}; design {design.Kind} {fingerprint}"
            + (shard is { } s2 ? $"; shard {s2.Index}/{s2.Count} of {design.Points.Count} points" : ""));
        _header = CsvLine.Of(new[] { "point" }.Concat(design.Parameters.Select(p => p.Name)).Append("strategy").Concat(outcomes).Select(Text).ToArray());
        if (File.Exists(_path)) Resume();
    }

    /// <summary>Points already complete (every strategy's row present), from an interrupted run of the same sweep.</summary>
    public IReadOnlySet<int> Done => _rows.Where(r => r.Value.Count == _strategies).Select(r => r.Key).ToHashSet();

    /// <summary>True when the folder held this sweep's file from before; false for a fresh start.</summary>
    public bool Resumed { get; private set; }

    private void Resume()
    {
        string text = File.ReadAllText(_path);
        // Cut off while the stamp and header were being written: nothing was done, start afresh.
        if ((_stamp + "\n" + _header + "\n").StartsWith(text, StringComparison.Ordinal)) { File.Delete(_path); return; }
        var lines = text.Split('\n');
        if (lines.Length < 2 || lines[0].TrimEnd('\r') != _stamp || lines[1].TrimEnd('\r') != _header)
            throw new InvalidDataException($"{_path} holds another sweep (another scenario, seed, size, outcomes or design; expected the same sweep to resume, or another --out folder)");
        Resumed = true;
        // The last line may be cut short by the interruption: only lines that end in a newline count.
        for (int i = 2; i < lines.Length - 1; i++)
        {
            string line = lines[i].TrimEnd('\r');
            int comma = line.IndexOf(',');
            if (comma <= 0 || !int.TryParse(line[..comma], NumberStyles.None, CultureInfo.InvariantCulture, out int point) || point >= _design.Points.Count) continue;
            if (!_rows.TryGetValue(point, out var rows)) _rows[point] = rows = new List<string>();
            rows.Add(line);
        }
        foreach (var incomplete in _rows.Where(r => r.Value.Count != _strategies).Select(r => r.Key).ToList()) _rows.Remove(incomplete);
        Rewrite();
    }

    /// <summary>Adds a finished point's rows and appends them to the file at once.</summary>
    public void Add(IReadOnlyList<SweepRow> rows)
    {
        var lines = rows.Select(r => CsvLine.Of(new[] { Number(r.Point) }
            .Concat(_design.Points[r.Point].Select(v => v is { } x ? Number(x) : Text("base")))
            .Append(r.Strategy).Concat(r.Values.Select(v => Number(v))).ToArray())).ToList();
        _rows[rows[0].Point] = lines;
        if (!File.Exists(_path)) WriteAtomically(_path, _stamp + "\n" + _header + "\n");
        using var stream = new FileStream(_path, FileMode.Append, FileAccess.Write);
        var bytes = new UTF8Encoding(false).GetBytes(string.Join("", lines.Select(l => l + "\n")));
        stream.Write(bytes);
        stream.Flush(flushToDisk: true);
    }

    /// <summary>The whole file, sorted by point (written to a temporary name and renamed).</summary>
    public void Rewrite()
    {
        var sb = new StringBuilder().Append(_stamp).Append('\n').Append(_header).Append('\n');
        foreach (var (_, lines) in _rows.OrderBy(r => r.Key)) foreach (var l in lines) sb.Append(l).Append('\n');
        WriteAtomically(_path, sb.ToString());
    }

    public static string ShardFileName(int index, int count) => $"sweep.shard-{index}-of-{count}.csv";

    /// <summary>Removes the sweep file (and the whole sweep's JSON) a new sweep in <paramref name="directory"/> would write, so another design can take its place.</summary>
    public static void Discard(string directory, (int Index, int Count)? shard = null)
    {
        File.Delete(Path.Combine(directory, shard is { } sh ? ShardFileName(sh.Index, sh.Count) : "sweep.csv"));
        if (shard is null) File.Delete(Path.Combine(directory, "sweep.json"));
    }

    /// <summary>sweep.json beside a complete sweep.csv, from the CSV alone (so a merged sweep's is the same as one machine's).</summary>
    public static void WriteJson(string csvPath)
    {
        var lines = File.ReadAllLines(csvPath);
        string stamp = lines[0].TrimStart('#', ' ');
        var header = Html.TidyCsv.Fields(lines[1]);
        int strategy = Array.IndexOf(header, "strategy");
        static double? Cell(string c) => double.TryParse(c, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) ? v : null; // NA, base → null
        var rows = lines.Skip(2).Where(l => l.Length > 0).Select(line =>
        {
            var c = Html.TidyCsv.Fields(line);
            return new
            {
                point = int.Parse(c[0], CultureInfo.InvariantCulture),
                parameters = Enumerable.Range(1, strategy - 1).Select(j => new { path = header[j], value = Cell(c[j]) }),
                strategy = c[strategy],
                outcomes = Enumerable.Range(strategy + 1, header.Length - strategy - 1).Select(j => new { outcome = header[j], value = Cell(c[j]) }),
            };
        }).ToList();
        string kind = Html.TidyCsv.StampField(stamp, "design")?.Split(' ')[0] ?? "";
        var json = new
        {
            stamp,
            design = new { kind, parameters = header.Skip(1).Take(strategy - 1), points = rows.Select(r => r.point).Distinct().Count() },
            rows,
        };
        WriteAtomically(Path.Combine(Path.GetDirectoryName(csvPath)!, "sweep.json"), System.Text.Json.JsonSerializer.Serialize(json, JsonOptions));
    }

    /// <summary>
    /// Merges shard files of one sweep into sweep.csv in <paramref name="directory"/>: same stamp (scenario, seed, size, design)
    /// and header, every shard once, every point complete. The result is the file one machine writes, byte for byte.
    /// </summary>
    public static string Merge(IReadOnlyList<string> paths, string directory)
    {
        var shards = new List<(string Path, string Stamp, string Header, int Index, int Count, int Points, List<string> Rows)>();
        foreach (var path in paths)
        {
            var lines = File.ReadAllLines(path);
            var m = lines.Length >= 2 ? System.Text.RegularExpressions.Regex.Match(lines[0], @"^(?<stamp>#.*); shard (?<i>\d+)/(?<n>\d+) of (?<p>\d+) points$") : null;
            if (m is null || !m.Success) throw new InvalidDataException($"{path}: not a sweep shard file (expected sweep.shard-I-of-N.csv written by hccsim sweep --shard)");
            shards.Add((path, m.Groups["stamp"].Value, lines[1], int.Parse(m.Groups["i"].Value, CultureInfo.InvariantCulture), int.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture),
                int.Parse(m.Groups["p"].Value, CultureInfo.InvariantCulture), lines.Skip(2).Where(l => l.Length > 0).ToList()));
        }
        var first = shards[0];
        foreach (var sh in shards.Skip(1))
            if (sh.Stamp != first.Stamp || sh.Header != first.Header || sh.Count != first.Count || sh.Points != first.Points)
                throw new InvalidDataException($"{sh.Path}: from another sweep than {first.Path} (another scenario, version, seed, size, design or shard count)");
        Shards.CheckComplete(shards.Select(x => (x.Path, x.Index)), first.Count);
        var byPoint = shards.SelectMany(x => x.Rows).GroupBy(l => int.Parse(l[..l.IndexOf(',')], CultureInfo.InvariantCulture)).ToDictionary(g => g.Key, g => g.ToList());
        int perPoint = byPoint.Count > 0 ? byPoint.Values.Max(v => v.Count) : 0;
        var incomplete = Enumerable.Range(0, first.Points).Where(p => !byPoint.TryGetValue(p, out var rows) || rows.Count != perPoint).ToArray();
        if (incomplete.Length > 0) throw new InvalidDataException($"points {string.Join(", ", incomplete.Take(10))}{(incomplete.Length > 10 ? ", …" : "")} are incomplete (a shard was cut short: rerun it, and it resumes)");
        var sb = new StringBuilder().Append(first.Stamp).Append('\n').Append(first.Header).Append('\n');
        foreach (var p in Enumerable.Range(0, first.Points)) foreach (var l in byPoint[p]) sb.Append(l).Append('\n');
        Directory.CreateDirectory(directory);
        string output = Path.Combine(directory, "sweep.csv");
        WriteAtomically(output, sb.ToString());
        return output;
    }

    public string FilePath => _path;
}
