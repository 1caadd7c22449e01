using System.Numerics;
using System.Runtime.CompilerServices;
using HccSim.Core.Compilation;
using HccSim.Core.Model;
using HccSim.Core.Outcomes;
using HccSim.Core.Random;

namespace HccSim.Core.Engine;

/// <summary>
/// Simulates patients one at a time through every strategy, adding them to its own tallies. One worker per
/// thread; all its scratch space is allocated once, so simulating a patient allocates nothing.
/// </summary>
internal sealed class CohortWorker
{
    /// <summary>Transitions one patient may make under one strategy before the model is declared runaway.</summary>
    public const int MaxTransitionsPerPatient = 1_000_000;

    private readonly CompiledModel _model;
    private readonly ulong _runKey;
    private readonly bool _needsPatientStream;
    private readonly double[] _attributes;
    /// <summary>The patient's levels under the current strategy, for strategies whose chance nodes change them.</summary>
    private readonly double[] _current;
    private readonly double[] _multipliers;
    /// <summary>When each named clock last started (the patient entered its states from outside them).</summary>
    private readonly double[] _clockStarts;
    /// <summary>Per drug priced apart that may stop: the delay to stopping, until its first day, then the time it stops.</summary>
    private readonly double[] _drugStop;
    private readonly int _binsPerMonth, _pointsPerMonth;
    private readonly double _costRate, _outcomeRate;
    private readonly double _cfdfLandmark;
    private readonly CohortPartition? _partition;
    /// <summary>Per strategy: whether its paths take only the exponential loop.</summary>
    private readonly bool[] _exponentialOnly;
    /// <summary>Where the current patient's cell starts in <see cref="Tallies"/> (their baseline cell × strategies).</summary>
    private int _cellTallies;

    public CohortWorker(CompiledModel model, SimulationOptions options)
    {
        _model = model;
        _runKey = RandomStreams.RunKey(options.Seed, options.Sample);
        _needsPatientStream = model.Attributes.Length > 0 || model.HasBackground;
        _attributes = new double[model.Attributes.Length];
        _current = new double[model.Attributes.Length];
        _multipliers = new double[Math.Max(1, model.MaxExits)];
        _clockStarts = new double[Math.Max(1, model.Strategies.Length == 0 ? 0 : model.Strategies.Max(st => st.ClockNames.Length))];
        int drugs = model.Strategies.Length == 0 ? 0 : model.Strategies.Max(st => st.Drugs.Length);
        _drugStop = new double[Math.Max(1, drugs)];
        _binsPerMonth = options.Grid.BinsPerMonth;
        _pointsPerMonth = options.Grid.PointsPerMonth;
        _costRate = model.CostDiscountPerMonth;
        _outcomeRate = model.OutcomeDiscountPerMonth;
        _cfdfLandmark = options.RecordEndpoints && options.CfdfLandmarkMonths is { } landmark ? landmark : double.NaN;
        _partition = options.Partition;
        _exponentialOnly = model.Strategies.Select(st => st.ExponentialOnly && !model.HasBackground).ToArray();
        int strategies = model.Strategies.Length;
        Tallies = new StrategyTally[strategies * (_partition?.CellCount ?? 1)];
        for (int i = 0; i < Tallies.Length; i++) Tallies[i] = new StrategyTally(model, i % strategies, options.Grid);
    }

    /// <summary>Cell-major: cell c's tally of strategy s at c·strategies + s; one cell without a partition.</summary>
    public StrategyTally[] Tallies { get; }

    /// <summary>Where to record endpoint times, and this patient's row in it (set per patient by the simulator).</summary>
    public EndpointTable? Endpoints { get; set; }
    private int _endpointRow;

    /// <summary>Simulates one patient under every strategy; records sojourns into <paramref name="trajectory"/> if given.</summary>
    public void Simulate(long patient, List<Sojourn>? trajectory, Span<double> attributesOut)
    {
        if (Endpoints is { } table) _endpointRow = (int)(patient - table.FirstPatient);
        // Attributes and background mortality come from the patient's own stream, before and apart from any
        // strategy, so every strategy sees the same patient (common random numbers).
        double ageMonths = 0.0, backgroundDeath = double.PositiveInfinity;
        if (_needsPatientStream)
        {
            var patientRng = new Xoshiro256(RandomStreams.PatientKey(_runKey, patient, StreamPurpose.Patient));
            var attributes = _attributes.AsSpan();
            SampleAttributes(ref patientRng, attributes);
            // The cell by the levels drawn at entry, before any strategy's set: changes them.
            if (_partition is { } partition) _cellTallies = partition.CellOf(attributes) * _model.Strategies.Length;
            if (!attributesOut.IsEmpty) attributes.CopyTo(attributesOut);
            if (Endpoints is { } endpointTable) attributes.CopyTo(endpointTable.Attributes.AsSpan(_endpointRow * endpointTable.AttributeCount, endpointTable.AttributeCount));
            if (_model.AgeAttribute >= 0) ageMonths = attributes[_model.AgeAttribute] * 12.0;
            if (_model.HasBackground)
                backgroundDeath = Math.Max(0, _model.Background.SampleClock(_model.Table, ageMonths, 1.0, ref patientRng) - ageMonths);
        }

        var strategies = _model.Strategies;
        ulong eventsKey = RandomStreams.PatientKey(_runKey, patient, StreamPurpose.Events);
        for (int s = 0; s < strategies.Length; s++)
        {
            // Each strategy restarts the same event stream: a strategy compared with itself differs by exactly zero.
            if (_exponentialOnly[s] && trajectory is null && Endpoints is null)
                SimulateStrategy<ExponentialPath>(s, patient, ageMonths, backgroundDeath, eventsKey, null);
            else
                SimulateStrategy<GeneralPath>(s, patient, ageMonths, backgroundDeath, eventsKey, trajectory);
        }
    }

    private void SampleAttributes(ref Xoshiro256 rng, Span<double> values) => SampleAttributes(_model, ref rng, values);

    /// <summary>Draws a patient's attributes from their patient stream (shared with the cycle engine).</summary>
    internal static void SampleAttributes(CompiledModel model, ref Xoshiro256 rng, Span<double> values)
    {
        var attrs = model.Attributes;
        for (int a = 0; a < attrs.Length; a++)
        {
            var attr = attrs[a];
            switch (attr.Kind)
            {
                case AttributeKind.Categorical:
                {
                    values[a] = CategoricalLevel(attr.CumulativeShares, rng.NextDouble());
                    break;
                }
                case AttributeKind.Normal:
                {
                    // Truncated normal by inversion: one uniform mapped into [Φ(min), Φ(max)].
                    // An open-interval uniform, so an unbounded normal never maps a draw of 0 to −∞.
                    double p = attr.LowerTail + rng.NextOpen() * (attr.UpperTail - attr.LowerTail);
                    double x = attr.Mean + attr.Sd * Distributions.NormalMath.Quantile(p);
                    values[a] = Math.Clamp(x, attr.Min, attr.Max);
                    break;
                }
                case AttributeKind.Uniform:
                    values[a] = attr.Min + rng.NextDouble() * (attr.Max - attr.Min);
                    break;
                default:
                    values[a] = attr.Mean;
                    break;
            }
        }
    }

    /// <summary>Level k takes draws in [cum[k−1], cum[k]): half-open, so a zero-share level is never chosen.</summary>
    internal static int CategoricalLevel(ReadOnlySpan<double> cumulative, double u)
    {
        int level = 0;
        while (level < cumulative.Length - 1 && u >= cumulative[level]) level++;
        return level;
    }

    /// <summary>The event stream while a helper outside the stay loop draws from it (see <see cref="SimulateStrategy"/>).</summary>
    private Xoshiro256 _lent;

    /// <summary>
    /// Which parts of the stay loop a path may take. <see cref="SimulateStrategy{TPath}"/> is compiled once per kind, and
    /// for <see cref="ExponentialPath"/> the JIT drops every part it never takes (clocks, other distributions, hazard
    /// ratios, background mortality, rewards over time, stopping drugs, levels that change, trajectories, endpoints):
    /// one source for both, so they cannot drift apart; the draws and sums are the same operations in the same order.
    /// </summary>
    private interface IPathKind
    {
        static abstract bool General { get; }
    }

    private struct ExponentialPath : IPathKind
    {
        public static bool General => false;
    }

    private struct GeneralPath : IPathKind
    {
        public static bool General => true;
    }

    private void SimulateStrategy<TPath>(int s, long patient, double ageMonths, double backgroundDeath, ulong eventsKey, List<Sojourn>? trajectory)
        where TPath : struct, IPathKind
    {
        // The generator is a local the JIT can keep in registers: its address is never taken. Helpers that draw from it
        // borrow it through _lent and hand it back, so the sequence of draws is exactly the one a shared reference gives.
        var rng = new Xoshiro256(eventsKey);
        var st = _model.Strategies[s];
        var tally = Tallies[_cellTallies + s];
        var states = st.States;
        var exits = st.Exits;
        Span<double> attributes = _attributes;
        if (TPath.General && st.ChangesAttributes)
        {
            // Every strategy starts from the drawn levels; changes made on this path stay on it.
            _attributes.AsSpan().CopyTo(_current);
            attributes = _current;
        }
        Span<double> mult = _multipliers;
        bool hasHr = TPath.General && st.HasHazardRatios;
        if (hasHr) ComputeMultipliers(st, attributes, mult);

        double horizon = _model.HorizonMonths;
        int stride = tally.Points + 1;
        long[] occupancy = tally.OccupancyChanges;
        double costRate = _costRate, outcomeRate = _outcomeRate;
        bool sameRates = costRate == outcomeRate;

        double t = 0;
        double lifeMonths = 0, qalyMonths = 0, cost = 0, dLifeMonths = 0, dQalyMonths = 0, dCost = 0, cfdfMonths = 0;
        double costFactor = 1, outcomeFactor = 1; // exp(−δ·t) at the current time
        double pfs = -1, os = double.PositiveInfinity;
        ulong tagsSeen = 0;
        bool response = false, cancerFree = false, cfdf = false, cfdfAtLandmark = false;
        double cfdfLandmark = _cfdfLandmark; // NaN when not recorded: every comparison with it is false
        int transitions = 0;
        int entered = 0; // report point at or after t
        int previous = -1; // the state before this one: a named clock starts on entering its states from outside them

        ulong drugsStarted = 0;
        if (TPath.General && st.HasStoppingDrugs) DrawDrugDelays(st, patient);

        int node = st.FixedStart ?? Route(st, attributes);
        if (node < 0)
        {
            _lent = rng;
            node = ResolveChance(st, node, 0, 1, 1, attributes, mult, ref _lent, ref cost, ref dCost, ref qalyMonths, ref dQalyMonths, ref tagsSeen, tally);
            rng = _lent;
        }

        while (true)
        {
            ref readonly StateRow row = ref states[node];
            if (TPath.General && row.ClockMask != 0) StartClocks(row.ClockMask & ~(previous >= 0 ? states[previous].ClockMask : 0UL), t);
            response |= row.IsResponse;
            cancerFree |= row.IsCancerFree;
            cfdf |= row.IsCancerFreeDrugFree;
            if (pfs < 0 && !row.IsProgressionFree) pfs = t;

            if (row.IsDead)
            {
                os = t;
                occupancy[node * stride + entered]++;
                occupancy[node * stride + stride - 1]--;
                // The stay in death runs to the horizon; it is not a censoring (Censored marks the alive at the horizon).
                if (TPath.General) trajectory?.Add(new Sojourn(patient, s, node, t, horizon, false));
                break;
            }

            // Competing exits race; the earliest wins.
            double next = double.PositiveInfinity;
            int exit = -1;
            int first = row.FirstExit, count = row.ExitCount;
            if (count > 0)
            {
                if (!TPath.General || row.AllExponential)
                {
                    // Exponential race: one draw for the time from the total rate, one for which exit.
                    double total = row.TotalRate;
                    if (hasHr)
                    {
                        total = 0;
                        for (int j = first; j < first + count; j++) total += exits[j].Rate * mult[j];
                    }
                    next = t + rng.NextExponential() / total;
                    exit = first + count - 1;
                    if (count > 1)
                    {
                        double u = rng.NextDouble() * total, acc = 0;
                        for (int j = first; j < first + count - 1; j++)
                        {
                            acc += hasHr ? exits[j].Rate * mult[j] : exits[j].Rate;
                            if (u < acc) { exit = j; break; }
                        }
                    }
                }
                else
                {
                    _lent = rng;
                    exit = RaceKernels(st, first, count, t, ageMonths, hasHr, out next);
                    rng = _lent;
                }
            }
            bool background = false;
            if (TPath.General && backgroundDeath < next) { next = backgroundDeath; background = true; }

            // The sojourn [t, end): time, QALYs and costs, discounted continuously and integrated exactly.
            double end = next < horizon ? next : horizon;
            double dt = end - t;
            lifeMonths += dt;
            qalyMonths += row.Utility * dt;
            cost += row.CostPerMonth * dt;
            double costFactorEnd = costFactor, outcomeFactorEnd = outcomeFactor;
            if (costRate > 0)
            {
                costFactorEnd = Math.Exp(-costRate * end);
                dCost += row.CostPerMonth * (costFactor - costFactorEnd) / costRate;
            }
            else dCost += row.CostPerMonth * dt;
            if (outcomeRate > 0)
            {
                outcomeFactorEnd = sameRates ? costFactorEnd : Math.Exp(-outcomeRate * end);
                double discounted = (outcomeFactor - outcomeFactorEnd) / outcomeRate;
                dLifeMonths += discounted;
                dQalyMonths += row.Utility * discounted;
            }
            else
            {
                dLifeMonths += dt;
                dQalyMonths += row.Utility * dt;
            }
            if (TPath.General && row.RewardsByTime)
            {
                // A reward over time replaces its constant (then 0): its pieces over the stay, integrated the same way.
                if (row.CostProfile >= 0)
                    AccrueProfile(st, row.CostProfile, t, end, costRate, costFactor, costFactorEnd, _clockStarts, ref cost, ref dCost);
                if (row.UtilityProfile >= 0)
                    AccrueProfile(st, row.UtilityProfile, t, end, outcomeRate, outcomeFactor, outcomeFactorEnd, _clockStarts, ref qalyMonths, ref dQalyMonths);
            }

            if (TPath.General && row.StoppingDrugs != 0)
                StopDrugs(st, row.StoppingDrugs, t, end, costRate, costFactor, costFactorEnd, ref drugsStarted, ref cost, ref dCost, ref tagsSeen, tally);

            int left = next > horizon ? stride - 1 : PointAtOrAfter(next);
            occupancy[node * stride + entered]++;
            occupancy[node * stride + left]--;
            if (row.IsCancerFreeDrugFree)
            {
                cfdfMonths += dt;
                // In this stay at the landmark: [t, end), or [t, horizon] for a stay that runs to the horizon.
                if (t <= cfdfLandmark && (cfdfLandmark < end || (next > horizon && cfdfLandmark <= horizon))) cfdfAtLandmark = true;
                tally.CfdfChanges[entered]++;
                tally.CfdfChanges[left]--;
            }
            if (TPath.General) trajectory?.Add(new Sojourn(patient, s, node, t, end, next > horizon));

            if (next > horizon) break; // alive in this state at the horizon: censored

            t = next;
            entered = left; // the next stay starts where this one ended
            costFactor = costFactorEnd;
            outcomeFactor = outcomeFactorEnd;
            if (++transitions > MaxTransitionsPerPatient) ThrowHelper.RunawayPatient(st.Name, patient, transitions);

            previous = node;
            if (background)
            {
                tally.BackgroundDeaths++;
                node = row.DeadState;
                continue;
            }

            ref readonly ExitRow taken = ref exits[exit];
            if (taken.Cost != 0) { cost += taken.Cost; dCost += taken.Cost * costFactor; }
            if (taken.Toll != 0) { qalyMonths -= 12 * taken.Toll; dQalyMonths -= 12 * taken.Toll * outcomeFactor; }
            if (taken.Tags != 0) tagsSeen = RecordTags(taken.Tags, tagsSeen, t, tally);
            node = taken.Target;
            if (node < 0)
            {
                _lent = rng;
                node = ResolveChance(st, node, t, costFactor, outcomeFactor, attributes, mult, ref _lent, ref cost, ref dCost, ref qalyMonths, ref dQalyMonths, ref tagsSeen, tally);
                rng = _lent;
            }
        }

        tally.Patients++;
        tally.Transitions += transitions;
        if (TPath.General && Endpoints is { } endpoints)
        {
            endpoints.Death[s][_endpointRow] = os <= horizon ? os : double.PositiveInfinity;
            endpoints.Progression[s][_endpointRow] = pfs >= 0 ? pfs : double.PositiveInfinity;
            if (tally.TagCount > 0) RecordTagTimes(endpoints.Tag[s], tagsSeen);
            if (endpoints.CfdfLandmarkMonths is not null) endpoints.CfdfAtLandmark[s][_endpointRow] = cfdfAtLandmark;
        }
        if (response) tally.ResponseEver++;
        if (cancerFree) tally.CancerFreeEver++;
        if (cfdf) tally.CfdfEver++;
        RecordPatient(tally, horizon, os, pfs, cfdfMonths, lifeMonths, qalyMonths, cost, dLifeMonths, dQalyMonths, dCost);
    }

    /// <summary>
    /// Adds one patient's path to the tally's histograms and exact sums. Kept out of the stay loop: that loop is
    /// large enough that the JIT stops inlining into it, and these nine sums are the patient's largest fixed cost.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void RecordPatient(StrategyTally tally, double horizon, double os, double pfs, double cfdfMonths,
        double lifeMonths, double qalyMonths, double cost, double dLifeMonths, double dQalyMonths, double dCost)
    {
        if (os <= horizon) tally.OsEvents[EventBin(os)]++;
        tally.OsTime.Add(os < horizon ? os : horizon);
        if (pfs >= 0)
        {
            tally.PfsEvents[EventBin(pfs)]++;
            tally.PfsTime.Add(pfs);
        }
        else tally.PfsTime.Add(horizon);
        tally.CfdfTime.Add(cfdfMonths);
        tally.LifeYears.Add(lifeMonths / 12.0);
        tally.Qalys.Add(qalyMonths / 12.0);
        tally.Costs.Add(cost);
        tally.DiscountedLifeYears.Add(dLifeMonths / 12.0);
        tally.DiscountedQalys.Add(dQalyMonths / 12.0);
        tally.DiscountedCosts.Add(dCost);
    }

    /// <summary>Named clocks starting now: the state entered keeps them and the one left did not.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void StartClocks(ulong starting, double t)
    {
        while (starting != 0)
        {
            _clockStarts[BitOperations.TrailingZeroCount(starting)] = t;
            starting &= starting - 1;
        }
    }

    /// <summary>
    /// Races exits of any distribution from time t, each on its own clock, drawing from the borrowed stream
    /// <see cref="_lent"/>; the earliest wins. Out of the stay loop: it is the rarer race, and inlined it made the loop's
    /// frame larger for every patient.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private int RaceKernels(CompiledStrategy st, int first, int count, double t, double ageMonths, bool hasHr, out double next)
    {
        var exits = st.Exits;
        ReadOnlySpan<double> table = _model.Table;
        next = double.PositiveInfinity;
        int exit = -1;
        for (int j = first; j < first + count; j++)
        {
            ref readonly ExitRow ex = ref exits[j];
            double clock = ex.Clock == Clock.TimeInState ? 0 : ex.Clock == Clock.TimeSinceStart ? t
                : ex.Clock == Clock.Age ? ageMonths + t : t - _clockStarts[ex.NamedClock];
            double at = ex.Kernel.SampleClock(table, clock, hasHr ? _multipliers[j] : 1.0, ref _lent);
            // H⁻¹(H(c) + E) can round a few ulps below c for a tiny E: never before now.
            double candidate = Math.Max(t, t + (at - clock));
            if (candidate < next) { next = candidate; exit = j; }
        }
        return exit;
    }

    /// <summary>
    /// Adds a piecewise-constant reward over the stay [t, end) to its plain and discounted sums: each piece v over [a, b)
    /// counts v·(b − a) and v·(e^{−δa} − e^{−δb})/δ, exactly as a constant does over a whole stay.
    /// </summary>
    private static void AccrueProfile(CompiledStrategy st, int profile, double t, double end, double rate, double factorStart, double factorEnd,
        ReadOnlySpan<double> clockStarts, ref double plain, ref double discounted)
    {
        ref readonly ProfileRow p = ref st.Profiles[profile];
        ReadOnlySpan<double> starts = st.ProfileTable.AsSpan(p.Offset, p.Count), values = st.ProfileTable.AsSpan(p.Offset + p.Count, p.Count);
        double origin = p.Clock < 0 ? t : clockStarts[p.Clock]; // where the profile's clock read 0
        int i = p.Count - 1;
        while (i > 0 && origin + starts[i] > t) i--;
        double a = t, fa = factorStart;
        while (a < end)
        {
            double b = i + 1 < p.Count ? Math.Min(end, origin + starts[i + 1]) : end;
            double fb = b == end ? factorEnd : rate > 0 ? Math.Exp(-rate * b) : 1;
            plain += values[i] * (b - a);
            discounted += Discounted(values[i], rate, a, b, fa, fb);
            a = b;
            fa = fb;
            i++;
        }
    }

    /// <summary>v·∫ e^{−δs} ds over [a, b), given the factors f = e^{−δ·} at its ends: v·(f(a) − f(b))/δ, or v·(b − a) undiscounted.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Discounted(double v, double rate, double a, double b, double fa, double fb) => rate > 0 ? v * (fa - fb) / rate : v * (b - a);

    /// <summary>Draws, from the patient's drug stream, how long after starting each drug they would stop it for toxicity.</summary>
    private void DrawDrugDelays(CompiledStrategy st, long patient)
    {
        var rng = new Xoshiro256(RandomStreams.PatientKey(_runKey, patient, StreamPurpose.Drugs));
        for (int k = 0; k < st.Drugs.Length; k++)
        {
            double e = rng.NextExponential();
            _drugStop[k] = st.Drugs[k].StopRate > 0 ? e / st.Drugs[k].StopRate : double.PositiveInfinity;
        }
    }

    /// <summary>
    /// Over a stay [t, end) in a state giving drugs that may stop: starts each drug's clock on its first day, and takes
    /// back the drug's cost (plain and discounted, exactly) for the part of the stay after it stopped.
    /// </summary>
    private void StopDrugs(CompiledStrategy st, ulong drugs, double t, double end, double rate, double factorStart, double factorEnd,
        ref ulong started, ref double cost, ref double dCost, ref ulong tagsSeen, StrategyTally tally)
    {
        while (drugs != 0)
        {
            int k = BitOperations.TrailingZeroCount(drugs);
            drugs &= drugs - 1;
            if ((started & (1UL << k)) == 0)
            {
                started |= 1UL << k;
                _drugStop[k] += t; // the delay becomes the time it stops
            }
            double stop = _drugStop[k];
            if (stop >= end) continue;
            ref readonly DrugRow d = ref st.Drugs[k];
            double from = Math.Max(t, stop);
            cost -= d.CostPerMonth * (end - from);
            double factorFrom = from == t ? factorStart : rate > 0 ? Math.Exp(-rate * from) : 1;
            dCost -= Discounted(d.CostPerMonth, rate, from, end, factorFrom, factorEnd);
            if (stop >= t && d.StopTag != 0) tagsSeen = RecordTags(d.StopTag, tagsSeen, stop, tally);
        }
    }

    /// <summary>Follows chance nodes from <paramref name="node"/> (a ~index) to the state they lead to.</summary>
    private int ResolveChance(CompiledStrategy st, int node, double t, double costFactor, double outcomeFactor,
        Span<double> attributes, Span<double> mult, ref Xoshiro256 rng,
        ref double cost, ref double dCost, ref double qalyMonths, ref double dQalyMonths, ref ulong tagsSeen, StrategyTally tally)
    {
        var branches = st.Branches;
        while (node < 0)
        {
            ref readonly ChanceRow c = ref st.Chance[~node];
            if (c.Cost != 0) { cost += c.Cost; dCost += c.Cost * costFactor; }
            if (c.Toll != 0) { qalyMonths -= 12 * c.Toll; dQalyMonths -= 12 * c.Toll * outcomeFactor; }
            if (c.Tags != 0) tagsSeen = RecordTags(c.Tags, tagsSeen, t, tally);
            // A set applies as the patient enters the node (before its branches are drawn); hazards follow the new levels.
            if (c.SetCount != 0 && ApplySets(st, c, attributes) && st.HasHazardRatios) ComputeMultipliers(st, attributes, mult);
            double u = rng.NextDouble();
            int b = BranchBlock(c, attributes), last = b + c.BranchCount - 1;
            while (b < last && u >= branches[b].CumulativeProbability) b++;
            if (branches[b].Tags != 0) tagsSeen = RecordTags(branches[b].Tags, tagsSeen, t, tally);
            node = branches[b].Target;
        }
        return node;
    }

    // First tag times are kept per patient while recording endpoints: tags seen set the time once.
    private readonly double[] _tagFirst = new double[64];

    private void RecordTagTimes(double[][] into, ulong seen)
    {
        for (int k = 0; k < into.Length; k++) into[k][_endpointRow] = ((seen >> k) & 1UL) != 0 ? _tagFirst[k] : double.PositiveInfinity;
    }

    private ulong RecordTags(ulong tags, ulong seen, double t, StrategyTally tally)
    {
        ulong fresh = tags & ~seen;
        while (fresh != 0)
        {
            int k = BitOperations.TrailingZeroCount(fresh);
            fresh &= fresh - 1;
            tally.TagEver[k]++;
            _tagFirst[k] = t;
            tally.TagFirstEvents[tally.TagSlot[k] * tally.EventBins + EventBin(t)]++;
            tally.TagFirstTime[k].Add(t);
        }
        return seen | tags;
    }

    /// <summary>Sets the node's attributes; whether any level changed.</summary>
    internal static bool ApplySets(CompiledStrategy st, in ChanceRow c, Span<double> attributes)
    {
        bool changed = false;
        for (int k = c.FirstSet; k < c.FirstSet + c.SetCount; k++)
        {
            ref readonly AttributeSetRow set = ref st.Sets[k];
            changed |= attributes[set.Attribute] != set.Level;
            attributes[set.Attribute] = set.Level;
        }
        return changed;
    }

    /// <summary>The first branch for this patient: by-level nodes hold one block of branches per level.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int BranchBlock(in ChanceRow c, ReadOnlySpan<double> attributes)
        => c.ByAttribute < 0 ? c.FirstBranch : c.FirstBranch + (int)attributes[c.ByAttribute] * c.BranchCount;

    internal static void ComputeMultipliers(CompiledStrategy st, ReadOnlySpan<double> attributes, Span<double> mult)
    {
        var exits = st.Exits;
        var terms = st.HazardRatios;
        var levels = st.LevelMultipliers;
        for (int j = 0; j < exits.Length; j++)
        {
            double m = 1.0;
            int end = exits[j].FirstHazardRatio + exits[j].HazardRatioCount;
            for (int h = exits[j].FirstHazardRatio; h < end; h++)
            {
                ref readonly HazardRatioTerm term = ref terms[h];
                double x = attributes[term.Attribute];
                m *= term.Continuous ? Math.Exp(term.LogPerUnit * (x - term.Reference)) : levels[term.LevelOffset + (int)x];
            }
            mult[j] = m;
        }
    }

    internal static int Route(CompiledStrategy st, ReadOnlySpan<double> attributes)
    {
        var routes = st.Routes;
        var conditions = st.Conditions;
        for (int r = 0; r < routes.Length; r++)
        {
            bool match = true;
            int end = routes[r].FirstCondition + routes[r].ConditionCount;
            for (int c = routes[r].FirstCondition; c < end && match; c++)
            {
                double x = attributes[conditions[c].Attribute];
                match = conditions[c].Continuous
                    ? x >= conditions[c].Min && x < conditions[c].Max
                    : ((conditions[c].LevelMask >> (int)x) & 1UL) != 0;
            }
            if (match) return routes[r].Start;
        }
        return ThrowHelper.Unreachable<int>($"strategy '{st.Name}' routed no rule for a patient (coverage is checked at compile time)");
    }

    /// <summary>Bin of an event at time x: 0 for x = 0, k for x in ((k−1)/b, k/b].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int EventBin(double x) => x <= 0 ? 0 : (int)Math.Ceiling(x * _binsPerMonth);

    /// <summary>The first report point at or after x.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int PointAtOrAfter(double x) => (int)Math.Ceiling(x * _pointsPerMonth);
}
