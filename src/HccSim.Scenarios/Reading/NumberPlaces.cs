using HccSim.Scenarios.Diagnostics;
using HccSim.Scenarios.Parameters;
using HccSim.Scenarios.Yaml;

namespace HccSim.Scenarios.Reading;

/// <summary>
/// Numbers of the model named by path in a section (calibration's free parameters, uncertainty's distributions): each
/// resolved where it is written, a number named once per section whatever path reaches it.
/// </summary>
internal sealed class NumberPlaces(ReadingContext context)
{
    private readonly Problems _problems = context.Problems;
    private readonly Values _values = context.Values;

    /// <summary>Every number named so far by the section (a number is named once, whatever path reaches it).</summary>
    private readonly HashSet<Scalar> _named = new(ReferenceEqualityComparer.Instance);

    /// <summary>One path or a list of paths, each resolved in this file; null (with the problems said) unless all resolve.</summary>
    public List<WrittenPlace>? Read(Node pn, string what, bool inOtherFiles = false)
    {
        var pathNodes = pn is Sequence pl ? pl.Children.ToList() : new List<Node> { pn };
        if (pathNodes.Count == 0) { _problems.At(pn, $"{what}: the path list is empty (expected one or more paths)"); return null; }
        var places = new List<WrittenPlace>();
        foreach (var node in pathNodes)
        {
            if (_values.Text(node, "path") is not { } text) continue;
            if (ParameterPath.Parse(text, out var parseError) is not { } path) { _problems.At(node, parseError!); continue; }
            // Only the model's numbers: a target, the horizon or the seed is not a parameter.
            if (path.Steps[0].Key is not ("strategies" or "cohort" or "background_mortality") || (path.Steps[0].Key == "cohort" && (path.Steps.Count < 2 || path.Steps[1].Key != "attributes")))
            {
                _problems.At(node, $"{what} '{text}' is not a number of the model (expected a path under strategies, cohort.attributes or background_mortality)");
                continue;
            }
            var root = context.Root;
            if (path.File is not null)
            {
                if (!inOtherFiles) { _problems.At(node, $"{what} '{text}' is written in another file (expected a number written in this file: calibration rewrites this file only)"); continue; }
                if (!context.OtherFiles.TryGetValue(context.OtherFile(path.File), out var other) || other is null)
                {
                    _problems.At(node, $"{what} '{text}': '{path.File}' is not a file this scenario extends (expected a file named in an 'extends: file.yaml#strategy')");
                    continue;
                }
                root = other;
            }
            if (path.Resolve(root, out var resolveError) is not { } scalar) { _problems.At(node, $"{what} {resolveError}{(path.File is null ? "" : $" of {path.File}")}"); continue; }
            if (scalar.Tag.Length > 0) { _problems.At(node, $"{what} '{text}' is written with a YAML tag ({scalar.Tag}) (expected a plain number)"); continue; }
            if (!_named.Add(scalar)) { _problems.At(node, $"{what} '{text}' names a number already listed (a number is listed once; tie several places with a list of paths)"); continue; }
            places.Add(new WrittenPlace(path, scalar, WrittenNumber.Parse(scalar.Value)!.Value));
        }
        return places.Count == pathNodes.Count ? places : null;
    }

    public bool Same(List<WrittenPlace> places, string what)
    {
        var first = places[0];
        foreach (var other in places.Skip(1))
            if (other.Written.Value != first.Written.Value || other.Written.Suffix != first.Written.Suffix)
            {
                _problems.At(other.Scalar, $"{what} '{other.Path.Text}' is {other.Scalar.Value} but '{first.Path.Text}' is {first.Scalar.Value} (expected tied places to hold the same number)");
                return false;
            }
        return true;
    }
}
