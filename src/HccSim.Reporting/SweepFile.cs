using System.Globalization;
using System.Text;
using HccSim.Scenarios.Sweeps;
using static HccSim.Reporting.ResultWriter;

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

    public SweepFile(string directory, RunStamp stamp, SweepDesign design, IReadOnlyList<string> outcomes, int strategies)
    {
        Directory.CreateDirectory(directory);
        _path = Path.Combine(directory, "sweep.csv");
        _design = design;
        _strategies = strategies;
        string fingerprint = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(
            $"{stamp.ScenarioSha256}|{stamp.Seed}|{stamp.Patients}|{string.Join(",", outcomes)}|{design.Describe()}")));
        // The stamp without its time fields: a resumed sweep's first line must match the interrupted one's.
        // No path and no time: the same sweep run from elsewhere, or resumed later, has the same first line.
        _stamp = $"# hccsim {stamp.HccSimVersion}; scenario {stamp.Scenario}; sha256 {stamp.ScenarioSha256}; seed {stamp.Seed}; patients {stamp.Patients}; design {design.Kind} {fingerprint}";
        _header = Csv(new[] { "point" }.Concat(design.Parameters.Select(p => p.Path.Text)).Append("strategy").Concat(outcomes).ToArray());
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
        var lines = rows.Select(r => Csv(new[] { r.Point.ToString(CultureInfo.InvariantCulture) }
            .Concat(_design.Points[r.Point].Select(v => v is { } x ? N(x) : "base"))
            .Append(r.Strategy).Concat(r.Values.Select(v => N(v))).ToArray())).ToList();
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

    /// <summary>sweep.json beside the CSV once every point is done: the stamp, the design and each row (for the report).</summary>
    public void WriteJson(IReadOnlyList<string> outcomes)
    {
        static double? Cell(string c) => double.TryParse(c, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) ? v : null; // NA, base → null
        int k = _design.Parameters.Count;
        var rows = _rows.OrderBy(r => r.Key).SelectMany(r => r.Value).Select(line =>
        {
            // Rows hold a point number, numbers or 'base', a plain strategy name and numbers: no quoted commas.
            var c = line.Split(',');
            return new
            {
                point = int.Parse(c[0], CultureInfo.InvariantCulture),
                parameters = _design.Parameters.Select((p, j) => new { path = p.Path.Text, value = Cell(c[1 + j]) }),
                strategy = c[1 + k],
                outcomes = outcomes.Select((o, j) => new { outcome = o, value = Cell(c[2 + k + j]) }),
            };
        }).ToList();
        var json = new
        {
            stamp = _stamp.TrimStart('#', ' '),
            design = new { kind = _design.Kind.ToString(), parameters = _design.Parameters.Select(p => p.Path.Text), points = _design.Points.Count },
            rows,
        };
        WriteAtomically(Path.Combine(Path.GetDirectoryName(_path)!, "sweep.json"), System.Text.Json.JsonSerializer.Serialize(json, JsonOptions));
    }

    public string FilePath => _path;
}
