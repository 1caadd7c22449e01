namespace HccSim.Analysis.TrialValue;

/// <summary>
/// The patients a decision is made for: <see cref="PerYear"/> a year for <see cref="Years"/> years from now, discounted
/// at <see cref="AnnualRate"/> (year i weighs 1/(1 + r)^i, as psa's population EVPI).
/// </summary>
public sealed record DecisionPopulation(int PerYear, int Years, double AnnualRate)
{
    /// <summary>
    /// Discounted patients who can benefit from what a study reports <paramref name="delayYears"/> from now: those who
    /// arrive before it are treated as now (they gain nothing from it); year i counts for the share of it after the
    /// report, clamp(i + 1 − delay, 0, 1). With no delay, every patient of every year.
    /// </summary>
    public double Factor(double delayYears = 0)
    {
        if (!(delayYears >= 0)) throw new ArgumentOutOfRangeException(nameof(delayYears), delayYears, "a delay is 0 years or more");
        double sum = 0;
        for (int i = 0; i < Years; i++) sum += PerYear * Math.Clamp(i + 1 - delayYears, 0, 1) / Math.Pow(1 + AnnualRate, i);
        return sum;
    }
}
