using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Optimization;

namespace HccSim.Analysis.Calibration;

/// <summary>The best point a minimisation found, its value, how many evaluations it took and whether it converged.</summary>
public sealed record Minimum(double[] Point, double Value, int Evaluations, bool Converged);

/// <summary>
/// Derivative-free minimisation within bounds: MathNet's Nelder–Mead simplex on logit-transformed parameters, so
/// every trial point lies within its bounds (clamped where rounding would step over one) and the simplex needs no
/// constraint handling. The best point
/// ever evaluated is kept (the simplex may end on a worse vertex when it runs out of evaluations).
/// </summary>
public static class BoundedNelderMead
{
    public static Minimum Minimise(Func<double[], double> objective, double[] start, double[] lower, double[] upper,
        double tolerance = 1e-6, int maxEvaluations = 500, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(objective);
        int n = start.Length;
        if (lower.Length != n || upper.Length != n) throw new ArgumentException("start, lower and upper must have the same length");
        for (int i = 0; i < n; i++)
            if (!(lower[i] < upper[i]) || !(start[i] >= lower[i] && start[i] <= upper[i]))
                throw new ArgumentException($"parameter {i}: expected lower < upper and a start within them (got {lower[i]}, {upper[i]}, start {start[i]})");

        double[] ToBounded(Vector<double> x)
        {
            var p = new double[n];
            // Rounding can land a point one ulp beyond a bound (lower + width·1.0 > upper): clamp, the model refuses outside.
            for (int i = 0; i < n; i++) p[i] = Math.Clamp(lower[i] + (upper[i] - lower[i]) / (1 + Math.Exp(-x[i])), lower[i], upper[i]);
            return p;
        }
        // A start on a bound is moved a hair inside it: the logit of 0 or 1 is infinite.
        var x0 = Vector<double>.Build.Dense(n, i =>
        {
            double u = Math.Clamp((start[i] - lower[i]) / (upper[i] - lower[i]), 1e-6, 1 - 1e-6);
            return Math.Log(u / (1 - u));
        });

        double[] best = (double[])start.Clone();
        double bestValue = double.PositiveInfinity;
        int evaluations = 0;
        double Value(Vector<double> x)
        {
            cancellation.ThrowIfCancellationRequested();
            if (evaluations >= maxEvaluations) throw new EvaluationBudgetSpent();
            var p = ToBounded(x);
            double f = objective(p);
            evaluations++;
            if (double.IsNaN(f)) f = double.MaxValue;
            if (f < bestValue) { bestValue = f; best = p; }
            return f;
        }

        bool converged = false;
        try
        {
            // An initial step of 0.5 on the logit scale: about an eighth of the range around the middle. A simplex
            // can collapse early on a flat or stepped surface, so it is restarted from the best point (smaller steps)
            // until a restart no longer improves the value by more than the tolerance.
            double step = 0.5;
            for (int restart = 0; restart < 5; restart++)
            {
                double before = bestValue;
                var from = restart == 0 ? x0 : Vector<double>.Build.Dense(n, i =>
                {
                    double u = Math.Clamp((best[i] - lower[i]) / (upper[i] - lower[i]), 1e-9, 1 - 1e-9);
                    return Math.Log(u / (1 - u));
                });
                NelderMeadSimplex.Minimum(ObjectiveFunction.Value(Value), from, Vector<double>.Build.Dense(n, step), tolerance, int.MaxValue);
                if (restart > 0 && !(bestValue < before - tolerance * Math.Max(Math.Abs(before), 1e-12))) { converged = true; break; }
                step /= 2;
            }
        }
        catch (EvaluationBudgetSpent)
        {
        }
        catch (MaximumIterationsException)
        {
        }
        return new Minimum(best, bestValue, evaluations, converged);
    }

    private sealed class EvaluationBudgetSpent : Exception
    {
        public EvaluationBudgetSpent() : base("the evaluation budget is spent") { }
    }
}
