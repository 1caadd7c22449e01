using HccSim.Scenarios.Tests;

namespace HccSim.Cli.Tests;

/// <summary>
/// The malformed-scenario corpus (tests/HccSim.Scenarios.Tests/Malformed) through the command line: `validate` and `run`
/// each exit 2, print one line per problem — the lines the case expects, no stack trace — and write nothing.
/// </summary>
public sealed class MalformedCliTests : IDisposable
{
    private static readonly string Source = CliHarness.Repository("tests/HccSim.Scenarios.Tests/Malformed");
    private readonly MalformedCorpus _corpus = new(Source, Path.Combine(Path.GetTempPath(), "hccsim-malformed-cli", Guid.NewGuid().ToString("N")));

    public void Dispose() => _corpus.Dispose();

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var f in MalformedCorpus.CaseFiles(Source)) data.Add(f);
        return data;
    }

    private static string[] Lines(string text) => text.Replace("\r\n", "\n").Split('\n', StringSplitOptions.RemoveEmptyEntries);

    [Theory]
    [MemberData(nameof(Cases))]
    public void ValidateAndRunExitTwoWithOneLinePerProblemAndWriteNothing(string name)
    {
        if (name.Contains("fifo") && !OperatingSystem.IsLinux()) return;
        string path = Path.Combine(_corpus.Copy, name);
        var expected = MalformedCorpus.Expected(path);
        Assert.NotEmpty(expected);

        var (code, _, error) = CliHarness.Run(new[] { "validate", path });
        Assert.Equal(2, code);
        Assert.Equal(string.Join("\n", expected), string.Join("\n", Lines(error)));

        string outDir = Path.Combine(_corpus.Copy, "out-" + Path.GetFileNameWithoutExtension(name));
        (code, _, error) = CliHarness.Run(new[] { "run", path, "--out", outDir });
        Assert.Equal(2, code);
        Assert.Equal(string.Join("\n", expected.Append($"hccsim: {expected.Length} problem{(expected.Length == 1 ? "" : "s")}; nothing was run.")),
            string.Join("\n", Lines(error)));
        Assert.DoesNotContain("   at ", error);
        Assert.False(Directory.Exists(outDir), "a run that does not validate writes nothing");
    }
}
