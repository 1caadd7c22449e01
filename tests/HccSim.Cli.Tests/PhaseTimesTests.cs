using System.Diagnostics;
using System.Globalization;
using static HccSim.Cli.Tests.CliHarness;

namespace HccSim.Cli.Tests;

/// <summary>HCCSIM_TIMINGS=1 says where a run's wall time went, phase by phase, in one line that adds up.</summary>
public sealed class PhaseTimesTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "hccsim-timings", Guid.NewGuid().ToString("N"));
    public void Dispose() { try { Directory.Delete(_folder, true); } catch (IOException) { } }

    [Fact]
    public async Task ARunWithTimingsPrintsEachPhaseAndTheirTotal()
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "hccsim.dll"), "run", Repository("scenarios/tace.yaml"), "--patients", "500", "--out", _folder })
            info.ArgumentList.Add(a);
        info.Environment["HCCSIM_TIMINGS"] = "1";
        using var p = Process.Start(info)!;
        var output = p.StandardOutput.ReadToEndAsync();
        string error = await p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        Assert.Equal(0, p.ExitCode);
        string line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("hccsim: timings: ", StringComparison.Ordinal));
        var parts = line["hccsim: timings: ".Length..].Split("; ");
        Assert.Equal(new[] { "start-up", "load", "simulate and summarise", "write CSV and JSON", "report and publish", "print", "total" },
            parts.Select(x => x[..x.LastIndexOf(' ', x.Length - 3)]));
        var seconds = parts.Select(x => double.Parse(x.Split(' ')[^2], CultureInfo.InvariantCulture)).ToArray();
        Assert.All(seconds, s => Assert.True(s >= 0));
        Assert.True(Math.Abs(seconds[^1] - seconds[..^1].Sum()) <= 0.004, line); // the phases add up to the total (each printed to 3 decimals)
        Assert.Contains("hccsim", await output);
    }
}
