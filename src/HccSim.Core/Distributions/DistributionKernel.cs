using System.Runtime.CompilerServices;
using HccSim.Core.Random;

namespace HccSim.Core.Distributions;

internal enum KernelKind : byte
{
    Exponential,
    Weibull,
    Gompertz,
    LogLogistic,
    LogNormal,
    Piecewise,
    FixedDelay,
    UniformDelay,
}

/// <summary>
/// A distribution compiled to plain numbers for the engine: a switch on <see cref="Kind"/>, no virtual call.
/// Piecewise tables live in one shared array; <see cref="Offset"/> and <see cref="Count"/> locate them.
/// </summary>
internal readonly struct DistributionKernel
{
    public readonly KernelKind Kind;
    public readonly double A, B, C;
    public readonly int Offset, Count;

    public DistributionKernel(KernelKind kind, double a, double b, double c, int offset = 0, int count = 0)
    {
        Kind = kind; A = a; B = b; C = c; Offset = offset; Count = count;
    }

    /// <summary>
    /// The clock value at which the event happens, given the clock reads <paramref name="clock"/> now and the
    /// event has not happened yet, under hazard multiplier <paramref name="multiplier"/>; +∞ if never.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double SampleClock(ReadOnlySpan<double> table, double clock, double multiplier, ref Xoshiro256 rng)
    {
        switch (Kind)
        {
            case KernelKind.Exponential:
                return clock + rng.NextExponential() / (A * multiplier);
            case KernelKind.FixedDelay:
                // A clock that reads exactly the delay fires now; one already past it never fires.
                return clock <= A ? A : double.PositiveInfinity;
            case KernelKind.UniformDelay:
            {
                if (clock > B) return double.PositiveInfinity;
                double lo = Math.Max(A, clock);
                return lo + rng.NextDouble() * (B - lo);
            }
            default:
                double target = CumulativeHazard(table, clock) + rng.NextExponential() / multiplier;
                return InverseCumulativeHazard(table, target);
        }
    }

    public double CumulativeHazard(ReadOnlySpan<double> table, double x)
    {
        if (x <= 0) return 0;
        switch (Kind)
        {
            case KernelKind.Exponential: return A * x;
            case KernelKind.Weibull: return Math.Pow(x / B, A);
            case KernelKind.Gompertz: return A == 0 ? B * x : B / A * PreciseMath.ExpM1(A * x);
            case KernelKind.LogLogistic: return PreciseMath.Log1P(Math.Pow(x / B, A));
            case KernelKind.LogNormal:
            {
                double s = NormalMath.UpperTail((Math.Log(x) - A) / B);
                return s > 0 ? -Math.Log(s) : double.PositiveInfinity;
            }
            case KernelKind.Piecewise:
            {
                var starts = table.Slice(Offset, Count);
                var rates = table.Slice(Offset + Count, Count);
                var cum = table.Slice(Offset + 2 * Count, Count);
                int i = Count - 1;
                while (starts[i] > x) i--;
                double dx = x - starts[i];
                return dx > 0 ? cum[i] + rates[i] * dx : cum[i]; // an infinite rate at its own start adds nothing yet

            }
            default:
                return ThrowHelper.Unreachable<double>("delays have no cumulative hazard in the kernel");
        }
    }

    public double InverseCumulativeHazard(ReadOnlySpan<double> table, double h)
    {
        if (double.IsPositiveInfinity(h)) return double.PositiveInfinity;
        switch (Kind)
        {
            case KernelKind.Exponential: return h / A;
            case KernelKind.Weibull: return B * Math.Pow(h, C);
            case KernelKind.Gompertz:
            {
                if (A == 0) return h / B;
                double y = A * h / B;
                // A decaying hazard (shape < 0) has finite total hazard −rate/shape: beyond it, never.
                return y <= -1 ? double.PositiveInfinity : PreciseMath.Log1P(y) / A;
            }
            case KernelKind.LogLogistic: return B * Math.Pow(PreciseMath.ExpM1(h), C);
            case KernelKind.LogNormal:
            {
                // Solve S(x) = e^{-h}: z = Φ⁻¹(1 − e^{-h}), with both tails passed exactly.
                double z = NormalMath.Quantile(-PreciseMath.ExpM1(-h), Math.Exp(-h));
                return Math.Exp(A + B * z);
            }
            case KernelKind.Piecewise:
            {
                var starts = table.Slice(Offset, Count);
                var rates = table.Slice(Offset + Count, Count);
                var cum = table.Slice(Offset + 2 * Count, Count);
                // The last interval whose start has H ≤ h: zero-rate stretches (cum[] flat) are passed over, and an
                // infinite rate (a life table's q = 1) gives its own start.
                int i = Count - 1;
                while (cum[i] > h) i--;
                return rates[i] > 0 ? starts[i] + (h - cum[i]) / rates[i] : double.PositiveInfinity;
            }
            default:
                return ThrowHelper.Unreachable<double>("delays have no cumulative hazard in the kernel");
        }
    }
}

/// <summary>Collects piecewise tables into one flat array while a model compiles.</summary>
internal sealed class KernelTableBuilder
{
    private readonly List<double> _values = new();

    public int AddPiecewise(IReadOnlyList<double> starts, IReadOnlyList<double> rates)
    {
        int offset = _values.Count;
        _values.AddRange(starts);
        _values.AddRange(rates);
        double cum = 0;
        for (int i = 0; i < starts.Count; i++)
        {
            _values.Add(cum);
            if (i + 1 < starts.Count) cum += rates[i] * (starts[i + 1] - starts[i]);
        }
        return offset;
    }

    public double[] ToArray() => _values.ToArray();
}
