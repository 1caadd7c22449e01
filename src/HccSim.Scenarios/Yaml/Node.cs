namespace HccSim.Scenarios.Yaml;

/// <summary>
/// A node of a parsed scenario file: a <see cref="Scalar"/>, a <see cref="Sequence"/> or a <see cref="Mapping"/>, and
/// where it is written — the file (as errors show it), line and column (from 1), and its character span in the text.
/// Built once from the parser's tree and never changed, so many reads (and threads) can share one file's nodes.
/// </summary>
internal abstract class Node
{
    protected Node(string file, int line, int column, int start, int end)
    {
        File = file;
        Line = line;
        Column = column;
        Start = start;
        End = end;
    }

    public string File { get; }
    public int Line { get; }
    public int Column { get; }

    /// <summary>The offset of the node's first character in the file's text.</summary>
    public int Start { get; }

    /// <summary>The offset just past the node's last character.</summary>
    public int End { get; }
}
