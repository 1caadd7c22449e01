namespace HccSim.Analysis.Uncertainty;

/// <summary>One bar of a tornado: a parameter at its low and high values (others at base), and the outcome at each.</summary>
public sealed record TornadoBar(string Parameter, double Low, double High, double Base, double OutcomeAtLow, double OutcomeAtHigh)
{
    /// <summary>What people read on the bar: the parameter's label, else its name.</summary>
    public string Label { get; init; } = "";

    public double Range => Math.Abs(OutcomeAtHigh - OutcomeAtLow);
}
