using HccSim.Core.Random;

namespace HccSim.Core.Tests.Random;

public class RandomStreamTests
{
    [Fact]
    public void XoshiroMatchesTheReferenceImplementationFromAKnownState()
    {
        // Reference: xoshiro256** from SplitMix64 seeding, as in Vigna's C code, computed here independently.
        ulong sm = 0;
        ulong[] s = new ulong[4];
        for (int i = 0; i < 4; i++)
        {
            sm += 0x9E3779B97F4A7C15UL;
            ulong z = sm;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            s[i] = z ^ (z >> 31);
        }
        var rng = new Xoshiro256(0);
        for (int k = 0; k < 100; k++)
        {
            ulong expected = Rotl(s[1] * 5, 7) * 9;
            ulong t = s[1] << 17;
            s[2] ^= s[0]; s[3] ^= s[1]; s[1] ^= s[2]; s[0] ^= s[3]; s[2] ^= t; s[3] = Rotl(s[3], 45);
            Assert.Equal(expected, rng.NextUInt64());
        }
        static ulong Rotl(ulong x, int k) => (x << k) | (x >> (64 - k));
    }

    [Fact]
    public void AStreamDependsOnlyOnSeedSamplePatientAndPurpose()
    {
        var a = RandomStreams.For(42, 3, 1_000_000, StreamPurpose.Events);
        var b = RandomStreams.For(42, 3, 1_000_000, StreamPurpose.Events);
        for (int i = 0; i < 10; i++) Assert.Equal(a.NextUInt64(), b.NextUInt64());
        var keys = new HashSet<ulong>
        {
            RandomStreams.Key(42, 3, 1_000_000, StreamPurpose.Events),
            RandomStreams.Key(43, 3, 1_000_000, StreamPurpose.Events),
            RandomStreams.Key(42, 4, 1_000_000, StreamPurpose.Events),
            RandomStreams.Key(42, 3, 1_000_001, StreamPurpose.Events),
            RandomStreams.Key(42, 3, 1_000_000, StreamPurpose.Patient),
        };
        Assert.Equal(5, keys.Count);
    }

    [Fact]
    public void UniformDrawsStayInsideTheirIntervals()
    {
        var rng = new Xoshiro256(7);
        for (int i = 0; i < 100_000; i++)
        {
            double u = rng.NextDouble();
            Assert.True(u >= 0 && u < 1);
            double v = rng.NextOpenClosed();
            Assert.True(v > 0 && v <= 1);
        }
    }

    [Fact]
    public void NeighbouringPatientStreamsAreUncorrelated()
    {
        // Correlation of first uniforms of patients i and i+1 over 100 000 pairs: SE = 1/√n, bound 4 SE.
        const int n = 100_000;
        double sx = 0, sy = 0, sxy = 0, sxx = 0, syy = 0;
        for (int i = 0; i < n; i++)
        {
            double x = RandomStreams.For(1, 0, i, StreamPurpose.Events).NextDouble();
            double y = RandomStreams.For(1, 0, i + 1, StreamPurpose.Events).NextDouble();
            sx += x; sy += y; sxy += x * y; sxx += x * x; syy += y * y;
        }
        double r = (n * sxy - sx * sy) / Math.Sqrt((n * sxx - sx * sx) * (n * syy - sy * sy));
        Assert.True(Math.Abs(r) < 4 / Math.Sqrt(n), $"correlation {r}");
    }
}
