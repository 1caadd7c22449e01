using HccSim.Scenarios.Diagnostics;
using HccSim.Scenarios.Parameters;
using HccSim.Scenarios.Reading;
using HccSim.Scenarios.Yaml;

namespace HccSim.Scenarios;

/// <summary>
/// The scenario's files, parsed once and never changed, and the scenario read from them. <see cref="Build"/> reads the
/// model again with some numbers in place of the written ones — from the parsed trees, with no file read and no parse,
/// safely from many threads at once: a probabilistic analysis, a sweep or a calibration defines once and builds many.
/// </summary>
public sealed class ScenarioDefinition
{
    private readonly string _path;
    private readonly SourceFiles _sources = new();
    private readonly Node _root;
    private readonly Dictionary<string, Node?> _otherFiles;

    internal ScenarioDefinition(string path, bool readPosterior = true)
    {
        _path = path;
        var context = new ReadingContext(path, _sources) { ReadPosterior = readPosterior };
        Scenario = ScenarioReader.Read(context);
        _sources.Freeze();
        _root = context.Root;
        _otherFiles = new Dictionary<string, Node?>(context.OtherFiles, StringComparer.Ordinal);
    }

    /// <summary>The base case: the scenario as written (targets, trial, calibration and uncertainty included).</summary>
    public Scenario Scenario { get; }

    /// <summary>
    /// Where the number <paramref name="path"/> names is written (in this file, or with <c>other.yaml#…</c> in a file a
    /// strategy extends). A path that names no number → a <see cref="ScenarioException"/> saying why, in one line.
    /// </summary>
    public NumberPlace Locate(ParameterPath path)
    {
        var root = _root;
        if (path.File is not null)
        {
            string full = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(_path)) ?? ".", path.File));
            if (!_otherFiles.TryGetValue(full, out var other) || other is null)
                throw CannotSet(path, $"'{path.File}' is not a file this scenario extends (expected a file named in an 'extends: file.yaml#strategy')");
            root = other;
        }
        if (path.Resolve(root, out var error) is not { } scalar) throw CannotSet(path, error!);
        var written = WrittenNumber.Parse(scalar.Value)!.Value;
        return new NumberPlace(path, scalar.File, scalar.Line, scalar.Column, written.Value, written.Suffix) { Scalar = scalar, Definition = this };
    }

    /// <summary>
    /// The model read again with these numbers in place of the written ones (each in the unit the file writes it in;
    /// the same bits as a file with those numbers written). The model only: targets, trial, calibration and uncertainty
    /// are the base case's. A value the model refuses → a <see cref="ScenarioException"/> naming the number's file, line and column.
    /// </summary>
    /// <param name="numbers">Places located by this definition, with their values (a place given twice takes the last).</param>
    public Scenario Build(IReadOnlyList<(NumberPlace Place, double Value)> numbers)
    {
        var set = new Dictionary<Scalar, double>(numbers.Count, ReferenceEqualityComparer.Instance);
        foreach (var (place, value) in numbers)
        {
            var scalar = place.Definition == this && place.Scalar is { } s ? s : Locate(place.Path).Scalar!;
            set[scalar] = value;
        }
        return ScenarioReader.Read(new ReadingContext(_path, _sources, set), modelOnly: true);
    }

    private ScenarioException CannotSet(ParameterPath path, string why)
        => new(new[] { new ScenarioError(Scenario.File, 1, 1, $"cannot set {path}: {why}") });
}
