using System.Text.Json;

namespace HccSim.Cli.Tests;

/// <summary>A sharded probabilistic analysis merges to exactly the unsharded one, and a bad set of partial files is refused by name.</summary>
public sealed class ShardTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "hccsim-shard-tests", Guid.NewGuid().ToString("N"));
    public ShardTests() => Directory.CreateDirectory(_folder);
    public void Dispose() { try { Directory.Delete(_folder, recursive: true); } catch (IOException) { } }

    private static readonly string[] Tables = { "psa_summary.csv", "psa_draws.csv", "psa_parameters.csv", "ceac.csv", "evppi.csv" };

    private static (int Code, string Out, string Err) Hccsim(params string[] args) => CliHarness.Run(args);
    private static string Repository(string relative) => CliHarness.Repository(relative);

    private string[] Psa(string outDir, params string[] extra) =>
        new[] { "psa", Repository("scenarios/intermediate-stage.yaml"), "--draws", "14", "--patients", "300", "--threads", "2", "--out", outDir }.Concat(extra).ToArray();

    /// <summary>Everything but the stamp (wall time, threads, finish time): the tables line for line, psa.json without its stamp.</summary>
    internal static void AssertSameResults(string expected, string actual, IEnumerable<string> tables, string? json)
    {
        foreach (var t in tables)
            Assert.Equal(File.ReadLines(Path.Combine(expected, t)).Skip(1), File.ReadLines(Path.Combine(actual, t)).Skip(1));
        if (json is null) return;
        static string WithoutStamp(string path)
        {
            var node = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(path))!.AsObject();
            node.Remove("stamp");
            return node.ToJsonString();
        }
        Assert.Equal(WithoutStamp(Path.Combine(expected, json)), WithoutStamp(Path.Combine(actual, json)));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    public void MergedShardsAreTheUnshardedAnalysisToTheBit(int shards)
    {
        string whole = Path.Combine(_folder, "whole"), parts = Path.Combine(_folder, $"parts{shards}"), merged = Path.Combine(_folder, $"merged{shards}");
        Assert.Equal(0, Hccsim(Psa(whole)).Code);
        for (int i = shards - 1; i >= 0; i--) // any order
        {
            var (code, _, error) = Hccsim(Psa(parts, "--shard", $"{i}/{shards}"));
            Assert.True(code == 0, error);
        }
        Assert.Equal(shards, Directory.GetFiles(parts, "psa.shard-*.json").Length);
        var (mc, _, me) = Hccsim("merge", parts, "--out", merged);
        Assert.True(mc == 0, me);
        AssertSameResults(whole, merged, Tables, "psa.json");
    }

    [Fact]
    public void AMissingDuplicatedForeignOrTruncatedShardIsRefusedByName()
    {
        string parts = Path.Combine(_folder, "parts");
        for (int i = 0; i < 3; i++) Assert.Equal(0, Hccsim(Psa(parts, "--shard", $"{i}/3")).Code);
        string Shard(int i) => Path.Combine(parts, $"psa.shard-{i}-of-3.json");

        var missing = Hccsim("merge", Shard(0), Shard(2), "--out", Path.Combine(_folder, "m1"));
        Assert.Equal(2, missing.Code);
        Assert.Contains("shards 1 of 3 are missing", missing.Err);

        var twice = Hccsim("merge", Shard(0), Shard(1), Shard(1), Shard(2), "--out", Path.Combine(_folder, "m2"));
        Assert.Equal(2, twice.Code);
        Assert.Contains("shard 1 of 3 is given twice", twice.Err);

        string other = Path.Combine(_folder, "other");
        Assert.Equal(0, Hccsim(Psa(other, "--shard", "1/3", "--seed", "5")).Code);
        var foreign = Hccsim("merge", Shard(0), Path.Combine(other, "psa.shard-1-of-3.json"), Shard(2), "--out", Path.Combine(_folder, "m3"));
        Assert.Equal(2, foreign.Code);
        Assert.Contains("from another analysis", foreign.Err);
        Assert.Contains("seed 5", foreign.Err);

        string cut = Path.Combine(_folder, "cut.json");
        File.WriteAllText(cut, File.ReadAllText(Shard(1))[..500]);
        var truncated = Hccsim("merge", Shard(0), cut, Shard(2), "--out", Path.Combine(_folder, "m4"));
        Assert.Equal(2, truncated.Code);
        Assert.Contains($"{cut}: not a complete partial file", truncated.Err);
        Assert.DoesNotContain("   at ", truncated.Err);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    public void MergedSweepShardsAreTheUnshardedSweepByteForByte(int shards)
    {
        string[] Sweep(string outDir, params string[] extra) => new[] { "sweep", Repository("scenarios/tace.yaml"), "--patients", "300",
            "--set", "strategies.tace.transitions[on_demand_tace->second_line].median=10..20 step 2.5",
            "--set", "strategies.tace.transitions[untreatable_progression->dead].median=8,12", "--out", outDir }.Concat(extra).ToArray();
        string whole = Path.Combine(_folder, "sweep-whole"), parts = Path.Combine(_folder, $"sweep-parts{shards}"), merged = Path.Combine(_folder, $"sweep-merged{shards}");
        Assert.Equal(0, Hccsim(Sweep(whole)).Code);
        for (int i = 0; i < shards; i++) Assert.Equal(0, Hccsim(Sweep(parts, "--shard", $"{i}/{shards}")).Code);
        var (code, _, error) = Hccsim("merge", parts, "--out", merged);
        Assert.True(code == 0, error);
        Assert.Equal(File.ReadAllBytes(Path.Combine(whole, "sweep.csv")), File.ReadAllBytes(Path.Combine(merged, "sweep.csv")));
        Assert.Equal(File.ReadAllBytes(Path.Combine(whole, "sweep.json")), File.ReadAllBytes(Path.Combine(merged, "sweep.json")));
        if (shards > 1)
        {
            File.Delete(Path.Combine(parts, $"sweep.shard-1-of-{shards}.csv"));
            var missing = Hccsim("merge", parts, "--out", Path.Combine(_folder, $"sweep-m{shards}"));
            Assert.Equal(2, missing.Code);
            Assert.Contains($"shards 1 of {shards} are missing", missing.Err);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    public void MergedTrialShardsAreTheUnshardedTrial(int shards)
    {
        string[] Trial(string outDir, params string[] extra) => new[] { "trial", Repository("scenarios/sorafenib-tace.yaml"), "--arms", "tace,sorafenib_tace",
            "--n", "120", "--replicates", "30", "--analysis-time", "36", "--endpoint", "pfs", "--out", outDir }.Concat(extra).ToArray();
        string whole = Path.Combine(_folder, "trial-whole"), parts = Path.Combine(_folder, $"trial-parts{shards}"), merged = Path.Combine(_folder, $"trial-merged{shards}");
        Assert.Equal(0, Hccsim(Trial(whole)).Code);
        for (int i = 0; i < shards; i++)
        {
            var (c, _, e) = Hccsim(Trial(parts, "--shard", $"{i}/{shards}"));
            Assert.True(c == 0, e);
        }
        var (code, _, error) = Hccsim("merge", parts, "--out", merged);
        Assert.True(code == 0, error);
        AssertSameResults(whole, merged, new[] { "replicates.csv" }, null);
        Assert.Equal(File.ReadAllText(Path.Combine(whole, "trial.json")), File.ReadAllText(Path.Combine(merged, "trial.json")));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    public void MergedRunShardsAreTheUnshardedRunIncludingSubgroupTargets(int shards)
    {
        // intermediate-stage's targets name subgroups by burden: each shard tallies its block by baseline burden, and the
        // merge reads the subgroup targets from the merged cells.
        string[] Run(string outDir, params string[] extra) => new[] { "run", Repository("scenarios/intermediate-stage.yaml"), "--patients", "3000", "--out", outDir }.Concat(extra).ToArray();
        string whole = Path.Combine(_folder, "run-whole"), parts = Path.Combine(_folder, $"run-parts{shards}"), merged = Path.Combine(_folder, $"run-merged{shards}");
        Assert.Equal(0, Hccsim(Run(whole)).Code);
        for (int i = 0; i < shards; i++)
        {
            var (c, _, e) = Hccsim(Run(parts, "--shard", $"{i}/{shards}", "--threads", "1"));
            Assert.True(c == 0, e);
        }
        var (code, _, error) = Hccsim("merge", parts, "--out", merged);
        Assert.True(code == 0, error);
        AssertSameResults(whole, merged, new[] { "summary.csv", "curves.csv", "targets.csv", "incremental.csv" }, null);
        if (shards == 3)
        {
            string cut = Path.Combine(parts, "run.shard-1-of-3.bin");
            File.WriteAllBytes(cut, File.ReadAllBytes(cut)[..200]);
            var truncated = Hccsim("merge", parts, "--out", Path.Combine(_folder, "run-cut"));
            Assert.Equal(2, truncated.Code);
            Assert.Contains("run.shard-1-of-3.bin: not a complete run partial file", truncated.Err);

            // A shard of the older format (a rerun per subgroup): one line that says so, no partial output.
            using (var w = new BinaryWriter(new System.IO.Compression.GZipStream(File.Create(cut), System.IO.Compression.CompressionLevel.Fastest)))
                w.Write("hccsim-partial/2 run");
            var old = Hccsim("merge", parts, "--out", Path.Combine(_folder, "run-old"));
            Assert.Equal(2, old.Code);
            Assert.Equal($"hccsim: {cut}: a run partial file of format hccsim-partial/2, which this hccsim does not read (expected hccsim-partial/3: run the shards again with hccsim 0.1.0)",
                old.Err.Trim());
            Assert.False(Directory.Exists(Path.Combine(_folder, "run-old")));
        }
    }
}
