using HccSim.Analysis.Survival;
using HccSim.Core.Compilation;
using HccSim.Core.Engine;
using HccSim.Core.Model;
using HccSim.Core.Outcomes;
using HccSim.Core.Random;

namespace HccSim.Analysis.Trials;

/// <summary>One simulated trial's analysis.</summary>
public sealed record TrialReplicate(int Index, int Patients, int Events, double AnalysisMonths, double ChiSquare, double PValue,
    double LogHazardRatio, double HazardRatioStandardError, double MedianControl, double MedianExperimental, double RmstDifference)
{
    public double HazardRatio => Math.Exp(LogHazardRatio);
}

/// <summary>Replicates of a design and what they come to: power, the hazard ratio's distribution, events and duration.</summary>
public sealed record TrialResult(TrialDesign Design, IReadOnlyList<TrialReplicate> Replicates)
{
    /// <summary>Share of replicates whose two-sided log-rank p-value is below alpha.</summary>
    public double Power => Replicates.Count(r => r.PValue < Design.Alpha) / (double)Replicates.Count;
    public double PowerStandardError => Math.Sqrt(Power * (1 - Power) / Replicates.Count);
    public double MeanEvents => Replicates.Average(r => r.Events);
    public double MeanAnalysisMonths => Replicates.Average(r => r.AnalysisMonths);

    /// <summary>A quantile of the estimated hazard ratio over replicates (where it could be estimated).</summary>
    public double HazardRatioQuantile(double p)
    {
        var sorted = Replicates.Where(r => double.IsFinite(r.LogHazardRatio)).Select(r => r.HazardRatio).OrderBy(x => x).ToArray();
        return sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Floor(p * (sorted.Length - 1) + 0.5), 0, sorted.Length - 1)];
    }
}

/// <summary>
/// Simulates a two-arm trial again and again from the scenario's own virtual patients: replicate r recruits patients
/// r·N … r·N + N − 1, whose endpoint times under both arms come from one engine run (so the arms are compared on the
/// same kind of patients), randomises them in permuted blocks (within strata when stratified), enrols them over the
/// accrual period, censors them by drop-out and at the analysis, and analyses each trial as a statistician would.
/// </summary>
public static class TrialSimulator
{
    /// <param name="stride">
    /// Patients reserved per replicate (default: the sample size). Trials of different sizes run with one stride draw
    /// nested patients — replicate r's first N of the same r·stride … — so their powers differ only by the patients added.
    /// </param>
    public static TrialResult Run(CompiledModel model, TrialDesign design, int replicates, ulong seed, int threads = 0, int? stride = null)
    {
        int step = stride ?? design.SampleSize;
        if (step < design.SampleSize) throw new ArgumentException($"stride {step} is smaller than the sample size {design.SampleSize}");
        var (endpoints, control, experimental, tag, stratum) = Prepare(model, design, replicates, seed, threads, step);
        var results = new TrialReplicate[replicates];
        Parallel.For(0, replicates, new ParallelOptions { MaxDegreeOfParallelism = threads > 0 ? threads : Environment.ProcessorCount },
            r => results[r] = Analyse(r, Trial(endpoints, design, r, seed, control, experimental, tag, stratum, step), design));
        return new TrialResult(design, results);
    }

    /// <summary>One replicate's individual patient data (patient, arm, stratum, time, event) as analysed.</summary>
    public static (SurvivalData Data, double AnalysisMonths) IndividualData(CompiledModel model, TrialDesign design, int replicate, ulong seed, int? stride = null)
    {
        int step = stride ?? design.SampleSize;
        var (endpoints, control, experimental, tag, stratum) = Prepare(model, design, replicate + 1, seed, 0, step);
        var t = Trial(endpoints, design, replicate, seed, control, experimental, tag, stratum, step);
        return (t.Data, t.AnalysisMonths);
    }

    private static (EndpointTable, int, int, int, int) Prepare(CompiledModel model, TrialDesign design, int replicates, ulong seed, int threads, int stride)
    {
        var problems = design.Problems().ToList();
        int control = model.StrategyNames.ToList().IndexOf(design.Control), experimental = model.StrategyNames.ToList().IndexOf(design.Experimental);
        if (control < 0) problems.Add($"no strategy '{design.Control}' in the model{Suggestions.DidYouMean(design.Control, model.StrategyNames)}");
        if (experimental < 0) problems.Add($"no strategy '{design.Experimental}' in the model{Suggestions.DidYouMean(design.Experimental, model.StrategyNames)}");
        int tag = design.Tag is null ? -1 : model.TagNames.ToList().IndexOf(design.Tag);
        if (design.Endpoint == TrialEndpoint.Tag && tag < 0) problems.Add($"no tag '{design.Tag}' in the model");
        int stratum = design.StrataAttribute is null ? -1 : model.AttributeNames.ToList().IndexOf(design.StrataAttribute);
        if (design.StrataAttribute is not null && stratum < 0) problems.Add($"no attribute '{design.StrataAttribute}' to stratify by{Suggestions.DidYouMean(design.StrataAttribute, model.AttributeNames)}");
        if ((long)stride * replicates > int.MaxValue) problems.Add($"{stride} patients × {replicates} replicates exceed {int.MaxValue:N0} simulated patients");
        if (replicates < 1) problems.Add($"replicates must be at least 1 (got {replicates})");
        if (problems.Count > 0) throw new ArgumentException("invalid trial: " + string.Join("; ", problems));
        var run = Simulator.Run(model, new SimulationOptions
        {
            Patients = stride * replicates, Seed = seed, RecordEndpoints = true,
            Threads = threads > 0 ? threads : Environment.ProcessorCount,
        });
        return (run.Endpoints!, control, experimental, tag, stratum);
    }

    private sealed record Simulated(SurvivalData Data, double AnalysisMonths);

    private static Simulated Trial(EndpointTable endpoints, TrialDesign design, int r, ulong seed, int control, int experimental, int tag, int stratum, int stride)
    {
        int n = design.SampleSize, first = r * stride;
        // Two streams per replicate: allocation (block shuffles), and each patient's accrual and drop-out draws in patient
        // order — so a larger trial keeps the smaller one's patients as they were.
        ulong key = RandomStreams.PatientKey(RandomStreams.RunKey(seed, 0), r, StreamPurpose.Trial);
        var rng = new Xoshiro256(key);
        var patientRng = new Xoshiro256(SplitMix64.Mix(key ^ 0xA0761D6478BD642FUL));
        // Permuted blocks of (control share + experimental share), within each stratum.
        int block = design.ControlShare + design.ExperimentalShare;
        var arm = new int[n];
        var strata = new int[n];
        var open = new Dictionary<int, Queue<int>>();
        for (int i = 0; i < n; i++)
        {
            int s = stratum >= 0 ? (int)endpoints.Attributes[(first + i) * endpoints.AttributeCount + stratum] : 0;
            strata[i] = s;
            if (!open.TryGetValue(s, out var queue) || queue.Count == 0)
            {
                var slots = Enumerable.Repeat(0, design.ControlShare).Concat(Enumerable.Repeat(1, design.ExperimentalShare)).ToArray();
                for (int k = slots.Length - 1; k > 0; k--) { int j = (int)(rng.NextDouble() * (k + 1)); (slots[k], slots[j]) = (slots[j], slots[k]); }
                open[s] = queue = new Queue<int>(slots);
            }
            arm[i] = queue.Dequeue();
        }
        var enrolled = new double[n];
        var dropout = new double[n];
        var eventTime = new double[n];
        for (int i = 0; i < n; i++)
        {
            double u = patientRng.NextDouble(), e = patientRng.NextExponential();
            enrolled[i] = design.Accrual == AccrualShape.Uniform ? u * design.AccrualMonths : Math.Sqrt(u) * design.AccrualMonths;
            dropout[i] = design.DropoutPerMonth > 0 ? e / design.DropoutPerMonth : double.PositiveInfinity;
            int s = arm[i] == 0 ? control : experimental;
            eventTime[i] = design.Endpoint switch
            {
                TrialEndpoint.OverallSurvival => endpoints.Death[s][first + i],
                TrialEndpoint.ProgressionFreeSurvival => endpoints.Progression[s][first + i],
                _ => endpoints.Tag[s][tag][first + i],
            };
        }
        // The analysis: at a calendar time, or when the D-th event is observed (events after drop-out are not).
        double analysis;
        if (design.AnalysisMonths is { } at) analysis = at;
        else
        {
            var calendar = Enumerable.Range(0, n).Where(i => eventTime[i] <= dropout[i] && double.IsFinite(eventTime[i]))
                .Select(i => enrolled[i] + eventTime[i]).OrderBy(x => x).ToArray();
            int d = design.AnalysisEvents!.Value;
            analysis = calendar.Length >= d ? calendar[d - 1] : enrolled.Max() + endpoints.HorizonMonths;
        }
        var times = new List<double>(n);
        var events = new List<bool>(n);
        var groups = new List<int>(n);
        var strataOut = new List<int>(n);
        for (int i = 0; i < n; i++)
        {
            if (enrolled[i] >= analysis) continue; // not yet enrolled at the analysis
            double followUp = Math.Min(analysis - enrolled[i], Math.Min(dropout[i], endpoints.HorizonMonths));
            // Observed by the analysis on the calendar, as the analysis time itself was found: (a + T) − a may round below T.
            bool observed = double.IsFinite(eventTime[i]) && eventTime[i] <= dropout[i] && eventTime[i] <= endpoints.HorizonMonths
                            && enrolled[i] + eventTime[i] <= analysis;
            times.Add(observed ? eventTime[i] : followUp);
            events.Add(observed);
            groups.Add(arm[i]);
            strataOut.Add(strata[i]);
        }
        return new Simulated(new SurvivalData(times, events, groups, strataOut), analysis);
    }

    private static TrialReplicate Analyse(int r, Simulated trial, TrialDesign design)
    {
        var data = trial.Data;
        var test = LogRank.Test(data);
        double logHr = double.NaN, se = double.NaN;
        try
        {
            var cox = CoxModel.Fit(data);
            (logHr, se) = (cox.Coefficient, cox.StandardError);
        }
        catch (InvalidOperationException) { /* an arm without events: no finite hazard ratio */ }
        var kmControl = new KaplanMeier(data.Group(0));
        var kmExperimental = new KaplanMeier(data.Group(1));
        double tau = design.RmstMonths ?? Math.Min(kmControl.MaxTime, kmExperimental.MaxTime);
        double rmst = kmExperimental.RestrictedMean(tau).Rmst - kmControl.RestrictedMean(tau).Rmst;
        return new TrialReplicate(r, data.Count, data.Events.Count(e => e), trial.AnalysisMonths, test.ChiSquare, test.PValue,
            logHr, se, kmControl.Median().Median, kmExperimental.Median().Median, rmst);
    }
}
