using System.Globalization;
using System.Text.RegularExpressions;
using HccSim.Scenarios.Yaml;

namespace HccSim.Scenarios.Parameters;

/// <summary>
/// The address of one number written in a scenario file, e.g.
/// <c>strategies.tace.transitions[on_demand_tace->untreatable_progression].median</c> or
/// <c>strategies.tace.transitions[0].hr.burden.beyond_up_to_seven</c>: map keys joined by dots, a list item by its
/// index or, for transitions, by <c>from->to</c>. Calibration, sweeps and sensitivity analyses set numbers through it,
/// in the unit the file wrote them in, so the file stays the one description of the model.
/// </summary>
public sealed partial record ParameterPath(string Text, IReadOnlyList<ParameterPath.Step> Steps)
{
    /// <summary>
    /// The other scenario file the number is written in (<c>tace.yaml#strategies.tace…</c>, relative to this file), for a
    /// strategy this file takes by <c>extends</c>; null for a number written in this file.
    /// </summary>
    public string? File { get; init; }

    /// <summary>One step: a map key, then optionally a list selector (an index, or a transition's <c>from->to</c>).</summary>
    public sealed record Step(string Key, string? Selector);

    [GeneratedRegex(@"^([A-Za-z0-9_.-]+?)(?:\[([^\]]+)\])?$")]
    private static partial Regex StepShape();

    /// <summary>Reads a path; null with the reason when it is malformed.</summary>
    public static ParameterPath? Parse(string text, out string? error)
    {
        error = null;
        string? file = null;
        string whole = text;
        int hash = text.IndexOf('#');
        if (hash >= 0)
        {
            file = text[..hash].Trim();
            text = text[(hash + 1)..];
            if (file.Length == 0) { error = $"'{whole}' names no file before '#' (expected other.yaml#strategies.…)"; return null; }
        }
        var steps = new List<Step>();
        // Dots separate steps, except inside a selector's brackets.
        var parts = new List<string>();
        int depth = 0, start = 0;
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] == '[') depth++;
            else if (text[i] == ']') depth--;
            else if (text[i] == '.' && depth == 0) { parts.Add(text[start..i]); start = i + 1; }
        }
        parts.Add(text[start..]);
        foreach (var part in parts)
        {
            var m = StepShape().Match(part.Trim());
            if (part.Trim().Length == 0 || !m.Success)
            {
                error = $"'{text}' is not a parameter path (expected keys joined by dots, a list item as [index] or [from->to], e.g. strategies.tace.transitions[alive->dead].median)";
                return null;
            }
            steps.Add(new Step(m.Groups[1].Value, m.Groups[2].Success ? m.Groups[2].Value.Trim() : null));
        }
        return new ParameterPath(whole, steps) { File = file };
    }

    /// <summary>The scalar the path names in a file's tree; null with the reason (naming the step that failed).</summary>
    internal Scalar? Resolve(Node root, out string? error)
    {
        error = null;
        Node node = root;
        string walked = "";
        foreach (var step in Steps)
        {
            if (node is not Mapping map) { error = $"'{walked}' is not a map (cannot take '{step.Key}' from it)"; return null; }
            var child = map.Children.FirstOrDefault(kv => kv.Key is Scalar { Value: var k } && k == step.Key).Value;
            walked = walked.Length == 0 ? step.Key : $"{walked}.{step.Key}";
            if (child is null)
            {
                var keys = map.Keys.OfType<Scalar>().Select(k => k.Value!).ToArray();
                error = $"there is no '{walked}' in the file{Core.Compilation.Suggestions.DidYouMean(step.Key, keys)}";
                return null;
            }
            node = child;
            if (step.Selector is null) continue;
            if (node is not Sequence list) { error = $"'{walked}' is not a list (cannot select [{step.Selector}])"; return null; }
            walked += $"[{step.Selector}]";
            Node? item;
            if (int.TryParse(step.Selector, NumberStyles.None, CultureInfo.InvariantCulture, out int index))
                item = index < list.Children.Count ? list.Children[index] : null;
            else
            {
                var ends = step.Selector.Split("->", StringSplitOptions.TrimEntries);
                if (ends.Length != 2) { error = $"[{step.Selector}] selects nothing (expected [index] or [from->to])"; return null; }
                var matches = list.Children.OfType<Mapping>().Where(m => Holds(m, "from", ends[0]) && Holds(m, "to", ends[1])).ToList();
                if (matches.Count > 1) { error = $"'{walked}' matches {matches.Count} items (expected one; select it by index)"; return null; }
                item = matches.FirstOrDefault();
            }
            if (item is null) { error = $"there is no '{walked}' in the file"; return null; }
            node = item;
        }
        if (node is not Scalar scalar) { error = $"'{Text}' is not a single number in the file (it holds a {(node is Mapping ? "map" : "list")})"; return null; }
        if (WrittenNumber.Parse(scalar.Value) is null) { error = $"'{Text}' holds '{scalar.Value}', not a number (with or without a unit)"; return null; }
        return scalar;
    }

    private static bool Holds(Mapping m, string key, string value)
    {
        var node = m.Children.FirstOrDefault(kv => kv.Key is Scalar { Value: var k } && k == key).Value;
        return node switch
        {
            Scalar s => s.Value == value,
            Sequence l => l.Children.OfType<Scalar>().Any(s => s.Value == value),
            _ => false,
        };
    }

    public override string ToString() => Text;
}
