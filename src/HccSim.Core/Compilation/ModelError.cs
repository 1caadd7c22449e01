namespace HccSim.Core.Compilation;

/// <summary>
/// One problem with a model: the element it is in and what is wrong (with what was expected).
/// <see cref="Subject"/> is the model object at fault (a <c>Transition</c>, <c>State</c>, distribution, …),
/// so a scenario reader can point at the line that wrote it.
/// </summary>
public sealed record ModelError(string Element, string Message, object? Subject = null)
{
    public override string ToString() => $"{Element}: {Message}";
}

/// <summary>A model that cannot be simulated; carries every problem found, not just the first.</summary>
public sealed class ModelValidationException : Exception
{
    public ModelValidationException(IReadOnlyList<ModelError> errors)
        : base(Describe(errors))
    {
        Errors = errors;
    }

    public IReadOnlyList<ModelError> Errors { get; }

    private static string Describe(IReadOnlyList<ModelError> errors)
        => errors.Count == 1
            ? "invalid model: " + errors[0]
            : $"invalid model ({errors.Count} problems):" + Environment.NewLine +
              string.Join(Environment.NewLine, errors.Select(e => "  " + e));
}
