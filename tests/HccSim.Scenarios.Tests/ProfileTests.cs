using HccSim.Core.Engine;
using HccSim.Core.Model;

namespace HccSim.Scenarios.Tests;

/// <summary>Cohort profiles: another population for the same model, chosen by the file or by the caller.</summary>
public sealed class ProfileTests : IDisposable
{
    private readonly TempScenario _temp = new();
    public void Dispose() => _temp.Dispose();

    private static string WithProfiles(string profiles, string choice = "") => TempScenario.Valid.Replace(
        "    burden: { within: 0.4, beyond: 0.6 }\n",
        "    burden: { within: 0.4, beyond: 0.6 }\n  profiles:\n" + profiles + choice);

    [Fact]
    public void AProfileReplacesTheAttributesItNamesInTheCohortsLevelOrder()
    {
        string text = WithProfiles("    trial: { description: d, source: s, attributes: { burden: { beyond: 0.9, within: 0.1 } } }\n");
        var asWritten = _temp.Load("p.yaml", text);
        Assert.Null(asWritten.Profile);
        Assert.Equal(new[] { "trial" }, asWritten.Profiles);
        var trial = ScenarioLoader.Load(_temp.Write("p2.yaml", text), "trial");
        Assert.Equal("trial", trial.Profile);
        var burden = (CategoricalAttribute)trial.Model!.Attributes.Single();
        Assert.Equal(new[] { ("within", 0.1), ("beyond", 0.9) }, burden.Levels.Select(l => (l.Name, l.Share)));
        // The file may choose a profile itself.
        Assert.Equal("trial", _temp.Load("p3.yaml", WithProfiles("    trial: { attributes: { burden: { beyond: 0.9, within: 0.1 } } }\n", "  profile: trial\n")).Profile);
    }

    [Fact]
    public void AProfileThatRepeatsTheCohortGivesTheSameBits()
    {
        // Same distribution written as a profile: the draws, and so every result, are the cohort's own.
        string text = WithProfiles("    same: { attributes: { burden: { within: 0.4, beyond: 0.6 } } }\n");
        var options = new SimulationOptions { Patients = 3000, Seed = 5, Threads = 2 };
        var plain = Simulator.Run(_temp.Load("s.yaml", text).RequireSimulated(), options).Strategies[0];
        var same = Simulator.Run(ScenarioLoader.Load(_temp.Write("s2.yaml", text), "same").RequireSimulated(), options).Strategies[0];
        Assert.Equal(plain.DiscountedQalys, same.DiscountedQalys);
        Assert.Equal(plain.OverallSurvival.Survival, same.OverallSurvival.Survival);
        // A population with more patients beyond (hazard ratio 1.5 there) progresses sooner: PFS falls.
        var beyond = Simulator.Run(ScenarioLoader.Load(_temp.Write("s3.yaml", WithProfiles("    beyond: { attributes: { burden: { within: 0.1, beyond: 0.9 } } }\n")), "beyond").RequireSimulated(), options).Strategies[0];
        Assert.True(beyond.ProgressionFreeSurvival.Median.Value < plain.ProgressionFreeSurvival.Median.Value);
    }

    [Theory]
    [InlineData("    t: { attributes: { stage: { a: 1 } } }\n", "", 9, "profile 't' gives attribute 'stage', which the cohort does not have")]
    [InlineData("    t: { attributes: { burden: { within: 0.5, outside: 0.5 } } }\n", "", 9, "profile 't' gives 'burden' the levels within, outside (expected the cohort's: within, beyond)")]
    [InlineData("    t: { attributes: { burden: { normal: { mean: 1, sd: 1 } } } }\n", "", 9, "profile 't' gives 'burden' as continuous, but the cohort's is categorical")]
    [InlineData("    t: { description: x }\n", "", 9, "profile 't' has no 'attributes'")]
    [InlineData("    ../up: { attributes: { burden: { within: 0.5, beyond: 0.5 } } }\n", "", 9, "profile name '../up' must be a plain name")]
    [InlineData("    t: { attributes: { burden: { within: 0.5, beyond: 0.5 } } }\n", "  profile: trail\n", 10, "profile 'trail' is not a profile of the cohort (profiles: t)")]
    public void AProfileThatCannotBeAppliedIsRefusedAtItsLine(string profiles, string choice, int line, string message)
    {
        var errors = _temp.Errors("bad.yaml", WithProfiles(profiles, choice));
        Assert.Contains(errors, e => e.Line == line && e.Message.Contains(message));
    }

    [Fact]
    public void AProfileAskedOfAFileWithoutACohortIsRefused()
    {
        string text = TempScenario.Valid.Replace("cohort:\n  patients: 1000\n  seed: 7\n  attributes:\n    burden: { within: 0.4, beyond: 0.6 }\n", "");
        Assert.DoesNotContain("cohort:", text);
        var e = Assert.Throws<Diagnostics.ScenarioException>(() => ScenarioLoader.Load(_temp.Write("n.yaml", text), "trial"));
        Assert.Contains("--profile 'trial' is not a profile of the cohort (the file has no cohort section", e.Message);
    }
}
