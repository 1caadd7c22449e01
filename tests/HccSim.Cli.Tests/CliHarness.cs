using Spectre.Console;

namespace HccSim.Cli.Tests;

/// <summary>The `hccsim` command run in-process with its output captured, and files of the repository found from the tests.</summary>
internal static class CliHarness
{
    public static (int Code, string Out, string Err) Run(string[] args, CancellationToken cancel = default)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors, Interactive = InteractionSupport.No, Out = new AnsiConsoleOutput(output),
        });
        console.Profile.Width = 200;
        int code = Program.Run(args, console, error, cancel);
        return (code, output.ToString(), error.ToString());
    }

    public static string Repository(string relative)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "HccSim.sln"))) dir = dir.Parent;
        return Path.Combine(dir?.FullName ?? throw new DirectoryNotFoundException("HccSim.sln not found above the test folder"), relative);
    }
}
