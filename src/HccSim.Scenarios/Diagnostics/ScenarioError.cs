namespace HccSim.Scenarios.Diagnostics;

/// <summary>One problem in a scenario, as one line: <c>file:line:column: what is wrong (what was expected)</c>.</summary>
public sealed record ScenarioError(string File, int Line, int Column, string Message)
{
    public override string ToString() => $"{File}:{Line}:{Column}: {Message}";
}
