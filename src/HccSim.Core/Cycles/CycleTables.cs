using HccSim.Core.Compilation;
using HccSim.Core.Distributions;
using HccSim.Core.Engine;
using HccSim.Core.Model;

namespace HccSim.Core.Cycles;

/// <summary>
/// Per-cycle exit probabilities of one strategy for one kind of patient (attribute values), shared by the
/// cohort trace and the cycle-based microsimulation. Each exit's hazard over the cycle, ΔH = m·(H(end) − H(start)),
/// is combined as competing risks: P(leave) = 1 − e^{−ΣΔH}, shared in proportion to ΔH; when every exit of a
/// state is a per-cycle probability, those probabilities are used exactly as given. A state whose probabilities
/// change with time in state gets tunnels k = 0 … K, only as many as its dependence needs; one that depends on
/// calendar time or age gets a row per cycle.
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


    public CycleTables(CompiledModel model, int strategy, double cycleMonths, int cycles, ReadOnlySpan<double> attributes)
    {
        _model = model;
        _st = model.Strategies[strategy];
        _cycle = cycleMonths;
        Cycles = cycles;
        _ageMonths = model.AgeAttribute >= 0 ? attributes[model.AgeAttribute] * 12 : 0;
        _multipliers = new double[Math.Max(1, _st.Exits.Length)];
        Array.Fill(_multipliers, 1.0);
        if (_st.HasHazardRatios) CohortWorker.ComputeMultipliers(_st, attributes, _multipliers);
        Start = CohortWorker.Route(_st, attributes);

        int states = _st.States.Length;
        Tunnels = new int[states];
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
                Tunnels[s] = Math.Max(Tunnels[s], tunnels);
                CalendarDependent[s] |= calendar;
            }
        }
        long size = 0;
        for (int s = 0; s < states; s++) size += (long)(Tunnels[s] + 1) * (CalendarDependent[s] ? cycles : 1) * _rowWidth[s];
        if (size > MaxEntries)
            throw new InvalidOperationException(
                $"strategy '{_st.Name}': per-cycle tables would hold {size:N0} probabilities (expected at most {MaxEntries:N0}; use a longer cycle or fewer cycles)");
        Probabilities = new double[size];
        int offset = 0;
        for (int s = 0; s < states; s++)
        {
            int calendarRows = CalendarDependent[s] ? cycles : 1;
            _rowOffset[s] = offset;
            for (int c = 0; c < calendarRows; c++)
                for (int k = 0; k <= Tunnels[s]; k++)
                {
                    Fill(s, k, c, Probabilities.AsSpan(offset, _rowWidth[s]));
                    offset += _rowWidth[s];
                }
        }
    }

    /// <summary>Probabilities one table may hold (400 MB): a state that depends on both time in state and calendar time squares the cycles.</summary>
    public const long MaxEntries = 50_000_000;

    public int Cycles { get; }
    /// <summary>The node a patient of this kind starts in (routing already applied).</summary>
    public int Start { get; }
    /// <summary>Per state: the deepest tunnel; time in state beyond it behaves like it.</summary>
    public int[] Tunnels { get; }
    public bool[] CalendarDependent { get; }
    public double[] Probabilities { get; }
    public CompiledStrategy Strategy => _st;

    /// <summary>P(leave by each exit) in cycle <paramref name="cycle"/> after <paramref name="inState"/> cycles in the state; the last entry is background death when it applies.</summary>
    public ReadOnlySpan<double> Row(int state, int inState, int cycle)
    {
        int k = Math.Min(inState, Tunnels[state]);
        int c = CalendarDependent[state] ? cycle : 0;
        int width = _rowWidth[state];
        return Probabilities.AsSpan(_rowOffset[state] + (c * (Tunnels[state] + 1) + k) * width, width);
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
        return clock == Clock.TimeInState ? (Math.Min(varying, Cycles), false) : (0, true);
    }

    /// <summary>Sub-steps a cycle in which a delay falls due, so the other risks keep their share before it.</summary>
    public const int DueCycleSteps = 64;

    private void Fill(int s, int k, int c, Span<double> q)
    {
        // Every exit as a hazard increment over the cycle: per-cycle probabilities were converted jointly at compile
        // time, so alone they come back exactly as given, and with other risks they compete as hazards.
        int width = q.Length;
        Span<double> increments = stackalloc double[width];
        double total = 0;
        bool due = false;
        for (int i = 0; i < width; i++)
        {
            increments[i] = Increment(s, i, k, c, 0, _cycle);
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
            double d = DueTime(s, i, k, c);
            if (d < tau) { tau = d; first = i; }
        }
        q.Clear();
        double staying = 1, step = tau / DueCycleSteps;
        for (int n = 0; n < DueCycleSteps && staying > 0; n++)
        {
            double from = n * step, to = (n + 1) * step, sum = 0;
            for (int i = 0; i < width; i++)
            {
                increments[i] = Increment(s, i, k, c, from, to);
                if (!double.IsFinite(increments[i])) increments[i] = 0; // a window ending here: it is the due exit's
                sum += increments[i];
            }
            double leave = staying * -PreciseMath.ExpM1(-sum);
            for (int i = 0; i < width; i++) if (sum > 0) q[i] += leave * increments[i] / sum;
            staying -= leave;
        }
        q[first] += staying;
    }

    /// <summary>Exit i's hazard increment over [from, to] months into cycle c, after k cycles in the state.</summary>
    private double Increment(int s, int i, int k, int c, double from, double to)
    {
        ref readonly var row = ref _st.States[s];
        if (i < row.ExitCount)
        {
            int j = row.FirstExit + i;
            ref readonly var ex = ref _st.Exits[j];
            double start = Origin(ex.Clock, k, c);
            return _multipliers[j] * Increment(ex.Kernel, _model.Table, start + from, start + to);
        }
        double age = _ageMonths + c * _cycle;
        return Increment(_model.Background, _model.Table, age + from, age + to);
    }

    /// <summary>Where an exit's clock stands at the start of the cycle.</summary>
    private double Origin(Clock clock, int k, int c)
        => clock == Clock.TimeInState ? k * _cycle : clock == Clock.TimeSinceStart ? c * _cycle : _ageMonths + c * _cycle;

    /// <summary>Months into the cycle at which exit i is certain to have happened (a delay falling due), or +∞.</summary>
    private double DueTime(int s, int i, int k, int c)
    {
        ref readonly var row = ref _st.States[s];
        if (i >= row.ExitCount) return double.PositiveInfinity;
        ref readonly var ex = ref _st.Exits[row.FirstExit + i];
        double start = Origin(ex.Clock, k, c), end = start + _cycle;
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
