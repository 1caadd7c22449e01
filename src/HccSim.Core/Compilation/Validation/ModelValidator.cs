using HccSim.Core.Model;

namespace HccSim.Core.Compilation.Validation;

/// <summary>
/// Runs every rule over a model, in an order that follows the model's own (horizon, discounting, attributes,
/// background mortality, then each strategy), and collects every problem rather than stopping at the first.
/// </summary>
internal static class ModelValidator
{
    public static IReadOnlyList<ModelError> Validate(CohortModel model)
    {
        var errors = new ModelErrorList();
        HorizonRule.Check(model, errors);
        DiscountingRule.Check(model.Discounting, errors);
        var attributes = AttributeRule.Check(model.Attributes, errors);
        AgeAttributeRule.Check(model, attributes, errors);
        LifeTableRule.Check(model, attributes, errors);
        if (!StrategyNameRule.Check(model, errors)) return errors.Items;

        // Tags are counted across strategies: they share the engine's 64-bit mask.
        var tags = new HashSet<string>(StringComparer.Ordinal);
        foreach (var strategy in model.Strategies)
        {
            switch (strategy)
            {
                case PathwayStrategy p: PathwayRule.Check(p, model, attributes, tags, errors); break;
                case TieredStrategy t: TieredRule.Check(t, model, attributes, errors); break;
            }
        }
        TagRule.CheckCount(model, tags, errors);
        return errors.Items;
    }
}
