using HccSim.Core.Cycles;

namespace HccSim.Core.Tests.Cycles;

public class CycleSettingsTests
{
    [Theory]
    // darthtools::gen_wcc(n, "Simpson1/3"): entries 1 … n + 1 (R counts from 1), even entries 2/3, odd 4/3, then the first and last 1/3.
    [InlineData(4, new[] { 1.0, 2, 4, 2, 1 })]
    [InlineData(5, new[] { 1.0, 2, 4, 2, 4, 1 })]
    [InlineData(1, new[] { 1.0, 1 })]
    public void DarthSimpsonWeightsAreThoseDarthtoolsGenWccGives(int cycles, double[] thirds)
        => Assert.Equal(thirds.Select(x => x / 3), new CycleSettings(12, WithinCycleCorrection.DarthSimpson).Weights(cycles));

    [Fact]
    public void DarthSimpsonWeightsAreDiscountedAtTheBoundaries()
    {
        // 3% a year, yearly cycles: 1/1.03^c at boundary c, as the DARTH tutorial multiplies its discount and correction vectors.
        var w = new CycleSettings(12, WithinCycleCorrection.DarthSimpson).Weights(3, Math.Log(1.03) / 12);
        double[] expected = { 1.0 / 3, 2.0 / 3 / 1.03, 4.0 / 3 / Math.Pow(1.03, 2), 1.0 / 3 / Math.Pow(1.03, 3) };
        for (int c = 0; c < 4; c++) Assert.Equal(expected[c], w[c], 14);
    }

    [Fact]
    public void EachCorrectionHasTheNameTheScenarioFormatGivesIt()
    {
        foreach (var c in Enum.GetValues<WithinCycleCorrection>())
            Assert.Equal(c, WithinCycleCorrectionNames.Parse(WithinCycleCorrectionNames.Of(c)));
        Assert.Equal("darth_simpson", WithinCycleCorrectionNames.Of(WithinCycleCorrection.DarthSimpson));
        Assert.Null(WithinCycleCorrectionNames.Parse("Simpson"));
    }
}
