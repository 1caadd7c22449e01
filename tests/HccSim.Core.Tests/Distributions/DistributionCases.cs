using HccSim.Core.Distributions;
using HccSim.Core.Random;
using MN = MathNet.Numerics.Distributions;

namespace HccSim.Core.Tests.Distributions;

/// <summary>
/// A distribution under test with an oracle survival function that shares no code with the engine:
/// MathNet.Numerics where it has the law, otherwise a closed form written out here.
/// </summary>
internal sealed record DistributionCase(string Name, TimeToEvent Distribution, Func<double, double> OracleSurvival, double CureFraction = 0)
{
    /// <summary>The time at which the oracle survival falls to <paramref name="survival"/>, by bisection.</summary>
    public double OracleTimeAt(double survival)
    {
        double lo = 0, hi = 1;
        while (OracleSurvival(hi) > survival) hi *= 2;
        for (int i = 0; i < 200; i++)
        {
            double mid = 0.5 * (lo + hi);
            if (OracleSurvival(mid) > survival) lo = mid; else hi = mid;
        }
        return 0.5 * (lo + hi);
    }

    /// <summary>
    /// Where the clock-forward sampler is exercised: the median, or, when at least half never have the event,
    /// the time at which half of those who will have it have had it.
    /// </summary>
    public double MedianClock => OracleTimeAt(Math.Max(0.5, (1 + CureFraction) / 2));

    public override string ToString() => Name;
}

internal static class DistributionCases
{
    public static readonly double[] PiecewiseStarts = [0, 6, 12, 24];
    public static readonly double[] PiecewiseRates = [0.02, 0.1, 0, 0.05]; // a zero-hazard gap from 12 to 24
    public static readonly double[] PiecewiseCureStarts = [0, 12];
    public static readonly double[] PiecewiseCureRates = [0.05, 0]; // no hazard after 12: exp(−0.6) never

    private static readonly DistributionCase[] Cases =
    [
        new("Exponential", new Exponential(0.05), t => 1 - MN.Exponential.CDF(rate: 0.05, x: t)),
        new("WeibullIncreasing", new Weibull(1.5, 30), t => 1 - MN.Weibull.CDF(shape: 1.5, scale: 30, x: t)),
        new("WeibullDecreasing", new Weibull(0.7, 30), t => 1 - MN.Weibull.CDF(shape: 0.7, scale: 30, x: t)),
        new("Gompertz", new Gompertz(0.05, 0.01), t => GompertzSurvival(0.05, 0.01, t)),
        new("GompertzFlat", new Gompertz(0, 0.03), t => GompertzSurvival(0, 0.03, t)),
        // Negative shape: the hazard dies away and exp(rate / shape) = exp(−0.5) ≈ 61% never have the event.
        new("GompertzCure", new Gompertz(-0.1, 0.05), t => GompertzSurvival(-0.1, 0.05, t), CureFraction: Math.Exp(0.05 / -0.1)),
        // ln T is logistic with location ln(scale) and scale 1/shape: S(t) = 1 / (1 + (t/α)^k).
        new("LogLogistic", new LogLogistic(2.5, 18), t => t <= 0 ? 1 : 1 - MN.Logistic.CDF(mean: Math.Log(18), scale: 1 / 2.5, x: Math.Log(t))),
        new("LogNormal", new LogNormal(Math.Log(24), 0.8), t => 1 - MN.LogNormal.CDF(mu: Math.Log(24), sigma: 0.8, x: t)),
        new("Piecewise", new PiecewiseHazard(PiecewiseStarts, PiecewiseRates),
            t => Math.Exp(-PiecewiseCumulativeHazard(PiecewiseStarts, PiecewiseRates, t))),
        new("PiecewiseCure", new PiecewiseHazard(PiecewiseCureStarts, PiecewiseCureRates),
            t => Math.Exp(-PiecewiseCumulativeHazard(PiecewiseCureStarts, PiecewiseCureRates, t)), CureFraction: Math.Exp(-0.6)),
        new("UniformDelay", new UniformDelay(3, 9), t => 1 - MN.ContinuousUniform.CDF(lower: 3, upper: 9, x: t)),
    ];

    private static readonly Dictionary<string, DistributionCase> ByName = Cases.ToDictionary(c => c.Name);

    public static DistributionCase Get(string name) => ByName[name];

    public static IEnumerable<DistributionCase> All => Cases;

    /// <summary>Every case's name, for theories over all kinds.</summary>
    public static TheoryData<string> AllKinds => new(Cases.Select(c => c.Name));

    /// <summary>The cases with a hazard (every kind but the delays).</summary>
    public static TheoryData<string> HazardKinds => new(Cases.Where(c => !c.Distribution.IsDelay).Select(c => c.Name));

    /// <summary>Gompertz S(t) = exp(−(b/a)(e^{at} − 1)) with a = shape, b = rate; exp(−b·t) when a = 0.</summary>
    public static double GompertzSurvival(double shape, double rate, double t)
        => t <= 0 ? 1 : shape == 0 ? Math.Exp(-rate * t) : Math.Exp(-(rate / shape) * (Math.Exp(shape * t) - 1));

    /// <summary>∫₀ᵗ h(u) du for a step hazard, as the sum over intervals of rate × length of overlap with [0, t].</summary>
    public static double PiecewiseCumulativeHazard(double[] starts, double[] rates, double t)
    {
        double h = 0;
        for (int i = 0; i < starts.Length; i++)
        {
            double end = i + 1 < starts.Length ? starts[i + 1] : double.PositiveInfinity;
            double overlap = Math.Min(t, end) - starts[i];
            if (overlap > 0) h += rates[i] * overlap;
        }
        return h;
    }
}

/// <summary>Draws from the compiled kernel, the way the engine does.</summary>
internal static class KernelSampling
{
    /// <summary>
    /// The one seed of the suite. Every kernel samples by inversion, so with a shared stream a correct sampler
    /// turns the same uniforms into its law, and a KS failure points at the transformation, not the luck of a seed.
    /// </summary>
    public const ulong Seed = 0x5EED_0F_4CC_5151UL;

    public const int Draws = 20_000;

    public static double[] Draw(TimeToEvent distribution, double clock = 0, double multiplier = 1, int n = Draws, ulong seed = Seed)
    {
        var builder = new KernelTableBuilder();
        // Another table first, as in a real model, so a kernel that ignores its offset reads the wrong numbers.
        builder.AddPiecewise([0, 1, 2], [7, 8, 9]);
        DistributionKernel kernel = distribution.Compile(builder);
        double[] table = builder.ToArray();
        var rng = new Xoshiro256(seed);
        var draws = new double[n];
        for (int i = 0; i < n; i++) draws[i] = kernel.SampleClock(table, clock, multiplier, ref rng);
        return draws;
    }

    /// <summary>The kernel's cumulative hazard, as compiled (after another table, as in <see cref="Draw"/>).</summary>
    public static double KernelCumulativeHazard(TimeToEvent distribution, double t)
    {
        var builder = new KernelTableBuilder();
        builder.AddPiecewise([0, 1, 2], [7, 8, 9]);
        DistributionKernel kernel = distribution.Compile(builder);
        return kernel.CumulativeHazard(builder.ToArray(), t);
    }
}
