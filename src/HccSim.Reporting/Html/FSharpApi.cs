using System.Reflection;
using Microsoft.FSharp.Core;

namespace HccSim.Reporting.Html;

/// <summary>
/// Calls a member of Plotly.NET's F# API from C# the way F# calls it: by naming only the optional arguments it sets.
/// F# optional arguments (<c>?TickFormat</c>) reach C# as plain <see cref="FSharpOption{T}"/> parameters that must all be
/// passed — LinearAxis.init has 90 — so this passes each named one as Some(value) and None (null) for the rest. A name the
/// member does not have, or a value of the wrong type, throws: every figure is built by the report's tests.
/// </summary>
internal static class FSharpApi
{
    /// <summary>
    /// <paramref name="type"/>.<paramref name="member"/>&lt;<paramref name="typeArguments"/>&gt;(…) with the properties of
    /// <paramref name="arguments"/> (an anonymous object; a null property is None).
    /// </summary>
    public static T Call<T>(Type type, string member, object arguments, params Type[] typeArguments)
    {
        var method = type.GetMethods(BindingFlags.Public | BindingFlags.Static)
            .SingleOrDefault(m => m.Name == member && m.GetGenericArguments().Length == typeArguments.Length)
            ?? throw new MissingMethodException($"{type.FullName}.{member} with {typeArguments.Length} type arguments is not in Plotly.NET {type.Assembly.GetName().Version}");
        if (typeArguments.Length > 0) method = method.MakeGenericMethod(typeArguments);
        var parameters = method.GetParameters();
        var given = arguments.GetType().GetProperties().ToDictionary(p => p.Name, p => p.GetValue(arguments), StringComparer.Ordinal);
        foreach (var name in given.Keys)
            if (!parameters.Any(p => p.Name == name)) throw new ArgumentException($"{type.Name}.{member} has no argument {name}", nameof(arguments));
        var values = parameters.Select(p => given.TryGetValue(p.Name!, out var v) && v is not null ? Some(p, v) : null).ToArray();
        return (T)method.Invoke(null, values)!;
    }

    private static object Some(ParameterInfo parameter, object value)
    {
        var option = parameter.ParameterType;
        if (!option.IsGenericType || option.GetGenericTypeDefinition() != typeof(FSharpOption<>))
            throw new ArgumentException($"{parameter.Member.Name}'s argument {parameter.Name} is not optional");
        if (!option.GetGenericArguments()[0].IsInstanceOfType(value))
            throw new ArgumentException($"{parameter.Member.Name}'s argument {parameter.Name} takes {option.GetGenericArguments()[0]}, not {value.GetType()}");
        return option.GetMethod(nameof(FSharpOption<int>.Some))!.Invoke(null, new[] { value })!;
    }
}
