using System.CommandLine;
using HccSim.Reporting.Html;
using Spectre.Console;

namespace HccSim.Cli.Commands;

/// <summary>`hccsim report RESULTS_DIR`: rebuild report.html from a results folder's CSV and JSON files alone.</summary>
internal static class ReportCommand
{
    public static Command Create(CommandContext context)
    {
        var folder = new Argument<string>("results") { Description = "A results folder written by hccsim run (psa/, dsa/, sweep/ and trial/ inside it are included)" };
        var command = new Command("report",
            "Rebuild report.html from a results folder's files: one self-contained HTML file (plotly.js inlined; opens offline) with every section the files support.\n\n" +
            "Examples:\n  hccsim report results/intermediate-stage\n\n" + ExitCodes.Help)
        {
            folder,
        };
        command.SetAction(result =>
        {
            string dir = result.GetValue(folder)!;
            if (!Directory.Exists(dir)) throw new UsageException($"{dir} is not a folder (expected a results folder written by hccsim run, psa, dsa, sweep or trial)");
            // Claiming the folder finishes a publication a killed command committed, so the report is of a whole set.
            using var claimed = ResultPublishing.Claim(dir, "report");
            foreach (var name in Reporting.Publishing.OutputFolder.Mismatches(dir))
                context.Error.WriteLine($"hccsim: warning: {Path.Combine(dir, name)} is not the file its result set published (edited or replaced since)");
            string? path;
            try { path = HtmlReport.Write(dir, Program.Version); }
            catch (InvalidDataException e) { throw new UsageException(e.Message); }
            if (path is null) throw new UsageException($"{dir} holds no results to report (expected summary.csv, curves.csv, psa_draws.csv, tornado.csv, sweep.csv or replicates.csv)");
            context.Console.MarkupLineInterpolated($"wrote {path} ({new FileInfo(path).Length / 1024.0 / 1024.0:F1} MB)");
            return ExitCodes.Success;
        });
        return command;
    }
}
