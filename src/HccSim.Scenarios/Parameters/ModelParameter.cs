using HccSim.Core.Compilation;

namespace HccSim.Scenarios.Parameters;

/// <summary>
/// One number an analysis may vary: its name, every place in the scenario's files that holds it (tied places move together),
/// its unit as written there, its bounds in that unit, and the value written (the base case).
/// </summary>
public sealed record ModelParameter(string Name, IReadOnlyList<NumberPlace> Places, double Lower, double Upper)
{
    public double BaseValue => Places[0].Written;
    /// <summary>The unit the file writes the number in ("months", "/month", "%", "" for a plain number).</summary>
    public string Unit => Places[0].Unit;
    /// <summary>Where the first place is written, as file:line:column.</summary>
    public string Where => $"{Places[0].File}:{Places[0].Line}:{Places[0].Column}";
}
