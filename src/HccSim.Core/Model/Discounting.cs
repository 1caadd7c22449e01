namespace HccSim.Core.Model;

/// <summary>
/// Annual discount rates for costs and for health outcomes (life-years, QALYs), e.g. 0.03 for 3%/year.
/// Discounting is continuous: a flow at time t (months) is weighted exp(−δt) with δ = ln(1 + rate) / 12,
/// which equals the annual factor 1 / (1 + rate)^years at whole years.
/// </summary>
public sealed record Discounting(double CostsPerYear, double OutcomesPerYear)
{
    public static readonly Discounting None = new(0, 0);

    public static Discounting Both(double ratePerYear) => new(ratePerYear, ratePerYear);

    internal static double PerMonth(double ratePerYear) => Math.Log(1 + ratePerYear) / 12.0;
}
