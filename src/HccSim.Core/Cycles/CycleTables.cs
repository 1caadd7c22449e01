using HccSim.Core.Compilation;
using HccSim.Core.Distributions;
using HccSim.Core.Engine;
using HccSim.Core.Model;

namespace HccSim.Core.Cycles;

/// <summary>
/// Per-cycle exit probabilities of one strategy for one kind of patient (attribute values), shared by the
/// cohort trace and the cycle-based microsimulation. Each exit's hazard over the cycle, ΔH = m·(H(end) − H(start)),
/// is combined as competing risks: P(leave) = 1 − e^{−ΣΔH}, shared in proportion to ΔH; when every exit of a
/// state is a per-cycle probability, those probabilities are used exactly as given. A state whose probabilities or
/// rewards change with time gets tunnels, only as many as its dependence needs: one index for the time in the state and
/// one for each named clock that runs in it (a clock's index is carried from state to state within its set), combined
/// into one <em>position</em> per state; one that depends on calendar time or age gets a row per cycle.
/// </summary>
internal sealed class CycleTables
{
    private readonly CompiledModel _model;
    private readonly CompiledStrategy _st;
    private readonly double _cycle;
    private readonly double _ageMonths;
    private readonly double[] _multipliers;
    private readonly int[] _rowOffset;   // per state: first row
    private readonly int[] _rowWidth;    // per state: exits (+1 for background death)
    // Tunnel dimensions: 0 is the time in the state (each state its own), 1 + k named clock k (shared by its states).
    private readonly int[] _inStateDepth; // per state: the deepest in-state tunnel
    private readonly int[] _clockDepth;   // per named clock: the deepest tunnel any of its uses needs
    private readonly int[][] _stride;     // per state and dimension: the position's stride (0: the state has no such index)
    private readonly int[][] _stay;       // per state and position: the position a cycle later, still in the state
    private readonly double[]?[] _costAt, _utilityAt; // per state with rewards over time: the reward at each position

    public CycleTables(CompiledModel model, int strategy, double cycleMonths, int cycles, ReadOnlySpan<double> attributes)
    {
        _model = model;
        _st = model.Strategies[strategy];
        _cycle = cycleMonths;
        Cycles = cycles;
        Attributes = attributes.ToArray();
        _ageMonths = model.AgeAttribute >= 0 ? attributes[model.AgeAttribute] * 12 : 0;
        _multipliers = new double[Math.Max(1, _st.Exits.Length)];
        Array.Fill(_multipliers, 1.0);
        if (_st.HasHazardRatios) CohortWorker.ComputeMultipliers(_st, attributes, _multipliers);
        Start = CohortWorker.Route(_st, attributes);

        int states = _st.States.Length, clocks = _st.ClockNames.Length;
        _inStateDepth = new int[states];
        _clockDepth = new int[clocks];
        CalendarDependent = new bool[states];
        _rowOffset = new int[states];
        _rowWidth = new int[states];
        for (int s = 0; s < states; s++)
        {
            ref readonly var row = ref _st.States[s];
            _rowWidth[s] = row.ExitCount + (model.HasBackground && !row.IsDead ? 1 : 0);
            CalendarDependent[s] = model.HasBackground && !row.IsDead;
            for (int j = row.FirstExit; j < row.FirstExit + row.ExitCount; j++)
            {
                var (tunnels, calendar) = Dependence(_st.ExitTimes[j], _st.Exits[j].Clock);
                Deepen(s, _st.Exits[j].Clock == Clock.Named ? _st.Exits[j].NamedClock : -1, tunnels);
                CalendarDependent[s] |= calendar;
            }
            foreach (int profile in new[] { row.CostProfile, row.UtilityProfile })
                if (profile >= 0) Deepen(s, _st.Profiles[profile].Clock, ProfileDepth(profile));
        }
        _stride = new int[states][];
        var positions = new long[states];
        long size = 0;
        for (int s = 0; s < states; s++)
        {
            _stride[s] = new int[1 + clocks];
            long p = 1;
            if (_inStateDepth[s] > 0) { _stride[s][0] = (int)p; p *= _inStateDepth[s] + 1; }
            for (int k = 0; k < clocks; k++)
                if (((_st.States[s].ClockMask >> k) & 1UL) != 0 && _clockDepth[k] > 0 && p <= MaxEntries) { _stride[s][1 + k] = (int)p; p *= _clockDepth[k] + 1; }
            positions[s] = p;
            size += p * (CalendarDependent[s] ? cycles : 1) * _rowWidth[s];
        }
        if (size > MaxEntries)
            throw new InvalidOperationException(
                $"strategy '{_st.Name}': per-cycle tables would hold {size:N0} probabilities (expected at most {MaxEntries:N0}; use a longer cycle or fewer cycles)");
        Probabilities = new double[size];
        _stay = new int[states][];
        _costAt = new double[states][];
        _utilityAt = new double[states][];
        int offset = 0;
        for (int s = 0; s < states; s++)
        {
            int n = (int)positions[s], calendarRows = CalendarDependent[s] ? cycles : 1;
            _stay[s] = new int[n];
            for (int pos = 0; pos < n; pos++) _stay[s][pos] = Advance(s, pos);
            ref readonly var row = ref _st.States[s];
            if (row.RewardsByTime)
            {
                _costAt[s] = new double[n];
                _utilityAt[s] = new double[n];
                for (int pos = 0; pos < n; pos++)
                {
                    _costAt[s]![pos] = RewardAt(row.CostProfile, row.CostPerMonth, s, pos);
                    _utilityAt[s]![pos] = RewardAt(row.UtilityProfile, row.Utility, s, pos);
                }
            }
            _rowOffset[s] = offset;
            for (int c = 0; c < calendarRows; c++)
                for (int pos = 0; pos < n; pos++)
                {
                    Fill(s, pos, c, Probabilities.AsSpan(offset, _rowWidth[s]));
                    offset += _rowWidth[s];
                }
        }
    }

    /// <summary>A use of the time in state <paramref name="s"/> (clock −1) or of named clock k needs this many tunnels.</summary>
    private void Deepen(int s, int clock, int tunnels)
    {
        if (clock < 0) _inStateDepth[s] = Math.Max(_inStateDepth[s], tunnels);
        else _clockDepth[clock] = Math.Max(_clockDepth[clock], tunnels);
    }

    /// <summary>Tunnels a reward over time needs: its mean over a cycle changes up to the cycle that holds its last change point.</summary>
    private int ProfileDepth(int profile)
    {
        ref readonly var p = ref _st.Profiles[profile];
        return p.Count == 1 ? 0 : Math.Min(Cycles, (int)Math.Ceiling(_st.ProfileTable[p.Offset + p.Count - 1] / _cycle - 1e-9));
    }

    /// <summary>
    /// The reward at a position: the profile's mean over the cycle that starts there on its clock — a list by cycle gives
    /// each cycle its own value, and a change point inside a cycle shares that cycle between the values either side.
    /// </summary>
    private double RewardAt(int profile, double constant, int s, int pos)
    {
        // A profile replaces its constant, which is then 0 but for the costs of drugs priced apart (added on top).
        if (profile < 0) return constant;
        ref readonly var p = ref _st.Profiles[profile];
        double from = Index(s, pos, p.Clock < 0 ? 0 : 1 + p.Clock) * _cycle, to = from + _cycle, sum = 0;
        for (int i = 0; i < p.Count; i++)
        {
            double start = Math.Max(from, _st.ProfileTable[p.Offset + i]);
            double end = i + 1 < p.Count ? Math.Min(to, _st.ProfileTable[p.Offset + i + 1]) : to;
            if (end > start) sum += _st.ProfileTable[p.Offset + p.Count + i] * (end - start);
        }
        return constant + sum / _cycle;
    }

    /// <summary>Index <paramref name="dimension"/> (0: time in state, 1 + k: named clock k) of a position of state s.</summary>
    private int Index(int s, int pos, int dimension)
    {
        int stride = _stride[s][dimension];
        if (stride == 0) return 0;
        int depth = dimension == 0 ? _inStateDepth[s] : _clockDepth[dimension - 1];
        return pos / stride % (depth + 1);
    }

    /// <summary>A cycle later in the same state: every index one deeper, the deepest holding.</summary>
    private int Advance(int s, int pos)
    {
        int next = 0;
        for (int d = 0; d < _stride[s].Length; d++)
        {
            if (_stride[s][d] == 0) continue;
            int depth = d == 0 ? _inStateDepth[s] : _clockDepth[d - 1];
            next += Math.Min(Index(s, pos, d) + 1, depth) * _stride[s][d];
        }
        return next;
    }

    /// <summary>Probabilities one table may hold (400 MB): a state that depends on both time in state and calendar time squares the cycles.</summary>
    public const long MaxEntries = 50_000_000;

    public int Cycles { get; }
    /// <summary>The node a patient of this kind starts in (routing already applied).</summary>
    public int Start { get; }
    public bool[] CalendarDependent { get; }
    public double[] Probabilities { get; }
    public CompiledStrategy Strategy => _st;
    /// <summary>The kind of patient the tables are for (chance nodes by level read it).</summary>
    public double[] Attributes { get; }

    /// <summary>The positions (tunnel combinations) of a state: 1 when nothing in it changes with time.</summary>
    public int Positions(int state) => _stay[state].Length;

    /// <summary>The position a cycle later, for a patient who stays in the state.</summary>
    public int Stay(int state, int position) => _stay[state][position];

    /// <summary>
    /// The position in <paramref name="to"/> of a patient who moved there during a cycle from <paramref name="from"/> (−1: a
    /// patient starting): the time in the state starts at 0; a named clock running in both is carried, a cycle further on.
    /// </summary>
    public int Enter(int from, int position, int to)
    {
        ulong carried = from < 0 ? 0 : _st.States[to].ClockMask & _st.States[from].ClockMask;
        int entered = 0;
        while (carried != 0)
        {
            int k = System.Numerics.BitOperations.TrailingZeroCount(carried);
            carried &= carried - 1;
            if (_stride[to][1 + k] != 0) entered += Math.Min(Index(from, position, 1 + k) + 1, _clockDepth[k]) * _stride[to][1 + k];
        }
        return entered;
    }

    /// <summary>The state's cost per month at a position (a state with rewards over time), else its constant.</summary>
    public double CostAt(int state, int position) => _costAt[state] is { } c ? c[position] : _st.States[state].CostPerMonth;

    /// <summary>The state's utility at a position (a state with rewards over time), else its constant.</summary>
    public double UtilityAt(int state, int position) => _utilityAt[state] is { } u ? u[position] : _st.States[state].Utility;

    /// <summary>P(leave by each exit) in cycle <paramref name="cycle"/> at a position in the state; the last entry is background death when it applies.</summary>
    public ReadOnlySpan<double> Row(int state, int position, int cycle)
    {
        int c = CalendarDependent[state] ? cycle : 0;
        int width = _rowWidth[state];
        return Probabilities.AsSpan(_rowOffset[state] + (c * Positions(state) + position) * width, width);
    }

    /// <summary>Where exit index <paramref name="i"/> of a row leads (state ≥ 0 or chance node ~index).</summary>
    public int Target(int state, int i)
    {
        ref readonly var row = ref _st.States[state];
        return i < row.ExitCount ? _st.Exits[row.FirstExit + i].Target : row.DeadState;
    }

    public int ExitIndex(int state, int i) => i < _st.States[state].ExitCount ? _st.States[state].FirstExit + i : -1;

    /// <summary>How many tunnels an exit needs, and whether it depends on calendar time or age.</summary>
    private (int Tunnels, bool Calendar) Dependence(TimeToEvent time, Clock clock)
    {
        int varying = time switch
        {
            Exponential => 0,
            PerCycle p when p.Probabilities.Count == 1 => 0,
            PerCycle p => (int)Math.Ceiling((p.Probabilities.Count - 1) * p.CycleMonths / _cycle - 1e-9),
            PiecewiseHazard p => (int)Math.Ceiling(p.Starts[^1] / _cycle - 1e-9),
            FixedDelay d => (int)Math.Ceiling(d.Months / _cycle - 1e-9),
            UniformDelay u => (int)Math.Ceiling(u.Max / _cycle - 1e-9),
            _ => Cycles, // Weibull, Gompertz, log-logistic, log-normal: the hazard changes for ever
        };
        if (varying == 0) return (0, false);
        return clock is Clock.TimeInState or Clock.Named ? (Math.Min(varying, Cycles), false) : (0, true);
    }

    /// <summary>Sub-steps a cycle in which a delay falls due, so the other risks keep their share before it.</summary>
    public const int DueCycleSteps = 64;

    private void Fill(int s, int pos, int c, Span<double> q)
    {
        // Every exit as a hazard increment over the cycle: per-cycle probabilities were converted jointly at compile
        // time, so alone they come back exactly as given, and with other risks they compete as hazards.
        int width = q.Length;
        Span<double> increments = stackalloc double[width];
        double total = 0;
        bool due = false;
        for (int i = 0; i < width; i++)
        {
            increments[i] = Increment(s, i, pos, c, 0, _cycle);
            if (double.IsPositiveInfinity(increments[i])) due = true; else total += increments[i];
        }
        if (!due)
        {
            double leave = -PreciseMath.ExpM1(-total);
            for (int i = 0; i < width; i++) q[i] = total > 0 ? leave * increments[i] / total : 0;
            return;
        }
        // A delay falls due in this cycle: the earliest due time τ (ties to the first listed) takes whoever is left then;
        // before τ every exit competes, in sub-steps short enough to treat hazards as constant within each.
        double tau = double.PositiveInfinity;
        int first = -1;
        for (int i = 0; i < width; i++)
        {
            double d = DueTime(s, i, pos, c);
            if (d < tau) { tau = d; first = i; }
        }
        q.Clear();
        double staying = 1, step = tau / DueCycleSteps;
        for (int n = 0; n < DueCycleSteps && staying > 0; n++)
        {
            double from = n * step, to = (n + 1) * step, sum = 0;
            for (int i = 0; i < width; i++)
            {
                increments[i] = Increment(s, i, pos, c, from, to);
                if (!double.IsFinite(increments[i])) increments[i] = 0; // a window ending here: it is the due exit's
                sum += increments[i];
            }
            double leave = staying * -PreciseMath.ExpM1(-sum);
            for (int i = 0; i < width; i++) if (sum > 0) q[i] += leave * increments[i] / sum;
            staying -= leave;
        }
        q[first] += staying;
    }

    /// <summary>Exit i's hazard increment over [from, to] months into cycle c, at a position in the state.</summary>
    private double Increment(int s, int i, int pos, int c, double from, double to)
    {
        ref readonly var row = ref _st.States[s];
        if (i < row.ExitCount)
        {
            int j = row.FirstExit + i;
            ref readonly var ex = ref _st.Exits[j];
            double start = Origin(ex, s, pos, c);
            return _multipliers[j] * Increment(ex.Kernel, _model.Table, start + from, start + to);
        }
        double age = _ageMonths + c * _cycle;
        return Increment(_model.Background, _model.Table, age + from, age + to);
    }

    /// <summary>Where an exit's clock stands at the start of the cycle.</summary>
    private double Origin(in ExitRow ex, int s, int pos, int c) => ex.Clock switch
    {
        Clock.TimeInState => Index(s, pos, 0) * _cycle,
        Clock.Named => Index(s, pos, 1 + ex.NamedClock) * _cycle,
        Clock.TimeSinceStart => c * _cycle,
        _ => _ageMonths + c * _cycle,
    };

    /// <summary>Months into the cycle at which exit i is certain to have happened (a delay falling due), or +∞.</summary>
    private double DueTime(int s, int i, int pos, int c)
    {
        ref readonly var row = ref _st.States[s];
        if (i >= row.ExitCount) return double.PositiveInfinity;
        ref readonly var ex = ref _st.Exits[row.FirstExit + i];
        double start = Origin(ex, s, pos, c), end = start + _cycle;
        double at = ex.Kernel.Kind switch
        {
            KernelKind.FixedDelay => ex.Kernel.A,
            KernelKind.UniformDelay => ex.Kernel.B,
            _ => double.PositiveInfinity,
        };
        return start < at && at <= end ? at - start : double.PositiveInfinity;
    }

    /// <summary>H(end) − H(start) on the kernel's clock; delays jump to +∞ in the cycle they fall due and never after.</summary>
    internal static double Increment(in DistributionKernel kernel, ReadOnlySpan<double> table, double start, double end)
    {
        switch (kernel.Kind)
        {
            case KernelKind.FixedDelay:
                return start < kernel.A && kernel.A <= end ? double.PositiveInfinity : 0;
            case KernelKind.UniformDelay:
            {
                double a = kernel.A, b = kernel.B;
                if (start >= b || end <= a) return 0;
                double sStart = start <= a ? 1 : (b - start) / (b - a);
                double sEnd = end >= b ? 0 : end <= a ? 1 : (b - end) / (b - a);
                return sEnd <= 0 ? double.PositiveInfinity : Math.Log(sStart / sEnd);
            }
            default:
                double h0 = kernel.CumulativeHazard(table, start), h1 = kernel.CumulativeHazard(table, end);
                return double.IsPositiveInfinity(h0) ? 0 : h1 - h0;
        }
    }
}
