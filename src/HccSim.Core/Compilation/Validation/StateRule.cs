using HccSim.Core.Model;
using static HccSim.Core.Compilation.Validation.ErrorText;

namespace HccSim.Core.Compilation.Validation;

/// <summary>A state's cost and utility are in range; a dead state accrues nothing and has no clinical flags.</summary>
internal static class StateRule
{
    public static void Check(State st, string element, double horizonMonths, ModelErrorList errors)
    {
        if (!(Math.Abs(st.CostPerMonth) * horizonMonths <= ModelCompiler.MaxCost))
            errors.Add(st, element, $"cost per month must be finite and at most {ModelCompiler.MaxCost:G3} over the horizon (got {Num(st.CostPerMonth)})");
        if (!(st.Utility >= -1 && st.Utility <= 1)) errors.Add(st, element, $"utility must be between −1 and 1 (got {Num(st.Utility)})");
        if (st.IsDead && (st.CostPerMonth != 0 || st.Utility != 0 || st.HasRewardsByTime))
            errors.Add(st, element, "is dead: it accrues no cost or utility (expected cost 0 and utility 0; put a cost of dying on the transition into it)");
        if (st.IsDead && (st.Flags & (StateFlags.ProgressionFree | StateFlags.CancerFree | StateFlags.Response)) != 0)
            errors.Add(st, element, "is dead and cannot also be progression-free, cancer-free or a response");
    }
}
