namespace HccSim.Reporting;

/// <summary>Lines of the CSV files HccSim writes: rows of <see cref="CsvCell"/>s, and the '#' stamp line above the header.</summary>
public static class CsvLine
{
    /// <summary>A row: the cells as written, comma-separated (no line ending).</summary>
    public static string Of(params ReadOnlySpan<CsvCell> cells)
    {
        using var text = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        Cells(text, cells);
        return text.ToString();
    }

    /// <summary>A row and its line ending, written to <paramref name="writer"/> (the same text as <see cref="Of"/>).</summary>
    public static void Write(TextWriter writer, params ReadOnlySpan<CsvCell> cells)
    {
        Cells(writer, cells);
        writer.WriteLine();
    }

    private static void Cells(TextWriter writer, ReadOnlySpan<CsvCell> cells)
    {
        for (int i = 0; i < cells.Length; i++)
        {
            if (i > 0) writer.Write(',');
            writer.Write(cells[i].Written);
        }
    }

    /// <summary>A row of text cells then numbers (<see cref="CsvCell.WriteNumber"/>), and its line ending: the same text as <see cref="Of"/>.</summary>
    public static void Write(TextWriter writer, CsvCell first, CsvCell second, params ReadOnlySpan<double> numbers)
    {
        writer.Write(first.Written);
        writer.Write(',');
        writer.Write(second.Written);
        foreach (double x in numbers)
        {
            writer.Write(',');
            CsvCell.WriteNumber(writer, x);
        }
        writer.WriteLine();
    }

    /// <summary>
    /// A comment line, "# " and the text with every line break made a space: it stays one line that begins with '#', so
    /// nothing in it (a file path, a name) can start a row or a cell of its own.
    /// </summary>
    public static string Comment(string text) => "# " + text.Replace('\n', ' ').Replace('\r', ' ');
}
