using HccSim.Core.Model;
using static HccSim.Core.Compilation.Validation.ErrorText;

namespace HccSim.Core.Compilation.Validation;

/// <summary>
/// A state's cost and utility over time: each a valid profile (change points from 0, increasing) of values in range,
/// given in place of the constant, on the time in the state or a named clock that runs in the state.
/// </summary>
internal static class RewardRule
{
    public static void Check(State st, string element, double horizonMonths, IReadOnlyDictionary<string, NamedClock> clocks, ModelErrorList errors)
    {
        if (st.CostByTime is { } cost)
        {
            Profile(cost, "cost by time", st.Name, element, clocks, errors);
            if (st.CostPerMonth != 0) errors.Add(st, element, "gives both a constant cost and a cost by time (expected one of them)");
            foreach (double v in cost.Values)
                if (!(Math.Abs(v) * horizonMonths <= ModelCompiler.MaxCost))
                {
                    errors.Add(cost, element, $"cost by time: each cost per month must be finite and at most {ModelCompiler.MaxCost:G3} over the horizon (got {Num(v)})");
                    break;
                }
        }
        if (st.UtilityByTime is { } utility)
        {
            Profile(utility, "utility by time", st.Name, element, clocks, errors);
            if (st.Utility != 0) errors.Add(st, element, "gives both a constant utility and a utility by time (expected one of them)");
            foreach (double v in utility.Values)
                if (!(v >= -1 && v <= 1))
                {
                    errors.Add(utility, element, $"utility by time: each utility must be between −1 and 1 (got {Num(v)})");
                    break;
                }
        }
    }

    private static void Profile(TimeProfile profile, string what, string state, string element, IReadOnlyDictionary<string, NamedClock> clocks, ModelErrorList errors)
    {
        foreach (var problem in profile.Problems()) errors.Add(profile, element, $"{what} {problem}");
        if (profile.ClockName is { } name && ClockRule.Use(name, state, clocks) is { } clockProblem)
            errors.Add(profile, element, $"{what} {clockProblem}");
    }
}
