using Microsoft.FSharp.Core;
using Plotly.NET;
using Plotly.NET.CSharp;
using Plotly.NET.LayoutObjects;
using static Plotly.NET.StyleParam;
using FSharpChart = Plotly.NET.Chart;
using Shape = Plotly.NET.LayoutObjects.Shape;

namespace HccSim.Reporting.Html;

/// <summary>
/// The report's look, built with Plotly.NET: the axes, layout and legend every figure shares, and the trace options that
/// Plotly.NET.CSharp's Chart builders and extensions do not take (hover templates, error bars, marker sizes, tick formats),
/// set through Plotly.NET's F# API (<see cref="FSharpApi"/>). The sections build their traces with the C# builders and
/// UseDefaults: false, so no Plotly.NET template is written into every chart. A missing value is NaN: Plotly.NET writes
/// it as "NaN", which plotly.js takes as no value (a gap in a line, no error bar at that point).
/// </summary>
internal static class Plot
{
    private const string FontFamily = "system-ui, -apple-system, Segoe UI, Roboto, sans-serif";
    private const string GridColour = "#e5e5e5";

    private static FSharpOption<T> Some<T>(T value) => FSharpOption<T>.Some(value);

    /// <summary>A CSS colour as written ("#0072B2", "rgba(…)").</summary>
    public static Color Colour(string css) => Color.fromString(css);

    /// <summary>A palette colour (#RRGGBB) at 20% opacity, for a confidence band, written as rgba() (which every plotly.js reads).</summary>
    public static Color Band(string hex)
    {
        int rgb = Convert.ToInt32(hex[1..], 16);
        return Colour($"rgba({rgb >> 16},{(rgb >> 8) & 255},{rgb & 255},0.2)");
    }

    /// <summary>An axis with the report's grid; options left null keep plotly's defaults.</summary>
    public static LinearAxis Axis(
        string title, (double Min, double Max)? range = null, string? tickFormat = null, bool log = false, bool toZero = false,
        bool reversed = false, bool autoMargin = false, IReadOnlyList<double>? tickValues = null, IReadOnlyList<string>? tickText = null)
        => FSharpApi.Call<LinearAxis>(typeof(LinearAxis), nameof(LinearAxis.init), new
        {
            Title = Heading(title),
            AxisType = log ? AxisType.Log : null,
            AutoRange = reversed ? AutoRange.Reversed : null,
            RangeMode = toZero ? RangeMode.ToZero : null,
            Range = range is { } r ? StyleParam.Range.NewMinMax(r.Min, r.Max) : null,
            TickMode = tickValues is null ? null : TickMode.Array,
            TickVals = tickValues,
            TickText = tickText,
            AutoMargin = autoMargin ? TickAutoMargin.All : null,
            TickFormat = tickFormat,
            GridColor = Colour(GridColour),
            ZeroLine = false,
        }, typeof(double), typeof(double), typeof(double), typeof(double), typeof(double), typeof(string), typeof(string), typeof(string));

    /// <summary>Months since the start of treatment on the horizon: a tick a year, labelled in months and years.</summary>
    public static LinearAxis MonthAxis(double horizon)
    {
        int years = (int)(horizon / 12);
        return Axis("months since the start of treatment", range: (0, horizon),
            tickValues: Enumerable.Range(0, years + 1).Select(y => y * 12.0).ToArray(),
            tickText: Enumerable.Range(0, years + 1).Select(y => $"{y * 12}<br>({y} y)").ToArray());
    }

    /// <summary>A trace's markers: size, one colour or a colour a point, opacity, symbol.</summary>
    public static Plotly.NET.TraceObjects.Marker Marker(
        int size, string? colour = null, IEnumerable<string>? colours = null, double? opacity = null, MarkerSymbol? symbol = null)
        => FSharpApi.Call<Plotly.NET.TraceObjects.Marker>(typeof(Plotly.NET.TraceObjects.Marker), nameof(Plotly.NET.TraceObjects.Marker.init), new
        {
            Size = size,
            // One colour, or one a point (Color.fromColors: Marker.init's Colors is a pie's marker.colors).
            Color = colour is not null ? Colour(colour) : colours is not null ? Color.fromColors(colours.Select(Colour).ToArray()) : null,
            Opacity = opacity,
            Symbol = symbol,
        });

    /// <summary>A line drawn in steps (across to the next point, then up or down to it): a histogram's outline.</summary>
    public static Line StepLine(string colour)
        => FSharpApi.Call<Line>(typeof(Line), nameof(Line.init), new { Color = Colour(colour), Width = 1.5, Shape = StyleParam.Shape.Hv });

    /// <summary>The plot's margins in pixels.</summary>
    public static Margin Margins(int left, int right, int top, int bottom) => Margin.init<int, int, int, int, int, bool>(Some(left), Some(right), Some(top), Some(bottom), null, null);

    /// <summary>A title (a chart's or an axis's), escaped for plotly; in the figure's font unless a size is given.</summary>
    public static Title Heading(string text, double? fontSize = null)
        => FSharpApi.Call<Title>(typeof(Title), nameof(Title.init), new { Text = ReportText.P(text), Font = fontSize is { } size ? Font.init(null, Some(size), null) : null });

    /// <summary>A vertical line across the plot at x (the tornado's base case; dashed: the EVPI beside the EVPPIs).</summary>
    public static Shape VerticalLine(double x, bool dashed = false)
        => FSharpApi.Call<Shape>(typeof(Shape), nameof(Shape.init), new
        {
            ShapeType = ShapeType.Line, X0 = x, X1 = x, Y0 = 0, Y1 = 1, Yref = "paper",
            Line = FSharpApi.Call<Line>(typeof(Line), nameof(Line.init), new { Color = Colour(dashed ? "#666" : "#000"), Width = 1.0, Dash = dashed ? DrawingStyle.Dash : null }),
        }, typeof(double), typeof(double), typeof(int), typeof(int));

    /// <summary>
    /// The traces as one figure with the report's layout: white plot, closest-point hover, the legend in a row below the
    /// plot (or, with <paramref name="legendRight"/>, one entry a line to its right in that font size).
    /// </summary>
    public static GenericChart Figure(
        IEnumerable<GenericChart> traces, LinearAxis x, LinearAxis y, int height = 420, Margin? margin = null, double? legendRight = null,
        string? title = null, BarMode? barMode = null, IEnumerable<Shape>? shapes = null)
    {
        var layout = FSharpApi.Call<Layout>(typeof(Layout), nameof(Layout.init), new
        {
            Title = title is null ? null : Heading(title, 14),
            Margin = margin ?? Margins(70, 20, 20, 60),
            Height = height,
            Font = Font.init(Some(StyleParam.FontFamily.NewCustom(FontFamily)), Some(13.0), null),
            PlotBGColor = Colour("#fff"),
            HoverMode = HoverMode.Closest,
            BarMode = barMode,
            Shapes = shapes?.ToArray(),
        }, typeof(string));
        var chart = Plotly.NET.CSharp.Chart.Combine(traces)
            .With(FSharpChart.withLayout(layout))
            .With(FSharpChart.withXAxis(x, null))
            .With(FSharpChart.withYAxis(y, null));
        return legendRight is { } size
            ? chart.WithLegendStyle(Orientation: Orientation.Vertical, X: 1.02, Y: 1.0, Font: Font.init(null, Some(size), null))
            : chart.WithLegendStyle(Orientation: Orientation.Horizontal, Y: -0.22);
    }

    /// <summary>Applies one of the F# API's chart styles.</summary>
    public static GenericChart With(this GenericChart chart, FSharpFunc<GenericChart, GenericChart> style) => style.Invoke(chart);

    /// <summary>What hovering over the trace shows: a plotly hover template.</summary>
    public static GenericChart WithHover(this GenericChart chart, string template)
        => GenericChart.mapTrace(FSharpApi.Call<FSharpFunc<Trace, Trace>>(typeof(TraceStyle), nameof(TraceStyle.TextLabel), new { HoverTemplate = template }, typeof(string), typeof(Trace)), chart);

    /// <summary>No hover label at all (a band's edges).</summary>
    public static GenericChart WithoutHover(this GenericChart chart)
        => GenericChart.mapTrace(FSharpApi.Call<FSharpFunc<Trace, Trace>>(typeof(TraceStyle), nameof(TraceStyle.TextLabel), new { HoverInfo = HoverInfo.Skip }, typeof(string), typeof(Trace)), chart);

    /// <summary>Traces of one group show and hide together from the legend.</summary>
    public static GenericChart InGroup(this GenericChart chart, string group) => chart.WithTraceInfo(LegendGroup: group);

    /// <summary>Asymmetric error bars along x: plus and minus per point (NaN: none at that point).</summary>
    public static GenericChart WithXError(this GenericChart chart, IEnumerable<double> plus, IEnumerable<double> minus, string colour)
        => chart.With(ErrorBars(nameof(FSharpChart.withXErrorStyle), plus, minus, colour));

    /// <summary>Asymmetric error bars along y: plus and minus per point (NaN: none at that point).</summary>
    public static GenericChart WithYError(this GenericChart chart, IEnumerable<double> plus, IEnumerable<double> minus, string colour)
        => chart.With(ErrorBars(nameof(FSharpChart.withYErrorStyle), plus, minus, colour));

    private static FSharpFunc<GenericChart, GenericChart> ErrorBars(string style, IEnumerable<double> plus, IEnumerable<double> minus, string colour)
        => FSharpApi.Call<FSharpFunc<GenericChart, GenericChart>>(typeof(FSharpChart), style,
            new { Visible = true, Type = ErrorType.Data, Symmetric = false, Array = plus.ToArray(), Arrayminus = minus.ToArray(), Color = Colour(colour) },
            typeof(double), typeof(double));
}
