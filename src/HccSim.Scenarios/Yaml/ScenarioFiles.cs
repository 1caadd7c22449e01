using System.Text;
using HccSim.Scenarios.Diagnostics;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace HccSim.Scenarios.Yaml;

/// <summary>
/// Reads a scenario (or a file beside it) defensively: bounded size, text only, UTF-8, and YAML without
/// anchors or aliases — refused from the event stream, before any tree is built, so an alias bomb costs nothing.
/// The parsed tree is handed on as HccSim's own immutable <see cref="Node"/>s: this is the only file that uses YamlDotNet.
/// </summary>
internal static class ScenarioFiles
{
    /// <summary>How deep maps and lists may nest.</summary>
    public const int MaxDepth = 32;

    /// <summary>A scenario is a page or two of text; anything larger is a mistake, not a scenario.</summary>
    public const long MaxBytes = 4 * 1024 * 1024;

    /// <summary>The text of <paramref name="path"/>, or null with the reason recorded.</summary>
    public static string? ReadText(string path, string shownAs, Problems problems, string what = "scenario file")
        => ReadText(path, shownAs, problems, out _, what);

    /// <summary>As <see cref="ReadText(string, string, Problems, string)"/>, also giving the file's raw bytes (for its hash).</summary>
    public static string? ReadText(string path, string shownAs, Problems problems, out byte[] raw, string what = "scenario file")
    {
        raw = Array.Empty<byte>();
        // The kind first: a FIFO would block the open, a device would be read for ever.
        var kind = FileKinds.Of(path);
        if (kind != FileKind.Regular)
        {
            problems.At(shownAs, 1, 1, $"{FileKinds.Describe(kind)} (expected a {what})");
            return null;
        }
        var bytes = ReadBounded(path, out long size, out string? failure);
        if (failure is not null)
        {
            problems.At(shownAs, 1, 1, $"cannot be read: {failure}");
            return null;
        }
        if (bytes is null)
        {
            string how = size > MaxBytes + 1 ? $"is {size / (1024.0 * 1024.0):F1} MB" : $"holds more than {MaxBytes / (1024 * 1024)} MB";
            problems.At(shownAs, 1, 1, $"{how} (expected a {what} of at most {MaxBytes / (1024 * 1024)} MB)");
            return null;
        }
        raw = bytes;
        int nul = Array.IndexOf(bytes, (byte)0);
        if (nul >= 0)
        {
            var (line, column) = Position(bytes, nul);
            problems.At(shownAs, line, column, $"is not a text file (found a NUL byte; expected a {what} in UTF-8 text)");
            return null;
        }
        try
        {
            return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(bytes).TrimStart('\uFEFF');
        }
        catch (DecoderFallbackException e)
        {
            var (line, column) = Position(bytes, Math.Max(0, e.Index));
            problems.At(shownAs, line, column, $"is not valid UTF-8 text (expected a {what} in UTF-8)");
            return null;
        }
    }

    /// <summary>
    /// The file's bytes, never more than <see cref="MaxBytes"/> + 1 read whatever its length claims (a file growing as
    /// it is read, a /proc file of length 0); null when it is larger, with <paramref name="size"/> its size as far as known.
    /// </summary>
    public static byte[]? ReadBounded(string path, out long size, out string? failure)
    {
        failure = null;
        size = 0;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
            if (stream.CanSeek && stream.Length > MaxBytes) { size = stream.Length; return null; }
            var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int n;
            while ((n = stream.Read(chunk, 0, (int)Math.Min(chunk.Length, MaxBytes + 1 - buffer.Length))) > 0)
            {
                buffer.Write(chunk, 0, n);
                if (buffer.Length > MaxBytes) { size = buffer.Length; return null; }
            }
            size = buffer.Length;
            return buffer.ToArray();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            failure = e.Message;
            return null;
        }
    }

    private static (int Line, int Column) Position(byte[] bytes, int index)
    {
        int line = 1, column = 1;
        for (int i = 0; i < index && i < bytes.Length; i++)
        {
            if (bytes[i] == '\n') { line++; column = 1; }
            else column++;
        }
        return (line, column);
    }

    /// <summary>How many files have been parsed in this process (a test counts the parses a piece of work does).</summary>
    internal static long Parses;

    /// <summary>
    /// Parses YAML text to its root node, every node knowing it is of <paramref name="shownAs"/>; null with the reason
    /// recorded. For a file the scenario refers to (not the <paramref name="main"/> one) the parser's own words are not
    /// shown: they can quote the file, and a file named by mistake (/etc/passwd) must not be echoed.
    /// </summary>
    public static Node? Parse(string text, string shownAs, Problems problems, bool main = true)
    {
        Interlocked.Increment(ref Parses);
        if (string.IsNullOrWhiteSpace(text) || text.Split('\n').All(l => l.TrimStart().StartsWith('#') || l.Trim().Length == 0))
        {
            problems.At(shownAs, 1, 1, "the file is empty (expected a scenario: a map with at least 'scenario', 'horizon' and 'strategies')");
            return null;
        }
        Mark last = Mark.Empty;
        try
        {
            // Anchors and aliases first, from the event stream: nothing is expanded, whatever the file holds.
            var parser = new Parser(new StringReader(text));
            int documents = 0, depth = 0;
            while (parser.MoveNext())
            {
                last = parser.Current!.End;
                if (parser.Current is NodeEvent { Anchor.IsEmpty: false } anchored)
                {
                    problems.At(shownAs, anchored.Start.Line, anchored.Start.Column,
                        $"YAML anchor '&{(main ? anchored.Anchor : "…")}' is not allowed in scenario files (expected plain values; use 'extends' to reuse a strategy)");
                    return null;
                }
                if (parser.Current is MappingStart or SequenceStart && ++depth > MaxDepth)
                {
                    // Scenario files nest a handful of levels; deep nesting is refused before the tree (and the
                    // parser's recursion) can grow with it.
                    problems.At(shownAs, parser.Current.Start.Line, parser.Current.Start.Column,
                        $"nesting is deeper than {MaxDepth} levels (expected a scenario a few maps and lists deep)");
                    return null;
                }
                if (parser.Current is MappingEnd or SequenceEnd) depth--;
                switch (parser.Current)
                {
                    case AnchorAlias alias:
                        problems.At(shownAs, alias.Start.Line, alias.Start.Column,
                            $"YAML alias '*{(main ? alias.Value : "…")}' is not allowed in scenario files (expected plain values; use 'extends' to reuse a strategy)");
                        return null;
                    case DocumentStart { IsImplicit: false } or DocumentStart:
                        if (++documents > 1)
                        {
                            problems.At(shownAs, parser.Current.Start.Line, parser.Current.Start.Column, "holds more than one YAML document (expected one scenario per file)");
                            return null;
                        }
                        break;
                }
            }
            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            if (stream.Documents.Count == 0)
            {
                problems.At(shownAs, 1, 1, "the file is empty (expected a scenario: a map with at least 'scenario', 'horizon' and 'strategies')");
                return null;
            }
            return Convert(stream.Documents[0].RootNode, shownAs);
        }
        catch (YamlException e)
        {
            if (TabIndentation(text) is { } tab)
            {
                problems.At(shownAs, tab.Line, tab.Column, "not valid YAML: a tab is used for indentation (YAML indents with spaces only)");
                return null;
            }
            string why = (e.InnerException?.Message ?? e.Message).TrimEnd('.');
            problems.At(shownAs, e.Start.Line, e.Start.Column,
                main ? $"not valid YAML: {Lowercase(why)}" : $"is not a scenario file (not valid YAML at line {e.Start.Line}, column {e.Start.Column})");
            return null;
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet reports some broken structures this way, without a position: use the last good event's end.
            if (TabIndentation(text) is { } tab)
            {
                problems.At(shownAs, tab.Line, tab.Column, "not valid YAML: a tab is used for indentation (YAML indents with spaces only)");
                return null;
            }
            problems.At(shownAs, last.Line, last.Column,
                main ? "not valid YAML: the structure breaks off here (an unclosed bracket, brace or quote?)" : $"is not a scenario file (not valid YAML at line {last.Line}, column {last.Column})");
            return null;
        }
    }

    /// <summary>
    /// The parser's tree as HccSim's own nodes, which never change (the parser's can): the only place the reader meets
    /// YamlDotNet's tree. Anchors and aliases are refused before, so there are scalars, lists and maps only.
    /// </summary>
    private static Node Convert(YamlNode node, string file)
    {
        int line = (int)node.Start.Line, column = (int)node.Start.Column, start = (int)node.Start.Index, end = (int)node.End.Index;
        return node switch
        {
            YamlScalarNode s => new Scalar(file, line, column, start, end, s.Value, s.Tag.IsEmpty ? "" : s.Tag.ToString()),
            YamlSequenceNode l => new Sequence(file, line, column, start, end, l.Children.Select(c => Convert(c, file)).ToArray()),
            YamlMappingNode m => new Mapping(file, line, column, start, end, m.Children.Select(kv => new KeyValuePair<Node, Node>(Convert(kv.Key, file), Convert(kv.Value, file))).ToArray()),
            _ => throw new InvalidOperationException($"{file}:{line}:{column}: a {node.NodeType} node (expected a scalar, a list or a map)"),
        };
    }

    /// <summary>The first tab in a line's indentation, where YAML allows only spaces.</summary>
    private static (int Line, int Column)? TabIndentation(string text)
    {
        var lines = text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            int c = 0;
            while (c < lines[i].Length && lines[i][c] is ' ' or '\t')
            {
                if (lines[i][c] == '\t') return (i + 1, c + 1);
                c++;
            }
        }
        return null;
    }

    private static string Lowercase(string s) => s.Length > 0 && char.IsUpper(s[0]) && (s.Length < 2 || !char.IsUpper(s[1])) ? char.ToLowerInvariant(s[0]) + s[1..] : s;
}
