using System.Diagnostics;

namespace HccSim.Cli.Commands;

/// <summary>
/// Where a command's wall time goes, for HCCSIM_TIMINGS=1: start-up (process start to the command), then each named
/// phase, printed as one line to standard error at the end. Costs nothing when the variable is unset.
/// </summary>
internal sealed class PhaseTimes
{
    private static readonly bool Enabled = Environment.GetEnvironmentVariable("HCCSIM_TIMINGS") == "1";
    private readonly List<(string Name, double Seconds)> _phases = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly double _startUp;
    private double _marked; // seconds of the phases ended so far

    private PhaseTimes()
    {
        using var self = Process.GetCurrentProcess();
        _startUp = (DateTime.Now - self.StartTime).TotalSeconds;
    }

    /// <summary>A recorder when HCCSIM_TIMINGS=1, else null (every call on it then a no-op through ?.).</summary>
    public static PhaseTimes? Start() => Enabled ? new PhaseTimes() : null;

    /// <summary>Ends the phase running since the last mark.</summary>
    public void Mark(string name)
    {
        double now = _clock.Elapsed.TotalSeconds;
        _phases.Add((name, now - _marked));
        _marked = now;
    }

    /// <summary>Ends the last phase (printing the summary tables) and writes the line.</summary>
    public void Print(TextWriter error)
    {
        Mark("print");
        error.WriteLine("hccsim: timings: start-up " + _startUp.ToString("F3", System.Globalization.CultureInfo.InvariantCulture) + " s; "
            + string.Join("; ", _phases.Select(p => $"{p.Name} {p.Seconds.ToString("F3", System.Globalization.CultureInfo.InvariantCulture)} s"))
            + $"; total {(_startUp + _marked).ToString("F3", System.Globalization.CultureInfo.InvariantCulture)} s");
    }
}
