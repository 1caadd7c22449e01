using System.CommandLine;
using System.Globalization;
using System.Text;
using HccSim.Analysis.Survival;
using Spectre.Console;

namespace HccSim.Cli.Commands;

/// <summary>
/// `hccsim survival DATA.csv --time COL --event COL [--group COL] [--strata COL]`: Kaplan–Meier, log-rank and Cox on an
/// existing data set, and parametric fits per group printed in scenario syntax.
/// </summary>
internal static class SurvivalCommand
{
    public static Command Create(CommandContext context)
    {
        var file = new Argument<string>("data") { Description = "A CSV file with a header row" };
        var time = Options.Text("--time", "The column of times, in months (required)");
        var @event = Options.Text("--event", "The column of event indicators: 1/0, true/false, yes/no (required)");
        var group = Options.Text("--group", "A column with two groups to compare (the first in sorted order is the reference)");
        var strata = Options.Text("--strata", "A column to stratify the log-rank test and the Cox fit by");
        var unit = Options.Text("--unit", "The unit of the times: days, weeks, months (default) or years; results are shown in months");
        var command = new Command("survival",
            "Kaplan–Meier curves (Greenwood, log-log 95% intervals), medians, the log-rank test and the Cox hazard ratio (Efron ties) on an " +
            "existing data set, and maximum-likelihood exponential, Weibull, Gompertz, log-logistic and log-normal fits per group with AIC " +
            "and BIC, each printed in scenario-file syntax so it can be pasted into a scenario.\n\n" +
            "Example:\n  hccsim survival trial.csv --time months --event died --group arm\n\n" + ExitCodes.Help)
        {
            file, time, @event, group, strata, unit,
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
            if (result.GetValue(strata) is not null && result.GetValue(group) is null)
                throw new UsageException("--strata stratifies the comparison of groups: give --group as well");
            var data = Read(path, result.GetValue(time) ?? throw new UsageException("--time is required (the column of times)"),
                result.GetValue(@event) ?? throw new UsageException("--event is required (the column of event indicators)"),
                result.GetValue(group), result.GetValue(strata), months, out var groupNames);
            Report(context.Console, data, groupNames);
            return ExitCodes.Success;
        });
        return command;
    }

    private static SurvivalData Read(string path, string timeColumn, string eventColumn, string? groupColumn, string? strataColumn, double monthsPerUnit, out string[] groupNames)
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
        groupNames = groups.Distinct().OrderBy(x => x, StringComparer.Ordinal).ToArray();
        if (g >= 0 && groupNames.Length != 2)
            throw new UsageException($"{path}: --group column '{groupColumn}' has {groupNames.Length} values ({string.Join(", ", groupNames.Take(5))}); expected exactly two groups to compare");
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
            while (i < line.Length && line[i] == ' ') i++;
            if (i < line.Length && line[i] == '"')
            {
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
            cells.Add((cell.ToString().Trim(), start + 1));
            if (i >= line.Length) return cells;
            i++; // the comma
        }
    }

    private static string F(double x, string f = "0.##") => double.IsFinite(x) ? x.ToString(f, CultureInfo.InvariantCulture) : "not reached";

    private static void Report(IAnsiConsole console, SurvivalData data, string[] groupNames)
    {
        var labels = groupNames.Length == 2 ? groupNames : new[] { "all" };
        var km = new Table().Title("Kaplan–Meier (Greenwood, log-log 95% intervals)").AddColumns("group", "n", "events", "median (95% CI)", "S(12)", "S(24)", "S(36)");
        for (int g = 0; g < labels.Length; g++)
        {
            var d = groupNames.Length == 2 ? data.Group(g) : data;
            var curve = new KaplanMeier(d);
            var (median, lower, upper) = curve.Median();
            string At(double t) => t <= curve.MaxTime ? F(curve.At(t), "0.000") : "–";
            km.AddRow(Markup.Escape(labels[g]), d.Count.ToString(CultureInfo.InvariantCulture), d.Events.Count(x => x).ToString(CultureInfo.InvariantCulture),
                $"{F(median)} ({F(lower)}–{F(upper)})", At(12), At(24), At(36));
        }
        console.Write(km);
        if (groupNames.Length == 2)
        {
            var test = LogRank.Test(data);
            console.MarkupLineInterpolated($"log-rank{(data.Strata.Distinct().Count() > 1 ? " (stratified)" : "")}: chi-square {test.ChiSquare:0.###} on 1 df, p = {test.PValue:0.####e+0}; observed/expected {Markup.Escape(labels[1])} {test.Observed1:0}/{test.Expected1:0.##}, {Markup.Escape(labels[0])} {test.Observed0:0}/{test.Expected0:0.##}");
            try
            {
                var cox = CoxModel.Fit(data);
                if (!cox.Converged)
                    console.MarkupLineInterpolated($"Cox (Efron ties): the hazard ratio {Markup.Escape(labels[1])} vs {Markup.Escape(labels[0])} cannot be estimated: the partial likelihood keeps rising as the coefficient runs to {(cox.Coefficient > 0 ? "+" : "−")}∞ (a monotone likelihood: one group's events all come when the other group is no longer at risk)");
                else console.MarkupLineInterpolated($"Cox (Efron ties): hazard ratio {Markup.Escape(labels[1])} vs {Markup.Escape(labels[0])} {cox.HazardRatio:0.###} (95% CI {cox.Lower:0.###}–{cox.Upper:0.###}), coef {cox.Coefficient:0.####}, se {cox.StandardError:0.####}, p = {cox.PValue:0.####e+0}");
            }
            catch (InvalidOperationException e) { console.MarkupLineInterpolated($"Cox: {e.Message}"); }
        }
        for (int g = 0; g < labels.Length; g++)
        {
            var d = groupNames.Length == 2 ? data.Group(g) : data;
            var table = new Table().Title($"parametric fits: {Markup.Escape(labels[g])} (times in months; best AIC first)").AddColumns("family", "log-likelihood", "AIC", "BIC", "in a scenario");
            try
            {
                foreach (var fit in ParametricFits.FitAll(d))
                    table.AddRow(fit.Family, F(fit.LogLikelihood, "0.###"), F(fit.Aic, "0.###"), F(fit.Bic, "0.###"), Markup.Escape(fit.ScenarioSyntax));
                console.Write(table);
            }
            catch (InvalidOperationException e) { console.MarkupLineInterpolated($"parametric fits for {Markup.Escape(labels[g])}: {e.Message}"); }
        }
    }
}
