using System.Globalization;
using System.Text.Json;
using HccSim.Reporting.Html;

namespace HccSim.Cli.Tests;

/// <summary>
/// summary.json against the CSVs written beside it: the same rows, names and numbers (a number that is not finite, NA in
/// a CSV, is null in the JSON), and the file's shape — each object's keys, in order — as the format has it.
/// </summary>
public sealed class SummaryJsonTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "hccsim-summary-json-tests", Guid.NewGuid().ToString("N"));
    public SummaryJsonTests() => Directory.CreateDirectory(_folder);
    public void Dispose() { try { Directory.Delete(_folder, recursive: true); } catch (IOException) { } }

    [Fact]
    public void SummaryJsonHoldsEveryRowOfTheCsvsValueForValueInTheFormatsShape()
    {
        // The library's intermediate-stage scenario: subgroup and validation targets, tolerances, an incremental analysis.
        string dir = Path.Combine(_folder, "run");
        var (code, _, error) = CliHarness.Run(new[] { "run", CliHarness.Repository("scenarios/intermediate-stage.yaml"), "--patients", "300", "--out", dir });
        Assert.True(code == 0, error);
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(dir, "summary.json")));
        var root = doc.RootElement;
        Keys(root, "stamp", "inputs", "strategies", "summary", "targets", "incremental", "curves");
        Keys(root.GetProperty("stamp"), "hcc_sim_version", "scenario", "scenario_file", "scenario_sha256", "seed", "patients", "threads", "wall_time_seconds",
            "finished_utc", "subgroup", "profile", "method", "cycle_months", "correction");

        var summary = TidyCsv.Read(Path.Combine(dir, "summary.csv"))!;
        string stamp = summary.Stamp!;
        Assert.Equal(TidyCsv.StampField(stamp, "sha256"), root.GetProperty("stamp").GetProperty("scenario_sha256").GetString());
        Assert.Equal(TidyCsv.StampField(stamp, "seed"), root.GetProperty("stamp").GetProperty("seed").GetRawText());
        Assert.Equal("300", root.GetProperty("stamp").GetProperty("patients").GetRawText());

        Same(summary, root.GetProperty("summary"), ("strategy", "strategy"), ("outcome", "outcome"), ("value", "value"), ("lower", "lower"), ("upper", "upper"), ("se", "se"), ("unit", "unit"));
        Same(TidyCsv.Read(Path.Combine(dir, "targets.csv"))!, root.GetProperty("targets"),
            ("strategy", "strategy"), ("outcome", "outcome"), ("target", "target"), ("target_lower", "target_lower"), ("target_upper", "target_upper"),
            ("simulated", "simulated"), ("lower", "lower"), ("upper", "upper"), ("inside", "inside"), ("source", "source"), ("tolerance", "tolerance"),
            ("tolerance_reason", "tolerance_reason"), ("subgroup", "subgroup"), ("conflict", "conflict"), ("role", "role"), ("patients", "patients"));
        var incremental = root.GetProperty("incremental");
        Keys(incremental, "willingness_to_pay", "optimal", "rows");
        Same(TidyCsv.Read(Path.Combine(dir, "incremental.csv"))!, incremental.GetProperty("rows"),
            ("strategy", "strategy"), ("cost", "cost"), ("qalys", "qalys"), ("life_years", "life_years"), ("status", "status"), ("dominated_by", "dominated_by"),
            ("comparator", "comparator"), ("incremental_cost", "incremental_cost"), ("incremental_qalys", "incremental_qalys"), ("incremental_life_years", "incremental_life_years"),
            ("icer", "icer"), ("nmb", "nmb"), ("nhb", "nhb"), ("incremental_nmb", "incremental_nmb"), ("incremental_nhb", "incremental_nhb"));

        // The curves: one object per (strategy, curve) in the CSV's order, its points as columns in the CSV's order.
        var curves = TidyCsv.Read(Path.Combine(dir, "curves.csv"))!;
        int row = 0;
        foreach (var curve in root.GetProperty("curves").EnumerateArray())
        {
            Keys(curve, "strategy", "curve", "time", "value", "lower", "upper");
            for (int i = 0; i < curve.GetProperty("time").GetArrayLength(); i++, row++)
            {
                var r = curves.Rows[row];
                Assert.Equal(curves.Text(r, "strategy"), curve.GetProperty("strategy").GetString());
                Assert.Equal(curves.Text(r, "curve"), curve.GetProperty("curve").GetString());
                foreach (var column in new[] { "time", "value", "lower", "upper" })
                    SameCell(curves.Text(r, column), curve.GetProperty(column)[i], $"curves.csv row {row}, {column}");
            }
        }
        Assert.Equal(curves.Rows.Count, row);
        Assert.True(row > 1000, $"{row} curve points");
    }

    private static void Keys(JsonElement element, params string[] keys)
        => Assert.Equal(keys, element.EnumerateObject().Select(p => p.Name));

    /// <summary>Each CSV row is the JSON array's object at the same place, column for key.</summary>
    private static void Same(TidyCsv csv, JsonElement rows, params (string Column, string Key)[] columns)
    {
        Assert.Equal(csv.Rows.Count, rows.GetArrayLength());
        Assert.True(csv.Rows.Count > 0);
        for (int i = 0; i < csv.Rows.Count; i++)
        {
            Keys(rows[i], columns.Select(c => c.Key).ToArray());
            foreach (var (column, key) in columns) SameCell(csv.Text(csv.Rows[i], column), rows[i].GetProperty(key), $"row {i}, {column}");
        }
    }

    /// <summary>A CSV cell and a JSON value: NA is null, a number the same double, TRUE/FALSE a boolean, a list joined by ';' an array, text the same text.</summary>
    private static void SameCell(string cell, JsonElement value, string where)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Null: Assert.True(cell is "NA" or "", $"{where}: '{cell}' in the CSV, null in the JSON"); break;
            case JsonValueKind.Number: Assert.True(double.Parse(cell, CultureInfo.InvariantCulture) == value.GetDouble(), $"{where}: {cell} in the CSV, {value.GetRawText()} in the JSON"); break;
            case JsonValueKind.True: Assert.Equal("TRUE", cell); break;
            case JsonValueKind.False: Assert.Equal("FALSE", cell); break;
            case JsonValueKind.Array: Assert.Equal(cell, string.Join(';', value.EnumerateArray().Select(v => v.GetString()))); break;
            default: Assert.True(cell == value.GetString(), $"{where}: '{cell}' in the CSV, '{value.GetString()}' in the JSON"); break;
        }
    }
}
