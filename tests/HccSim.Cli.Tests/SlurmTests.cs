using System.Diagnostics;
using System.Text.RegularExpressions;

namespace HccSim.Cli.Tests;

/// <summary>
/// A 4-shard probabilistic analysis on a real one-node Slurm cluster started by scripts/slurm-local.sh: submitted with
/// `hccsim slurm --submit`, waited for (bounded), merged by the dependent job, and equal to the single-machine analysis.
/// If the cluster cannot be started the test fails with the reason; it is never skipped.
/// </summary>
public sealed class SlurmTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "hccsim-slurm-tests", Guid.NewGuid().ToString("N"));
    public SlurmTests() => Directory.CreateDirectory(_folder);
    public void Dispose() { try { Directory.Delete(_folder, recursive: true); } catch (IOException) { } }

    private static (int Code, string Out, string Err) Shell(string file, params string[] args) => ChildProcess.Run(file, args);

    [Fact]
    public void AFourShardPsaOnARealSlurmClusterMergesToTheSingleMachineResult()
    {
        string script = CliHarness.Repository("scripts/slurm-local.sh");
        var start = Shell(script, "start");
        Assert.True(start.Code == 0, $"the local Slurm cluster could not be started: {start.Err}{start.Out}");
        try
        {
            string cluster = Path.Combine(_folder, "cluster");
            string[] analysis = { "--draws", "40", "--patients", "1000" };
            var clock = Stopwatch.StartNew();
            var (code, output, error) = CliHarness.Run(new[] { "slurm", CliHarness.Repository("scenarios/intermediate-stage.yaml"), "--command", "psa", "--shards", "4", "--submit", "--out", cluster, "--" }.Concat(analysis).ToArray());
            Assert.True(code == 0, error);
            string mergeJob = Regex.Match(output, @"^merge (\d+)", RegexOptions.Multiline).Groups[1].Value;
            Assert.NotEqual("", mergeJob);

            // sbatch --wait is not trusted for dependent jobs (see shared/notes): poll the merge job's state, bounded.
            string state = "";
            for (int i = 0; i < 600 && state is "" or "PENDING" or "RUNNING" or "CONFIGURING" or "COMPLETING"; i++)
            {
                Thread.Sleep(500);
                var show = Shell("scontrol", "show", "job", mergeJob);
                state = Regex.Match(show.Out, @"JobState=(\w+)").Groups[1].Value;
            }
            clock.Stop();
            string logs = string.Join("\n", Directory.GetFiles(Path.Combine(cluster, "logs")).Select(f => $"{Path.GetFileName(f)}: {File.ReadAllText(f)}"));
            Assert.True(state == "COMPLETED", $"merge job {mergeJob} ended {state}\n{logs}");

            string single = Path.Combine(_folder, "single");
            Assert.Equal(0, CliHarness.Run(new[] { "psa", CliHarness.Repository("scenarios/intermediate-stage.yaml"), "--out", single }.Concat(analysis).ToArray()).Code);
            ShardTests.AssertSameResults(single, cluster, new[] { "psa_summary.csv", "psa_draws.csv", "psa_parameters.csv", "ceac.csv", "evppi.csv" }, "psa.json");
            long partial = new FileInfo(Path.Combine(cluster, "partials", "psa.shard-0-of-4.json")).Length;
            File.WriteAllText(Path.Combine(AppContext.BaseDirectory, "slurm-facts.txt"), $"4-shard PSA (40 draws × 1,000 patients × 8 strategies) on the local cluster: submitted to merged in {clock.Elapsed.TotalSeconds:F1} s; shard 0's partial file {partial:N0} bytes\n");
        }
        finally
        {
            Shell(script, "stop");
        }
    }
}
