using HccSim.Core.Compilation;
using HccSim.Core.Model;
using HccSim.Core.Outcomes;
using HccSim.Scenarios.Diagnostics;
using HccSim.Scenarios.Units;
using HccSim.Scenarios.Yaml;

namespace HccSim.Scenarios.Reading;

/// <summary>The targets: published figures the scenario should reproduce, each checked against the model (strategy, outcome, subgroup).</summary>
internal sealed class TargetsReader(ReadingContext context)
{
    private static readonly string[] TargetKeys = { "strategy", "outcome", "value", "lower", "upper", "source", "definition", "note", "tolerance", "tolerance_reason", "subgroup", "weight", "conflict", "role" };

    private readonly Problems _problems = context.Problems;
    private readonly Values _values = context.Values;

    public List<Target> Read(Node node, CompiledModel model)
    {
        var targets = new List<Target>();
        if (_values.List(node, "targets") is not { } list) return targets;
        foreach (var item in list.Children)
        {
            if (_values.Map(item, "a target") is not { } m) continue;
            var map = new MapNode(m, _problems, "a target", TargetKeys);
            string? strategy = map["strategy"] is { } s ? _values.Text(s, "strategy") : model.StrategyNames.Count == 1 ? model.StrategyNames[0] : null;
            if (map["strategy"] is null && strategy is null) _problems.At(m, "a target has no 'strategy' (expected the strategy it is about)");
            int index = strategy is null ? -1 : model.StrategyNames.ToList().IndexOf(strategy);
            if (strategy is not null && index < 0)
                _problems.At(map["strategy"]!, $"target strategy '{strategy}' is not a strategy of the scenario{Suggestions.DidYouMean(strategy, model.StrategyNames)}");
            string? outcome = map["outcome"] is { } o ? _values.Text(o, "outcome") : null;
            // A bare time in an outcome (os_at(3)) is in the file's time unit, as every bare duration is.
            if (outcome is not null && map["outcome"] is { } on && _values.UnitOf?.Invoke(on) is { } unit && unit != TimeUnit.Months)
                outcome = System.Text.RegularExpressions.Regex.Replace(outcome, @"([(,]\s*)([0-9]+(?:\.[0-9]+)?)(\s*\))", m => $"{m.Groups[1].Value}{m.Groups[2].Value} {unit.ToString().ToLowerInvariant()}{m.Groups[3].Value}");
            NamedOutcome? parsed = null;
            if (map["outcome"] is null) _problems.At(m, "a target has no 'outcome'");
            else if (outcome is not null && index >= 0 && (parsed = NamedOutcome.Parse(outcome, model, index, TimeGrid.Default, out var error)) is null)
                _problems.At(map["outcome"]!, $"target outcome: {error}");
            // Values of outcomes in months (medians, restricted means) are durations: '2 years', or bare in the time unit.
            bool duration = parsed?.Unit == "months";
            double? Value(Node n, string what) => duration ? _values.Months(n, what, allowZero: true) : _values.Number(n, what);
            double? value = map["value"] is { } v ? Value(v, "target value") : context.Absent("value", m, "a target");
            double? lower = map["lower"] is { } lo ? Value(lo, "target lower") : null;
            double? upper = map["upper"] is { } up ? Value(up, "target upper") : null;
            string? source = map["source"] is { } so ? _values.Text(so, "source") : null;
            if (map["source"] is null) _problems.At(m, "a target has no 'source' (expected where the published figure comes from)");
            string? definition = map["definition"] is { } de ? _values.Text(de, "definition") : null;
            double? tolerance = map["tolerance"] is { } tn ? Value(tn, "target tolerance") : null;
            string? reason = map["tolerance_reason"] is { } tr ? _values.Text(tr, "tolerance_reason") : null;
            if (tolerance is { } tol && !(tol >= 0)) _problems.At(map["tolerance"]!, $"target tolerance must be ≥ 0 (got {Values.Fmt(tol)})");
            if (map["tolerance"] is not null && string.IsNullOrWhiteSpace(reason))
                _problems.At(map["tolerance"]!, "a target tolerance needs its reason (expected tolerance_reason: why this target may be missed by that much)");
            if (map["tolerance_reason"] is { } orphan && map["tolerance"] is null)
                _problems.At(orphan, "tolerance_reason without a tolerance (expected tolerance: the distance that still meets the target)");
            if (lower is { } l && upper is { } u2 && value is { } v2 && !(l <= v2 && v2 <= u2))
                _problems.At(m, $"target interval [{Values.Fmt(l)}, {Values.Fmt(u2)}] does not contain its value {Values.Fmt(v2)}");
            string? conflict = map["conflict"] is { } cf ? _values.Text(cf, "conflict") : null;
            if (map["conflict"] is { } cfn && string.IsNullOrWhiteSpace(conflict)) _problems.At(cfn, "a target conflict needs its reason (expected the figures it cannot be met together with, and why)");
            if (map["conflict"] is { } cfn2 && map["tolerance"] is not null) _problems.At(cfn2, "a target has both a conflict and a tolerance (expected one: a conflict is reported as a residual, never met by tolerance)");
            var subgroup = map["subgroup"] is { } sg ? ReadSubgroup(sg, model) : Array.Empty<(string, string)>();
            double weight = map["weight"] is { } wn ? _values.Number(wn, "target weight", w => w >= 0 && w <= 1e6, "a weight from 0 to 1000000") ?? 1 : 1;
            var role = TargetRole.Calibration;
            if (map["role"] is { } rn && _values.Text(rn, "role") is { } roleText)
            {
                if (roleText == "validation") role = TargetRole.Validation;
                else if (roleText != "calibration") _problems.At(rn, $"target role '{roleText}' is not a role (expected calibration or validation)");
            }
            if (role == TargetRole.Validation)
            {
                // External validation: never fitted to, and never excused as a conflict — a miss is reported as a miss.
                if (map["weight"] is { } vw && weight > 0) _problems.At(vw, "a validation target has a calibration weight (expected none: validation targets are never calibrated to)");
                if (map["conflict"] is { } vc) _problems.At(vc, "a validation target has a conflict (expected none: a missed validation figure is reported as missed; explain it in a note)");
                if (map["tolerance"] is { } vt) _problems.At(vt, "a validation target has a tolerance (expected none: the verdict is the published interval against the simulated one)");
                weight = 0;
            }
            if (strategy is null || outcome is null || value is null || source is null) continue;
            targets.Add(new Target(strategy, parsed?.Name ?? outcome, value.Value, lower, upper, source)
            {
                Definition = definition, Line = (int)m.Line, Tolerance = tolerance, ToleranceReason = reason,
                Subgroup = subgroup, Weight = weight, Index = targets.Count, Conflict = conflict, Role = role,
            });
        }
        return targets;
    }

    /// <summary>A target's subgroup: categorical attribute → level, each level one that some patients have.</summary>
    private (string Attribute, string Level)[] ReadSubgroup(Node node, CompiledModel model)
    {
        var result = new List<(string, string)>();
        if (_values.Map(node, "subgroup") is not { } m) return result.ToArray();
        var names = model.AttributeNames;
        foreach (var (attribute, key, value) in new MapNode(m, _problems, "subgroup", null).Entries)
        {
            int a = names.ToList().IndexOf(attribute);
            if (a < 0) { _problems.At(key, $"subgroup attribute '{attribute}' is not an attribute of the cohort{Suggestions.DidYouMean(attribute, names)}"); continue; }
            if (model.AttributeLevels(a) is not { } levels) { _problems.At(key, $"subgroup attribute '{attribute}' is continuous (expected a categorical attribute and one of its levels)"); continue; }
            if (_values.Text(value, "subgroup level") is not { } level) continue;
            if (!levels.Contains(level)) { _problems.At(value, $"'{level}' is not a level of '{attribute}' (levels: {string.Join(", ", levels)}){Suggestions.DidYouMean(level, levels)}"); continue; }
            var attr = (CategoricalAttribute)model.Source.Attributes.First(x => x.Name == attribute);
            if (attr.Levels.First(l => l.Name == level).Share == 0) { _problems.At(value, $"level '{level}' of '{attribute}' has a share of 0: the subgroup has no patients"); continue; }
            result.Add((attribute, level));
        }
        return result.ToArray();
    }
}
