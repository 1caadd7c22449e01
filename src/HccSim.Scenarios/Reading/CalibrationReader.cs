using HccSim.Scenarios.Diagnostics;
using HccSim.Scenarios.Yaml;

namespace HccSim.Scenarios.Reading;

/// <summary>The calibration section: the numbers of this file `hccsim calibrate` may move, with bounds in the unit the file writes them in.</summary>
internal sealed class CalibrationReader(ReadingContext context)
{
    private static readonly string[] CalibrationKeys = { "patients", "max_evaluations", "free" };
    private static readonly string[] FreeKeys = { "path", "bounds", "note" };

    private readonly Problems _problems = context.Problems;
    private readonly Values _values = context.Values;
    private readonly NumberPlaces _places = new(context);

    /// <summary>The parameters calibration may move, each a number written in this file, with bounds in the unit written.</summary>
    public CalibrationSettings? Read(Mapping node)
    {
        var map = new MapNode(node, _problems, "calibration", CalibrationKeys);
        int patients = map["patients"] is { } p && _values.Whole(p, "calibration patients", 100, 100_000_000) is { } pv ? (int)pv : 20_000;
        int maxEvaluations = map["max_evaluations"] is { } me && _values.Whole(me, "max_evaluations", 10, 100_000) is { } mv ? (int)mv : 500;
        var free = new List<FreeParameter>();
        if (map["free"] is not { } fn) { _problems.At(node, "calibration has no 'free' (expected a list of { path, bounds })"); return null; }
        if (_values.List(fn, "calibration free") is not { } list) return null;
        if (list.Children.Count == 0) _problems.At(fn, "calibration free is empty (expected at least one { path, bounds })");
        foreach (var item in list.Children)
        {
            if (_values.Map(item, "a free parameter") is not { } m) continue;
            var fm = new MapNode(m, _problems, "a free parameter", FreeKeys);
            if (fm["path"] is not { } pn) { _problems.At(m, "a free parameter has no 'path' (expected e.g. strategies.tace.transitions[a->b].median)"); continue; }
            // One path, or a list of paths that hold the same parameter (tied: they move together).
            if (_places.Read(pn, "free parameter") is not { } places || !_places.Same(places, "tied free parameter")) continue;
            var (path, scalar, written) = places[0];
            string text = path.Text;
            if (fm["bounds"] is not { } bn) { _problems.At(m, $"free parameter '{text}' has no 'bounds' (expected [lower, upper] in the unit the file writes it in)"); continue; }
            if (_values.List(bn, "bounds") is not { } bl) continue;
            if (bl.Children.Count != 2) { _problems.At(bn, $"free parameter '{text}' bounds must be [lower, upper] (got {bl.Children.Count} values)"); continue; }
            double? lower = _values.InUnitOf(bl.Children[0], written, "the lower bound"), upper = _values.InUnitOf(bl.Children[1], written, "the upper bound");
            if (lower is null || upper is null) continue;
            if (!(lower < upper)) { _problems.At(bn, $"free parameter '{text}' bounds must be [lower, upper] with lower < upper (got [{Values.Fmt(lower.Value)}, {Values.Fmt(upper.Value)}])"); continue; }
            double value = written.Value;
            if (value < lower || value > upper)
            {
                _problems.At(scalar, $"'{text}' is {Values.Fmt(value)}, outside its calibration bounds [{Values.Fmt(lower.Value)}, {Values.Fmt(upper.Value)}] (expected a starting value within them)");
                continue;
            }
            free.Add(new FreeParameter(path, lower.Value, upper.Value, value, scalar.Line, scalar.Column, scalar.Start, scalar.End)
            {
                Tied = places.Skip(1).Select(x => (x.Path, x.Scalar.Start, x.Scalar.End)).ToArray(),
            });
        }
        return new CalibrationSettings(patients, maxEvaluations, free);
    }
}
