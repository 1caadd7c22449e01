using HccSim.Core.Compilation;

namespace HccSim.Scenarios.Parameters;

/// <summary>
/// One number an analysis may vary: its name, every place in the scenario's files that holds it (tied places move together),
/// its unit as written there, its bounds in that unit, and the value written (the base case).
/// </summary>
public sealed record ModelParameter(string Name, IReadOnlyList<NumberPlace> Places, double Lower, double Upper)
{
    public double BaseValue => Places[0].Written;
    /// <summary>The unit the file writes the number in ("months", "/month", "%", "" for a plain number).</summary>
    public string Unit => Places[0].Unit;
    /// <summary>Where the first place is written, as file:line:column.</summary>
    public string Where => $"{Places[0].File}:{Places[0].Line}:{Places[0].Column}";
}

/// <summary>What an analysis asks to vary: a name, the paths of the number (tied places), and bounds in the file's unit.</summary>
public sealed record ParameterSpec(string Name, IReadOnlyList<ParameterPath> Paths, double Lower = double.NegativeInfinity, double Upper = double.PositiveInfinity);

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
        Parameters = parameters.Select(p =>
        {
            if (p.Paths.Count == 0) throw new ArgumentException($"parameter '{p.Name}' names no place in the scenario");
            if (!(p.Lower <= p.Upper)) throw new ArgumentException($"parameter '{p.Name}' has bounds [{p.Lower}, {p.Upper}] (expected lower ≤ upper)");
            var places = p.Paths.Select(definition.Locate).ToArray();
            // Tied places are one number written several times: the base vector must give back the model as written.
            if (places.FirstOrDefault(x => x.Written != places[0].Written) is { } other)
                throw new ArgumentException($"parameter '{p.Name}' ties {places[0].Path} ({places[0].Written}) to {other.Path} ({other.Written}) (expected tied places to hold the same number)");
            return new ModelParameter(p.Name, places, p.Lower, p.Upper);
        }).ToArray();
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
