using HccSim.Core.Compilation;
using HccSim.Core.Engine;
using HccSim.Core.Outcomes;
using HccSim.Core.Parallel;
using HccSim.Core.Random;

namespace HccSim.Core.Cycles;

/// <summary>
/// Cycle-based (discrete-time) microsimulation over the same model: each patient, each cycle, one uniform draw
/// against the <see cref="CycleTables"/> probabilities. Patients draw from the same (seed, sample, patient) streams
/// as the continuous engine, and tallies are exact integers, so results are bit-identical for any thread count or
/// block size. Occupancy and rewards are booked per stay (a difference array and prefix sums of the correction
/// weights), so a cycle in the same state costs one draw and one comparison.
/// </summary>
public static class CycleSimulator
{
    public static IReadOnlyList<CycleResult> Run(CompiledModel model, CycleSettings settings, SimulationOptions options)
    {
        var problems = settings.Problems(model.HorizonMonths).Concat(options.Problems()).ToArray();
        if (problems.Length > 0) throw new ArgumentException("invalid cycle simulation: " + string.Join("; ", problems));
        Strata.RefuseStoppingDrugs(model, "the cycle microsimulation");
        var shared = new Shared(model, settings);
        int blocks = (int)((options.Patients + (long)options.BlockSize - 1) / options.BlockSize);
        long done = 0;
        Action<int>? reportProgress = options.Progress is { } progress
            ? b => progress.Report(Interlocked.Add(ref done, Math.Min(options.Patients, ((long)b + 1) * options.BlockSize) - (long)b * options.BlockSize))
            : null;
        var workers = Scheduler.Run(blocks, options.Threads, _ => new Worker(shared, options), (worker, b) =>
        {
            long start = (long)b * options.BlockSize, end = Math.Min(options.Patients, start + options.BlockSize);
            for (long i = start; i < end; i++) worker.Simulate(options.FirstPatient + i);
        }, options.Cancellation, reportProgress);
        var total = workers[0].Tallies;
        for (int w = 1; w < workers.Length; w++)
            for (int s = 0; s < total.Length; s++) total[s].Merge(workers[w].Tallies[s]);
        return total.Select((t, s) => t.ToResult(model.Strategies[s], settings, shared.Cycles)).ToArray();
    }

    /// <summary>Read-only, shared by the workers: tables per kind of patient, correction weights and their prefix sums.</summary>
    private sealed class Shared
    {
        public Shared(CompiledModel model, CycleSettings settings)
        {
            Model = model;
            Settings = settings;
            Cycles = settings.Cycles(model.HorizonMonths);
            double dt = settings.CycleMonths;
            double costRate = Math.Log(1 + model.Source.Discounting.CostsPerYear) / 12, outcomeRate = Math.Log(1 + model.Source.Discounting.OutcomesPerYear) / 12;
            var weights = settings.Weights(Cycles);
            var costWeights = settings.Weights(Cycles, costRate);
            var outcomeWeights = settings.Weights(Cycles, outcomeRate);
            Plain = new double[Cycles + 2];
            CostDiscounted = new double[Cycles + 2];
            OutcomeDiscounted = new double[Cycles + 2];
            for (int c = 0; c <= Cycles; c++)
            {
                Plain[c + 1] = Plain[c] + weights[c];
                CostDiscounted[c + 1] = CostDiscounted[c] + costWeights[c];
                OutcomeDiscounted[c + 1] = OutcomeDiscounted[c] + outcomeWeights[c];
            }
            CostFactor = Enumerable.Range(0, Cycles + 1).Select(c => Math.Exp(-costRate * c * dt)).ToArray();
            OutcomeFactor = Enumerable.Range(0, Cycles + 1).Select(c => Math.Exp(-outcomeRate * c * dt)).ToArray();
            // Patients who differ only in categorical attributes share tables, all built here (read without locks);
            // a patient with a continuous attribute gets tables of their own.
            Categorical = model.Attributes.All(a => a.Kind is AttributeKind.Categorical or AttributeKind.Constant);
            if (Categorical)
                foreach (var (_, attributes) in Strata.Of(model)) _kinds[KindOf(attributes)] = Build(attributes);
        }

        public CompiledModel Model { get; }
        public CycleSettings Settings { get; }
        public int Cycles { get; }
        /// <summary>Prefix sums of w_c, of w_c·(cost discount at t_c) and of w_c·(outcome discount at t_c).</summary>
        public double[] Plain { get; }
        public double[] CostDiscounted { get; }
        public double[] OutcomeDiscounted { get; }
        public double[] CostFactor { get; }
        public double[] OutcomeFactor { get; }
        public bool Categorical { get; }
        // Written once per kind; a kind first reached by a chance node that sets a level (not drawn at baseline) is added then.
        private readonly System.Collections.Concurrent.ConcurrentDictionary<long, CycleTables[]> _kinds = new();

        /// <summary>A kind of patient as one number: the level indices in mixed radix (constants add nothing).</summary>
        public long KindOf(ReadOnlySpan<double> attributes)
        {
            long key = 0;
            for (int a = 0; a < attributes.Length; a++)
                if (Model.Attributes[a].Kind == AttributeKind.Categorical) key = key * Model.Attributes[a].Levels.Length + (long)attributes[a];
            return key;
        }

        public CycleTables[] TablesFor(ReadOnlySpan<double> attributes)
        {
            if (!Categorical) return Build(attributes);
            long key = KindOf(attributes);
            if (_kinds.TryGetValue(key, out var tables)) return tables;
            return _kinds.GetOrAdd(key, Build(attributes));
        }

        /// <summary>One strategy's tables for these attributes (after a chance node changed a level).</summary>
        public CycleTables TableFor(ReadOnlySpan<double> attributes, int strategy)
            => Categorical ? TablesFor(attributes)[strategy] : new CycleTables(Model, strategy, Settings.CycleMonths, Cycles, attributes);

        private CycleTables[] Build(ReadOnlySpan<double> attributes)
        {
            var tables = new CycleTables[Model.Strategies.Length];
            for (int s = 0; s < tables.Length; s++) tables[s] = new CycleTables(Model, s, Settings.CycleMonths, Cycles, attributes);
            return tables;
        }
    }

    private sealed class Worker
    {
        private readonly Shared _shared;
        private readonly ulong _runKey;
        private readonly double[] _attributes;
        /// <summary>The levels under the current strategy, when its chance nodes change them.</summary>
        private readonly double[] _current;
        private CycleTables[]? _lastTables;
        private long _lastKey = -1;

        public Worker(Shared shared, SimulationOptions options)
        {
            _shared = shared;
            _runKey = RandomStreams.RunKey(options.Seed, options.Sample);
            _attributes = new double[shared.Model.Attributes.Length];
            _current = new double[shared.Model.Attributes.Length];
            Tallies = shared.Model.Strategies.Select(st => new Tally(st.States.Length, shared.Cycles)).ToArray();
        }

        public Tally[] Tallies { get; }

        public void Simulate(long patient)
        {
            var model = _shared.Model;
            CycleTables[] tables;
            if (model.Attributes.Length > 0)
            {
                var patientRng = new Xoshiro256(RandomStreams.PatientKey(_runKey, patient, StreamPurpose.Patient));
                CohortWorker.SampleAttributes(model, ref patientRng, _attributes);
                // Categorical kinds share cached tables; a patient with continuous attributes gets tables of their own.
                long key = _shared.Categorical ? _shared.KindOf(_attributes) : -2;
                if (key != _lastKey || _lastTables is null || key == -2) { _lastTables = _shared.TablesFor(_attributes); _lastKey = key; }
                tables = _lastTables;
            }
            else tables = _lastTables ??= _shared.TablesFor(_attributes);

            ulong eventsKey = RandomStreams.PatientKey(_runKey, patient, StreamPurpose.Events);
            for (int s = 0; s < tables.Length; s++)
            {
                var rng = new Xoshiro256(eventsKey);
                SimulateStrategy(s, tables[s], Tallies[s], ref rng);
            }
        }

        private void SimulateStrategy(int s, CycleTables tables, Tally tally, ref Xoshiro256 rng)
        {
            var st = tables.Strategy;
            var sh = _shared;
            Span<double> attributes = _attributes;
            if (st.ChangesAttributes)
            {
                // Every strategy starts from the drawn levels; a change switches to the tables of the new levels.
                _attributes.AsSpan().CopyTo(_current);
                attributes = _current;
            }
            bool changed = false;
            int cycles = sh.Cycles;
            double dt = sh.Settings.CycleMonths;
            double ly = 0, qaly = 0, cost = 0, dly = 0, dqaly = 0, dcost = 0;
            int pfsPoint = -1;
            int node = Resolve(st, tables.Start, 0, attributes, ref changed, ref rng, ref cost, ref dcost, ref qaly, ref dqaly, sh);
            if (changed) { tables = sh.TableFor(attributes, s); changed = false; }
            // The tunnel position (time in the state and on the named clocks running in it) is the one counter kept.
            int state = node, position = tables.Enter(-1, 0, node), entered = 0, enteredAt = position;
            if (!st.States[state].IsProgressionFree) pfsPoint = 0;
            if (st.States[state].IsDead) tally.Deaths[0]++;
            int c = 0;
            for (; c < cycles && !st.States[state].IsDead; c++)
            {
                var q = tables.Row(state, position, c);
                double u = rng.NextDouble(), acc = 0;
                int exit = -1;
                for (int i = 0; i < q.Length; i++)
                {
                    acc += q[i];
                    if (u < acc) { exit = i; break; }
                }
                if (exit < 0) { position = tables.Stay(state, position); continue; }
                // Left during cycle c: in the state at points entered … c, in the next from point c + 1.
                Book(tables, state, entered, c + 1, enteredAt, tally, ref ly, ref qaly, ref cost, ref dly, ref dqaly, ref dcost);
                int ex = tables.ExitIndex(state, exit);
                if (ex >= 0)
                {
                    cost += st.Exits[ex].Cost; dcost += st.Exits[ex].Cost * sh.CostFactor[c + 1];
                    qaly -= st.Exits[ex].Toll; dqaly -= st.Exits[ex].Toll * sh.OutcomeFactor[c + 1];
                }
                int from = state;
                state = Resolve(st, tables.Target(state, exit), c + 1, attributes, ref changed, ref rng, ref cost, ref dcost, ref qaly, ref dqaly, sh);
                if (changed) { tables = sh.TableFor(attributes, s); changed = false; }
                position = enteredAt = tables.Enter(from, position, state);
                entered = c + 1;
                if (pfsPoint < 0 && !st.States[state].IsProgressionFree) pfsPoint = c + 1;
                if (st.States[state].IsDead) tally.Deaths[c + 1]++;
            }
            Book(tables, state, entered, cycles + 1, enteredAt, tally, ref ly, ref qaly, ref cost, ref dly, ref dqaly, ref dcost);
            tally.PersonCycles += c;
            if (pfsPoint >= 0) tally.Progressions[pfsPoint]++;
            tally.Patients++;
            tally.LifeYears.Add(ly); tally.Qalys.Add(qaly); tally.Costs.Add(cost);
            tally.DLifeYears.Add(dly); tally.DQalys.Add(dqaly); tally.DCosts.Add(dcost);
        }

        /// <summary>
        /// A stay at points [from, to), entered at <paramref name="position"/>: its occupancy and its rewards through the
        /// prefix sums — for rewards that change with time, piece by piece as the position moves on.
        /// </summary>
        private void Book(CycleTables tables, int state, int from, int to, int position, Tally tally,
            ref double ly, ref double qaly, ref double cost, ref double dly, ref double dqaly, ref double dcost)
        {
            var st = tables.Strategy;
            tally.Occupancy[state * (tally.Points + 1) + from]++;
            tally.Occupancy[state * (tally.Points + 1) + to]--;
            ref readonly var row = ref st.States[state];
            if (row.IsDead) return;
            double dt = _shared.Settings.CycleMonths;
            double plain = _shared.Plain[to] - _shared.Plain[from];
            double outcome = _shared.OutcomeDiscounted[to] - _shared.OutcomeDiscounted[from];
            ly += plain * dt / 12; dly += outcome * dt / 12;
            if (!row.RewardsByTime)
            {
                qaly += plain * row.Utility * dt / 12; dqaly += outcome * row.Utility * dt / 12;
                cost += plain * row.CostPerMonth * dt; dcost += (_shared.CostDiscounted[to] - _shared.CostDiscounted[from]) * row.CostPerMonth * dt;
                return;
            }
            for (int point = from; point < to;)
            {
                // One point at a time while the position moves; from the deepest on, the rest of the stay at once.
                int next = tables.Stay(state, position);
                int until = next == position ? to : point + 1;
                double u = tables.UtilityAt(state, position), c = tables.CostAt(state, position);
                double p = _shared.Plain[until] - _shared.Plain[point], o = _shared.OutcomeDiscounted[until] - _shared.OutcomeDiscounted[point];
                qaly += p * u * dt / 12; dqaly += o * u * dt / 12;
                cost += p * c * dt; dcost += (_shared.CostDiscounted[until] - _shared.CostDiscounted[point]) * c * dt;
                point = until;
                position = next;
            }
        }

        private static int Resolve(CompiledStrategy st, int node, int point, Span<double> attributes, ref bool changed, ref Xoshiro256 rng,
            ref double cost, ref double dcost, ref double qaly, ref double dqaly, Shared sh)
        {
            while (node < 0)
            {
                ref readonly var chance = ref st.Chance[~node];
                cost += chance.Cost; dcost += chance.Cost * sh.CostFactor[point];
                qaly -= chance.Toll; dqaly -= chance.Toll * sh.OutcomeFactor[point];
                if (chance.SetCount != 0) changed |= CohortWorker.ApplySets(st, chance, attributes);
                double u = rng.NextDouble();
                int b = CohortWorker.BranchBlock(chance, attributes), last = b + chance.BranchCount - 1;
                while (b < last && u >= st.Branches[b].CumulativeProbability) b++;
                node = st.Branches[b].Target;
            }
            return node;
        }
    }

    /// <summary>One strategy's exact tallies at the cycle boundaries.</summary>
    private sealed class Tally(int states, int cycles)
    {
        public int Points { get; } = cycles + 1;
        public readonly long[] Occupancy = new long[states * (cycles + 2)];
        public readonly long[] Deaths = new long[cycles + 1];
        public readonly long[] Progressions = new long[cycles + 1];
        public long Patients, PersonCycles;
        public ExactSum LifeYears, Qalys, DLifeYears, DQalys;
        public ExactSum Costs = new(SumPrecision.Money), DCosts = new(SumPrecision.Money);

        public void Merge(Tally o)
        {
            for (int i = 0; i < Occupancy.Length; i++) Occupancy[i] += o.Occupancy[i];
            for (int i = 0; i < Deaths.Length; i++) { Deaths[i] += o.Deaths[i]; Progressions[i] += o.Progressions[i]; }
            Patients += o.Patients;
            PersonCycles += o.PersonCycles;
            LifeYears.Merge(o.LifeYears); Qalys.Merge(o.Qalys); Costs.Merge(o.Costs);
            DLifeYears.Merge(o.DLifeYears); DQalys.Merge(o.DQalys); DCosts.Merge(o.DCosts);
        }

        public CycleResult ToResult(CompiledStrategy st, CycleSettings settings, int cycles)
        {
            double n = Patients;
            var occupancy = new double[st.States.Length, Points];
            for (int s = 0; s < st.States.Length; s++)
            {
                long running = 0;
                for (int c = 0; c < Points; c++) { running += Occupancy[s * (Points + 1) + c]; occupancy[s, c] = running / n; }
            }
            var os = new double[Points];
            var pfs = new double[Points];
            long dead = 0, progressed = 0;
            for (int c = 0; c < Points; c++)
            {
                dead += Deaths[c]; progressed += Progressions[c];
                os[c] = 1 - dead / n; pfs[c] = 1 - progressed / n;
            }
            return new CycleResult
            {
                Strategy = st.Name,
                States = st.StateNames,
                CycleMonths = settings.CycleMonths,
                Times = Enumerable.Range(0, Points).Select(c => c * settings.CycleMonths).ToArray(),
                Occupancy = occupancy,
                OverallSurvival = os,
                ProgressionFreeSurvival = pfs,
                Patients = Patients,
                PersonCycles = PersonCycles,
                LifeYears = LifeYears.ToEstimate(), Qalys = Qalys.ToEstimate(), Costs = Costs.ToEstimate(),
                DiscountedLifeYears = DLifeYears.ToEstimate(), DiscountedQalys = DQalys.ToEstimate(), DiscountedCosts = DCosts.ToEstimate(),
            };
        }
    }
}
