using HccSim.Analysis.Calibration;

namespace HccSim.Analysis.Tests;

public sealed class BoundedNelderMeadTests
{
    [Fact]
    public void FindsTheRosenbrockMinimumInsideItsBounds()
    {
        static double Rosenbrock(double[] p) => 100 * Math.Pow(p[1] - p[0] * p[0], 2) + Math.Pow(1 - p[0], 2);
        var m = BoundedNelderMead.Minimise(Rosenbrock, new[] { -1.2, 1.0 }, new[] { -2.0, -2.0 }, new[] { 3.0, 3.0 }, 1e-12, 5000);
        Assert.True(m.Converged);
        Assert.Equal(1.0, m.Point[0], 3);
        Assert.Equal(1.0, m.Point[1], 3);
        Assert.True(m.Value < 1e-6);
    }

    [Theory]
    [InlineData(0.0, 2.0)]
    [InlineData(0.3, 0.9)] // lower + (upper − lower)·1.0 rounds to 0.9000000000000001: one ulp past the bound, unless clamped
    public void AMinimumBeyondABoundEndsAtTheBoundNeverPastIt(double lower, double upper)
    {
        int outside = 0;
        var m = BoundedNelderMead.Minimise(p => { if (p[0] < lower || p[0] > upper) outside++; return -p[0]; },
            new[] { (lower + upper) / 2 }, new[] { lower }, new[] { upper }, 1e-12, 2000);
        Assert.Equal(0, outside);
        Assert.InRange(m.Point[0], upper - 1e-3, upper);
    }

    [Fact]
    public void TheEvaluationBudgetIsKeptAndTheBestPointReturned()
    {
        int calls = 0;
        var m = BoundedNelderMead.Minimise(p => { calls++; return Math.Pow(p[0] - 0.3, 2) + Math.Pow(p[1] + 0.4, 2); },
            new[] { 0.9, 0.9 }, new[] { -1.0, -1.0 }, new[] { 1.0, 1.0 }, 1e-15, 25);
        Assert.False(m.Converged);
        Assert.Equal(25, calls);
        Assert.Equal(25, m.Evaluations);
        Assert.True(m.Value < Math.Pow(0.6, 2) + Math.Pow(1.3, 2), "the best point beats the start");
    }

    [Fact]
    public void AStartOutsideItsBoundsIsRefused()
        => Assert.Throws<ArgumentException>(() => BoundedNelderMead.Minimise(p => p[0], new[] { 3.0 }, new[] { 0.0 }, new[] { 2.0 }));
}
