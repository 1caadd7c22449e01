using System.CommandLine;
using HccSim.Scenarios;
using HccSim.Scenarios.Diagnostics;
using Spectre.Console;

namespace HccSim.Cli.Commands;

/// <summary>`hccsim validate SCENARIO…`: reads each file and reports every problem, without running anything.</summary>
internal static class ValidateCommand
{
    public static Command Create(CommandContext context)
    {
        var files = new Argument<string[]>("scenario") { Description = "One or more scenario files", Arity = ArgumentArity.OneOrMore };
        var command = new Command("validate",
            "Check scenario files: every problem as file:line:column, nothing run.\n\nExamples:\n  hccsim validate scenarios/tace.yaml\n  hccsim validate scenarios/*.yaml\n\n" + ExitCodes.Help)
        {
            files,
        };
        command.SetAction(result =>
        {
            int invalid = 0;
            foreach (var file in result.GetValue(files) ?? Array.Empty<string>())
            {
                try
                {
                    var s = ScenarioLoader.Load(file);
                    context.Console.MarkupLineInterpolated($"[green]ok[/] {file}: scenario '{s.Name}', {(s.Model?.Strategies.Count ?? 0) + s.Partitioned.Count} strategies, {s.Targets.Count} targets, sha256 {s.Sha256[..12]}…");
                }
                catch (ScenarioException e)
                {
                    invalid++;
                    foreach (var line in e.Errors) context.Error.WriteLine(line);
                }
            }
            return invalid == 0 ? ExitCodes.Success : ExitCodes.InvalidInput;
        });
        return command;
    }
}
