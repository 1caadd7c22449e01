using System.Globalization;

namespace HccSim.Core.Distributions;

/// <summary>
/// A time-to-event distribution, in months, on the clock its transition names. Every kind is defined by
/// its cumulative hazard H, so a proportional-hazards multiplier m (H → m·H) and a clock that has already
/// run to c (sample given T &gt; c) are handled by the same inversion: T = H⁻¹(H(c) + E / m), E ~ Exp(1).
/// </summary>
public abstract record TimeToEvent
{
    /// <summary>H(t) = −ln S(t); +∞ where the survival function has reached zero.</summary>
    public abstract double CumulativeHazard(double t);

    /// <summary>S(t) = P(T &gt; t).</summary>
    public virtual double Survival(double t) => Math.Exp(-CumulativeHazard(t));

    /// <summary>The hazard h(t) = f(t)/S(t) (what a likelihood of observed events needs); delays have none.</summary>
    public virtual double Hazard(double t) => throw new NotSupportedException($"{GetType().Name} has no hazard function");

    /// <summary>True for the delays, which have no hazard and to which hazard ratios do not apply.</summary>
    public virtual bool IsDelay => false;

    /// <summary>Each parameter problem, as "what is wrong (what was expected)"; empty when valid.</summary>
    public abstract IEnumerable<string> Problems();

    internal abstract DistributionKernel Compile(KernelTableBuilder table);

    private protected static string Num(double x) => x.ToString("R", CultureInfo.InvariantCulture);

    private protected static IEnumerable<string> Positive(string name, double value)
    {
        if (!(value > 0) || double.IsInfinity(value))
            yield return $"{name} must be a finite number > 0 (got {Num(value)})";
    }
}

/// <summary>Constant hazard <paramref name="Rate"/> per month: median ln 2 / rate, mean 1 / rate.</summary>
public sealed record Exponential(double Rate) : TimeToEvent
{
    public static Exponential FromMedian(double medianMonths) => new(Math.Log(2) / medianMonths);
    public override double CumulativeHazard(double t) => t <= 0 ? 0 : Rate * t;
    public override double Hazard(double t) => Rate;
    public override IEnumerable<string> Problems() => Positive("rate", Rate);
    internal override DistributionKernel Compile(KernelTableBuilder table) => new(KernelKind.Exponential, Rate, 0, 0);
}

/// <summary>S(t) = exp(−(t / scale)^shape).</summary>
public sealed record Weibull(double Shape, double Scale) : TimeToEvent
{
    public override double CumulativeHazard(double t) => t <= 0 ? 0 : Math.Pow(t / Scale, Shape);
    public override double Hazard(double t) => Shape / Scale * Math.Pow(t / Scale, Shape - 1);
    public override IEnumerable<string> Problems() => Positive("Weibull shape", Shape).Concat(Positive("Weibull scale", Scale));
    internal override DistributionKernel Compile(KernelTableBuilder table) => new(KernelKind.Weibull, Shape, Scale, 1.0 / Shape);
}

/// <summary>
/// Hazard rate·exp(shape·t). A negative shape gives a hazard that dies away, so some never have the event
/// (S(∞) = exp(rate / shape)).
/// </summary>
public sealed record Gompertz(double Shape, double Rate) : TimeToEvent
{
    public override double CumulativeHazard(double t)
        => t <= 0 ? 0 : Shape == 0 ? Rate * t : Rate / Shape * PreciseMath.ExpM1(Shape * t);

    public override double Hazard(double t) => Rate * Math.Exp(Shape * t);

    public override IEnumerable<string> Problems()
    {
        foreach (var p in Positive("Gompertz rate", Rate)) yield return p;
        if (!double.IsFinite(Shape)) yield return $"Gompertz shape must be a finite number (got {Num(Shape)})";
    }

    internal override DistributionKernel Compile(KernelTableBuilder table) => new(KernelKind.Gompertz, Shape, Rate, 0);
}

/// <summary>S(t) = 1 / (1 + (t / scale)^shape); the median is the scale.</summary>
public sealed record LogLogistic(double Shape, double Scale) : TimeToEvent
{
    public override double CumulativeHazard(double t) => t <= 0 ? 0 : PreciseMath.Log1P(Math.Pow(t / Scale, Shape));

    public override double Hazard(double t)
    {
        double x = Math.Pow(t / Scale, Shape);
        return Shape / t * x / (1 + x);
    }
    public override IEnumerable<string> Problems() => Positive("log-logistic shape", Shape).Concat(Positive("log-logistic scale", Scale));
    internal override DistributionKernel Compile(KernelTableBuilder table) => new(KernelKind.LogLogistic, Shape, Scale, 1.0 / Shape);
}

/// <summary>ln T ~ Normal(meanlog, sdlog²); the median is exp(meanlog).</summary>
public sealed record LogNormal(double MeanLog, double SdLog) : TimeToEvent
{
    public override double CumulativeHazard(double t)
    {
        if (t <= 0) return 0;
        double s = NormalMath.UpperTail((Math.Log(t) - MeanLog) / SdLog);
        return s > 0 ? -Math.Log(s) : double.PositiveInfinity;
    }

    public override double Survival(double t) => t <= 0 ? 1 : NormalMath.UpperTail((Math.Log(t) - MeanLog) / SdLog);

    public override double Hazard(double t)
    {
        double z = (Math.Log(t) - MeanLog) / SdLog, s = NormalMath.UpperTail(z);
        return Math.Exp(-0.5 * z * z) / (Math.Sqrt(2 * Math.PI) * SdLog * t) / s;
    }

    public override IEnumerable<string> Problems()
    {
        if (!double.IsFinite(MeanLog)) yield return $"log-normal meanlog must be a finite number (got {Num(MeanLog)})";
        foreach (var p in Positive("log-normal sdlog", SdLog)) yield return p;
    }

    internal override DistributionKernel Compile(KernelTableBuilder table) => new(KernelKind.LogNormal, MeanLog, SdLog, 0);
}

/// <summary>
/// Piecewise-constant hazard: <c>Rates[i]</c> per month from <c>Starts[i]</c> until the next start; the
/// last rate holds for ever. Starts begin at 0 and increase; a zero rate is allowed (a gap with no risk).
/// </summary>
public sealed record PiecewiseHazard(IReadOnlyList<double> Starts, IReadOnlyList<double> Rates) : TimeToEvent
{
    public override double CumulativeHazard(double t)
    {
        if (t <= 0) return 0;
        double h = 0;
        for (int i = 0; i < Starts.Count; i++)
        {
            double end = i + 1 < Starts.Count ? Math.Min(Starts[i + 1], t) : t;
            if (end <= Starts[i]) break;
            h += Rates[i] * (end - Starts[i]);
        }
        return h;
    }

    public override IEnumerable<string> Problems()
    {
        if (Starts.Count == 0 || Starts.Count != Rates.Count)
        {
            yield return $"piecewise hazard needs one rate per interval start (got {Starts.Count} starts and {Rates.Count} rates)";
            yield break;
        }
        if (Starts[0] != 0) yield return $"piecewise hazard must start at time 0 (got {Num(Starts[0])})";
        for (int i = 1; i < Starts.Count; i++)
            if (!(Starts[i] > Starts[i - 1]) || !double.IsFinite(Starts[i]))
                yield return $"piecewise hazard interval starts must increase (got {Num(Starts[i])} after {Num(Starts[i - 1])})";
        for (int i = 0; i < Rates.Count; i++)
            if (!(Rates[i] >= 0) || !double.IsFinite(Rates[i]))
                yield return $"piecewise hazard rate {i + 1} must be a finite number ≥ 0 (got {Num(Rates[i])})";
    }

    internal override DistributionKernel Compile(KernelTableBuilder table)
        => new(KernelKind.Piecewise, 0, 0, 0, table.AddPiecewise(Starts, Rates), Starts.Count);
}

/// <summary>The event happens exactly <paramref name="Months"/> after the clock's origin.</summary>
public sealed record FixedDelay(double Months) : TimeToEvent
{
    public override double CumulativeHazard(double t) => t < Months ? 0 : double.PositiveInfinity;
    public override double Survival(double t) => t < Months ? 1 : 0;
    public override bool IsDelay => true;
    public override IEnumerable<string> Problems() => Positive("delay", Months);
    internal override DistributionKernel Compile(KernelTableBuilder table) => new(KernelKind.FixedDelay, Months, 0, 0);
}

/// <summary>The event happens uniformly between <paramref name="Min"/> and <paramref name="Max"/> months.</summary>
public sealed record UniformDelay(double Min, double Max) : TimeToEvent
{
    public override double CumulativeHazard(double t)
    {
        double s = Survival(t);
        return s > 0 ? -Math.Log(s) : double.PositiveInfinity;
    }

    public override double Survival(double t) => t <= Min ? 1 : t >= Max ? 0 : (Max - t) / (Max - Min);
    public override bool IsDelay => true;

    public override IEnumerable<string> Problems()
    {
        if (!(Min >= 0) || !double.IsFinite(Min)) yield return $"uniform delay minimum must be a finite number ≥ 0 (got {Num(Min)})";
        if (!(Max > Min) || !double.IsFinite(Max)) yield return $"uniform delay maximum must be finite and greater than the minimum {Num(Min)} (got {Num(Max)})";
    }

    internal override DistributionKernel Compile(KernelTableBuilder table) => new(KernelKind.UniformDelay, Min, Max, 0);
}

/// <summary>
/// A probability per cycle of <paramref name="CycleMonths"/> months, by cycle since the clock's origin (the last
/// value holds for ever): the discrete-time models' transition probability. In continuous time it is the
/// piecewise-constant hazard −ln(1 − p) / cycle, so both engines run the same model; the cycle engines use the
/// probabilities exactly as given.
/// </summary>
public sealed record PerCycle(double CycleMonths, IReadOnlyList<double> Probabilities) : TimeToEvent
{
    public static PerCycle Constant(double cycleMonths, double probability) => new(cycleMonths, new[] { probability });

    public double HazardOf(int cycle) => -Math.Log(1 - ProbabilityOf(cycle)) / CycleMonths;

    /// <summary>The probability in cycle <paramref name="cycle"/> (0-based; the last value holds).</summary>
    internal double ProbabilityOf(int cycle) => Probabilities[Math.Min(cycle, Probabilities.Count - 1)];

    public override double CumulativeHazard(double t) => AsPiecewise().CumulativeHazard(t);

    public override IEnumerable<string> Problems()
    {
        foreach (var p in Positive("cycle length", CycleMonths)) yield return p;
        if (Probabilities.Count == 0) yield return "per-cycle probability needs at least one value";
        for (int i = 0; i < Probabilities.Count; i++)
            if (!(Probabilities[i] >= 0 && Probabilities[i] < 1))
                yield return $"per-cycle probability {i + 1} must be in [0, 1) (got {Num(Probabilities[i])})";
    }

    public PiecewiseHazard AsPiecewise()
        => new(Probabilities.Select((_, i) => i * CycleMonths).ToArray(), Probabilities.Select((_, i) => HazardOf(i)).ToArray());

    internal override DistributionKernel Compile(KernelTableBuilder table) => AsPiecewise().Compile(table);
}
