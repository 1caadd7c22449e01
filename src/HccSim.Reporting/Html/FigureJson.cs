using System.Buffers;
using System.Collections;
using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Plotly.NET;

namespace HccSim.Reporting.Html;

/// <summary>
/// A Plotly.NET figure as the JSON plotly.js reads ({"data", "layout", "frames"}), written straight from its objects with
/// <see cref="Utf8JsonWriter"/>. Plotly.NET's own <see cref="GenericChart.toFigureJson"/> goes through Newtonsoft's
/// dynamic-object path, which compiles an expression tree per member and was a sixth of a small run's time; the figures
/// are Plotly.NET's all the same, and the tests hold this JSON equal to Plotly.NET's for every chart of a report.
/// As Plotly.NET writes them: a figure object's properties (static and dynamic) in its own order, a colour as its value,
/// a number as Newtonsoft writes it (shortest round-trip text, "1.0" for a whole double) and NaN or an infinity as the
/// strings "NaN", "Infinity", "-Infinity" (plotly.js reads them as no value). Strings and names are \u-escaped by
/// <see cref="JavaScriptEncoder.Default"/> (&lt;, &gt;, &amp;, ' and non-ASCII), so the JSON can stand in a script element.
/// </summary>
internal static class FigureJson
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.Default };

    /// <summary>Writes <paramref name="chart"/>'s figure to <paramref name="stream"/> as UTF-8 JSON.</summary>
    public static void Write(Stream stream, GenericChart chart)
    {
        using var writer = new Utf8JsonWriter(stream, Options);
        Write(writer, chart);
    }

    /// <summary>The figure's JSON as text.</summary>
    public static string Text(GenericChart chart)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, Options)) Write(writer, chart);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void Write(Utf8JsonWriter writer, GenericChart chart)
    {
        var figure = GenericChart.toFigure(chart);
        writer.WriteStartObject();
        writer.WritePropertyName("data");
        Value(writer, figure.Data);
        writer.WritePropertyName("layout");
        Value(writer, figure.Layout);
        writer.WritePropertyName("frames");
        Value(writer, figure.Frames);
        writer.WriteEndObject();
    }

    private static void Value(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null: writer.WriteNullValue(); break;
            case string s: writer.WriteStringValue(s); break;
            case bool b: writer.WriteBooleanValue(b); break;
            case double d: Number(writer, d); break;
            case float f: Number(writer, f); break;
            case int i: writer.WriteNumberValue(i); break;
            case long l: writer.WriteNumberValue(l); break;
            case double[] numbers:
                writer.WriteStartArray();
                foreach (double d in numbers) Number(writer, d);
                writer.WriteEndArray();
                break;
            // Plotly.NET's ColorConverter writes a colour's value: a CSS string, or a colour a point.
            case Color colour: Value(writer, colour.Value); break;
            case DynamicObj.DynamicObj obj:
                writer.WriteStartObject();
                foreach (var property in obj.GetProperties(true))
                {
                    writer.WritePropertyName(property.Key);
                    Value(writer, property.Value);
                }
                writer.WriteEndObject();
                break;
            case IEnumerable items:
                writer.WriteStartArray();
                foreach (var item in items) Value(writer, item);
                writer.WriteEndArray();
                break;
            default:
                // A kind of value no report figure has held so far: say so rather than write something plotly.js misreads.
                throw new NotSupportedException($"a figure value of type {value.GetType()} (FigureJson writes strings, booleans, numbers, colours, Plotly.NET objects and sequences of them)");
        }
    }

    /// <summary>A double or float as Newtonsoft writes it: "R" text with ".0" added to a whole number; NaN and infinities as strings.</summary>
    private static void Number<T>(Utf8JsonWriter writer, T x) where T : IFloatingPointIeee754<T>, IUtf8SpanFormattable
    {
        if (!T.IsFinite(x)) { writer.WriteStringValue(T.IsNaN(x) ? "NaN" : T.IsPositive(x) ? "Infinity" : "-Infinity"); return; }
        Span<byte> text = stackalloc byte[40];
        if (!x.TryFormat(text, out int length, "R", CultureInfo.InvariantCulture)) throw new InvalidOperationException($"{x} does not fit 40 bytes");
        if (text[..length].IndexOfAny(".Ee"u8) < 0) { text[length++] = (byte)'.'; text[length++] = (byte)'0'; }
        writer.WriteRawValue(text[..length], skipInputValidation: true);
    }
}
