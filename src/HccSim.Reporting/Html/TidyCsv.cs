using System.Globalization;

namespace HccSim.Reporting.Html;

/// <summary>A tidy CSV as HccSim writes it: an optional '#' stamp line, a header, RFC 4180 rows.</summary>
public sealed class TidyCsv
{
    private readonly Dictionary<string, int> _columns;

    private TidyCsv(string? stamp, string[] header, List<string[]> rows)
    {
        Stamp = stamp;
        Header = header;
        Rows = rows;
        _columns = header.Select((h, i) => (h, i)).ToDictionary(x => x.h, x => x.i, StringComparer.Ordinal);
    }

    public string? Stamp { get; }
    public IReadOnlyList<string> Header { get; }
    public IReadOnlyList<string[]> Rows { get; }

    /// <summary>The file, or null when it does not exist.</summary>
    public static TidyCsv? Read(string path)
    {
        if (!File.Exists(path)) return null;
        var lines = File.ReadAllLines(path);
        int i = 0;
        string? stamp = null;
        if (lines.Length > 0 && lines[0].StartsWith('#')) stamp = lines[i++].TrimStart('#', ' ');
        while (i < lines.Length && lines[i].StartsWith('#')) i++; // further comment lines (what the numbers are)
        if (i >= lines.Length) throw new InvalidDataException($"{path} has no header (expected a CSV written by hccsim)");
        var header = Fields(lines[i++]);
        var rows = new List<string[]>();
        for (; i < lines.Length; i++)
        {
            if (lines[i].Length == 0) continue;
            var f = Fields(lines[i]);
            if (f.Length != header.Length) throw new InvalidDataException($"{path}:{i + 1}: {f.Length} fields where the header has {header.Length} (expected a complete CSV written by hccsim)");
            rows.Add(f);
        }
        return new TidyCsv(stamp, header, rows);
    }

    public bool Has(string column) => _columns.ContainsKey(column);
    public string Text(string[] row, string column) => row[_columns.TryGetValue(column, out int i) ? i : throw new InvalidDataException($"no column '{column}' (columns: {string.Join(", ", Header)})")];

    /// <summary>A number cell; NaN for NA or empty.</summary>
    public double Number(string[] row, string column)
        => double.TryParse(Text(row, column), NumberStyles.Float, CultureInfo.InvariantCulture, out double v) ? v : double.NaN;

    public static string[] Fields(string line)
    {
        var fields = new List<string>();
        var field = new System.Text.StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else field.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { fields.Add(field.ToString()); field.Clear(); }
            else field.Append(c);
        }
        fields.Add(field.ToString());
        return fields.ToArray();
    }

    /// <summary>A stamp's field ("sha256", "seed", …) from "key value; key value" text.</summary>
    public static string? StampField(string? stamp, string key)
    {
        if (stamp is null) return null;
        foreach (var part in stamp.Split(';', StringSplitOptions.TrimEntries))
            if (part.StartsWith(key + " ", StringComparison.Ordinal)) return part[(key.Length + 1)..];
        return null;
    }
}
