using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;

namespace HccSim.Core.Model;

/// <summary>
/// A SHA-256 of a model's canonical text (every property, in declaration order, numbers round-trippable),
/// recorded with results so a run can be tied to the exact model that made it. Scenario files are
/// fingerprinted by their own bytes; this is for models built in code.
/// </summary>
public static class ModelFingerprint
{
    public static string Sha256(CohortModel model)
    {
        var text = new StringBuilder();
        Write(text, model);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    private static void Write(StringBuilder text, object? value)
    {
        switch (value)
        {
            case null: text.Append("null"); break;
            case string s: text.Append('"').Append(s.Replace("\"", "\\\"")).Append('"'); break;
            case double d: text.Append(d.ToString("R", CultureInfo.InvariantCulture)); break;
            case Enum or bool or int or long: text.Append(Convert.ToString(value, CultureInfo.InvariantCulture)); break;
            case IDictionary dict:
                text.Append('{');
                foreach (var key in dict.Keys.Cast<object>().OrderBy(k => k.ToString(), StringComparer.Ordinal))
                {
                    Write(text, key); text.Append(':'); Write(text, dict[key]); text.Append(',');
                }
                text.Append('}');
                break;
            case IEnumerable list:
                text.Append('[');
                foreach (var item in list) { Write(text, item); text.Append(','); }
                text.Append(']');
                break;
            default:
                var type = value.GetType();
                text.Append(type.Name).Append('(');
                foreach (var p in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0 && p.Name != "EqualityContract"))
                {
                    text.Append(p.Name).Append('=');
                    Write(text, p.GetValue(value));
                    text.Append(';');
                }
                text.Append(')');
                break;
        }
    }
}
