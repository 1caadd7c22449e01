using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using HccSim.Reporting.Publishing;
using static HccSim.Cli.Tests.CliHarness;

namespace HccSim.Cli.Tests;

/// <summary>
/// A results folder holds one complete set: a run killed at any moment of writing leaves the previous set or (once the
/// next command finishes what it committed) the new one, never a mix; a second writer is refused at once; a full disk
/// fails with one line and leaves the previous set.
/// </summary>
public sealed class PublishingTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "hccsim-publishing", Guid.NewGuid().ToString("N"));
    public PublishingTests() => Directory.CreateDirectory(_folder);
    public void Dispose() { try { Directory.Delete(_folder, true); } catch (IOException) { } }

    private static readonly string Scenario = Repository("scenarios/tace.yaml");

    /// <summary>hccsim in a process of its own (so it can be killed), with the test hook's kill point if given.</summary>
    private static (int Code, string Out, string Err) Child(string? killAt, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "hccsim.dll"));
        foreach (var a in args) info.ArgumentList.Add(a);
        if (killAt is not null) info.Environment["HCCSIM_TEST_KILL_AT"] = killAt;
        using var p = Process.Start(info)!;
        var o = p.StandardOutput.ReadToEndAsync();
        var e = p.StandardError.ReadToEndAsync();
        p.WaitForExit();
        return (p.ExitCode, o.Result, e.Result);
    }

    private static string Seed(string csv) => File.ReadLines(csv).First().Split("; ").Single(x => x.StartsWith("seed ", StringComparison.Ordinal));

    /// <summary>The folder is one complete set of a run (or of another kind): every file of the manifest there and unchanged, all of one seed, no leftovers.</summary>
    private static string AssertOneCompleteSet(string dir, string kind = "run")
    {
        var manifest = JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(Path.Combine(dir, $".hccsim-set-{kind}.json")))!;
        foreach (var (name, sha) in manifest)
            Assert.Equal(sha, Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(dir, name)))));
        var seeds = manifest.Keys.Where(n => n.EndsWith(".csv", StringComparison.Ordinal)).Select(n => Seed(Path.Combine(dir, n))).Distinct().ToArray();
        Assert.Single(seeds);
        Assert.Contains(seeds[0], File.ReadAllText(Path.Combine(dir, "report.html")));
        Assert.Empty(Directory.EnumerateFileSystemEntries(dir, ".staging-*"));
        Assert.Empty(Directory.EnumerateFiles(dir, "*.tmp-*"));
        Assert.False(File.Exists(Path.Combine(dir, OutputFolder.JournalName)));
        return seeds[0];
    }

    [Theory]
    [InlineData("staged", "seed 1")]
    [InlineData("committed", "seed 2")]
    [InlineData("moved summary.csv", "seed 2")]
    [InlineData("moved curves.csv", "seed 2")]
    [InlineData("moved targets.csv", "seed 2")]
    [InlineData("moved summary.json", "seed 2")]
    [InlineData("moved report.html", "seed 2")]
    public void ARunKilledWhileWritingLeavesTheOldSetOrTheNewOneNeverAMix(string killAt, string survivor)
    {
        string dir = Path.Combine(_folder, "k");
        Assert.Equal(0, Child(null, "run", Scenario, "--patients", "2000", "--seed", "1", "--out", dir).Code);
        var killed = Child(killAt, "run", Scenario, "--patients", "2000", "--seed", "2", "--out", dir);
        Assert.Equal(137, killed.Code); // 128 + SIGKILL
        // Before the commit point the old set stands; after it, the next command in the folder (here: report) finishes the new one.
        var report = Child(null, "report", dir);
        Assert.True(report.Code == 0, report.Err);
        Assert.Equal(survivor, AssertOneCompleteSet(dir));
        Assert.False(File.Exists(Path.Combine(dir, OutputFolder.OwnerName)));
    }

    [Theory]
    [InlineData("staged", "seed 1")]
    [InlineData("moved psa_draws.csv", "seed 2")]
    [InlineData("moved report.html", "seed 2")]
    public void APsaKilledWhileWritingLeavesTheOldSetOrTheNewOne(string killAt, string survivor)
    {
        string dir = Path.Combine(_folder, "psa");
        string[] psa = { "psa", Repository("scenarios/intermediate-stage.yaml"), "--draws", "4", "--patients", "300", "--out", dir };
        Assert.Equal(0, Child(null, psa.Concat(new[] { "--seed", "1" }).ToArray()).Code);
        Assert.Equal(137, Child(killAt, psa.Concat(new[] { "--seed", "2" }).ToArray()).Code);
        Assert.Equal(0, Child(null, "report", dir).Code);
        Assert.Equal(survivor, AssertOneCompleteSet(dir, "psa"));
    }

    [Fact]
    public async Task ASecondWriterOfTheSameFolderIsRefusedAtOnce()
    {
        string dir = Path.Combine(_folder, "busy");
        var first = Task.Run(() => Child(null, "run", Repository("scenarios/intermediate-stage.yaml"), "--patients", "300000", "--out", dir));
        // The first holds the folder once it has written its owner file (before it simulates).
        var wait = Stopwatch.StartNew();
        while (!File.Exists(Path.Combine(dir, OutputFolder.OwnerName)) && !first.IsCompleted && wait.Elapsed < TimeSpan.FromMinutes(2)) await Task.Delay(20);
        Assert.False(first.IsCompleted, "the first run ended before the second could try");
        var second = Child(null, "run", Scenario, "--patients", "1000", "--seed", "9", "--out", dir);
        Assert.Equal(2, second.Code);
        Assert.Matches(@"^hccsim: --out .* is being written by another hccsim \(pid \d+\); wait for it, or choose another folder\s*$", second.Err);
        Assert.Equal(0, (await first).Code);
        Assert.Equal("seed 20211001", AssertOneCompleteSet(dir));
    }

    [Fact]
    public void AClaimRemovesOnlyTheLeftoversOfProcessesThatAreGone()
    {
        string dir = Path.Combine(_folder, "leftovers");
        Assert.Equal(0, Run(new[] { "run", Scenario, "--patients", "500", "--out", dir }).Code);
        // A shard still running writes its partial under a temporary name beside the results, without the lock.
        using var live = Process.Start(new ProcessStartInfo("sleep", "60") { UseShellExecute = false })!;
        try
        {
            string running = Path.Combine(dir, $"psa.shard-0-of-2.json.tmp-{live.Id}");
            string gone = Path.Combine(dir, "psa.shard-1-of-2.json.tmp-999999999");
            string staged = Path.Combine(dir, ".staging-run-999999999");
            File.WriteAllText(running, "partial");
            File.WriteAllText(gone, "partial");
            Directory.CreateDirectory(staged);
            Assert.Equal(0, Run(new[] { "report", dir }).Code);
            Assert.True(File.Exists(running), "a live process's temporary file was removed");
            Assert.False(File.Exists(gone));
            Assert.False(Directory.Exists(staged));
        }
        finally { live.Kill(); }
    }

    [Fact]
    public void AFolderThatCannotBeCreatedFailsBeforeAnythingIsSimulated()
    {
        var (code, output, error) = Run(new[] { "run", Scenario, "--out", "/proc/hccsim-cannot" });
        Assert.Equal(2, code);
        Assert.StartsWith("hccsim: --out /proc/hccsim-cannot cannot be created", error);
        Assert.DoesNotContain("patients/s", output);
    }

    [Fact]
    public void AFullDiskFailsWithOneLineAndLeavesThePreviousSet()
    {
        // A 6 MB tmpfs holds one run of tace.yaml (report.html is 3.5 MB) but not a second staged beside it.
        string mount = Path.Combine(_folder, "small");
        Directory.CreateDirectory(mount);
        var made = ChildProcess.Run("mount", new[] { "-t", "tmpfs", "-o", "size=6m", "tmpfs", mount });
        if (made.Code != 0)
        {
            // Not every machine lets a test mount a filesystem; say so where the facts of the run are kept.
            File.WriteAllText(Path.Combine(AppContext.BaseDirectory, "full-disk-facts.txt"), $"full-disk test not run: mount failed ({made.Err.Trim()})\n");
            return;
        }
        try
        {
            string dir = Path.Combine(mount, "r");
            Assert.Equal(0, Child(null, "run", Scenario, "--patients", "2000", "--seed", "1", "--out", dir).Code);
            var full = Child(null, "run", Scenario, "--patients", "2000", "--seed", "2", "--out", dir);
            Assert.Equal(1, full.Code);
            Assert.Equal($"hccsim: no space left on device while writing {dir}; the previous results are unchanged", full.Err.Trim());
            Assert.Equal("seed 1", AssertOneCompleteSet(dir));
            File.WriteAllText(Path.Combine(AppContext.BaseDirectory, "full-disk-facts.txt"), "full-disk test run on a 6 MB tmpfs: exit 1, previous set intact\n");
        }
        finally
        {
            ChildProcess.Run("umount", new[] { mount });
        }
    }
}
