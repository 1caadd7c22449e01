using System.Diagnostics;
using System.Text.RegularExpressions;
using HccSim.Scenarios.Diagnostics;

namespace HccSim.Scenarios.Tests;

/// <summary>
/// The corpus of malformed scenarios in Malformed/ (one file a case, by category: files, numbers, loops, structure, pathways;
/// shared inputs in Malformed/_shared), each ending in comment lines <c># expect: [file:]LINE:COLUMN: message</c>
/// (the file relative to the case, when the error is in another one): the case must give exactly those errors, each
/// one line, as a <see cref="ScenarioException"/>, nothing else. Add a case by adding a file.
/// </summary>
public sealed partial class MalformedScenarioTests : IDisposable
{
    private static readonly string Source = TempScenario.Repository("tests/HccSim.Scenarios.Tests/Malformed");

    /// <summary>A copy of the corpus, with the named pipe the FIFO cases refer to (git cannot hold one).</summary>
    private readonly string _copy = Path.Combine(Path.GetTempPath(), "hccsim-malformed", Guid.NewGuid().ToString("N"));

    public MalformedScenarioTests()
    {
        foreach (var file in Directory.EnumerateFiles(Source, "*", SearchOption.AllDirectories))
        {
            string to = Path.Combine(_copy, Path.GetRelativePath(Source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(file, to);
        }
        if (OperatingSystem.IsLinux()) MakeFifo(Path.Combine(_copy, "_shared", "pipe"));
    }

    public void Dispose()
    {
        try { Directory.Delete(_copy, recursive: true); } catch (IOException) { }
    }

    internal static void MakeFifo(string path)
    {
        using var mkfifo = Process.Start(new ProcessStartInfo("mkfifo", path) { UseShellExecute = false })!;
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
    }

    /// <summary>Every case of the corpus, as its path under Malformed/.</summary>
    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var file in CaseFiles()) data.Add(file);
        return data;
    }

    internal static IEnumerable<string> CaseFiles()
        => Directory.EnumerateFiles(Source, "*.yaml", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(Source, f).Replace('\\', '/'))
            .Where(f => !f.StartsWith("_shared/", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);

    [GeneratedRegex(@"^# expect: (?:(?<file>[^:]+):)?(?<line>\d+):(?<column>\d+): (?<message>.+)$", RegexOptions.Multiline)]
    private static partial Regex Expect();

    /// <summary>The errors a case file says it gives, as the loader would print them.</summary>
    internal static string[] Expected(string caseFile, string text)
        => Expect().Matches(text.Replace("\r\n", "\n")).Select(m =>
        {
            string file = m.Groups["file"].Success ? Path.Combine(Path.GetDirectoryName(caseFile)!, m.Groups["file"].Value) : caseFile;
            return $"{file}:{m.Groups["line"].Value}:{m.Groups["column"].Value}: {m.Groups["message"].Value}";
        }).ToArray();

    [Theory]
    [MemberData(nameof(Cases))]
    public void EachMalformedScenarioGivesItsOneLineErrorsAtTheirPlaces(string name)
    {
        if (name.Contains("fifo") && !OperatingSystem.IsLinux()) return;
        string path = Path.Combine(_copy, name);
        var expected = Expected(path, File.ReadAllText(path));
        Assert.NotEmpty(expected);
        var errors = Assert.Throws<ScenarioException>(() => ScenarioLoader.Load(path)).Errors.Select(e => e.ToString()).ToArray();
        Assert.Equal(string.Join("\n", expected), string.Join("\n", errors));
        Assert.All(errors, e => Assert.DoesNotContain('\n', e));
    }

    [Fact]
    public void NoErrorQuotesAFileThatIsNotAScenario()
    {
        // The shared passwd-like file and the broken one hold text that must never reach a log.
        foreach (var name in CaseFiles())
        {
            string path = Path.Combine(_copy, name);
            if (name.Contains("fifo") && !OperatingSystem.IsLinux()) continue;
            var message = Assert.Throws<ScenarioException>(() => ScenarioLoader.Load(path)).Message;
            Assert.DoesNotContain("root:x", message);
            Assert.DoesNotContain("hunter2", message);
        }
    }

    [Fact]
    public void TheCorpusHoldsAtLeastSixtyCasesAcrossItsCategories()
    {
        var files = CaseFiles().ToArray();
        int all = files.Length + MalformedLimitTests.Count;
        Assert.True(all >= 60, $"the corpus holds {all} cases (expected at least 60)");
        Assert.Equal(new[] { "files", "loops", "numbers", "pathways", "structure" }, files.Select(f => f.Split('/')[0]).Distinct().Order());
    }
}
