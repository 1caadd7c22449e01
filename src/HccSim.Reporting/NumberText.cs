using System.Globalization;

namespace HccSim.Reporting;

/// <summary>
/// Numbers as people read them on screen and in the report: plain decimals, never exponent notation, invariant culture.
/// (Files carry every number at full precision instead: the shortest text that reads back to the same double.)
/// </summary>
public static class NumberText
{
    /// <summary>The smallest p-value printed as a number; below it, "&lt;0.0001" (as R's format.pval with eps = 1e-4).</summary>
    public const double PValueFloor = 1e-4;

    /// <summary>
    /// A p-value as a plain decimal with three significant digits ("0.0982", "0.5", "0.00031"), "&lt;0.0001" below
    /// <see cref="PValueFloor"/>, "–" when there is none.
    /// </summary>
    public static string PValue(double p)
    {
        if (!double.IsFinite(p)) return "–";
        if (p < PValueFloor) return "<0.0001";
        int decimals = Math.Clamp(2 - (int)Math.Floor(Math.Log10(p)), 0, 6); // at most 6 from the floor up
        return Math.Round(p, decimals, MidpointRounding.AwayFromZero).ToString("0.######", CultureInfo.InvariantCulture);
    }

    /// <summary>"p = 0.0982", or "p &lt; 0.0001" under the floor.</summary>
    public static string PIs(double p) => double.IsFinite(p) && p < PValueFloor ? "p < 0.0001" : $"p = {PValue(p)}";

    /// <summary>
    /// A number to <paramref name="digits"/> significant digits as a plain decimal ("4.75", "0.0123"); from
    /// 10^(digits − 1) on, whole with thousands separators ("1,235"); exactly 0 as "0"; "–" when not finite.
    /// </summary>
    public static string Significant(double x, int digits = 3)
    {
        if (!double.IsFinite(x)) return "–";
        if (x == 0) return "0";
        if (Math.Abs(x) >= Math.Pow(10, digits - 1)) return x.ToString("N0", CultureInfo.InvariantCulture);
        int decimals = Math.Clamp(digits - 1 - (int)Math.Floor(Math.Log10(Math.Abs(x))), 0, 15);
        return Math.Round(x, decimals, MidpointRounding.AwayFromZero).ToString("0.###############", CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// An EVPPI noise floor: "mean ± sd", or — when every shuffle gave exactly 0, so noise alone moves no decision at this
    /// resolution — that, in words (never a bare "0 ± 0", which reads as not computed).
    /// </summary>
    public static string NoiseFloor(double mean, double sd)
        => mean == 0 && sd == 0 ? "0: no shuffle changes a decision" : $"{Significant(mean)} ± {Significant(sd)}";
}
