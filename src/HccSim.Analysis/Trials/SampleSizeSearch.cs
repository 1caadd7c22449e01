namespace HccSim.Analysis.Trials;

/// <summary>
/// The smallest sample size (a multiple of the allocation block) whose simulated power reaches a target: doubling until
/// it does, then bisection over nested patients (every size draws from the same patients, so power changes only by the
/// patients added). An event-driven design keeps its events per patient as N changes.
/// </summary>
public static class SampleSizeSearch
{
    /// <summary>Sizes above this are not searched: the effect is too small or the follow-up too short.</summary>
    public const int MaxPatients = 100_000;

    /// <param name="evaluate">Simulates a design with an optional stride (nested patients); the search's only contact with the simulator.</param>
    /// <param name="tried">Told each size tried and its power (for a power curve and progress).</param>
    public static TrialResult Find(TrialDesign design, double target, Func<TrialDesign, int?, TrialResult> evaluate, Action<int, double>? tried = null)
    {
        if (!(target > 0 && target < 1)) throw new ArgumentException($"--power expects a share between 0 and 1 (got {target})");
        int block = design.ControlShare + design.ExperimentalShare;
        TrialDesign With(int patients) => design.WithSampleSize(patients);
        TrialResult Evaluate(int patients, int? stride)
        {
            var r = evaluate(With(patients), stride);
            tried?.Invoke(patients, r.Power);
            return r;
        }
        int lo = block, hi = Math.Max(block, design.SampleSize / block * block);
        var high = Evaluate(hi, null);
        while (high.Power < target)
        {
            lo = hi;
            hi *= 2;
            if (hi > MaxPatients) throw new ArgumentException($"no sample size up to {MaxPatients:N0} reaches power {target} (the effect may be too small or the follow-up too short)");
            high = Evaluate(hi, null);
        }
        int nested = hi;
        high = Evaluate(hi, nested);
        while (hi - lo > block)
        {
            int mid = (lo + hi) / 2 / block * block;
            if (mid <= lo) break;
            var r = Evaluate(mid, nested);
            if (r.Power >= target) (hi, high) = (mid, r); else lo = mid;
        }
        return high;
    }
}
