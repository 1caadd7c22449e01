using System.Globalization;
using HccSim.Scenarios.Diagnostics;
using HccSim.Scenarios.Yaml;

namespace HccSim.Scenarios.Reading;

/// <summary>
/// uncertainty.posterior: { file, group } — a posterior sample (CSV, as `calibrate --method imis` writes it) beside the scenario,
/// one column per free parameter of the calibration section. Every problem is said at the reference (the file: key's value),
/// one line each: a file that is missing or unreadable, columns that are not the calibration's free paths (names and count),
/// a cell that is not a number or lies outside its parameter's bounds, a free parameter that is also drawn from a distribution.
/// </summary>
internal sealed class PosteriorReader(ReadingContext context)
{
    private static readonly string[] Keys = { "file", "group", "source", "note" };
    public const string DefaultGroup = "calibrated";

    private readonly Problems _problems = context.Problems;
    private readonly Values _values = context.Values;

    /// <param name="drawn">Where the uncertain parameters' numbers are written (file shown, start) and each one's name: a free
    /// parameter there too would be drawn twice.</param>
    public PosteriorSample? Read(Node node, CalibrationSettings? calibration, IReadOnlyList<(string File, int Start, string Name)> drawn, ISet<string> names)
    {
        if (_values.Map(node, "posterior") is not { } m) return null;
        var map = new MapNode(m, _problems, "posterior", Keys);
        if (map["file"] is not { } fileNode) { _problems.At(m, "posterior has no 'file' (expected the CSV `hccsim calibrate --method imis` wrote, e.g. file: scenario.posterior.csv)"); return null; }
        if (_values.Text(fileNode, "posterior file") is not { } file) return null;
        string group = DefaultGroup;
        if (map["group"] is { } groupNode && _values.Text(groupNode, "posterior group") is { } g)
        {
            if (Values.PlainNameProblem(g) is { } bad) { _problems.At(groupNode, $"posterior group name '{g}' {bad}"); return null; }
            group = g;
        }
        if (names.Contains(group)) { _problems.At(map["group"] ?? fileNode, $"posterior group name '{group}' is also a parameter's or group's name (expected a name of its own: group: ...)"); return null; }
        if (calibration is null || calibration.Free.Count == 0)
        {
            _problems.At(fileNode, $"posterior file '{file}' needs the calibration section its columns belong to (expected calibration: {{ free: [...] }} naming the parameters the sample holds)");
            return null;
        }
        var free = calibration.Free;
        string expected = $"expected one column per calibration.free path: {string.Join(", ", free.Select(f => f.Path.Text))}";

        // A free parameter drawn from a distribution too would be sampled twice: refused, whichever path spelling names it.
        foreach (var f in free)
            foreach (var place in f.Places)
                if (drawn.FirstOrDefault(d => d.File == context.ShownAs && d.Start == place.Start) is { Name: not null } twice)
                {
                    _problems.At(fileNode, $"'{place.Path.Text}' is a free parameter drawn from the posterior and also uncertain parameter '{twice.Name}' (expected it in one place: remove it from uncertainty.parameters)");
                    return null;
                }

        string full = context.OtherFile(file);
        switch (context.Sources.Kind(full))
        {
            case FileKind.Missing:
                _problems.At(fileNode, $"posterior file '{file}': no such file beside the scenario (expected the CSV written by hccsim calibrate --method imis)");
                return null;
            case not FileKind.Regular and var kind:
                _problems.At(fileNode, $"posterior file '{file}' {FileKinds.Describe(kind)} (expected a CSV file)");
                return null;
        }
        var (bytes, text, problem) = context.Sources.Text(full, "posterior CSV file");
        if (text is null) { _problems.At(fileNode, $"posterior file '{file}' {problem} (expected the CSV written by hccsim calibrate --method imis)"); return null; }
        context.Inputs.Add((Path.Combine(Path.GetDirectoryName(context.ShownAs) ?? "", file), bytes));

        var lines = text.Replace("\r\n", "\n").Split('\n');
        int first = Array.FindIndex(lines, l => l.Trim().Length > 0 && !l.TrimStart().StartsWith('#'));
        if (first < 0) { _problems.At(fileNode, $"posterior file '{file}' is empty ({expected})"); return null; }
        var header = Cells(lines[first]);
        if (header.Count != free.Count)
        {
            _problems.At(fileNode, $"posterior file '{file}' has {header.Count} columns for {free.Count} free parameters ({expected})");
            return null;
        }
        var order = new int[free.Count]; // file column c holds free parameter order[c]
        for (int c = 0; c < header.Count; c++)
        {
            int j = -1;
            for (int k = 0; k < free.Count; k++) if (free[k].Path.Text == header[c]) j = k;
            if (j < 0 || order.Take(c).Contains(j))
            {
                // The cell is not quoted: a scenario may name any file by mistake (/etc/passwd), and what it holds is not for a log.
                _problems.At(fileNode, $"posterior file '{file}': column {c + 1} of the header is {(j < 0 ? "not a free parameter of the calibration section" : "a free parameter named twice")} ({expected})");
                return null;
            }
            order[c] = j;
        }
        var rows = new List<double>();
        var row = new double[free.Count];
        for (int i = first + 1; i < lines.Length; i++)
        {
            if (lines[i].Trim().Length == 0 || lines[i].TrimStart().StartsWith('#')) continue;
            var cells = Cells(lines[i]);
            if (cells.Count != free.Count) { _problems.At(fileNode, $"posterior file '{file}': line {i + 1} has {cells.Count} cells ({expected})"); return null; }
            for (int c = 0; c < cells.Count; c++)
            {
                var f = free[order[c]];
                if (!double.TryParse(cells[c], NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !double.IsFinite(v))
                {
                    _problems.At(fileNode, $"posterior file '{file}': line {i + 1}, column {c + 1} ({f.Path.Text}) is not a number (expected a value within its bounds [{Values.Fmt(f.Lower)}, {Values.Fmt(f.Upper)}])");
                    return null;
                }
                if (v < f.Lower || v > f.Upper)
                {
                    _problems.At(fileNode, $"posterior file '{file}': line {i + 1}, column {c + 1} ({f.Path.Text}) is {Values.Fmt(v)}, outside its calibration bounds [{Values.Fmt(f.Lower)}, {Values.Fmt(f.Upper)}] (expected the sample of this calibration section)");
                    return null;
                }
                row[order[c]] = v;
            }
            rows.AddRange(row);
            if (rows.Count / free.Count > Limits.PosteriorRows)
            {
                _problems.At(fileNode, $"posterior file '{file}' has more than {Limits.PosteriorRows:N0} rows (expected a resample of at most that many)");
                return null;
            }
        }
        if (rows.Count == 0) { _problems.At(fileNode, $"posterior file '{file}' has a header but no rows (expected the resampled rows below it)"); return null; }
        return new PosteriorSample(file, group, free, rows.ToArray(), fileNode.Line, fileNode.Column);
    }

    /// <summary>A CSV line's cells, RFC 4180 quotes undone, and the apostrophe HccSim's writer puts before a formula-like text.</summary>
    private static List<string> Cells(string line)
    {
        var cells = new List<string>();
        var cell = new System.Text.StringBuilder();
        bool quoted = false, wasQuoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char ch = line[i];
            if (quoted)
            {
                if (ch == '"' && i + 1 < line.Length && line[i + 1] == '"') { cell.Append('"'); i++; }
                else if (ch == '"') quoted = false;
                else cell.Append(ch);
            }
            else if (ch == '"') { quoted = true; wasQuoted = true; }
            else if (ch == ',') { cells.Add(Finish()); }
            else cell.Append(ch);
        }
        cells.Add(Finish());
        return cells;

        string Finish()
        {
            string s = cell.ToString();
            if (!wasQuoted) s = s.Trim();
            else if (s.StartsWith('\'')) s = s[1..];
            cell.Clear();
            wasQuoted = false;
            return s;
        }
    }
}
