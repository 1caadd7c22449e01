using System.Globalization;

namespace HccSim.Reporting;

/// <summary>
/// One cell of a CSV file HccSim writes, as it is written: a number at full precision, or text. Every CSV the product
/// writes is made of these (through <see cref="CsvLine"/>), so the rules below hold for all of them.
/// </summary>
/// <remarks>
/// The rules, in this one place:
/// <list type="bullet">
/// <item>A number is the shortest text that reads back to the same double ("R", invariant culture), or <c>NA</c> where
/// it is not finite. It is never quoted or changed: -0.5 stays -0.5.</item>
/// <item>Text a spreadsheet would read as a formula — beginning with <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, tab or
/// carriage return (OWASP, CSV injection) — gets a leading apostrophe and is quoted: <c>=HYPERLINK(…)</c> is written
/// <c>"'=HYPERLINK(…)"</c>. So does text that itself begins with an apostrophe, so that the reader can undo the rule
/// exactly: a quoted cell beginning with an apostrophe loses that one apostrophe (<see cref="Read"/>).</item>
/// <item>Text holding a comma, a double quote, a line break or '#' is quoted, quotes doubled (RFC 4180; '#' because
/// readers that skip the stamp with comment.char = "#" would cut an unquoted cell there).</item>
/// </list>
/// </remarks>
public readonly record struct CsvCell
{
    private const string FormulaStarts = "=+-@\t\r";

    private CsvCell(string written) => Written = written;

    /// <summary>The cell as it stands in the file.</summary>
    public string Written { get; }

    /// <summary>A number; NA where there is none or it is not finite.</summary>
    public static CsvCell Number(double? x)
        => new(x is { } v && double.IsFinite(v) ? v.ToString("R", CultureInfo.InvariantCulture) : "NA");

    /// <summary>
    /// Writes <see cref="Number(double?)"/>'s text for <paramref name="x"/> to <paramref name="writer"/> without making a
    /// string of it: the big tables (curves.csv, hundreds of thousands of numbers) write their numbers this way.
    /// </summary>
    public static void WriteNumber(TextWriter writer, double x)
    {
        Span<char> text = stackalloc char[32];
        if (!double.IsFinite(x)) writer.Write("NA");
        else if (x.TryFormat(text, out int length, "R", CultureInfo.InvariantCulture)) writer.Write(text[..length]);
        else writer.Write(x.ToString("R", CultureInfo.InvariantCulture));
    }

    /// <summary>A whole number (an index, a count).</summary>
    public static CsvCell Number(long x) => new(x.ToString(CultureInfo.InvariantCulture));

    /// <summary>Text, neutralised and quoted as the rules say.</summary>
    public static CsvCell Text(string text)
    {
        bool neutralise = text.Length > 0 && (FormulaStarts.Contains(text[0]) || text[0] == '\'');
        if (neutralise) text = "'" + text;
        bool quote = neutralise || text.AsSpan().IndexOfAny(",\"\n\r#") >= 0;
        return new(quote ? "\"" + text.Replace("\"", "\"\"") + "\"" : text);
    }

    /// <summary>Text, so that writers can pass names and labels as they are.</summary>
    public static implicit operator CsvCell(string text) => Text(text);

    /// <summary>
    /// The text a writer gave, from a field as an RFC 4180 reader unquoted it: the rules undone exactly, so that
    /// <c>Read(unquoted Text(x), quoted: true) == x</c> for every x. A number, or a field from another program not
    /// quoted, is left as it is.
    /// </summary>
    public static string Read(string field, bool quoted) => quoted && field.StartsWith('\'') ? field[1..] : field;

    public override string ToString() => Written;
}
