using HccSim.Core.Distributions;
using MathNet.Numerics;

namespace HccSim.Core.Tests.Distributions;

/// <summary>The records' H and S against closed forms written here, and their parameter checks.</summary>
public sealed class TimeToEventFunctionTests
{
    /// <summary>
    /// Relative tolerance between the record and the closed form: both evaluate the same expression in a
    /// different order, so they differ by rounding amplified by the expression's condition number. The worst
    /// here is exp(at) − 1 at a·t = 0.025 in the Gompertz oracle (≈ 40 ulps); pow, exp and log are ≤ 1 ulp each.
    /// For the log-normal above its median the times below keep z ≤ 2.1, where Hart's tail is within 1e−13
    /// relative (see NormalMathTests); below the median S = 1 − tail is near 1 and agrees to a few ulps, and
    /// H there is held to <see cref="AbsoluteFloor"/>. 1e−12 leaves ten times the largest of these.
    /// </summary>
    private const double Relative = 1e-12;

    /// <summary>
    /// Where S is within a hair of 1 the engine carries S to absolute precision ε, so H = −ln S is known only to
    /// about ε absolute (the log-normal forms H from 1 − tail); 4ε covers the two roundings on each side.
    /// </summary>
    private const double AbsoluteFloor = 4 * 1.1102230246251565e-16;

    private static readonly double[] Times = [0.5, 1, 3, 6, 11.5, 12, 18, 24, 36, 60, 120];

    private static double ClosedFormCumulativeHazard(string kind, double t) => kind switch
    {
        "Exponential" => 0.05 * t,
        "WeibullIncreasing" => Math.Pow(t / 30, 1.5),
        "WeibullDecreasing" => Math.Pow(t / 30, 0.7),
        "Gompertz" => 0.01 / 0.05 * (Math.Exp(0.05 * t) - 1),
        "GompertzFlat" => 0.03 * t,
        "GompertzCure" => 0.05 / -0.1 * (Math.Exp(-0.1 * t) - 1),
        "LogLogistic" => Math.Log(1 + Math.Pow(t / 18, 2.5)),
        "LogNormal" => -Math.Log(LogNormalSurvival(t)),
        "Piecewise" => DistributionCases.PiecewiseCumulativeHazard(DistributionCases.PiecewiseStarts, DistributionCases.PiecewiseRates, t),
        "PiecewiseCure" => DistributionCases.PiecewiseCumulativeHazard(DistributionCases.PiecewiseCureStarts, DistributionCases.PiecewiseCureRates, t),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>S(t) = ½·erfc(z/√2), z = (ln t − meanlog)/sdlog, from MathNet's erfc.</summary>
    private static double LogNormalSurvival(double t) => 0.5 * SpecialFunctions.Erfc((Math.Log(t) - Math.Log(24)) / 0.8 / Math.Sqrt(2));

    private static void AssertClose(double expected, double actual, double floor, string what)
        => Assert.True(Math.Abs(actual - expected) <= Relative * Math.Abs(expected) + floor, $"{what}: got {actual:R}, expected {expected:R}");

    [Theory]
    [MemberData(nameof(DistributionCases.HazardKinds), MemberType = typeof(DistributionCases))]
    public void CumulativeHazardAndSurvivalAgreeWithTheClosedForms(string kind)
    {
        TimeToEvent d = DistributionCases.Get(kind).Distribution;
        Assert.Equal(0.0, d.CumulativeHazard(0));
        Assert.Equal(1.0, d.Survival(0));
        double floor = kind == "LogNormal" ? AbsoluteFloor : 0;
        foreach (double t in Times)
        {
            double h = ClosedFormCumulativeHazard(kind, t);
            AssertClose(h, d.CumulativeHazard(t), floor, $"{kind} H({t})");
            AssertClose(kind == "LogNormal" ? LogNormalSurvival(t) : Math.Exp(-h), d.Survival(t), 0, $"{kind} S({t})");
        }
    }

    [Theory]
    [MemberData(nameof(DistributionCases.HazardKinds), MemberType = typeof(DistributionCases))]
    public void TheCompiledKernelHasTheRecordsCumulativeHazard(string kind)
    {
        TimeToEvent d = DistributionCases.Get(kind).Distribution;
        foreach (double t in Times.Append(0).Append(6).Append(24).Append(1000))
            AssertClose(d.CumulativeHazard(t), KernelSampling.KernelCumulativeHazard(d, t), 0, $"{kind} kernel H({t})");
    }

    [Fact]
    public void DelaysHaveAStepOrLinearSurvival()
    {
        var fixedDelay = new FixedDelay(12);
        Assert.Equal(1.0, fixedDelay.Survival(11.999));
        Assert.Equal(0.0, fixedDelay.Survival(12));
        Assert.Equal(0.0, fixedDelay.CumulativeHazard(11.999));
        Assert.Equal(double.PositiveInfinity, fixedDelay.CumulativeHazard(12));

        var uniform = new UniformDelay(3, 9);
        foreach (double t in new[] { 0.0, 3, 4.5, 6, 8, 9, 12 })
        {
            double s = Math.Clamp((9 - t) / 6, 0, 1);
            Assert.Equal(s, uniform.Survival(t), 15);
            Assert.Equal(s > 0 ? -Math.Log(s) : double.PositiveInfinity, uniform.CumulativeHazard(t), 15);
        }
    }

    private static readonly Dictionary<string, (TimeToEvent Distribution, string[] Fragments)> Invalid = new()
    {
        ["Weibull shape 0"] = (new Weibull(0, 30), ["Weibull shape", "> 0", "got 0"]),
        ["Weibull shape negative"] = (new Weibull(-1.5, 30), ["Weibull shape", "> 0", "got -1.5"]),
        ["Weibull shape NaN"] = (new Weibull(double.NaN, 30), ["Weibull shape", "> 0", "got NaN"]),
        ["Weibull scale infinite"] = (new Weibull(1.5, double.PositiveInfinity), ["Weibull scale", "finite", "> 0"]),
        ["Exponential rate negative"] = (new Exponential(-0.05), ["rate", "> 0", "got -0.05"]),
        ["Exponential rate 0"] = (new Exponential(0), ["rate", "> 0", "got 0"]),
        ["Gompertz rate negative"] = (new Gompertz(0.1, -0.01), ["Gompertz rate", "> 0", "got -0.01"]),
        ["Gompertz shape infinite"] = (new Gompertz(double.PositiveInfinity, 0.01), ["Gompertz shape", "finite"]),
        ["Log-logistic shape 0"] = (new LogLogistic(0, 18), ["log-logistic shape", "> 0", "got 0"]),
        ["Log-normal sdlog 0"] = (new LogNormal(Math.Log(24), 0), ["log-normal sdlog", "> 0", "got 0"]),
        ["Log-normal sdlog negative"] = (new LogNormal(Math.Log(24), -0.8), ["log-normal sdlog", "> 0", "got -0.8"]),
        ["Piecewise starts repeated"] = (new PiecewiseHazard([0, 12, 12], [0.1, 0.2, 0.3]), ["interval starts must increase", "got 12 after 12"]),
        ["Piecewise starts decreasing"] = (new PiecewiseHazard([0, 12, 6], [0.1, 0.2, 0.3]), ["interval starts must increase", "got 6 after 12"]),
        ["Piecewise rate negative"] = (new PiecewiseHazard([0, 12], [0.1, -0.2]), ["piecewise hazard rate 2", "≥ 0", "got -0.2"]),
        ["Piecewise not from 0"] = (new PiecewiseHazard([1, 12], [0.1, 0.2]), ["start at time 0", "got 1"]),
        ["Piecewise rates missing"] = (new PiecewiseHazard([0, 12], [0.1]), ["one rate per interval start", "2 starts and 1 rates"]),
        ["Uniform max equal to min"] = (new UniformDelay(6, 6), ["uniform delay maximum", "greater than the minimum 6", "got 6"]),
        ["Uniform max below min"] = (new UniformDelay(6, 3), ["uniform delay maximum", "greater than the minimum 6", "got 3"]),
        ["Uniform min negative"] = (new UniformDelay(-1, 3), ["uniform delay minimum", "≥ 0", "got -1"]),
        ["Fixed delay negative"] = (new FixedDelay(-2), ["delay", "> 0", "got -2"]),
    };

    [Theory]
    [InlineData("Weibull shape 0")]
    [InlineData("Weibull shape negative")]
    [InlineData("Weibull shape NaN")]
    [InlineData("Weibull scale infinite")]
    [InlineData("Exponential rate negative")]
    [InlineData("Exponential rate 0")]
    [InlineData("Gompertz rate negative")]
    [InlineData("Gompertz shape infinite")]
    [InlineData("Log-logistic shape 0")]
    [InlineData("Log-normal sdlog 0")]
    [InlineData("Log-normal sdlog negative")]
    [InlineData("Piecewise starts repeated")]
    [InlineData("Piecewise starts decreasing")]
    [InlineData("Piecewise rate negative")]
    [InlineData("Piecewise not from 0")]
    [InlineData("Piecewise rates missing")]
    [InlineData("Uniform max equal to min")]
    [InlineData("Uniform max below min")]
    [InlineData("Uniform min negative")]
    [InlineData("Fixed delay negative")]
    public void ProblemsNamesTheImpossibleParameterAndWhatWasExpected(string problem)
    {
        var (distribution, fragments) = Invalid[problem];
        string message = Assert.Single(distribution.Problems());
        foreach (string fragment in fragments) Assert.Contains(fragment, message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(DistributionCases.AllKinds), MemberType = typeof(DistributionCases))]
    public void AValidDistributionReportsNoProblems(string kind)
        => Assert.Empty(DistributionCases.Get(kind).Distribution.Problems());
}
