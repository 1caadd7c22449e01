using HccSim.Core.Compilation;

namespace HccSim.Scenarios.Parameters;

/// <summary>
/// A scenario as a function of a parameter vector (hesim's order: definition → parameter values → compiled model). The files
/// are parsed once, when the definition is read; <see cref="Build"/> puts the values in place of the written numbers and
/// compiles, without reading or parsing anything again. Thread-safe: many draws may build at once.
/// </summary>
public sealed class ParameterisedModel
{
    public ParameterisedModel(ScenarioDefinition definition, IReadOnlyList<ParameterSpec> parameters)
    {
        Definition = definition;
        // Every path that names no number is reported at once, as a reader reports every problem of a file.
        var errors = new List<Diagnostics.ScenarioError>();
        var located = new List<ModelParameter>();
        foreach (var p in parameters)
        {
            if (p.Paths.Count == 0) throw new ArgumentException($"parameter '{p.Name}' names no place in the scenario");
            if (!(p.Lower <= p.Upper)) throw new ArgumentException($"parameter '{p.Name}' has bounds [{p.Lower}, {p.Upper}] (expected lower ≤ upper)");
            var places = new List<NumberPlace>();
            foreach (var path in p.Paths)
            {
                try { places.Add(definition.Locate(path)); }
                catch (Diagnostics.ScenarioException e) { errors.AddRange(e.Errors); }
            }
            if (places.Count < p.Paths.Count) continue;
            // Tied places are one number written several times: the base vector must give back the model as written.
            if (places.FirstOrDefault(x => x.Written != places[0].Written || x.Unit != places[0].Unit) is { } other)
                throw new ArgumentException($"parameter '{p.Name}' ties {places[0].Path} ({places[0].Written}{places[0].Unit}) to {other.Path} ({other.Written}{other.Unit}) (expected tied places to hold the same number in the same unit)");
            located.Add(new ModelParameter(p.Name, places, p.Lower, p.Upper));
        }
        if (errors.Count > 0) throw new Diagnostics.ScenarioException(errors.ToArray());
        Parameters = located;
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var p in Parameters)
            if (!names.Add(p.Name)) throw new ArgumentException($"parameter '{p.Name}' is named twice (expected each parameter once)");
    }

    /// <summary>The scenario as read, with every number as written.</summary>
    public ScenarioDefinition Definition { get; }
    public Scenario Base => Definition.Scenario;
    public IReadOnlyList<ModelParameter> Parameters { get; }
    public int Count => Parameters.Count;

    /// <summary>The values written in the files, in parameter order (the base case).</summary>
    public double[] BaseValues() => Parameters.Select(p => p.BaseValue).ToArray();

    /// <summary>The model with these values; <see cref="Diagnostics.ScenarioException"/> when the model refuses them (naming the number's file:line:column).</summary>
    /// <exception cref="ArgumentException">The vector has the wrong length, or a value is not a number or outside its parameter's bounds.</exception>
    public CompiledModel Build(ReadOnlySpan<double> values) => BuildScenario(values).RequireSimulated();

    /// <summary>As <see cref="Build"/>, the whole scenario (horizon, discounting, partitioned strategies) with these values.</summary>
    public Scenario BuildScenario(ReadOnlySpan<double> values)
    {
        if (values.Length != Parameters.Count)
            throw new ArgumentException($"{values.Length} values for {Parameters.Count} parameters of {Base.File} (expected one per parameter: {string.Join(", ", Parameters.Select(p => p.Name))})");
        var numbers = new List<(NumberPlace, double)>(Parameters.Count);
        for (int i = 0; i < values.Length; i++)
        {
            var p = Parameters[i];
            double v = values[i];
            if (double.IsNaN(v) || v < p.Lower || v > p.Upper)
                throw new ArgumentException($"parameter '{p.Name}' ({p.Where}) is {v}, outside its bounds [{p.Lower}, {p.Upper}]{(p.Unit.Length > 0 ? $" {p.Unit}" : "")}");
            foreach (var place in p.Places) numbers.Add((place, v));
        }
        return Definition.Build(numbers);
    }
}
