namespace HccSim.Reporting.Html;

/// <summary>Each strategy keeps one colour in every chart of a report: its place in the run's strategy order, in the Okabe–Ito palette.</summary>
internal sealed class StrategyColours(List<string> order)
{
    /// <summary>Okabe–Ito: a palette told apart with every common colour-vision deficiency.</summary>
    public static readonly IReadOnlyList<string> Palette = new[] { "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000", "#F0E442" };

    /// <summary>The palette's i-th colour, cycling.</summary>
    public static string Nth(int i) => Palette[i % Palette.Count];

    public string Of(string strategy)
    {
        int i = order.IndexOf(strategy);
        if (i < 0) { order.Add(strategy); i = order.Count - 1; }
        return Nth(i);
    }
}
