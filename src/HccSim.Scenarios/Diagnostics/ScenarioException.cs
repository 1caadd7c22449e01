namespace HccSim.Scenarios.Diagnostics;

/// <summary>A scenario that cannot be run, with every problem found (not just the first), in file order.</summary>
public sealed class ScenarioException : Exception
{
    public ScenarioException(IReadOnlyList<ScenarioError> errors)
        : base(string.Join(Environment.NewLine, errors))
    {
        Errors = errors;
    }

    public IReadOnlyList<ScenarioError> Errors { get; }
}
