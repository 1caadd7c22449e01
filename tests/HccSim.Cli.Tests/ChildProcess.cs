using System.Diagnostics;

namespace HccSim.Cli.Tests;

/// <summary>Runs a program as a child process and collects its exit code and both streams (killed after 300 s).</summary>
internal static class ChildProcess
{
    public static (int Code, string Out, string Err) Run(string file, IEnumerable<string> args, string? workingDirectory = null)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (workingDirectory is not null) info.WorkingDirectory = workingDirectory;
        foreach (var a in args) info.ArgumentList.Add(a);
        using var p = Process.Start(info)!;
        var o = p.StandardOutput.ReadToEndAsync();
        var e = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(300_000)) { p.Kill(entireProcessTree: true); return (-1, o.Result, e.Result + "\n(timed out after 300 s)"); }
        return (p.ExitCode, o.Result, e.Result);
    }
}
