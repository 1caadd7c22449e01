using System.CommandLine;
using System.Reflection;
using HccSim.Cli.Commands;
using HccSim.Core.Compilation;
using HccSim.Scenarios.Diagnostics;
using Spectre.Console;

namespace HccSim.Cli;

/// <summary>The `hccsim` command: run, validate and describe scenario files.</summary>
public static class Program
{
    public static readonly string Version =
        typeof(Program).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "unknown";

    public static int Main(string[] args)
    {
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            // First Ctrl-C stops the run cleanly; a second one ends the process.
            if (cancel.IsCancellationRequested) return;
            e.Cancel = true;
            cancel.Cancel();
        };
        return Run(args, Console.IsOutputRedirected ? Redirected() : AnsiConsole.Console, Console.Error, cancel.Token);
    }

    /// <summary>
    /// Output going to a file or pipe: plain text (no colour codes) and tables 160 columns wide, not squeezed to the
    /// 80 a console without a terminal is assumed to have.
    /// </summary>
    private static IAnsiConsole Redirected()
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors, Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(Console.Out),
        });
        console.Profile.Width = 160;
        return console;
    }

    /// <summary>Runs a command line against the given console and error writer; returns the exit code.</summary>
    public static int Run(string[] args, IAnsiConsole console, TextWriter error, CancellationToken cancellation = default)
    {
        var context = new CommandContext(console, error, cancellation);
        var root = new RootCommand($"HccSim {Version}: simulate treatment strategies for intermediate-stage liver cancer.\n{ExitCodes.Help}")
        {
            RunCommand.Create(context),
            ValidateCommand.Create(context),
            DescribeCommand.Create(context),
            CompareCommand.Create(context),
            TrialCommand.Create(context),
            SurvivalCommand.Create(context),
            CalibrateCommand.Create(context),
            EvsiCommand.Create(context),
            PsaCommand.Create(context),
            DsaCommand.Create(context),
            SweepCommand.Create(context),
            ReportCommand.Create(context),
            MergeCommand.Create(context),
            SlurmCommand.Create(context),
        };
        foreach (var option in root.Options.OfType<VersionOption>()) option.Action = new PrintVersion(console);
        try
        {
            var parsed = root.Parse(args);
            if (parsed.Errors.Count > 0)
            {
                foreach (var e in parsed.Errors) error.WriteLine($"hccsim: {e.Message}");
                error.WriteLine("Try 'hccsim --help'.");
                return ExitCodes.InvalidInput;
            }
            // Exceptions reach the handlers below, which map them to exit codes without stack traces.
            return parsed.Invoke(new InvocationConfiguration { Output = new ConsoleWriter(console), Error = error, EnableDefaultExceptionHandler = false });
        }
        catch (Reporting.Publishing.OutputFolderException e)
        {
            // A genuine I/O failure of the results folder (a full disk): one line, exit 1, the previous results kept.
            error.WriteLine($"hccsim: {e.Message}");
            return ExitCodes.InternalFailure;
        }
        catch (UsageException e)
        {
            error.WriteLine($"hccsim: {e.Message}");
            return ExitCodes.InvalidInput;
        }
        catch (ScenarioException e)
        {
            foreach (var line in e.Errors) error.WriteLine(line);
            error.WriteLine($"hccsim: {e.Errors.Count} problem{(e.Errors.Count == 1 ? "" : "s")}; nothing was run.");
            return ExitCodes.InvalidInput;
        }
        catch (ModelValidationException e)
        {
            foreach (var line in e.Errors) error.WriteLine($"hccsim: {line}");
            return ExitCodes.InvalidInput;
        }
        catch (OperationCanceledException)
        {
            error.WriteLine("hccsim: interrupted by Ctrl-C; no results were written.");
            return ExitCodes.Interrupted;
        }
        catch (Exception e) when (Environment.GetEnvironmentVariable("HCCSIM_DEBUG") != "1")
        {
            error.WriteLine($"hccsim: internal error: {e.GetType().Name}: {e.Message} (set HCCSIM_DEBUG=1 for the stack trace, and please report it)");
            return ExitCodes.InternalFailure;
        }
    }
}

/// <summary>`--version` prints HccSim's version (not the host process's, which is what the default does in tests).</summary>
internal sealed class PrintVersion(IAnsiConsole console) : System.CommandLine.Invocation.SynchronousCommandLineAction
{
    public override int Invoke(ParseResult parseResult)
    {
        console.WriteLine($"hccsim {Program.Version}");
        return ExitCodes.Success;
    }
}

/// <summary>What every command needs: where to write and when to stop.</summary>
public sealed record CommandContext(IAnsiConsole Console, TextWriter Error, CancellationToken Cancellation);

/// <summary>Lets System.CommandLine's help and version text go to the same console as everything else.</summary>
internal sealed class ConsoleWriter(IAnsiConsole console) : TextWriter
{
    public override System.Text.Encoding Encoding => System.Text.Encoding.UTF8;
    public override void Write(char value) => console.Profile.Out.Writer.Write(value);
    public override void Write(string? value) => console.Profile.Out.Writer.Write(value);
    public override void WriteLine(string? value) => console.Profile.Out.Writer.WriteLine(value);
}
