using HccSim.Core.Model;
using static HccSim.Core.Compilation.Validation.ErrorText;

namespace HccSim.Core.Compilation.Validation;

/// <summary>A chance node has branches to nodes of its pathway whose probabilities sum to 1, and valid one-offs and tags.</summary>
internal static class ChanceNodeRule
{
    public static void Check(ChanceNode c, string ce, PathwayNodes nodes, ISet<string> tags, ModelErrorList errors)
    {
        if (c.Branches.Count == 0) { errors.Add(c, ce, "has no branches (expected at least one)"); return; }
        foreach (var b in c.Branches)
        {
            if (!(b.Probability >= 0 && b.Probability <= 1))
                errors.Add(b, $"{ce}, branch to '{b.To}'", $"probability must be in [0, 1] (got {Num(b.Probability)})");
            if (!nodes.Contains(b.To)) errors.Add(b, $"{ce}, branch", $"to {nodes.Undefined(b.To)}");
            TagRule.Check(b, $"{ce}, branch to '{b.To}'", b.Tags, tags, errors);
        }
        double sum = c.Branches.Sum(b => b.Probability);
        if (Math.Abs(sum - 1) > ModelCompiler.SumTolerance) errors.Add(c, ce, $"branch probabilities must sum to 1 (got {Num(sum)})");
        OneOffRule.Check(c, ce, c.Cost, c.UtilityToll, errors);
        TagRule.Check(c, ce, c.Tags, tags, errors);
    }
}
