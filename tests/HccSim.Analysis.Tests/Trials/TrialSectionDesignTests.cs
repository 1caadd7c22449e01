using HccSim.Scenarios;
using HccSim.Analysis.Trials;

using HccSim.Scenarios.Tests;

namespace HccSim.Analysis.Tests.Trials;

/// <summary>A scenario's trial section as the analysis's trial design: every field carried, the same rules refused.</summary>
public sealed class TrialSectionDesignTests
{
    [Fact]
    public void EveryFieldOfTheSectionIsCarriedIntoTheDesign()
    {
        var section = new TrialSection("a", "b")
        {
            Patients = 400, Replicates = 50, ControlShare = 1, ExperimentalShare = 2, AccrualMonths = 12, Ramp = true, AnalysisEvents = 200,
            DropoutPerMonth = 0.01, Endpoint = "tag", Tag = "recurrence", Strata = "burden", Alpha = 0.025, InterimFractions = new[] { 0.5 },
        };
        var design = TrialDesign.From(section);
        Assert.Equal(new TrialDesign("a", "b", 400)
        {
            ControlShare = 1, ExperimentalShare = 2, AccrualMonths = 12, Accrual = AccrualShape.RampUp, AnalysisEvents = 200, DropoutPerMonth = 0.01,
            Endpoint = TrialEndpoint.Tag, Tag = "recurrence", StrataAttribute = "burden", Alpha = 0.025, InterimFractions = section.InterimFractions,
        }, design);
        Assert.Equal("tag:recurrence", design.EndpointText);
        Assert.Equal(TrialEndpoint.CancerFreeDrugFree, TrialDesign.From(section with { Endpoint = "cfdf" }).Endpoint);
        Assert.Equal(TrialEndpoint.ProgressionFreeSurvival, TrialDesign.From(section with { Endpoint = "pfs" }).Endpoint);
    }

    [Theory]
    [InlineData("os"), InlineData("pfs"), InlineData("cfdf"), InlineData("tag:x"), InlineData("tag:"), InlineData("dfs"), InlineData("OS")]
    public void EndpointsParseAsTheAnalysisParsesThem(string text)
    {
        var section = TrialSection.ParseEndpoint(text);
        var design = TrialDesign.ParseEndpoint(text);
        Assert.Equal(design is null, section is null);
        if (section is { } s) Assert.Equal(design, (TrialDesign.From(new TrialSection("a", "b") { Endpoint = s.Endpoint, Tag = s.Tag }).Endpoint, s.Tag));
    }

    public static TheoryData<TrialSection> Broken() => new()
    {
        new TrialSection("a", "b") { Patients = 1, AnalysisMonths = 12 },
        new TrialSection("a", "b") { Patients = 10, ExperimentalShare = 100, AnalysisMonths = 36 },
        new TrialSection("a", "b") { ControlShare = 0, AnalysisMonths = 36 },
        new TrialSection("a", "b") { AccrualMonths = double.PositiveInfinity, AnalysisMonths = 36 },
        new TrialSection("a", "b"),
        new TrialSection("a", "b") { AnalysisMonths = 12, AnalysisEvents = 10 },
        new TrialSection("a", "b") { AnalysisMonths = -1 },
        new TrialSection("a", "b") { AnalysisEvents = 301 },
        new TrialSection("a", "b") { AnalysisMonths = 12, DropoutPerMonth = -0.1 },
        new TrialSection("a", "b") { AnalysisMonths = 12, Endpoint = "tag", Tag = "" },
        new TrialSection("a", "b") { AnalysisMonths = 12, Alpha = 1 },
        new TrialSection("a", "b") { AnalysisMonths = 12, LandmarkMonths = 0 },
        new TrialSection("a", "b") { AnalysisMonths = 12, LandmarkMonths = 24 },
        new TrialSection("a", "b") { AnalysisEvents = 100, Endpoint = "cfdf" },
        new TrialSection("a", "b") { AnalysisEvents = 100, LandmarkMonths = 12, InterimFractions = new[] { 0.5 } },
        new TrialSection("a", "b") { AnalysisMonths = 12, InterimFractions = new[] { 0.6, 0.5, 1 } },
        new TrialSection("a", "b") { AnalysisEvents = 100, InterimFractions = new[] { 0.3, 0.6 } },
    };

    [Theory]
    [MemberData(nameof(Broken))]
    public void ADesignMeetsTheSectionsRulesWithNothingLostBetweenThem(TrialSection section)
    {
        // One rule set (the reader's): a design is checked through the section it would be written as, so every field
        // must survive section → design → section for the two to refuse the same things in the same words.
        Assert.Equal(section.Problems(), TrialDesign.From(section).Problems());
    }
}
