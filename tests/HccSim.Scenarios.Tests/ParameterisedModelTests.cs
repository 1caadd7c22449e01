using HccSim.Core.Engine;
using HccSim.Scenarios.Parameters;

namespace HccSim.Scenarios.Tests;

/// <summary>The seam analyses use: a vector of named parameters in, a compiled model out — and a wrong vector refused by name.</summary>
public sealed class ParameterisedModelTests : IDisposable
{
    private readonly TempScenario _temp = new();
    public void Dispose() => _temp.Dispose();

    private static ParameterPath P(string text) => ParameterPath.Parse(text, out _)!;

    // Both states' utility written 0.8, so one parameter may tie the two places.
    private static readonly string Text = TempScenario.Valid.Replace("utility: 0.6", "utility: 0.8");

    private ParameterisedModel Model(string file, params ParameterSpec[] specs)
        => new(ScenarioLoader.Define(_temp.Write(file, Text)), specs);

    private static readonly ParameterSpec Rate = new("progression rate", new[] { P("strategies.base.transitions[alive->progressed].rate") }, 0.001, 1);
    private static readonly ParameterSpec Utility = new("utility", new[] { P("strategies.base.states.alive.utility"), P("strategies.base.states.progressed.utility") }, 0, 1);

    private static double[] Costs(Core.Compilation.CompiledModel model)
        => Simulator.Run(model, new SimulationOptions { Patients = 500, Seed = 3, Threads = 1 }).Strategies.SelectMany(s => new[] { s.DiscountedCosts.Mean, s.DiscountedQalys.Mean }).ToArray();

    [Fact]
    public void EachParameterKnowsItsPlacesUnitAndWrittenValue()
    {
        var model = Model("a.yaml", Rate, Utility);
        Assert.Equal(new[] { "progression rate", "utility" }, model.Parameters.Select(p => p.Name));
        Assert.Equal(new[] { 0.05, 0.8 }, model.BaseValues());
        Assert.Equal("/month", model.Parameters[0].Unit);
        Assert.Equal(2, model.Parameters[1].Places.Count);
        Assert.Equal(12, model.Parameters[1].Places[0].Line);
        Assert.EndsWith("a.yaml:12:" + model.Parameters[1].Places[0].Column, model.Parameters[1].Where);
    }

    [Fact]
    public void TheBaseValuesBuildTheModelAsWrittenAndOtherValuesTheModelWithThemWritten()
    {
        var model = Model("b.yaml", Rate, Utility);
        Assert.Equal(Costs(model.Base.RequireSimulated()), Costs(model.Build(model.BaseValues())));
        // Both places of a tied parameter take its value: the same bits as a file with 0.7 written at both.
        string written = _temp.Write("b7.yaml", Text.Replace("rate: 0.05/month", "rate: 0.08/month").Replace("utility: 0.8", "utility: 0.7"));
        Assert.Equal(Costs(ScenarioLoader.Load(written).RequireSimulated()), Costs(model.Build(new[] { 0.08, 0.7 })));
    }

    [Fact]
    public void AVectorOfTheWrongLengthIsRefusedNamingTheParameters()
    {
        var model = Model("c.yaml", Rate, Utility);
        var e = Assert.Throws<ArgumentException>(() => model.Build(new[] { 0.05 }));
        Assert.Contains("1 values for 2 parameters", e.Message);
        Assert.Contains("progression rate, utility", e.Message);
    }

    [Theory]
    [InlineData(1.5)]
    [InlineData(-0.1)]
    [InlineData(double.NaN)]
    public void AValueOutsideItsBoundsIsRefusedNamingTheParameterAndWhereItIsWritten(double utility)
    {
        var model = Model("d.yaml", Rate, Utility);
        var e = Assert.Throws<ArgumentException>(() => model.Build(new[] { 0.05, utility }));
        Assert.Contains("parameter 'utility' (", e.Message);
        Assert.Contains("d.yaml:12:", e.Message);
        Assert.Contains("outside its bounds [0, 1]", e.Message);
    }

    [Fact]
    public void APathThatNamesNoNumberIsRefusedWhenTheModelIsMade()
    {
        var e = Assert.Throws<Diagnostics.ScenarioException>(() => Model("e.yaml", new ParameterSpec("x", new[] { P("strategies.base.states.alive.colour") })));
        Assert.Contains("cannot set strategies.base.states.alive.colour", e.Message);
    }

    [Fact]
    public void TiedPlacesThatHoldDifferentNumbersAreRefused()
    {
        var e = Assert.Throws<ArgumentException>(() => Model("g.yaml", new ParameterSpec("costs", new[] { P("strategies.base.states.alive.cost"), P("strategies.base.states.progressed.cost") })));
        Assert.Contains("ties strategies.base.states.alive.cost (100/month) to strategies.base.states.progressed.cost (200/month)", e.Message);
    }

    [Fact]
    public void EveryPathThatNamesNothingIsReportedAtOnce()
    {
        var e = Assert.Throws<Diagnostics.ScenarioException>(() => Model("h.yaml",
            new ParameterSpec("a", new[] { P("strategies.base.states.alive.colour") }), Rate, new ParameterSpec("b", new[] { P("strategies.nothing.states.x.cost") })));
        Assert.Equal(2, e.Errors.Count);
    }

    [Fact]
    public void ANumberWrittenWithDigitSeparatorsIsLocatedAtItsValue()
    {
        var model = new ParameterisedModel(ScenarioLoader.Define(_temp.Write("i.yaml", Text.Replace("cost: 200/month", "cost: 2_000/month"))),
            new[] { new ParameterSpec("cost", new[] { P("strategies.base.states.progressed.cost") }) });
        Assert.Equal(2000, model.BaseValues()[0]);
        Assert.Equal("/month", model.Parameters[0].Unit);
        Assert.Equal(2000, ((Core.Model.PathwayStrategy)model.BuildScenario(new[] { 2000.0 }).Model!.Strategies[0]).States.First(s => s.Name == "progressed").CostPerMonth);
    }

    [Fact]
    public void TwoParametersOfOneNameAreRefused()
    {
        var e = Assert.Throws<ArgumentException>(() => Model("f.yaml", Rate, Rate with { Paths = new[] { P("strategies.base.states.alive.cost") } }));
        Assert.Contains("'progression rate' is named twice", e.Message);
    }
}
