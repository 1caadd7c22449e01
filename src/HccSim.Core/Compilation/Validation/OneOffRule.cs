using static HccSim.Core.Compilation.Validation.ErrorText;

namespace HccSim.Core.Compilation.Validation;

/// <summary>A one-off cost and utility toll (of a transition or chance node) stay inside the exact sums' range.</summary>
internal static class OneOffRule
{
    public static void Check(object subject, string element, double cost, double toll, ModelErrorList errors)
    {
        if (!(Math.Abs(cost) <= ModelCompiler.MaxOneOffCost)) errors.Add(subject, element, $"cost must be finite and at most {ModelCompiler.MaxOneOffCost:G3} (got {Num(cost)})");
        if (!(Math.Abs(toll) <= ModelCompiler.MaxToll)) errors.Add(subject, element, $"utility toll must be a loss of at most {ModelCompiler.MaxToll} QALYs (got {Num(toll)})");
    }
}
