using System.Diagnostics;
using System.Text.RegularExpressions;

namespace HccSim.Cli.Tests;

/// <summary>
/// The malformed-scenario corpus (tests/HccSim.Scenarios.Tests/Malformed) through the command line: `validate` and `run`
/// each exit 2, print one line per problem — the lines the case expects, no stack trace — and write nothing.
/// </summary>
public sealed partial class MalformedCliTests : IDisposable
{
    private static readonly string Source = CliHarness.Repository("tests/HccSim.Scenarios.Tests/Malformed");
    private readonly string _copy = Path.Combine(Path.GetTempPath(), "hccsim-malformed-cli", Guid.NewGuid().ToString("N"));

    public MalformedCliTests()
    {
        foreach (var file in Directory.EnumerateFiles(Source, "*", SearchOption.AllDirectories))
        {
            string to = Path.Combine(_copy, Path.GetRelativePath(Source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(file, to);
        }
        if (OperatingSystem.IsLinux())
        {
            // The FIFO cases' pipe: git cannot hold one.
            using var mkfifo = Process.Start(new ProcessStartInfo("mkfifo", Path.Combine(_copy, "_shared", "pipe")) { UseShellExecute = false })!;
            mkfifo.WaitForExit();
        }
    }

    public void Dispose()
    {
        try { Directory.Delete(_copy, recursive: true); } catch (IOException) { }
    }

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.EnumerateFiles(Source, "*.yaml", SearchOption.AllDirectories)
                     .Select(f => Path.GetRelativePath(Source, f).Replace('\\', '/'))
                     .Where(f => !f.StartsWith("_shared/", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
            data.Add(f);
        return data;
    }

    [GeneratedRegex(@"^# expect: (?:(?<file>[^:]+):)?(?<line>\d+):(?<column>\d+): (?<message>.+)$", RegexOptions.Multiline)]
    private static partial Regex Expect();

    private static string[] Expected(string path)
        => Expect().Matches(File.ReadAllText(path).Replace("\r\n", "\n")).Select(m =>
        {
            string file = m.Groups["file"].Success ? Path.Combine(Path.GetDirectoryName(path)!, m.Groups["file"].Value) : path;
            return $"{file}:{m.Groups["line"].Value}:{m.Groups["column"].Value}: {m.Groups["message"].Value}";
        }).ToArray();

    private static string[] Lines(string text) => text.Replace("\r\n", "\n").Split('\n', StringSplitOptions.RemoveEmptyEntries);

    [Theory]
    [MemberData(nameof(Cases))]
    public void ValidateAndRunExitTwoWithOneLinePerProblemAndWriteNothing(string name)
    {
        if (name.Contains("fifo") && !OperatingSystem.IsLinux()) return;
        string path = Path.Combine(_copy, name);
        var expected = Expected(path);
        Assert.NotEmpty(expected);

        var (code, _, error) = CliHarness.Run(new[] { "validate", path });
        Assert.Equal(2, code);
        Assert.Equal(string.Join("\n", expected), string.Join("\n", Lines(error)));

        string outDir = Path.Combine(_copy, "out-" + Path.GetFileNameWithoutExtension(name));
        (code, _, error) = CliHarness.Run(new[] { "run", path, "--out", outDir });
        Assert.Equal(2, code);
        Assert.Equal(string.Join("\n", expected.Append($"hccsim: {expected.Length} problem{(expected.Length == 1 ? "" : "s")}; nothing was run.")),
            string.Join("\n", Lines(error)));
        Assert.DoesNotContain("   at ", error);
        Assert.False(Directory.Exists(outDir), "a run that does not validate writes nothing");
    }
}
