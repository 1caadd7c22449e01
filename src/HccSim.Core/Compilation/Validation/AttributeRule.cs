using HccSim.Core.Model;

namespace HccSim.Core.Compilation.Validation;

/// <summary>Attributes have unique, non-empty names; each kind is checked by its own rule.</summary>
internal static class AttributeRule
{
    /// <summary>Checks the attributes; returns them by name (the first of each name), in the order written.</summary>
    public static IReadOnlyDictionary<string, PatientAttribute> Check(IReadOnlyList<PatientAttribute> attributes, ModelErrorList errors)
    {
        var byName = new Dictionary<string, PatientAttribute>(StringComparer.Ordinal);
        foreach (var a in attributes)
        {
            string el = $"attribute '{a.Name}'";
            if (string.IsNullOrWhiteSpace(a.Name)) errors.Add(a, "attribute", "name must not be empty");
            if (!byName.TryAdd(a.Name, a)) { errors.Add(a, el, "is defined more than once (expected unique attribute names)"); continue; }
            switch (a)
            {
                case CategoricalAttribute c: CategoricalAttributeRule.Check(c, el, errors); break;
                case ContinuousAttribute n: ContinuousAttributeRule.Check(n, el, errors); break;
            }
        }
        return byName;
    }
}
