using HccSim.Core.Compilation.Building;
using HccSim.Core.Compilation.Validation;
using HccSim.Core.Model;

namespace HccSim.Core.Compilation;

/// <summary>
/// Validates a <see cref="CohortModel"/> and compiles it to the engine's flat tables. Every problem is
/// collected before failing, each naming its element and what was expected; nothing runs on a bad model.
/// The rules live in <c>Validation/</c> (one per concern), the table builders in <c>Building/</c>.
/// </summary>
public static class ModelCompiler
{
    /// <summary>Shares, chance probabilities and similar must sum to 1 within this.</summary>
    public const double SumTolerance = 1e-9;

    /// <summary>Tags are bits of a 64-bit mask in the engine.</summary>
    public const int MaxTags = 64;
    /// <summary>Drugs priced apart in one pathway are bits of a 64-bit mask in the engine.</summary>
    public const int MaxDrugs = 64;

    /// <summary>Bounds that keep every per-patient total inside the exact sums' range (a unit error, not a price).</summary>
    public const double MaxCost = 1e13, MaxOneOffCost = 1e12, MaxToll = 10;

    public static CompiledModel Compile(CohortModel model)
    {
        var errors = Validate(model);
        if (errors.Count > 0) throw new ModelValidationException(errors);
        return ModelBuilder.Build(model);
    }

    /// <summary>
    /// Every problem with the model, in the order of the model (horizon, discounting, attributes, background
    /// mortality, strategies); empty when it can be compiled. Each error's <see cref="ModelError.Subject"/> is the
    /// model object at fault.
    /// </summary>
    public static IReadOnlyList<ModelError> Validate(CohortModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return ModelValidator.Validate(model);
    }
}
