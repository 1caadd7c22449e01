using System.Globalization;
using HccSim.Core.Model;
using HccSim.Scenarios.Diagnostics;

namespace HccSim.Scenarios.Reading;

/// <summary>
/// Reads a life table from a CSV file beside the scenario: a header <c>age,q</c> (or <c>age,hazard</c>), then rows.
/// Errors never quote the file: a scenario may name any file as its life table by mistake (/etc/passwd), and what that
/// file holds is not for a log. Positions and the kind of problem say enough in a two-column table.
/// </summary>
internal static class LifeTables
{
    public const int MaxRows = Limits.LifeTableRows;

    /// <summary>The rows of a life-table CSV file's text; null (with every problem said, at its line) when it is not one.</summary>
    public static (double[] Ages, double[] Values, bool Hazards)? Parse(string text, string shownAs, Problems problems)
    {
        var lines = text.Replace("\r\n", "\n").Split('\n');
        int first = Array.FindIndex(lines, l => l.Trim().Length > 0 && !l.TrimStart().StartsWith('#'));
        if (first < 0) { problems.At(shownAs, 1, 1, "the life-table file is empty (expected a header 'age,q' and one row per age)"); return null; }
        // R's write.csv quotes its header ("age","q"): quotes around a cell are allowed.
        var header = lines[first].Split(',').Select(h => h.Trim().Trim('"').ToLowerInvariant()).ToArray();
        if (header.Length != 2 || header[0] != "age" || header[1] is not ("q" or "hazard"))
        {
            problems.At(shownAs, first + 1, 1, "is not a life-table CSV file: its first line is not the header (expected 'age,q' for annual death probabilities or 'age,hazard' for annual hazards)");
            return null;
        }
        bool hazards = header[1] == "hazard";
        var ages = new List<double>();
        var values = new List<double>();
        bool ok = true;
        int rows = 0;
        for (int i = first + 1; i < lines.Length; i++)
        {
            string line = lines[i];
            if (line.Trim().Length == 0 || line.TrimStart().StartsWith('#')) continue;
            if (++rows > MaxRows)
            {
                problems.At(shownAs, i + 1, 1, $"the life table has more than {MaxRows:N0} rows (expected at most {MaxRows:N0}: one row per age)");
                return null;
            }
            var cells = line.Split(',');
            if (cells.Length != 2)
            {
                problems.At(shownAs, i + 1, 1, $"row has {cells.Length} cells (expected 2: age and {(hazards ? "hazard" : "q")})");
                ok = false;
                continue;
            }
            int column = 1;
            for (int c = 0; c < 2; c++)
            {
                string cell = cells[c].Trim(' ', '\t', '\r').Trim('"');
                string name = c == 0 ? "age" : hazards ? "hazard" : "q";
                if (Units.NumberText.Foreign(cell) is var (foreign, instead))
                {
                    problems.At(shownAs, i + 1, column, $"the {name} holds {Units.NumberText.CodePoint(foreign)}, not {instead}");
                    ok = false;
                }
                else if (!double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !double.IsFinite(v))
                {
                    problems.At(shownAs, i + 1, column, $"the {name} is not a number (expected {(c == 0 ? "an age in years" : hazards ? "an annual hazard ≥ 0" : "an annual death probability from 0 to 1")})");
                    ok = false;
                }
                else if (c == 1 && !hazards && !(v >= 0 && v <= 1))
                {
                    problems.At(shownAs, i + 1, column, $"q = {Values.Fmt(v)} is not a probability (expected an annual death probability from 0 to 1)");
                    ok = false;
                }
                else if (c == 0 && v < 0)
                {
                    problems.At(shownAs, i + 1, column, $"age {Values.Fmt(v)} is negative (expected an age in years ≥ 0)");
                    ok = false;
                }
                else if (c == 0 && ages.Count > 0 && v <= ages[^1])
                {
                    problems.At(shownAs, i + 1, column, $"age {Values.Fmt(v)} does not follow {ages[^1].ToString(CultureInfo.InvariantCulture)} (expected ages in increasing order)");
                    ok = false;
                }
                else if (c == 1 && hazards && v < 0)
                {
                    problems.At(shownAs, i + 1, column, $"hazard {Values.Fmt(v)} is negative (expected an annual hazard ≥ 0)");
                    ok = false;
                }
                else if (c == 0) ages.Add(v);
                else values.Add(v);
                column += cells[c].Length + 1;
            }
        }
        if (ok && ages.Count == 0) { problems.At(shownAs, first + 1, 1, "the life table has no rows (expected one row per age)"); return null; }
        return ok ? (ages.ToArray(), values.ToArray(), hazards) : null;
    }

    public static LifeTable Build(double[] ages, double[] values, bool hazards)
        => hazards ? new LifeTable(ages, values) : LifeTable.FromAnnualProbabilities(ages, values);
}
