using HccSim.Core.Compilation;
using HccSim.Core.Distributions;
using HccSim.Core.Engine;
using HccSim.Core.Model;
using HccSim.Core.Outcomes;

namespace HccSim.Core.Tests;

/// <summary>Small models and a one-line way to run them, shared by the engine tests.</summary>
internal static class TestModels
{
    public static State Alive(string name = "alive", double cost = 0, double utility = 1)
        => new(name, StateFlags.ProgressionFree, CostPerMonth: cost, Utility: utility);

    public static State Dead(string name = "dead") => new(name, StateFlags.Dead);

    /// <summary>alive → dead with the given time, horizon in months.</summary>
    public static CohortModel OneExit(TimeToEvent time, double horizon, Clock clock = Clock.TimeInState)
        => new(horizon, new Strategy[]
        {
            new PathwayStrategy("s", "alive", new[] { Alive(), Dead() },
                new[] { new Transition("alive", "dead", time) { Clock = clock } }),
        });

    public static SimulationResult Run(CohortModel model, int patients, ulong seed = 20261121, int threads = 2,
        int blockSize = 4096, TimeGrid? grid = null, int trajectories = 0)
        => Simulator.Run(ModelCompiler.Compile(model), new SimulationOptions
        {
            Patients = patients,
            Seed = seed,
            Threads = threads,
            BlockSize = blockSize,
            Grid = grid ?? TimeGrid.Default,
            TrajectoryPatients = trajectories,
        });
}
