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

    // Within one report build each file is parsed once: four sections draw on curves.csv (megabytes at long horizons).
    [ThreadStatic] private static Dictionary<string, TidyCsv?>? _memo;

    /// <summary>Until disposed, <see cref="Read"/> on this thread parses each file once and hands out that one (read-only) table.</summary>
    public static IDisposable Memoise()
    {
        var outer = _memo;
        _memo = new Dictionary<string, TidyCsv?>(StringComparer.Ordinal);
        return new Restore(outer);
    }

    private sealed class Restore(Dictionary<string, TidyCsv?>? outer) : IDisposable
    {
        public void Dispose() => _memo = outer;
    }

    /// <summary>The file, or null when it does not exist. A quoted cell may span lines (RFC 4180).</summary>
    public static TidyCsv? Read(string path)
    {
        if (_memo is null) return Parse(path);
        string key = Path.GetFullPath(path);
        if (!_memo.TryGetValue(key, out var table)) _memo[key] = table = Parse(path);
        return table;
    }

    private static TidyCsv? Parse(string path)
    {
        if (!File.Exists(path)) return null;
        string text = File.ReadAllText(path);
        int at = 0, line = 1;
        string? stamp = null;
        for (bool first = true; at < text.Length && text[at] == '#'; first = false, line++)
        {
            // The stamp, then any further comment lines (what the numbers are).
            int end = text.IndexOf('\n', at);
            if (end < 0) end = text.Length;
            if (first) stamp = text[at..end].TrimEnd('\r').TrimStart('#', ' ');
            at = end + 1;
        }
        var header = Record(text, ref at, ref line, path, out _) ?? throw new InvalidDataException($"{path} has no header (expected a CSV written by hccsim)");
        var rows = new List<string[]>();
        string[]? previous = null;
        while (true)
        {
            for (; at < text.Length && text[at] is '\n' or '\r'; at++) if (text[at] == '\n') line++;
            if (at >= text.Length) break;
            int row = line;
            var f = Unquoted(text, ref at, previous) ?? Record(text, ref at, ref line, path, out _)!;
            if (f.Length != header.Length) throw new InvalidDataException($"{path}:{row}: {f.Length} fields where the header has {header.Length} (expected a complete CSV written by hccsim)");
            rows.Add(f);
            previous = f;
        }
        return new TidyCsv(stamp, header, rows);
    }

    public bool Has(string column) => _columns.ContainsKey(column);
    public string Text(string[] row, string column) => row[_columns.TryGetValue(column, out int i) ? i : throw new InvalidDataException($"no column '{column}' (columns: {string.Join(", ", Header)})")];

    /// <summary>A number cell; NaN for NA or empty.</summary>
    public double Number(string[] row, string column)
        => double.TryParse(Text(row, column), NumberStyles.Float, CultureInfo.InvariantCulture, out double v) ? v : double.NaN;

    /// <summary>One line's cells, as the writer gave them (see <see cref="CsvCell.Read"/>).</summary>
    public static string[] Fields(string line)
    {
        int at = 0, number = 1;
        return Record(line, ref at, ref number, null, out _) ?? new[] { "" };
    }

    /// <summary>
    /// The next record from <paramref name="at"/> on when its line holds no quote, as nearly every line of a tidy file: its
    /// cells are the text between the commas (<see cref="CsvCell.Read"/> leaves an unquoted cell as it is), a cell the same
    /// as the one above it the same string (a file's strategy and curve names, tens of thousands of times); null when the
    /// line has a quote (<see cref="Record"/> reads it).
    /// </summary>
    private static string[]? Unquoted(string text, ref int at, string[]? above)
    {
        var rest = text.AsSpan(at);
        int length = rest.IndexOfAny('\n', '\r');
        var line = length < 0 ? rest : rest[..length];
        if (line.Contains('"')) return null;
        var fields = new string[line.Count(',') + 1];
        int i = 0;
        foreach (var range in line.Split(','))
        {
            var cell = line[range];
            fields[i] = above is not null && i < above.Length && cell.SequenceEqual(above[i]) ? above[i] : cell.ToString();
            i++;
        }
        at += line.Length;
        return fields;
    }

    /// <summary>
    /// The next record from <paramref name="at"/> on, its cells read back to the writer's text; blank lines are passed
    /// over; null at the end. <paramref name="start"/> is the line it begins on. A quote left open is an error when
    /// reading a file (<paramref name="path"/> given).
    /// </summary>
    private static string[]? Record(string text, ref int at, ref int line, string? path, out int start)
    {
        while (at < text.Length && text[at] is '\n' or '\r') { if (text[at] == '\n') line++; at++; }
        start = line;
        if (at >= text.Length) return null;
        var fields = new List<string>();
        var field = new System.Text.StringBuilder();
        bool quoted = false, wasQuoted = false;
        int opened = line;
        for (; at < text.Length; at++)
        {
            char c = text[at];
            if (quoted)
            {
                if (c == '"' && at + 1 < text.Length && text[at + 1] == '"') { field.Append('"'); at++; }
                else if (c == '"') quoted = false;
                else { if (c == '\n') line++; field.Append(c); }
            }
            else if (c == '"') { quoted = true; wasQuoted = true; opened = line; }
            else if (c == ',') { fields.Add(CsvCell.Read(field.ToString(), wasQuoted)); field.Clear(); wasQuoted = false; }
            else if (c is '\n' or '\r') break;
            else field.Append(c);
        }
        if (quoted && path is not null) throw new InvalidDataException($"{path}:{opened}: a quoted cell is not closed (expected a complete CSV written by hccsim)");
        fields.Add(CsvCell.Read(field.ToString(), wasQuoted));
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
