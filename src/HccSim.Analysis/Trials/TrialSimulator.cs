using HccSim.Analysis.Survival;
using HccSim.Core.Compilation;
using HccSim.Core.Engine;
using HccSim.Core.Model;
using HccSim.Core.Outcomes;
using HccSim.Core.Parallel;
using HccSim.Core.Random;

namespace HccSim.Analysis.Trials;

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
    /// <param name="firstReplicate">With <paramref name="count"/>: only replicates firstReplicate … firstReplicate + count − 1 (a shard); each is
    /// the same as in the whole run, since replicate r draws patients r·stride … and its own stream of (seed, r).</param>
    public static TrialResult Run(CompiledModel model, TrialDesign design, int replicates, ulong seed, int threads = 0, int? stride = null, int firstReplicate = 0, int? count = null,
        CancellationToken cancellation = default, IProgress<int>? progress = null)
    {
        int step = stride ?? design.SampleSize;
        if (step < design.SampleSize) throw new ArgumentException($"stride {step} is smaller than the sample size {design.SampleSize}");
        int n = count ?? replicates - firstReplicate;
        if (firstReplicate < 0 || n < 1 || firstReplicate + n > replicates) throw new ArgumentException($"replicates {firstReplicate} … {firstReplicate + n - 1} are not within 0 … {replicates - 1}");
        var (endpoints, arms) = Prepare(model, design, n, seed, threads, step, firstReplicate, cancellation);
        var results = new TrialReplicate[n];
        var looks = new Looks(design);
        int analysed = 0;
        // One set of buffers per worker, reused for every replicate it analyses.
        Scheduler.Run(n, threads > 0 ? threads : Environment.ProcessorCount, _ => new Buffers(Levels(model, arms.Stratum)),
            (buffers, item) => results[item] = Replicate(endpoints, design, looks, firstReplicate + item, seed, arms, step, buffers),
            cancellation, progress is null ? null : _ => progress.Report(Interlocked.Increment(ref analysed)));
        return new TrialResult(design, results) { Stride = step };
    }

    /// <summary>
    /// Replicates firstReplicate … firstReplicate + count − 1 of several designs that differ only in sample size (and events),
    /// from ONE engine run on the calling thread: patients r·stride … are simulated once and each design's trial r takes the
    /// first of them it needs. Element [d, i] is design d's replicate firstReplicate + i, the same as
    /// <see cref="Run"/> of that design with this stride would give it.
    /// </summary>
    internal static TrialReplicate[,] Block(CompiledModel model, IReadOnlyList<TrialDesign> designs, int stride, int firstReplicate, int count, int replicates, ulong seed,
        CancellationToken cancellation = default)
    {
        if (designs.Count == 0) throw new ArgumentException("no design to simulate");
        foreach (var d in designs)
        {
            if (stride < d.SampleSize) throw new ArgumentException($"stride {stride} is smaller than the sample size {d.SampleSize}");
            if (d with { SampleSize = designs[0].SampleSize, AnalysisEvents = designs[0].AnalysisEvents } != designs[0])
                throw new ArgumentException("designs run on one set of patients may differ only in sample size and events");
            Check(model, d, replicates, stride, 0);
        }
        var (endpoints, arms) = Prepare(model, designs[0], count, seed, 1, stride, firstReplicate, cancellation);
        var results = new TrialReplicate[designs.Count, count];
        var buffers = new Buffers(Levels(model, arms.Stratum));
        for (int d = 0; d < designs.Count; d++)
        {
            var looks = new Looks(designs[d]);
            for (int i = 0; i < count; i++) results[d, i] = Replicate(endpoints, designs[d], looks, firstReplicate + i, seed, arms, stride, buffers);
        }
        return results;
    }

    /// <summary>The design's interim looks: shares of the events with their boundaries (none without interim looks).</summary>
    private sealed class Looks
    {
        public readonly double[] Fractions;
        public readonly double[]? Boundaries;

        public Looks(TrialDesign design)
        {
            Fractions = design.InterimFractions.Append(1.0).ToArray();
            Boundaries = design.InterimFractions.Count > 0 ? GroupSequential.Boundaries(Fractions, design.Alpha) : null;
        }
    }

    /// <summary>The strategies' and attributes' indices a trial reads.</summary>
    private readonly record struct Arms(int Control, int Experimental, int Tag, int Stratum);

    /// <summary>Replicate r simulated and analysed (at its final analysis, or the interim look where it stopped).</summary>
    private static TrialReplicate Replicate(EndpointTable endpoints, TrialDesign design, Looks looks, int r, ulong seed, Arms arms, int step, Buffers buffers)
    {
        double final = Trial(endpoints, design, r, seed, arms.Control, arms.Experimental, arms.Tag, arms.Stratum, step, buffers);
        if (looks.Boundaries is not { } boundaries)
        {
            var result = design.Endpoint == TrialEndpoint.CancerFreeDrugFree
                ? Proportions(Analyse(r, buffers.Workspace, final, design), buffers, final, design)
                : Analyse(r, buffers.Workspace, final, design);
            return result with { Significant = (design.LandmarkMonths is null ? result.PValue : result.LandmarkPValue) < design.Alpha, ShortOfEvents = buffers.ShortOfEvents };
        }
        // Looks at shares of the events: stop at the first whose |Z| reaches its boundary.
        var fractions = looks.Fractions;
        for (int k = 0; ; k++)
        {
            double at = k == fractions.Length - 1 ? final : buffers.TimeOfEvent((int)Math.Ceiling(fractions[k] * design.AnalysisEvents!.Value), final);
            Fill(buffers, design.SampleSize, at, endpoints.HorizonMonths);
            var result = Analyse(r, buffers.Workspace, at, design);
            bool reject = Math.Sqrt(result.ChiSquare) >= boundaries[k];
            if (reject || k == fractions.Length - 1) return result with { Significant = reject, Look = k + 1, ShortOfEvents = buffers.ShortOfEvents };
        }
    }

    /// <summary>One replicate's individual patient data (patient, arm, stratum, time, event) as analysed.</summary>
    /// <param name="look">With interim looks, the look (1-based) to see the trial at; by default the final analysis.</param>
    public static TrialIndividualData IndividualData(CompiledModel model, TrialDesign design, int replicate, ulong seed, int? stride = null, int? look = null)
    {
        int step = stride ?? design.SampleSize;
        var (endpoints, arms) = Prepare(model, design, replicate + 1, seed, 0, step);
        var buffers = new Buffers(Levels(model, arms.Stratum));
        double analysis = Trial(endpoints, design, replicate, seed, arms.Control, arms.Experimental, arms.Tag, arms.Stratum, step, buffers);
        if (look is { } k && k >= 1 && k <= design.InterimFractions.Count)
        {
            analysis = buffers.TimeOfEvent((int)Math.Ceiling(design.InterimFractions[k - 1] * design.AnalysisEvents!.Value), analysis);
            Fill(buffers, design.SampleSize, analysis, endpoints.HorizonMonths);
        }
        var w = buffers.Workspace;
        var data = new SurvivalData(w.Time.ToArray(), w.Event.ToArray(), w.Group.ToArray(), w.Stratum.ToArray());
        if (design.Endpoint != TrialEndpoint.CancerFreeDrugFree) return new TrialIndividualData(data, analysis);
        // The workspace holds the enrolled patients in patient order (Fill skips the rest), so the flags line up.
        var cfdf = new bool[data.Count];
        var assessable = new bool[data.Count];
        for (int i = 0, j = 0; i < design.SampleSize; i++)
        {
            if (buffers.Enrolled[i] > analysis) continue;
            cfdf[j] = buffers.Responder[i];
            assessable[j++] = buffers.Assessable(i, analysis, design.LandmarkMonths!.Value);
        }
        return new TrialIndividualData(data, analysis) { CfdfAtLandmark = cfdf, Assessable = assessable };
    }

    /// <summary>The strata: the stratifying attribute's levels, or one.</summary>
    private static int Levels(CompiledModel model, int stratum) => stratum >= 0 ? model.AttributeLevels(stratum)!.Count : 1;

    /// <summary>Checks the design against the model (arms, tag, strata, endpoint, patient count) without simulating: an ArgumentException names every problem.</summary>
    internal static void Validate(CompiledModel model, TrialDesign design, int replicates, int stride, int firstReplicate) => Check(model, design, replicates, stride, firstReplicate);

    /// <summary>The design checked against the model (every problem in one message); the indices a trial reads.</summary>
    private static Arms Check(CompiledModel model, TrialDesign design, int replicates, int stride, int firstReplicate)
    {
        var problems = design.Problems().ToList();
        int control = model.StrategyNames.ToList().IndexOf(design.Control), experimental = model.StrategyNames.ToList().IndexOf(design.Experimental);
        if (control < 0) problems.Add($"no strategy '{design.Control}' in the model{Suggestions.DidYouMean(design.Control, model.StrategyNames)}");
        if (experimental < 0) problems.Add($"no strategy '{design.Experimental}' in the model{Suggestions.DidYouMean(design.Experimental, model.StrategyNames)}");
        int tag = design.Tag is null ? -1 : model.TagNames.ToList().IndexOf(design.Tag);
        if (design.Endpoint == TrialEndpoint.Tag && tag < 0) problems.Add($"no tag '{design.Tag}' in the model");
        int stratum = design.StrataAttribute is null ? -1 : model.AttributeNames.ToList().IndexOf(design.StrataAttribute);
        if (design.StrataAttribute is not null && stratum < 0) problems.Add($"no attribute '{design.StrataAttribute}' to stratify by{Suggestions.DidYouMean(design.StrataAttribute, model.AttributeNames)}");
        if (stratum >= 0 && model.AttributeLevels(stratum) is null) problems.Add($"attribute '{design.StrataAttribute}' is continuous: stratify by a categorical attribute (its levels are the strata)");
        if ((long)stride * (firstReplicate + replicates) > int.MaxValue) problems.Add($"{stride} patients × {firstReplicate + replicates} replicates exceed {int.MaxValue:N0} simulated patients");
        if (replicates < 1) problems.Add($"replicates must be at least 1 (got {replicates})");
        if (design.Endpoint == TrialEndpoint.CancerFreeDrugFree && control >= 0 && experimental >= 0
            && !model.HasCancerFreeDrugFree(control) && !model.HasCancerFreeDrugFree(experimental))
            problems.Add("a cancer-free drug-free endpoint needs a cancer-free state with no therapy in at least one arm (neither arm has one)");
        if (design.LandmarkMonths is { } l && l > model.HorizonMonths) problems.Add($"landmark {l} months is past the model's horizon of {model.HorizonMonths} months");
        if (problems.Count > 0) throw new ArgumentException("invalid trial: " + string.Join("; ", problems));
        return new Arms(control, experimental, tag, stratum);
    }

    /// <summary>The design checked, and one engine run of patients firstReplicate·stride … for <paramref name="replicates"/> replicates.</summary>
    private static (EndpointTable, Arms) Prepare(CompiledModel model, TrialDesign design, int replicates, ulong seed, int threads, int stride, int firstReplicate = 0,
        CancellationToken cancellation = default)
    {
        var arms = Check(model, design, replicates, stride, firstReplicate);
        var run = Simulator.Run(model, new SimulationOptions
        {
            Cancellation = cancellation,
            Patients = stride * replicates, FirstPatient = (long)stride * firstReplicate, Seed = seed, RecordEndpoints = true,
            CfdfLandmarkMonths = design.Endpoint == TrialEndpoint.CancerFreeDrugFree ? design.LandmarkMonths : null,
            Threads = threads > 0 ? threads : Environment.ProcessorCount,
        });
        return (run.Endpoints!, arms);
    }

    /// <summary>A worker's arrays, sized once and reused by every replicate it simulates.</summary>
    private sealed class Buffers
    {
        public readonly SurvivalWorkspace Workspace = new();
        public int[] Arm = Array.Empty<int>(), Strata = Array.Empty<int>(), Slots = Array.Empty<int>();
        /// <summary>Cancer-free drug-free at the landmark and not lost before it (the cancer-free drug-free endpoint).</summary>
        public bool[] Responder = Array.Empty<bool>();
        public double[] Enrolled = Array.Empty<double>(), Dropout = Array.Empty<double>(), EventTime = Array.Empty<double>(), Calendar = Array.Empty<double>();
        public readonly int[] Filled, Drawn; // per stratum: block slots filled and drawn
        public int[][] Blocks = Array.Empty<int[]>();
        public int CalendarCount;
        public bool ShortOfEvents;

        public Buffers(int strata) { Filled = new int[strata]; Drawn = new int[strata]; }

        /// <summary>Patient i can be assessed at the landmark: enrolled at least that long before the analysis.</summary>
        public bool Assessable(int i, double analysis, double landmark) => Enrolled[i] + landmark <= analysis;

        /// <summary>The calendar time of the d-th observed event (sorted); the given fallback when there are fewer.</summary>
        public double TimeOfEvent(int d, double fallback) => d >= 1 && d <= CalendarCount ? Calendar[d - 1] : fallback;

        public void Ensure(int n, int block)
        {
            if (Arm.Length < n)
            {
                Arm = new int[n]; Strata = new int[n]; Responder = new bool[n]; Enrolled = new double[n]; Dropout = new double[n]; EventTime = new double[n]; Calendar = new double[n];
            }
            if (Slots.Length != block) Slots = new int[block];
        }
    }

    /// <summary>Simulates replicate r into the buffers' workspace (sorted); returns the analysis time.</summary>
    private static double Trial(EndpointTable endpoints, TrialDesign design, int r, ulong seed, int control, int experimental, int tag, int stratum, int stride, Buffers b)
    {
        // The table may start past patient 0 (a shard's block of replicates): rows are patients from its first.
        int n = design.SampleSize, first = (int)((long)r * stride - endpoints.FirstPatient);
        // Two streams per replicate: allocation (block shuffles), and each patient's accrual and drop-out draws in patient
        // order — so a larger trial keeps the smaller one's patients as they were.
        ulong key = RandomStreams.PatientKey(RandomStreams.RunKey(seed, 0), r, StreamPurpose.Trial);
        var rng = new Xoshiro256(key);
        var patientRng = new Xoshiro256(SplitMix64.Mix(key ^ 0xA0761D6478BD642FUL));
        // Permuted blocks of (control share + experimental share), within each stratum (a categorical level).
        int block = design.ControlShare + design.ExperimentalShare;
        b.Ensure(n, block);
        var arm = b.Arm; var strata = b.Strata; var enrolled = b.Enrolled; var dropout = b.Dropout; var eventTime = b.EventTime;
        if (b.Blocks.Length != b.Filled.Length || b.Blocks[0].Length != block) b.Blocks = Enumerable.Range(0, b.Filled.Length).Select(_ => new int[block]).ToArray();
        Array.Clear(b.Drawn);
        Array.Clear(b.Filled);
        for (int i = 0; i < n; i++)
        {
            int s = stratum >= 0 ? (int)endpoints.Attributes[(first + i) * endpoints.AttributeCount + stratum] : 0;
            strata[i] = s;
            var slots = b.Blocks[s];
            if (b.Drawn[s] == b.Filled[s])
            {
                for (int k = 0; k < block; k++) slots[k] = k < design.ControlShare ? 0 : 1;
                for (int k = block - 1; k > 0; k--) { int j = (int)(rng.NextDouble() * (k + 1)); (slots[k], slots[j]) = (slots[j], slots[k]); }
                b.Drawn[s] = 0;
                b.Filled[s] = block;
            }
            arm[i] = slots[b.Drawn[s]++];
        }
        for (int i = 0; i < n; i++)
        {
            double u = patientRng.NextDouble(), e = patientRng.NextExponential();
            enrolled[i] = design.Accrual == AccrualShape.Uniform ? u * design.AccrualMonths : Math.Sqrt(u) * design.AccrualMonths;
            dropout[i] = design.DropoutPerMonth > 0 ? e / design.DropoutPerMonth : double.PositiveInfinity;
            int s = arm[i] == 0 ? control : experimental;
            eventTime[i] = design.Endpoint switch
            {
                TrialEndpoint.OverallSurvival or TrialEndpoint.CancerFreeDrugFree => endpoints.Death[s][first + i],
                TrialEndpoint.ProgressionFreeSurvival => endpoints.Progression[s][first + i],
                _ => endpoints.Tag[s][tag][first + i],
            };
            if (design.Endpoint == TrialEndpoint.CancerFreeDrugFree)
                b.Responder[i] = endpoints.CfdfAtLandmark[s][first + i] && dropout[i] > design.LandmarkMonths!.Value;
        }
        // The analysis: at a calendar time, or when the D-th event is observed (events after drop-out are not).
        // Calendar times of every event that will be observed (before drop-out and the horizon), sorted.
        int count = 0;
        double lastEnrolled = 0;
        for (int i = 0; i < n; i++)
        {
            lastEnrolled = Math.Max(lastEnrolled, enrolled[i]);
            if (eventTime[i] <= dropout[i] && eventTime[i] <= endpoints.HorizonMonths && double.IsFinite(eventTime[i])) b.Calendar[count++] = enrolled[i] + eventTime[i];
        }
        Array.Sort(b.Calendar, 0, count);
        b.CalendarCount = count;
        b.ShortOfEvents = design.AnalysisEvents is { } target && count < target;
        double analysis = design.AnalysisMonths ?? b.TimeOfEvent(design.AnalysisEvents!.Value, lastEnrolled + endpoints.HorizonMonths);
        Fill(b, n, analysis, endpoints.HorizonMonths);
        return analysis;
    }

    /// <summary>The trial as seen at calendar time <paramref name="analysis"/>, into the workspace (sorted).</summary>
    private static void Fill(Buffers b, int n, double analysis, double horizon)
    {
        var arm = b.Arm; var strata = b.Strata; var enrolled = b.Enrolled; var dropout = b.Dropout; var eventTime = b.EventTime;
        var w = b.Workspace;
        w.Clear(n);
        for (int i = 0; i < n; i++)
        {
            if (enrolled[i] > analysis) continue; // not yet enrolled at the analysis
            double followUp = Math.Min(analysis - enrolled[i], Math.Min(dropout[i], horizon));
            // Observed by the analysis on the calendar, as the analysis time itself was found: (a + T) − a may round below T.
            bool observed = double.IsFinite(eventTime[i]) && eventTime[i] <= dropout[i] && eventTime[i] <= horizon
                            && enrolled[i] + eventTime[i] <= analysis;
            w.Add(observed ? eventTime[i] : followUp, observed, arm[i], strata[i]);
        }
        w.Sort();
    }

    private static TrialReplicate Analyse(int r, SurvivalWorkspace w, double analysis, TrialDesign design)
    {
        var test = LogRank.Test(w);
        double logHr = double.NaN, se = double.NaN;
        int observed = 0, d0 = 0, d1 = 0;
        double exposure0 = 0, exposure1 = 0;
        for (int i = 0; i < w.Count; i++)
        {
            if (w.Group[i] == 0) exposure0 += w.Time[i]; else exposure1 += w.Time[i];
            if (w.Event[i]) { observed++; if (w.Group[i] == 0) d0++; else d1++; }
        }
        bool events0 = d0 > 0, events1 = d1 > 0;
        if (events0 && events1) // otherwise no finite hazard ratio
        {
            var cox = CoxModel.Fit(w);
            if (cox.Converged) (logHr, se) = (cox.Coefficient, cox.StandardError); // else infinite: not estimable
        }
        double tau = design.RmstMonths ?? Math.Min(KaplanMeierSummary.MaxTime(w, 0), KaplanMeierSummary.MaxTime(w, 1));
        var control = KaplanMeierSummary.Of(w, 0, tau);
        var experimental = KaplanMeierSummary.Of(w, 1, tau);
        var replicate = new TrialReplicate(r, w.Count, observed, analysis, test.ChiSquare, test.PValue,
            logHr, se, control.Median, experimental.Median, experimental.Rmst - control.Rmst)
        {
            ArmEvents = (d0, d1), ArmExposure = (exposure0, exposure1),
        };
        if (design.LandmarkMonths is not { } landmark || design.Endpoint == TrialEndpoint.CancerFreeDrugFree) return replicate;
        // Past an arm's last follow-up its survival is not estimated (R's extend = FALSE): no test, not significant.
        if (landmark > KaplanMeierSummary.MaxTime(w, 0) || landmark > KaplanMeierSummary.MaxTime(w, 1))
            return replicate with { LandmarkPValue = double.NaN };
        var (s0, v0) = KaplanMeierSummary.At(w, 0, landmark);
        var (s1, v1) = KaplanMeierSummary.At(w, 1, landmark);
        double z = v0 + v1 > 0 ? (s1 - s0) / Math.Sqrt(v0 + v1) : 0;
        return replicate with { LandmarkControl = s0, LandmarkExperimental = s1, LandmarkPValue = LogRank.ChiSquarePValue(z * z) };
    }

    /// <summary>
    /// The cancer-free drug-free shares at the landmark among patients enrolled at least the landmark before the analysis,
    /// and the pooled two-proportion z-test of their difference.
    /// </summary>
    private static TrialReplicate Proportions(TrialReplicate replicate, Buffers b, double analysis, TrialDesign design)
    {
        double landmark = design.LandmarkMonths!.Value;
        int n0 = 0, n1 = 0, x0 = 0, x1 = 0;
        for (int i = 0; i < design.SampleSize; i++)
        {
            if (!b.Assessable(i, analysis, landmark)) continue;
            int x = b.Responder[i] ? 1 : 0;
            if (b.Arm[i] == 0) { n0++; x0 += x; } else { n1++; x1 += x; }
        }
        double p0 = n0 > 0 ? (double)x0 / n0 : double.NaN, p1 = n1 > 0 ? (double)x1 / n1 : double.NaN;
        double pooled = (double)(x0 + x1) / (n0 + n1);
        double variance = pooled * (1 - pooled) * (1.0 / n0 + 1.0 / n1);
        // No assessable patient in an arm, or every share 0 or 1: no evidence of a difference.
        double z = n0 > 0 && n1 > 0 && variance > 0 ? (p1 - p0) / Math.Sqrt(variance) : 0;
        return replicate with { LandmarkControl = p0, LandmarkExperimental = p1, LandmarkPValue = LogRank.ChiSquarePValue(z * z) };
    }
}
