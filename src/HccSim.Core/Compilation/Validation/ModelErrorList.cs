namespace HccSim.Core.Compilation.Validation;

/// <summary>
/// The problems found so far, in the order the rules ran. Each names the model object at fault, so a scenario
/// reader can map it back to the line that wrote it.
/// </summary>
internal sealed class ModelErrorList
{
    private readonly List<ModelError> _errors = new();

    public int Count => _errors.Count;

    public IReadOnlyList<ModelError> Items => _errors;

    public void Add(object? subject, string element, string message) => _errors.Add(new ModelError(element, message, subject));
}
