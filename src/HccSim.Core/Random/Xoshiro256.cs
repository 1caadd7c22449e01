using System.Runtime.CompilerServices;

namespace HccSim.Core.Random;

/// <summary>
/// xoshiro256** (Blackman &amp; Vigna, 2018): the engine's own generator. A mutable struct kept in a
/// local so the JIT holds its four words in registers; it is never boxed or shared between threads.
/// </summary>
/// <remarks>
/// <c>System.Random(seed)</c> is not used: its seeded algorithm is a legacy compatibility one and
/// may change between runtimes, while HccSim results must reproduce to the bit.
/// </remarks>
public struct Xoshiro256
{
    private ulong _s0, _s1, _s2, _s3;

    private const double Unit53 = 1.0 / (1UL << 53);

    /// <summary>Seeds the four state words from one 64-bit key by SplitMix64, as the authors recommend.</summary>
    public Xoshiro256(ulong key)
    {
        _s0 = SplitMix64.Next(ref key);
        _s1 = SplitMix64.Next(ref key);
        _s2 = SplitMix64.Next(ref key);
        _s3 = SplitMix64.Next(ref key);
        if ((_s0 | _s1 | _s2 | _s3) == 0)
        {
            _s0 = 0x9E3779B97F4A7C15UL; // the all-zero state is the generator's one fixed point
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong NextUInt64()
    {
        ulong s0 = _s0, s1 = _s1, s2 = _s2, s3 = _s3;
        ulong result = ulong.RotateLeft(s1 * 5, 7) * 9;
        ulong t = s1 << 17;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = ulong.RotateLeft(s3, 45);
        _s0 = s0; _s1 = s1; _s2 = s2; _s3 = s3;
        return result;
    }

    /// <summary>Uniform on [0, 1) with 53 random bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double NextDouble() => (NextUInt64() >> 11) * Unit53;

    /// <summary>Uniform on (0, 1]: safe to take the logarithm of.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double NextOpenClosed() => ((NextUInt64() >> 11) + 1) * Unit53;

    /// <summary>Uniform on (0, 1), both ends excluded.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double NextOpen() => ((NextUInt64() >> 11) + 0.5) * Unit53;

    /// <summary>A standard exponential variate (rate 1) by inversion, so every draw costs one uniform.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double NextExponential() => -Math.Log(NextOpenClosed());
}

/// <summary>SplitMix64 (Steele, Lea &amp; Flood, 2014): seeds streams and mixes keys.</summary>
public static class SplitMix64
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Next(ref ulong state)
    {
        state += 0x9E3779B97F4A7C15UL;
        return Mix(state);
    }

    /// <summary>The SplitMix64 finaliser: a bijection on 64-bit words with full avalanche.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
