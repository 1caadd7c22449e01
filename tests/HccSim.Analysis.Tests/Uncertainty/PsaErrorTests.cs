using HccSim.Analysis.Uncertainty;
using HccSim.Scenarios;
using HccSim.Scenarios.Tests;

namespace HccSim.Analysis.Tests.Uncertainty;

/// <summary>
/// The patient-level Monte Carlo error of a PSA against a model whose per-patient variance is known in closed form:
/// strategy a costs 1 a month until death at rate λ (cost = min(T, H), T ~ Exp(λ)); strategy b costs the same for everyone.
/// The incremental net benefit at λ_WTP = 0 then has per-patient variance Var(min(T, H)), and the error of its cohort mean
/// is √Var / √n — it must fall as 1/√n. The uncertain number (b's cost) moves the mean, not the spread, so the
/// parameter draws cannot hide a wrong inner error.
/// </summary>
public sealed class PsaErrorTests : IDisposable
{
    private readonly TempScenario _temp = new();
    public void Dispose() => _temp.Dispose();

    private const double Rate = 0.05, Horizon = 240;

    private const string Text = """
        scenario: inner-error
        horizon: 240 months
        cohort: { patients: 1000, seed: 3 }
        strategies:
          a:
            start: alive
            states:
              alive: { cost: 1/month }
              dead: { dead: true }
            transitions:
              - { from: alive, to: dead, rate: 0.05/month }
          b:
            start: well
            states:
              well: { absorbing: true, cost: 0.5/month }
        uncertainty:
          parameters:
            - { path: "strategies.b.states.well.cost", gamma: { mean: 0.5, se: 0.05 } }
        """;

    /// <summary>Var(min(T, H)) for T ~ Exp(λ): E[min] = (1 − e^(−λH))/λ, E[min²] = 2(1 − e^(−λH)(1 + λH))/λ².</summary>
    private static double PerPatientSd()
    {
        double e = Math.Exp(-Rate * Horizon);
        double m1 = (1 - e) / Rate, m2 = 2 * (1 - e * (1 + Rate * Horizon)) / (Rate * Rate);
        return Math.Sqrt(m2 - m1 * m1);
    }

    [Theory]
    [InlineData(4_000)]
    [InlineData(16_000)]
    [InlineData(64_000)]
    public void ThePatientLevelErrorIsTheClosedFormSdOverRootN(int patients)
    {
        const int batches = 400;
        var definition = ScenarioLoader.Define(_temp.Write($"err{patients}.yaml", Text));
        var psa = PsaRunner.Run(definition, new PsaOptions(3, patients, 11, 2) { WillingnessToPay = 0, PatientBatches = batches });
        var (_, inner, _) = psa.Analysis.IncrementalNetBenefitError(1, 0, 0);
        double expected = PerPatientSd() / Math.Sqrt(patients);
        // The batch-means estimate of a variance has relative SD √(2/(B−1) + κ/B), κ the excess kurtosis of a batch mean
        // (6/m for an exponential over m patients); the SE's is half that. Four of those either way.
        double m = (double)patients / batches;
        double relative = 0.5 * Math.Sqrt(2.0 / (batches - 1) + 6 / m / batches);
        Assert.InRange(inner / expected, 1 - 4 * relative, 1 + 4 * relative);
    }
}
