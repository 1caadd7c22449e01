using MathNet.Numerics.Distributions;
using HccSim.Core.Distributions;

namespace HccSim.Analysis.Uncertainty;

/// <summary>
/// The uncertainty about one number of a model, as a distribution read by its quantile function: every family is
/// drawn by inversion of a uniform (or of Φ(z) for a correlated normal z), so correlated groups need nothing else.
/// </summary>
public abstract record ParameterDistribution
{
    /// <summary>The family's name as written in a scenario.</summary>
    public abstract string Family { get; }
    public abstract double Mean { get; }
    /// <summary>The value below which a share <paramref name="p"/> of draws fall, 0 &lt; p &lt; 1.</summary>
    public abstract double Quantile(double p);
    /// <summary>Text for tables: family and parameters.</summary>
    public abstract string Describe();

    protected static string F(double x) => x.ToString("G6", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>Beta(α, β), for probabilities and utilities.</summary>
public sealed record BetaParameter(double Alpha, double Beta) : ParameterDistribution
{
    public override string Family => "beta";
    public override double Mean => Alpha / (Alpha + Beta);
    public override double Quantile(double p) => MathNet.Numerics.Distributions.Beta.InvCDF(Alpha, Beta, p);
    public override string Describe() => $"beta(α {F(Alpha)}, β {F(Beta)})";

}

/// <summary>Gamma with shape k and scale θ (mean kθ), for costs, durations and rates.</summary>
public sealed record GammaParameter(double Shape, double Scale) : ParameterDistribution
{
    public override string Family => "gamma";
    public override double Mean => Shape * Scale;
    public override double Quantile(double p) => Gamma.InvCDF(Shape, 1.0 / Scale, p);
    public override string Describe() => $"gamma(shape {F(Shape)}, scale {F(Scale)})";

}

/// <summary>Log-normal: ln X ~ Normal(μ, σ); a ratio (hazard ratio) is sampled on the log scale this way.</summary>
public sealed record LogNormalParameter(double MeanLog, double SdLog) : ParameterDistribution
{
    public override string Family => "lognormal";
    public override double Mean => Math.Exp(MeanLog + SdLog * SdLog / 2);
    public override double Quantile(double p) => Math.Exp(MeanLog + SdLog * NormalMath.Quantile(p));
    public override string Describe() => $"lognormal(meanlog {F(MeanLog)}, sdlog {F(SdLog)})";


}

/// <summary>Normal(μ, σ), optionally truncated to [min, max] (drawn by inversion within the truncation).</summary>
public sealed record NormalParameter(double Mu, double Sigma, double Min = double.NegativeInfinity, double Max = double.PositiveInfinity) : ParameterDistribution
{
    public override string Family => "normal";
    public override double Mean
    {
        get
        {
            if (double.IsInfinity(Min) && double.IsInfinity(Max)) return Mu;
            double a = (Min - Mu) / Sigma, b = (Max - Mu) / Sigma;
            // In the upper tail the difference of upper tails keeps its digits where Φ(b) − Φ(a) rounds to 0.
            double z = a > 0 ? NormalMath.UpperTail(a) - NormalMath.UpperTail(b) : NormalMath.Cdf(b) - NormalMath.Cdf(a);
            return Mu + Sigma * (Phi(a) - Phi(b)) / z;
        }
    }
    private static double Phi(double x) => double.IsInfinity(x) ? 0 : Math.Exp(-x * x / 2) / Math.Sqrt(2 * Math.PI);
    public override double Quantile(double p)
    {
        double a = (Min - Mu) / Sigma, b = (Max - Mu) / Sigma;
        if (a > 0)
        {
            // Upper tail: by the upper-tail probabilities, mirrored (Φ⁻¹(1 − q) = −Φ⁻¹(q)).
            double qa = NormalMath.UpperTail(a), qb = NormalMath.UpperTail(b);
            return Math.Clamp(Mu - Sigma * NormalMath.Quantile(qa - p * (qa - qb)), Min, Max);
        }
        double lo = NormalMath.Cdf(a), hi = NormalMath.Cdf(b);
        return Math.Clamp(Mu + Sigma * NormalMath.Quantile(lo + p * (hi - lo)), Min, Max);
    }
    public override string Describe() => $"normal(mean {F(Mu)}, sd {F(Sigma)}{(double.IsInfinity(Min) ? "" : $", min {F(Min)}")}{(double.IsInfinity(Max) ? "" : $", max {F(Max)}")})";
}

public sealed record UniformParameter(double Min, double Max) : ParameterDistribution
{
    public override string Family => "uniform";
    public override double Mean => (Min + Max) / 2;
    public override double Quantile(double p) => Min + p * (Max - Min);
    public override string Describe() => $"uniform({F(Min)}, {F(Max)})";
}

public sealed record TriangularParameter(double Min, double Mode, double Max) : ParameterDistribution
{
    public override string Family => "triangular";
    public override double Mean => (Min + Mode + Max) / 3;
    public override double Quantile(double p) => Triangular.InvCDF(Min, Max, Mode, p);
    public override string Describe() => $"triangular(min {F(Min)}, mode {F(Mode)}, max {F(Max)})";
}
