using HccSim.Core.Outcomes;

namespace HccSim.Analysis.Trials;

/// <summary>
/// Trials simulated under parameter draws (<see cref="DrawnTrials.Run"/>): each draw's parameter values, and for each sample
/// size and draw its trials; assurance (the probability of success averaged over the draws) at each size.
/// </summary>
public sealed class DrawnTrialsResult
{
    private readonly TrialReplicate[,,] _trials;

    internal DrawnTrialsResult(IReadOnlyList<TrialDesign> designs, IReadOnlyList<string> parameterNames, double[,] parameters, TrialReplicate[,,] trials, ulong seed, int stride)
    {
        Designs = designs;
        ParameterNames = parameterNames;
        Parameters = parameters;
        _trials = trials;
        Seed = seed;
        Stride = stride;
    }

    /// <summary>The design at each sample size, in the order the sizes were given.</summary>
    public IReadOnlyList<TrialDesign> Designs { get; }
    public IReadOnlyList<int> SampleSizes => Designs.Select(d => d.SampleSize).ToArray();
    public IReadOnlyList<string> ParameterNames { get; }
    /// <summary>[draw, parameter]: draw k's values, the PSA's draw k for the same seed.</summary>
    public double[,] Parameters { get; }
    public int Draws => _trials.GetLength(1);
    public int TrialsPerDraw => _trials.GetLength(2);
    public ulong Seed { get; }
    /// <summary>Patients reserved per trial: draw k's trial j drew patients (FirstReplicate + k·TrialsPerDraw + j)·Stride ….</summary>
    public int Stride { get; }
    /// <summary>Replicates skipped before draw 0's first trial (EVSI skips the PSA's patients).</summary>
    public int FirstReplicate { get; init; }

    /// <summary>Trial <paramref name="trial"/> under draw <paramref name="draw"/> at the size <paramref name="size"/> (an index into <see cref="Designs"/>).</summary>
    public TrialReplicate this[int size, int draw, int trial] => _trials[size, draw, trial];

    /// <summary>The share of draw k's trials that succeeded at the size: significant in the experimental arm's favour (a significant harm is no success).</summary>
    public double SuccessShare(int size, int draw)
    {
        int successes = 0;
        for (int j = 0; j < TrialsPerDraw; j++)
            if (_trials[size, draw, j].SucceededFor(Designs[size])) successes++;
        return successes / (double)TrialsPerDraw;
    }

    /// <summary>
    /// Assurance at the size: the mean over draws of each draw's success share, with its Monte Carlo standard error, the
    /// shares' standard deviation over √draws (the draws are independent; a draw's trials are not independent of its
    /// parameters, so the draw is the unit). With one draw the error is not known (NaN).
    /// </summary>
    public Estimate Assurance(int size)
    {
        int k = Draws;
        double mean = 0;
        for (int d = 0; d < k; d++) mean += SuccessShare(size, d);
        mean /= k;
        double squares = 0;
        for (int d = 0; d < k; d++) { double x = SuccessShare(size, d) - mean; squares += x * x; }
        return new Estimate(mean, k > 1 ? Math.Sqrt(squares / (k - 1) / k) : double.NaN);
    }
}
