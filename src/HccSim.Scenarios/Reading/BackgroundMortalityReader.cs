using System.Globalization;
using HccSim.Core.Model;
using HccSim.Scenarios.Diagnostics;
using HccSim.Scenarios.Yaml;

namespace HccSim.Scenarios.Reading;

/// <summary>Background (other-cause) mortality: a life table written in the file, or a CSV file beside it.</summary>
internal sealed class BackgroundMortalityReader(ReadingContext context)
{
    private static readonly string[] BackgroundKeys = { "life_table", "values" };

    private readonly Problems _problems = context.Problems;
    private readonly Values _values = context.Values;

    public LifeTable? Read(Mapping section, Node node)
    {
        var map = new MapNode(section, _problems, "background_mortality", BackgroundKeys);
        bool hazards = false;
        if (map["values"] is { } v && _values.Text(v, "values") is { } kind)
        {
            if (kind is "hazard" or "hazards") hazards = true;
            else if (kind is not ("probability" or "probabilities" or "q"))
                _problems.At(v, $"values '{kind}' is not a kind of life table (expected probability or hazard)");
        }
        if (map["life_table"] is not { } lt)
        {
            _problems.At(node, "background_mortality has no 'life_table' (expected a map of age: annual death probability, or a CSV file name)");
            return null;
        }
        if (lt is Scalar { Value: var fileValue } && fileValue is null or "" or "~" or "null")
        {
            _problems.At(lt, "life_table is empty (expected a map of age: annual death probability, or a CSV file name)");
            return null;
        }
        if (lt is Scalar { Value: { } file })
        {
            string full = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(context.Path)) ?? ".", file);
            switch (context.Sources.Kind(full))
            {
                case FileKind.Missing:
                    _problems.At(lt, $"life_table '{file}': no such file beside the scenario (expected a CSV with a header 'age,q')");
                    return null;
                case not FileKind.Regular and var fileKind:
                    _problems.At(lt, $"life_table '{file}' {FileKinds.Describe(fileKind)} (expected a life-table CSV file)");
                    return null;
            }
            string shown = Path.Combine(Path.GetDirectoryName(context.ShownAs) ?? "", file);
            if (context.Sources.LifeTable(full, shown, _problems) is not ({ } bytes, { } table)) return null;
            context.Inputs.Add((shown, bytes));
            return LifeTables.Build(table.Ages, table.Values, table.Hazards);
        }
        if (_values.Map(lt, "life_table") is not { } m) return null;
        if (m.Children.Count == 0) { _problems.At(lt, "life_table has no rows (expected age: annual death probability pairs)"); return null; }
        var ages = new List<double>();
        var values = new List<double>();
        foreach (var (age, key, value) in new MapNode(m, _problems, "life_table", null).Entries)
        {
            if (ages.Count == LifeTables.MaxRows)
            {
                _problems.At(key, $"life_table has more than {LifeTables.MaxRows:N0} rows (expected at most {LifeTables.MaxRows:N0}: one row per age)");
                return null;
            }
            if (Units.NumberText.NotAscii(age) is { } foreign)
            {
                _problems.At(key, $"life table age: {foreign}");
                continue;
            }
            if (!double.TryParse(age, NumberStyles.Float, CultureInfo.InvariantCulture, out double a) || !(a >= 0))
            {
                _problems.At(key, $"life table age '{age}' is not an age in years");
                continue;
            }
            double? q = hazards ? _values.Number(value, $"hazard at age {age}", x => x >= 0, "an annual hazard ≥ 0") : _values.Probability(value, $"death probability at age {age}");
            if (q is null) continue;
            ages.Add(a);
            values.Add(q.Value);
        }
        return ages.Count == m.Children.Count && ages.Count > 0 ? LifeTables.Build(ages.ToArray(), values.ToArray(), hazards) : null;
    }
}
