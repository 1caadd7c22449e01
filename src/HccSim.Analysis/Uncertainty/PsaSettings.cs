using HccSim.Scenarios;

namespace HccSim.Analysis.Uncertainty;

/// <summary>What a probabilistic analysis was asked for, beyond its draws: all a merge needs to write the same tables.</summary>
public sealed record PsaSettings(int Draws, int Patients, ulong Seed, double Wtp, double[] WtpGrid, (string Name, int[] Members)[] Groups, int Bins, double? PopulationFactor, string Currency = "")
{
    /// <summary>Willingness-to-pay values 0, step, 2·step, … up to <paramref name="max"/> (at most 100,000 points).</summary>
    /// <exception cref="ArgumentException">The grid would be larger than that.</exception>
    public static double[] Grid(double max, double step)
    {
        if (max / step > 100_000) throw new ArgumentException($"--wtp-step {step} makes {max / step:N0} points up to {max} (expected at most 100,000)");
        return Enumerable.Range(0, (int)Math.Floor(max / step + 1e-9) + 1).Select(i => i * step).ToArray();
    }

    /// <summary>What per-patient EVPI is multiplied by for a population: patients a year over the years, discounted at the outcomes' rate.</summary>
    public static double PopulationMultiplier(int patientsPerYear, int years, double annualRate)
        => new TrialValue.DecisionPopulation(patientsPerYear, years, annualRate).Factor();

    /// <summary>
    /// The parameter groups EVPPI is computed for: each parameter alone, each Dirichlet set of shares as one group, the posterior's
    /// calibrated parameters as one group (named by posterior.group), the
    /// scenario's named groups (uncertainty.groups), then the groups asked for (<c>"a,b;c"</c>: parameters by name, groups separated by ';').
    /// </summary>
    /// <exception cref="ArgumentException">A group names something that is not an uncertain parameter.</exception>
    public static (string Name, int[] Members)[] EvppiGroups(UncertaintySettings u, string? asked, string file)
    {
        var names = u.ValueNames.ToList();
        var groups = new List<(string, int[])>();
        for (int i = 0; i < u.Parameters.Count; i++) groups.Add((u.Parameters[i].Name, new[] { i }));
        int at = u.Parameters.Count;
        foreach (var share in u.Shares) { groups.Add(($"dirichlet {share.Places[0].Text}…", Enumerable.Range(at, share.Places.Count).ToArray())); at += share.Places.Count; }
        // The calibrated parameters: each alone when there are several, and together as the posterior's group (drawn jointly).
        if (u.Posterior is { } post)
        {
            if (post.Columns > 1)
                for (int j = 0; j < post.Columns; j++) groups.Add((post.Names[j], new[] { u.PosteriorOffset + j }));
            groups.Add((post.Group, Enumerable.Range(u.PosteriorOffset, post.Columns).ToArray()));
        }
        // The scenario's named groups, then those asked for on the command line.
        groups.AddRange(u.Groups);
        foreach (var g in (asked ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var members = g.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(m =>
            {
                int idx = names.IndexOf(m);
                return idx >= 0 ? idx : throw new ArgumentException($"--evppi names '{m}', which is not an uncertain parameter of {file} (parameters: {string.Join(", ", names)})");
            }).ToArray();
            groups.Add((g, members));
        }
        return groups.ToArray();
    }

    /// <summary>
    /// One EVPPI resolution for every group (so groups stay nested and EVPPI never falls when a parameter joins): the largest
    /// group — a Dirichlet set of k shares counting k − 1 — keeps about 50 draws a cell.
    /// </summary>
    public static int DefaultBins(int draws, UncertaintySettings u, IReadOnlyList<(string Name, int[] Members)> groups)
    {
        var shareSets = new List<int[]>();
        for (int j = 0, from = u.Parameters.Count; j < u.Shares.Count; from += u.Shares[j].Places.Count, j++)
            shareSets.Add(Enumerable.Range(from, u.Shares[j].Places.Count).ToArray());
        int largest = groups.Max(g => g.Members.Length - shareSets.Count(set => set.All(g.Members.Contains)));
        return ProbabilisticAnalysis.DefaultBins(draws, largest);
    }
}
