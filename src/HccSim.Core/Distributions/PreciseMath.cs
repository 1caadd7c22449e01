namespace HccSim.Core.Distributions;

/// <summary>
/// exp(x) − 1 and ln(1 + x) without cancellation near 0 (Kahan's corrections). .NET's
/// <c>double.ExpM1</c> and <c>double.LogP1</c> are plain <c>Exp(x) − 1</c> and <c>Log(1 + x)</c>.
/// </summary>
public static class PreciseMath
{
    public static double ExpM1(double x)
    {
        double u = Math.Exp(x);
        if (u == 1.0) return x;
        double um1 = u - 1.0;
        if (um1 == -1.0) return -1.0;
        if (double.IsPositiveInfinity(u)) return u;
        // x / ln u ≈ 1 first: (u − 1)·x would overflow for x above ~703 while u itself is finite.
        return um1 * (x / Math.Log(u));
    }

    public static double Log1P(double x)
    {
        double u = 1.0 + x;
        if (u == 1.0) return x;
        if (double.IsPositiveInfinity(u)) return u;
        // x / (u − 1) ≈ 1 first: ln(u)·x would overflow for x above ~2.5e305.
        return Math.Log(u) * (x / (u - 1.0));
    }
}
