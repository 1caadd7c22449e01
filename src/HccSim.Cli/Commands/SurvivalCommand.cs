using System.CommandLine;
using System.Globalization;
using System.Text;
using HccSim.Analysis.Survival;
using HccSim.Reporting;
using HccSim.Reporting.Publishing;
using Spectre.Console;

namespace HccSim.Cli.Commands;

/// <summary>
/// `hccsim survival DATA.csv --time COL --event COL [--group COL [--reference LEVEL]] [--strata COL] [--conf-type T] [--ties T] [--out DIR]`:
/// Kaplan–Meier, log-rank and Cox on an existing data set, and parametric fits per group printed in scenario syntax; with
/// --out, the same at full precision as stamped files (written by <see cref="SurvivalWriter"/>).
/// </summary>
internal static class SurvivalCommand
{
    public static Command Create(CommandContext context)
    {
        var file = new Argument<string>("data") { Description = "A CSV file with a header row" };
        var time = Options.Text("--time", "The column of times, in months (required)");
        var @event = Options.Text("--event", "The column of event indicators: 1/0, true/false, yes/no (required)");
        var group = Options.Text("--group", "A column with two groups to compare (the reference is the first in file order unless --reference names it)");
        var reference = Options.Text("--reference", "The group the other is compared against (the Cox reference); default: the first in file order");
        var confType = Options.Text("--conf-type", "Kaplan–Meier 95% intervals as R's conf.type: log-log (default), log or plain (S ± 1.96·SE, clipped to [0, 1])");
        var tiesOption = Options.Text("--ties", "How the Cox fit treats tied event times, as R's coxph ties =: efron (default) or breslow");
        var outDir = Options.Text("--out", "A folder for the results as files: km.csv, medians.csv, logrank.csv, cox.csv, fits.csv, survival.json");
        var strata = Options.Text("--strata", "A column to stratify the log-rank test and the Cox fit by");
        var unit = Options.Text("--unit", "The unit of the times: days, weeks, months (default) or years; results are shown in months");
        var command = new Command("survival",
            "Kaplan–Meier curves (Greenwood; log-log, log or plain 95% intervals), medians, the log-rank test and the Cox hazard ratio (Efron or Breslow ties) on an " +
            "existing data set, and maximum-likelihood exponential, Weibull, Gompertz, log-logistic and log-normal fits per group with AIC " +
            "and BIC, each printed in scenario-file syntax so it can be pasted into a scenario. With --out, all of it is also written at full " +
            "precision as stamped CSV files and survival.json.\n\n" +
            "Example:\n  hccsim survival data/gehan.csv --time weeks --event relapse --group arm --reference 6-MP --unit weeks --out results/gehan\n\n" + ExitCodes.Help)
        {
            file, time, @event, group, reference, strata, unit, confType, tiesOption, outDir,
        };
        command.SetAction(result =>
        {
            string path = result.GetValue(file)!;
            string unitName = result.GetValue(unit) ?? "months";
            double months = unitName switch
            {
                "days" or "day" => 12 / 365.25, "weeks" or "week" => 7 * 12 / 365.25, "months" or "month" => 1, "years" or "year" => 12,
                _ => throw new UsageException($"--unit expects days, weeks, months or years (got '{unitName}')"),
            };
            string confName = result.GetValue(confType) ?? "log-log";
            var confidence = confName switch
            {
                "log-log" => ConfidenceType.LogLog, "log" => ConfidenceType.Log, "plain" => ConfidenceType.Plain,
                _ => throw new UsageException($"--conf-type expects log-log, log or plain (got '{confName}')"),
            };
            string tiesName = result.GetValue(tiesOption) ?? "efron";
            var ties = tiesName switch
            {
                "efron" => CoxTies.Efron, "breslow" => CoxTies.Breslow,
                _ => throw new UsageException($"--ties expects efron or breslow (got '{tiesName}')"),
            };
            string? groupColumn = result.GetValue(group), strataColumn = result.GetValue(strata), referenceLevel = result.GetValue(reference);
            if (strataColumn is not null && groupColumn is null)
                throw new UsageException("--strata stratifies the comparison of groups: give --group as well");
            if (referenceLevel is not null && groupColumn is null)
                throw new UsageException("--reference names one of the groups to compare: give --group as well");
            string? folder = result.GetValue(outDir);
            string timeColumn = result.GetValue(time) ?? throw new UsageException("--time is required (the column of times)");
            string eventColumn = result.GetValue(@event) ?? throw new UsageException("--event is required (the column of event indicators)");
            using var claimed = folder is null ? null : ResultPublishing.Claim(folder, "survival");
            var data = Read(path, timeColumn, eventColumn, groupColumn, strataColumn, referenceLevel, months, out var groupNames);
            var analysis = SurvivalAnalysis.Run(data, groupNames, groupColumn, confidence, ties);
            Report(context.Console, data, analysis, confName);
            if (folder is not null)
            {
                string sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path)));
                var stamp = new SurvivalStamp(Program.Version, path, sha, timeColumn, eventColumn, groupColumn, strataColumn, unitName, analysis.Reference, confName, SurvivalWriter.Ties(ties));
                var staged = ResultPublishing.Stage(claimed!, () => SurvivalWriter.Write(claimed!.Staging, stamp, analysis));
                var written = ResultPublishing.Publish(claimed!, staged, SurvivalWriter.Files, report: false).Select(p => Path.GetFileName(p));
                context.Console.MarkupLineInterpolated($"wrote {string.Join(", ", written)} to {folder}");
            }
            return ExitCodes.Success;
        });
        return command;
    }

    private static SurvivalData Read(string path, string timeColumn, string eventColumn, string? groupColumn, string? strataColumn, string? reference, double monthsPerUnit, out string[] groupNames)
    {
        if (!File.Exists(path)) throw new UsageException($"{path}:1:1: no such file (expected a CSV with a header row)");
        var lines = File.ReadAllLines(path).Select((l, i) => (Text: l, Line: i + 1)).Where(x => x.Text.Trim().Length > 0 && !x.Text.StartsWith('#')).ToArray();
        if (lines.Length < 2) throw new UsageException($"{path}:1:1: expected a header row and at least one row of data");
        var header = Cells(lines[0].Text, path, lines[0].Line).Select(h => h.Value).ToList();
        int Column(string name, string option)
        {
            int i = header.IndexOf(name);
            return i >= 0 ? i : throw new UsageException($"{path}:{lines[0].Line}:1: {option} names column '{name}', which the header does not have (columns: {string.Join(", ", header)}){HccSim.Core.Compilation.Suggestions.DidYouMean(name, header)}");
        }
        int t = Column(timeColumn, "--time"), e = Column(eventColumn, "--event");
        int g = groupColumn is null ? -1 : Column(groupColumn, "--group"), s = strataColumn is null ? -1 : Column(strataColumn, "--strata");
        var times = new List<double>(); var events = new List<bool>(); var groups = new List<string>(); var strata = new List<string>();
        foreach (var (text, line) in lines.Skip(1))
        {
            var parsed = Cells(text, path, line);
            var cells = parsed.Select(c => c.Value).ToArray();
            if (cells.Length != header.Count) throw new UsageException($"{path}:{line}:1: row has {cells.Length} cells (expected {header.Count}, as the header)");
            int ColumnOf(int index) => parsed[index].Column;
            if (g >= 0 && cells[g].Length == 0) throw new UsageException($"{path}:{line}:{ColumnOf(g)}: group is missing (blank); expected one of the two groups");
            if (s >= 0 && cells[s].Length == 0) throw new UsageException($"{path}:{line}:{ColumnOf(s)}: stratum is missing (blank)");
            if (!double.TryParse(cells[t], NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !(v >= 0) || !double.IsFinite(v))
                throw new UsageException($"{path}:{line}:{ColumnOf(t)}: time '{cells[t]}' is not a number ≥ 0");
            bool? observed = cells[e].ToLowerInvariant() switch { "1" or "true" or "yes" or "t" => true, "0" or "false" or "no" or "f" => false, _ => null };
            if (observed is null) throw new UsageException($"{path}:{line}:{ColumnOf(e)}: event '{cells[e]}' is not 1/0, true/false or yes/no");
            times.Add(v * monthsPerUnit); events.Add(observed.Value);
            if (g >= 0) groups.Add(cells[g]);
            if (s >= 0) strata.Add(cells[s]);
        }
        groupNames = groups.Distinct().ToArray(); // file order: the first level met is the reference unless --reference names one
        if (g >= 0 && groupNames.Length != 2)
            throw new UsageException($"{path}: --group column '{groupColumn}' has {groupNames.Length} values ({string.Join(", ", groupNames.Take(5))}); expected exactly two groups to compare");
        if (reference is not null)
        {
            if (!groupNames.Contains(reference))
                throw new UsageException($"--reference '{reference}' is not a level of --group column '{groupColumn}' (levels: {string.Join(", ", groupNames)}){HccSim.Core.Compilation.Suggestions.DidYouMean(reference, groupNames)}");
            groupNames = groupNames.OrderBy(x => x == reference ? 0 : 1).ToArray();
        }
        var names = groupNames;
        var strataNames = strata.Distinct().ToList();
        return new SurvivalData(times, events, g >= 0 ? groups.Select(x => Array.IndexOf(names, x)).ToArray() : null,
            s >= 0 ? strata.Select(x => strataNames.IndexOf(x)).ToArray() : null);
    }

    /// <summary>
    /// One CSV line's cells (RFC 4180 quoting within a line, as R's write.csv and SAS write: a quoted cell may hold commas
    /// and doubled quotes, not line breaks), trimmed, each with its 1-based column for error messages.
    /// </summary>
    private static List<(string Value, int Column)> Cells(string line, string path, int lineNumber)
    {
        var cells = new List<(string, int)>();
        var cell = new StringBuilder();
        int i = 0;
        while (true)
        {
            int start = i;
            cell.Clear();
            bool quoted = false;
            while (i < line.Length && line[i] == ' ') i++;
            if (i < line.Length && line[i] == '"')
            {
                quoted = true;
                int open = i++;
                while (true)
                {
                    if (i >= line.Length) throw new UsageException($"{path}:{lineNumber}:{open + 1}: a quoted cell is not closed (expected a closing \")");
                    if (line[i] == '"')
                    {
                        if (i + 1 < line.Length && line[i + 1] == '"') { cell.Append('"'); i += 2; continue; }
                        i++;
                        break;
                    }
                    cell.Append(line[i++]);
                }
                while (i < line.Length && line[i] != ',') i++; // spaces after the closing quote
            }
            else
            {
                while (i < line.Length && line[i] != ',') cell.Append(line[i++]);
            }
            // A cell hccsim neutralised as text ('=…, '-…) is read back as written (the --ipd files among others).
            cells.Add((Reporting.CsvCell.Read(cell.ToString().Trim(), quoted), start + 1));
            if (i >= line.Length) return cells;
            i++; // the comma
        }
    }

    private static string F(double x, string f = "0.##") => double.IsFinite(x) ? x.ToString(f, CultureInfo.InvariantCulture) : "not reached";

    private static void Report(IAnsiConsole console, SurvivalData data, SurvivalAnalysis analysis, string confName)
    {
        var groups = analysis.Medians.Select(m => m.Group).ToArray();
        var km = new Table().Title($"Kaplan–Meier (Greenwood, {confName} 95% intervals)").AddColumns("group", "n", "events", "median (95% CI)", "S(12)", "S(24)", "S(36)");
        foreach (var m in analysis.Medians)
        {
            var curve = analysis.KaplanMeier.Where(r => r.Group == m.Group).ToList();
            double maxTime = curve.Count == 0 ? 0 : curve[^1].Time;
            string At(double t) => t <= maxTime ? F(curve.LastOrDefault(r => r.Time <= t)?.Survival ?? 1, "0.000") : "–";
            km.AddRow(Markup.Escape(m.Group), m.Subjects.ToString(CultureInfo.InvariantCulture), m.Events.ToString(CultureInfo.InvariantCulture),
                $"{F(m.Median)} ({F(m.Lower)}–{F(m.Upper)})", At(12), At(24), At(36));
        }
        console.Write(km);
        if (analysis is { Reference: { } reference, Compared: { } compared, LogRank: { } logRank })
        {
            console.MarkupLineInterpolated($"reference group: {reference} (--reference to change); {compared} is compared against it");
            var test = LogRank.Test(data); // the observed and expected counts, which the tidy row does not carry
            console.MarkupLineInterpolated($"log-rank{(logRank.Stratified ? " (stratified)" : "")}: chi-square {logRank.ChiSquare:0.###} on 1 df, {NumberText.PIs(logRank.PValue)}; observed/expected {compared} {test.Observed1:0}/{test.Expected1:0.##}, {reference} {test.Observed0:0}/{test.Expected0:0.##}");
            if (analysis.Cox is { } cox)
                console.MarkupLineInterpolated($"Cox ({SurvivalWriter.Ties(cox.Ties)} ties): hazard ratio {compared} vs {reference} {cox.HazardRatio:0.###} (95% CI {cox.HazardRatioLower:0.###}–{cox.HazardRatioUpper:0.###}), coef {cox.Coefficient:0.####}, se {cox.StandardError:0.####}, {NumberText.PIs(cox.PValue)}");
        }
        foreach (string note in analysis.Notes.Where(n => n.StartsWith("Cox", StringComparison.Ordinal))) console.MarkupLineInterpolated($"{note}");
        foreach (string g in groups)
        {
            var fits = analysis.Fits.Where(f => f.Group == g).ToList();
            if (fits.Count == 0)
            {
                foreach (string note in analysis.Notes.Where(n => n.StartsWith($"parametric fits for {g}:", StringComparison.Ordinal))) console.MarkupLineInterpolated($"{note}");
                continue;
            }
            var table = new Table().Title($"parametric fits: {Markup.Escape(g)} (times in months; best AIC first)").AddColumns("family", "log-likelihood", "AIC", "BIC", "in a scenario");
            foreach (var fit in fits)
                table.AddRow(fit.Family, F(fit.LogLikelihood, "0.###"), F(fit.Aic, "0.###"), F(fit.Bic, "0.###"), Markup.Escape(fit.Parameters));
            console.Write(table);
        }
    }
}
