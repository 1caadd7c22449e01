using HccSim.Scenarios.Diagnostics;

namespace HccSim.Scenarios.Tests;

/// <summary>
/// The corpus of malformed scenarios in Malformed/ (one file a case, by category: files, numbers, loops, structure, pathways;
/// shared inputs in Malformed/_shared), each ending in comment lines <c># expect: [file:]LINE:COLUMN: message</c>
/// (the file relative to the case, when the error is in another one): the case must give exactly those errors, each
/// one line, as a <see cref="ScenarioException"/>, nothing else. Add a case by adding a file.
/// </summary>
public sealed class MalformedScenarioTests : IDisposable
{
    private static readonly string Source = TempScenario.Repository("tests/HccSim.Scenarios.Tests/Malformed");
    private readonly MalformedCorpus _corpus = new(Source, Path.Combine(Path.GetTempPath(), "hccsim-malformed", Guid.NewGuid().ToString("N")));

    public void Dispose() => _corpus.Dispose();

    /// <summary>Every case of the corpus, as its path under Malformed/.</summary>
    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var file in CaseFiles()) data.Add(file);
        return data;
    }

    internal static IEnumerable<string> CaseFiles() => MalformedCorpus.CaseFiles(Source);

    [Theory]
    [MemberData(nameof(Cases))]
    public void EachMalformedScenarioGivesItsOneLineErrorsAtTheirPlaces(string name)
    {
        if (name.Contains("fifo") && !OperatingSystem.IsLinux()) return;
        string path = Path.Combine(_corpus.Copy, name);
        var expected = MalformedCorpus.Expected(path);
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
            string path = Path.Combine(_corpus.Copy, name);
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
