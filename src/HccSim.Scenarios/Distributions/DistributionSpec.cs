using System.Globalization;

namespace HccSim.Scenarios.Distributions;

/// <summary>
/// The distribution an uncertainty section gives a number, as its family's natural parameters (a mean with its standard
/// error or interval already converted), in the unit the file writes the number in. Plain data: the analysis draws from it.
/// </summary>
public abstract record DistributionSpec
{
    /// <summary>The family's name as written in a scenario.</summary>
    public abstract string Family { get; }

    /// <summary>The lowest and highest values a draw can take (the number written must lie within them).</summary>
    public abstract (double Min, double Max) Support { get; }

    /// <summary>1.96: a 95% interval is the mean ± this many standard errors.</summary>
    internal const double Z = 1.959963984540054;

    internal static string F(double x) => x.ToString("G6", CultureInfo.InvariantCulture);
}
