using System.Runtime.CompilerServices;

namespace HccSim.Core.Random;

/// <summary>What a stream is used for; each purpose of each patient has its own stream.</summary>
public enum StreamPurpose : ulong
{
    /// <summary>Patient attributes and background mortality: drawn once, shared by every strategy.</summary>
    Patient = 1,
    /// <summary>Events along the pathway: restarted from the same key for each strategy (common random numbers).</summary>
    Events = 2,
    /// <summary>A simulated trial's own randomness (allocation, accrual, drop-out), per replicate.</summary>
    Trial = 3,
    /// <summary>A probabilistic analysis's parameter draw (patient 0 of sample k).</summary>
    Parameters = 4,
    /// <summary>A sweep design's own randomness (Latin hypercube strata).</summary>
    Design = 5,
    /// <summary>
    /// When a patient would stop each drug for toxicity: its own stream, so pricing time on treatment leaves the pathway's
    /// draws as they were; restarted for each strategy (common random numbers).
    /// </summary>
    Drugs = 6,
    /// <summary>Bayesian calibration's own randomness (IMIS: the prior sample, each round's mixture draws, the resample).</summary>
    Calibration = 7,
}

/// <summary>
/// Derives a generator for (scenario seed, parameter sample, patient, purpose) alone, so a patient's
/// numbers do not depend on which thread, block or shard simulates it, nor on other patients.
/// </summary>
public static class RandomStreams
{
    /// <summary>The part of every key fixed by the run: computed once per worker, not per patient.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong RunKey(ulong seed, int sample)
    {
        // Chained finalisers: each input passes through a full-avalanche bijection before the next is mixed in.
        ulong k = SplitMix64.Mix(seed ^ 0x6A09E667F3BCC909UL);
        return SplitMix64.Mix(k ^ ((ulong)(uint)sample * 0xD1B54A32D192ED03UL));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong PatientKey(ulong runKey, long patient, StreamPurpose purpose)
        => SplitMix64.Mix(SplitMix64.Mix(runKey ^ (ulong)patient) ^ ((ulong)purpose * 0x9E3779B97F4A7C15UL));

    public static ulong Key(ulong seed, int sample, long patient, StreamPurpose purpose)
        => PatientKey(RunKey(seed, sample), patient, purpose);

    public static Xoshiro256 For(ulong seed, int sample, long patient, StreamPurpose purpose)
        => new(Key(seed, sample, patient, purpose));
}
