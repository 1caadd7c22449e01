using HccSim.Core.Distributions;
using HccSim.Core.Model;
using static HccSim.Core.Compilation.Validation.ErrorText;

namespace HccSim.Core.Compilation.Validation;

/// <summary>A continuous attribute has bounds min ≤ max that its distribution can be drawn within.</summary>
internal static class ContinuousAttributeRule
{
    public static void Check(ContinuousAttribute n, string el, ModelErrorList errors)
    {
        if (double.IsNaN(n.Min) || double.IsNaN(n.Max) || !(n.Max >= n.Min))
            errors.Add(n, el, $"bounds must satisfy min ≤ max (got min {Num(n.Min)}, max {Num(n.Max)})");
        switch (n.Distribution)
        {
            case NormalAttribute na:
                if (!double.IsFinite(na.Mean)) errors.Add(n, el, $"normal mean must be finite (got {Num(na.Mean)})");
                if (!(na.Sd > 0) || !double.IsFinite(na.Sd)) errors.Add(n, el, $"normal sd must be a finite number > 0 (got {Num(na.Sd)})");
                else if (n.Max >= n.Min && NormalMath.Cdf((n.Max - na.Mean) / na.Sd) - NormalMath.Cdf((n.Min - na.Mean) / na.Sd) < 1e-12)
                    errors.Add(n, el, $"bounds [{Num(n.Min)}, {Num(n.Max)}] hold almost no mass of normal({Num(na.Mean)}, {Num(na.Sd)}) (expected bounds around the mean)");
                break;
            case UniformAttribute:
                if (!double.IsFinite(n.Min) || !double.IsFinite(n.Max))
                    errors.Add(n, el, "a uniform attribute needs finite min and max");
                break;
            case ConstantAttribute k:
                if (!(k.Value >= n.Min && k.Value <= n.Max))
                    errors.Add(n, el, $"constant {Num(k.Value)} lies outside its bounds [{Num(n.Min)}, {Num(n.Max)}]");
                break;
        }
    }
}
