using HccSim.Core.Model;

namespace HccSim.Core.Compilation.Validation;

/// <summary>Tags are non-empty, and the model uses at most <see cref="ModelCompiler.MaxTags"/> distinct ones.</summary>
internal static class TagRule
{
    /// <summary>Checks one element's tags and adds them to <paramref name="seen"/>.</summary>
    public static void Check(object subject, string element, IReadOnlyList<string> tags, ISet<string> seen, ModelErrorList errors)
    {
        foreach (var tag in tags)
        {
            if (string.IsNullOrWhiteSpace(tag)) errors.Add(subject, element, "has an empty tag");
            else seen.Add(tag);
        }
    }

    public static void CheckCount(CohortModel model, IReadOnlyCollection<string> seen, ModelErrorList errors)
    {
        if (seen.Count > ModelCompiler.MaxTags) errors.Add(model, "model", $"uses {seen.Count} distinct tags (expected at most {ModelCompiler.MaxTags})");
    }
}
