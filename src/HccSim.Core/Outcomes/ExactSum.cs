using System.Numerics;
using System.Runtime.CompilerServices;

namespace HccSim.Core.Outcomes;

/// <summary>How finely an <see cref="ExactSum"/> resolves each value.</summary>
public enum SumPrecision : byte
{
    /// <summary>2⁻⁴⁰ ≈ 9e-13 of the unit, values up to ≈ 8.4e6: times in months, life-years, QALYs, proportions.</summary>
    Fine = 0,
    /// <summary>2⁻¹⁶ ≈ 1.5e-5 of the unit, values up to ≈ 1.4e14: costs in any currency.</summary>
    Money = 1,
}

/// <summary>
/// A sum and sum of squares of per-patient values, kept exactly in fixed point: each value is rounded once
/// to a multiple of the precision's resolution and then added as an integer. Integer addition is associative,
/// so the totals — and every mean and standard error derived from them — are the same to the bit in any
/// order: for any thread count, block size or shard split.
/// </summary>
public struct ExactSum : IEquatable<ExactSum>
{
    private const double FineScale = 1099511627776.0;  // 2^40
    private const double MoneyScale = 65536.0;         // 2^16
    private const double MaxScaled = 9.2e18;           // below 2^63

    public ExactSum(SumPrecision precision) => Precision = precision;

    public SumPrecision Precision { get; }

    /// <summary>Values are multiples of 1 / Scale.</summary>
    public readonly double Scale
    {
        // Inlined even into precompiled (ReadyToRun) code, where a call per patient and sum was measured.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Precision == SumPrecision.Money ? MoneyScale : FineScale;
    }

    /// <summary>Largest magnitude one patient may contribute; beyond it the engine stops rather than wrap.</summary>
    public readonly double Limit => MaxScaled / Scale;

    // The sum in 128 bits (two's complement, high word signed) and the sum of squares in 192 bits: q² fills
    // up to 126 bits and ten million of them more than 128. Carries are written out by hand: the JIT's
    // Int128/UInt128 operators cost about twice as much on this path (measured: ~48 ns for nine adds).
    private ulong _sumLo;
    private long _sumHi;
    private ulong _sq0, _sq1, _sq2;

    public long Count { get; private set; }

    private readonly Int128 Total => new((ulong)_sumHi, _sumLo);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(double value)
    {
        double scaled = Math.Round(value * Scale);
        if (!(Math.Abs(scaled) < MaxScaled)) ThrowOutOfRange(value, Limit);
        long q = (long)scaled;

        ulong sumLo = _sumLo + (ulong)q;
        _sumHi += (q >> 63) + (sumLo < _sumLo ? 1L : 0L); // sign extension of q, plus the carry out of the low word
        _sumLo = sumLo;

        ulong a = (ulong)(q < 0 ? -q : q);
        ulong hi = Math.BigMul(a, a, out ulong lo);
        ulong s0 = _sq0 + lo;
        hi += s0 < lo ? 1UL : 0UL; // |q| < 2^63, so hi < 2^62 and cannot overflow here
        _sq0 = s0;
        ulong s1 = _sq1 + hi;
        if (s1 < hi) _sq2++;
        _sq1 = s1;
        Count++;
    }

    public void Merge(in ExactSum other)
    {
        if (other.Precision != Precision) throw new ArgumentException("cannot merge sums of different precision", nameof(other));
        ulong sumLo = _sumLo + other._sumLo;
        _sumHi += other._sumHi + (sumLo < _sumLo ? 1L : 0L);
        _sumLo = sumLo;
        ulong s0 = _sq0 + other._sq0;
        ulong c0 = s0 < _sq0 ? 1UL : 0UL;
        ulong s1 = _sq1 + other._sq1;
        ulong c1 = s1 < _sq1 ? 1UL : 0UL;
        ulong s1c = s1 + c0;
        c1 += s1c < s1 ? 1UL : 0UL;
        _sq0 = s0;
        _sq1 = s1c;
        _sq2 += other._sq2 + c1;
        Count += other.Count;
    }

    /// <summary>The exact sum, in the value's unit.</summary>
    public readonly double Sum => (double)Total / Scale;

    public readonly double Mean => Count == 0 ? double.NaN : (double)((BigInteger)Total) / Scale / Count;

    /// <summary>Sample variance, computed exactly in integers before the one rounding to double.</summary>
    public readonly double Variance
    {
        get
        {
            if (Count < 2) return double.NaN;
            var sq = (new BigInteger(_sq2) << 128) + (new BigInteger(_sq1) << 64) + new BigInteger(_sq0);
            var s = (BigInteger)Total;
            var numerator = Count * sq - s * s; // n·Σq² − (Σq)² = n(n−1)·s²·Scale²
            return (double)numerator / ((double)Count * (Count - 1)) / (Scale * Scale);
        }
    }

    /// <summary>Monte Carlo standard error of the mean.</summary>
    public readonly double StandardError => Count < 2 ? double.NaN : Math.Sqrt(Variance / Count);

    public readonly Estimate ToEstimate() => new(Mean, StandardError);

    /// <summary>Writes the exact state (sum, sum of squares, count) — a partial result another machine's can be merged with.</summary>
    public readonly void Write(BinaryWriter w)
    {
        w.Write((byte)Precision); w.Write(_sumLo); w.Write(_sumHi); w.Write(_sq0); w.Write(_sq1); w.Write(_sq2); w.Write(Count);
    }

    /// <summary>Reads what <see cref="Write"/> wrote.</summary>
    public static ExactSum Read(BinaryReader r)
    {
        var sum = new ExactSum((SumPrecision)r.ReadByte()) { _sumLo = r.ReadUInt64(), _sumHi = r.ReadInt64(), _sq0 = r.ReadUInt64(), _sq1 = r.ReadUInt64(), _sq2 = r.ReadUInt64() };
        sum.Count = r.ReadInt64();
        return sum;
    }

    public readonly bool Equals(ExactSum other)
        => Precision == other.Precision && _sumLo == other._sumLo && _sumHi == other._sumHi && _sq0 == other._sq0 && _sq1 == other._sq1 && _sq2 == other._sq2 && Count == other.Count;

    public override readonly bool Equals(object? obj) => obj is ExactSum e && Equals(e);
    public override readonly int GetHashCode() => HashCode.Combine(_sumLo, _sumHi, _sq0, _sq1, _sq2, Count);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowOutOfRange(double value, double limit)
        => throw new OverflowException(
            $"a per-patient value of {value:G6} is beyond what outcomes can hold exactly (±{limit:G3}); " +
            "check costs and the horizon for a unit error");
}

/// <summary>A Monte Carlo estimate with its standard error; the interval is mean ± 1.96·SE.</summary>
public readonly record struct Estimate(double Mean, double StandardError)
{
    public double Lower => Mean - 1.959963984540054 * StandardError;
    public double Upper => Mean + 1.959963984540054 * StandardError;

    /// <summary>A proportion of <paramref name="total"/> with its binomial standard error.</summary>
    public static Estimate Proportion(long count, long total)
    {
        if (total == 0) return new(double.NaN, double.NaN);
        double p = (double)count / total;
        return new(p, Math.Sqrt(p * (1 - p) / total));
    }
}
