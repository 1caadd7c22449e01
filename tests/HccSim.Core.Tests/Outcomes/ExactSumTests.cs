using HccSim.Core.Outcomes;

namespace HccSim.Core.Tests.Outcomes;

public class ExactSumTests
{
    [Fact]
    public void MeanAndVarianceMatchATwoPassComputation()
    {
        var values = Enumerable.Range(0, 1000).Select(i => Math.Sin(i) * 1e4 + 5e4).ToArray();
        var sum = new ExactSum();
        foreach (var v in values) sum.Add(v);
        double mean = values.Average();
        double variance = values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1);
        Assert.Equal(mean, sum.Mean, 1e-7);
        Assert.Equal(variance, sum.Variance, variance * 1e-12 + 1e-6);
        Assert.Equal(Math.Sqrt(variance / values.Length), sum.StandardError, 1e-9);
    }

    [Fact]
    public void TheTotalDoesNotDependOnTheOrderOfAdditionOrMerging()
    {
        var values = Enumerable.Range(1, 5000).Select(i => 1.0 / i * 1e6 + i * 1e-3).ToArray();
        var forward = new ExactSum();
        foreach (var v in values) forward.Add(v);
        var parts = new ExactSum[7];
        for (int i = values.Length - 1; i >= 0; i--) parts[i % 7].Add(values[i]);
        var merged = new ExactSum();
        foreach (var p in parts.Reverse()) merged.Merge(p);
        Assert.Equal(forward, merged);
        Assert.Equal(forward.Mean, merged.Mean);
    }

    [Fact]
    public void SquaresBeyondOneHundredTwentyEightBitsAreKeptExactly()
    {
        // 10 million patients of 1e9 yen: Σq² ≈ 2.8e39 overflows 128 bits; the 192-bit sum keeps the variance exact.
        var sum = new ExactSum(SumPrecision.Money);
        for (int i = 0; i < 10_000; i++) sum.Add(i % 2 == 0 ? 1e9 : 1e9 + 2);
        var merged = new ExactSum(SumPrecision.Money);
        for (int k = 0; k < 1000; k++) merged.Merge(sum);
        Assert.Equal(10_000_000, merged.Count);
        Assert.Equal(1e9 + 1, merged.Mean, 1e-6);
        Assert.Equal(1.0 * 10_000_000 / (10_000_000 - 1), merged.Variance, 1e-9);
    }

    [Fact]
    public void AValueBeyondTheExactRangeIsRefusedNotWrapped()
    {
        var fine = new ExactSum();
        fine.Add(8e6);
        Assert.Throws<OverflowException>(() => fine.Add(9e6));
        Assert.Throws<OverflowException>(() => fine.Add(double.NaN));
        var money = new ExactSum(SumPrecision.Money);
        money.Add(1e14);
        Assert.Throws<OverflowException>(() => money.Add(1e15));
    }

    [Fact]
    public void SumsOfDifferentPrecisionDoNotMerge()
    {
        var fine = new ExactSum();
        Assert.Throws<ArgumentException>(() => fine.Merge(new ExactSum(SumPrecision.Money)));
    }

    [Fact]
    public void FinePrecisionResolvesAThirdToTwelveDigits()
    {
        var sum = new ExactSum();
        sum.Add(10.0 / 12);
        Assert.Equal(10.0 / 12, sum.Mean, 1e-12);
    }

    [Fact]
    public void CarriesAcrossWordsMatchBigIntegerArithmeticOnTheSameRoundedValues()
    {
        // Money precision: each value is rounded to a multiple of 2^-16; values near 1e14 wrap the low
        // 64-bit word every few adds, and alternating signs exercise borrows through the high word.
        var rng = new System.Random(12345);
        var whole = new ExactSum(SumPrecision.Money);
        var parts = new[] { new ExactSum(SumPrecision.Money), new ExactSum(SumPrecision.Money), new ExactSum(SumPrecision.Money) };
        System.Numerics.BigInteger sum = 0, squares = 0;
        for (int i = 0; i < 20_000; i++)
        {
            double v = (rng.NextDouble() * 2 - 0.9) * 1e14;
            whole.Add(v);
            parts[i % 3].Add(v);
            var q = new System.Numerics.BigInteger(Math.Round(v * 65536.0));
            sum += q;
            squares += q * q;
        }
        var merged = new ExactSum(SumPrecision.Money);
        foreach (var p in parts) merged.Merge(p);
        Assert.Equal(whole, merged);
        double n = 20_000;
        Assert.Equal((double)sum / 65536.0 / n, whole.Mean, Math.Abs(whole.Mean) * 1e-15);
        double variance = (double)(squares * 20_000 - sum * sum) / (n * (n - 1)) / (65536.0 * 65536.0);
        Assert.Equal(variance, whole.Variance, variance * 1e-15);
    }
}
