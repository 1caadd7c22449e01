using HccSim.Reporting;
using HccSim.Reporting.Html;

namespace HccSim.Cli.Tests;

/// <summary>The one writer of CSV cells (numbers as they are, text neutralised and quoted) and its inverse in the report's reader.</summary>
public sealed class CsvCellTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "hccsim-csv-tests", Guid.NewGuid().ToString("N"));

    public CsvCellTests() => Directory.CreateDirectory(_folder);

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }

    public static readonly TheoryData<string> Payloads = new()
    {
        "=cmd|' /C calc'!A0", "@SUM(1+1)", "+1", "-1+1", "\t=1", "\r=1", "=HYPERLINK(\"http://x\")", "-0.5",
    };

    [Theory]
    [InlineData(-0.5, "-0.5")]
    [InlineData(0.1, "0.1")]
    [InlineData(-1e-300, "-1E-300")]
    [InlineData(double.NegativeInfinity, "NA")]
    [InlineData(double.NaN, "NA")]
    public void ANumberIsWrittenAtFullPrecisionNeverNeutralised(double x, string written)
    {
        Assert.Equal(written, CsvCell.Number(x).Written);
        // Straight to a writer, as the big tables write them: the same text.
        var text = new StringWriter();
        CsvCell.WriteNumber(text, x);
        Assert.Equal(written, text.ToString());
        text = new StringWriter { NewLine = "\n" };
        CsvLine.Write(text, "s", "=c", x, 1.5);
        Assert.Equal(CsvLine.Of("s", "=c", CsvCell.Number(x), CsvCell.Number(1.5)) + "\n", text.ToString());
    }

    [Fact]
    public void AMissingNumberIsNaAndAWholeNumberHasNoDecimals()
    {
        Assert.Equal("NA", CsvCell.Number((double?)null).Written);
        Assert.Equal("-3", CsvCell.Number(-3L).Written);
    }

    [Theory]
    [MemberData(nameof(Payloads))]
    public void TextThatBeginsLikeAFormulaGetsAnApostropheAndQuotes(string text)
        => Assert.Equal("\"'" + text.Replace("\"", "\"\"") + "\"", CsvCell.Text(text).Written);

    [Theory]
    [InlineData("tace", "tace")]
    [InlineData("", "")]
    [InlineData("a=b", "a=b")]
    [InlineData("a-1", "a-1")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"x\"", "\"say \"\"x\"\"\"")]
    [InlineData("two\nlines", "\"two\nlines\"")]
    [InlineData("two\r\nlines", "\"two\r\nlines\"")]
    [InlineData("a#b", "\"a#b\"")]
    [InlineData("'quoted'", "\"''quoted'\"")]
    public void OtherTextIsQuotedOnlyWhereRfc4180OrTheCommentCharacterNeedsIt(string text, string written)
        => Assert.Equal(written, CsvCell.Text(text).Written);

    [Fact]
    public void ALineJoinsCellsAsWrittenAndAStringIsText()
        => Assert.Equal("\"'=1\",-1,x", CsvLine.Of("=1", CsvCell.Number(-1L), "x"));

    [Fact]
    public void ACommentLineStaysOneLineBeginningWithAHash()
        => Assert.Equal("# scenario =HYPERLINK(1)  file a b", CsvLine.Comment("scenario =HYPERLINK(1)\r\nfile a\nb"));

    [Theory]
    [MemberData(nameof(Payloads))]
    [InlineData("'")]
    [InlineData("''=x")]
    [InlineData("'plain")]
    [InlineData("a,\"b\"\r\nc")]
    [InlineData("")]
    public void TheReportsReaderGivesBackExactlyTheTextTheWriterWasGiven(string text)
    {
        string path = Path.Combine(_folder, "cells.csv");
        File.WriteAllText(path, CsvLine.Comment("stamp") + "\n" + "name,value\n" + CsvLine.Of(text, CsvCell.Number(-0.5)) + "\n");
        var csv = TidyCsv.Read(path)!;
        var row = Assert.Single(csv.Rows);
        Assert.Equal(text, csv.Text(row, "name"));
        Assert.Equal(-0.5, csv.Number(row, "value"));
        if (!text.Contains('\n') && !text.Contains('\r')) Assert.Equal(new[] { text, "-0.5" }, TidyCsv.Fields(CsvLine.Of(text, CsvCell.Number(-0.5))));
    }

    [Fact]
    public void AnUnquotedApostropheFromAnotherProgramIsKept()
        => Assert.Equal(new[] { "'=1", "'x" }, TidyCsv.Fields("'=1,'x"));

    [Fact]
    public void AQuotedCellLeftOpenIsAnErrorAtTheLineItOpens()
    {
        string path = Path.Combine(_folder, "open.csv");
        File.WriteAllText(path, "a,b\n1,2\n\n3,\"four\n");
        var e = Assert.Throws<InvalidDataException>(() => TidyCsv.Read(path));
        Assert.Contains("open.csv:4: a quoted cell is not closed", e.Message);
    }

    [Fact]
    public void PlainAndQuotedRowsReadBackCellForCellAndAShortRowIsNamedByItsLine()
    {
        // Plain rows (read without the quote-aware path), a quoted cell across two lines, empty cells, CRLF, blank lines.
        string path = Path.Combine(_folder, "mixed.csv");
        File.WriteAllText(path, "# stamp\nstrategy,curve,value\na,os,1\na,os,\n\nb,\"x,\ny\",2\r\nb,pfs,0.5\n,,\n");
        var csv = TidyCsv.Read(path)!;
        Assert.Equal("stamp", csv.Stamp);
        Assert.Equal(new[] { new[] { "a", "os", "1" }, new[] { "a", "os", "" }, new[] { "b", "x,\ny", "2" }, new[] { "b", "pfs", "0.5" }, new[] { "", "", "" } }, csv.Rows);
        // Line 10 (after the blank line 5 and the quoted cell over lines 6-7) has two cells where the header has three.
        File.AppendAllText(path, "c,1\n");
        var e = Assert.Throws<InvalidDataException>(() => TidyCsv.Read(path));
        Assert.Contains("mixed.csv:10: 2 fields where the header has 3", e.Message);
    }
}
