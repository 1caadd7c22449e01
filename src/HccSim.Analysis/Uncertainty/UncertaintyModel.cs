using HccSim.Scenarios;
using HccSim.Scenarios.Distributions;
using HccSim.Scenarios.Parameters;

namespace HccSim.Analysis.Uncertainty;

/// <summary>
/// A scenario's uncertainty section as distributions to draw from: each parameter's distribution, the Dirichlet shares,
/// the correlated groups, and each parameter's one-way range (as written, else its 2.5th and 97.5th percentiles).
/// A draw holds one value per parameter, then each share's values (<see cref="ValueNames"/>); <see cref="Parameterise"/>
/// makes the scenario a function of it.
/// </summary>
public sealed class UncertaintyModel
{
    public UncertaintyModel(UncertaintySettings settings)
    {
        Settings = settings;
        Distributions = settings.Parameters.Select(p => Distribution(p.Distribution)).ToArray();
        Dirichlets = settings.Shares.Select(s => new DirichletParameter(s.Alphas)).ToArray();
        Correlations = settings.Correlations.Select(c => new CorrelationGroup(c.Members, c.Matrix)).ToArray();
        Ranges = settings.Parameters.Select((p, i) => (p.Low ?? Distributions[i].Quantile(0.025), p.High ?? Distributions[i].Quantile(0.975))).ToArray();
    }

    public UncertaintySettings Settings { get; }
    public IReadOnlyList<UncertainParameter> Parameters => Settings.Parameters;
    public IReadOnlyList<UncertainShares> Shares => Settings.Shares;

    /// <summary>Each parameter's distribution, in the order of <see cref="Parameters"/>.</summary>
    public IReadOnlyList<ParameterDistribution> Distributions { get; }
    public IReadOnlyList<DirichletParameter> Dirichlets { get; }
    public IReadOnlyList<CorrelationGroup> Correlations { get; }

    /// <summary>Each parameter's one-way range: written as <c>low</c>/<c>high</c>, else its distribution's 2.5th and 97.5th percentiles.</summary>
    public IReadOnlyList<(double Low, double High)> Ranges { get; }


    /// <summary>Names of a draw's values: each parameter's first path, then each share's paths.</summary>
    public IReadOnlyList<string> ValueNames => Settings.ValueNames;

    public ParameterSampler Sampler() => new(Distributions, Dirichlets, Correlations, Settings.Posterior);

    /// <summary>
    /// The scenario as a function of a draw: one parameter per uncertain number (its tied places move together), then one per
    /// share, then one per calibrated parameter of the posterior sample, in the sampler's order and named as <see cref="ValueNames"/>.
    /// The base case (and the one-way analysis) holds the calibrated ones at the numbers written in the file.
    /// </summary>
    public ParameterisedModel Parameterise(ScenarioDefinition definition)
        => new(definition, Parameters.Select(p => new ParameterSpec(p.Name, p.Places))
            .Concat(Shares.SelectMany(s => s.Places.Select(place => new ParameterSpec(place.Text, new[] { place }))))
            .Concat((Settings.Posterior?.Free ?? Array.Empty<FreeParameter>()).Select(f => f.AsParameter(f.Path.Text)))
            .ToArray());

    /// <summary>The distribution a section's specification describes.</summary>
    public static ParameterDistribution Distribution(DistributionSpec spec) => spec switch
    {
        BetaSpec b => new BetaParameter(b.Alpha, b.Beta),
        GammaSpec g => new GammaParameter(g.Shape, g.Scale),
        LogNormalSpec l => new LogNormalParameter(l.MeanLog, l.SdLog),
        NormalSpec n => new NormalParameter(n.Mean, n.Sd, n.Min, n.Max),
        UniformSpec u => new UniformParameter(u.Min, u.Max),
        TriangularSpec t => new TriangularParameter(t.Min, t.Mode, t.Max),
        _ => throw new ArgumentException($"no distribution for a {spec.Family}", nameof(spec)),
    };
}
