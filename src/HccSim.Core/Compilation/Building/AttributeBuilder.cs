using HccSim.Core.Distributions;
using HccSim.Core.Model;

namespace HccSim.Core.Compilation.Building;

/// <summary>Compiles a patient attribute to what the engine draws from: cumulative shares, or a truncated distribution's numbers.</summary>
internal static class AttributeBuilder
{
    public static CompiledAttribute Build(PatientAttribute a)
    {
        switch (a)
        {
            case CategoricalAttribute c:
                var cum = new double[c.Levels.Count];
                double acc = 0;
                for (int i = 0; i < cum.Length; i++) { acc += c.Levels[i].Share; cum[i] = acc; }
                // Shares sum to 1 within tolerance; the last bound is exactly 1 so every draw lands in a level,
                // and zero-share levels at the end are never chosen.
                int last = cum.Length - 1;
                while (last > 0 && c.Levels[last].Share == 0) last--;
                for (int i = last; i < cum.Length; i++) cum[i] = 1.0;
                return new CompiledAttribute
                {
                    Name = c.Name, Kind = AttributeKind.Categorical, CumulativeShares = cum,
                    Levels = c.Levels.Select(l => l.Name).ToArray(),
                };
            case ContinuousAttribute n:
                return n.Distribution switch
                {
                    NormalAttribute na => new CompiledAttribute
                    {
                        Name = n.Name, Kind = AttributeKind.Normal, Mean = na.Mean, Sd = na.Sd, Min = n.Min, Max = n.Max,
                        LowerTail = NormalMath.Cdf((n.Min - na.Mean) / na.Sd), UpperTail = NormalMath.Cdf((n.Max - na.Mean) / na.Sd),
                    },
                    UniformAttribute => new CompiledAttribute { Name = n.Name, Kind = AttributeKind.Uniform, Min = n.Min, Max = n.Max },
                    ConstantAttribute k => new CompiledAttribute { Name = n.Name, Kind = AttributeKind.Constant, Mean = k.Value, Min = n.Min, Max = n.Max },
                    _ => ThrowHelper.Unreachable<CompiledAttribute>("unknown attribute distribution"),
                };
            default:
                return ThrowHelper.Unreachable<CompiledAttribute>("unknown attribute kind");
        }
    }
}
