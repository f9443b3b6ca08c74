using Microsoft.Extensions.Logging.Abstractions;
using OpenWhisk.Common.Runtimes;
using OpenWhisk.Execution;
using OpenWhisk.Invoker.Pool;
using OpenWhisk.Plugins.Simulation;
using OpenWhisk.Plugins.Simulation.VirtualTime;
using OpenWhisk.Spi.Activations;
using OpenWhisk.Spi.Containers;
using OpenWhisk.Spi.Scheduling;
using OpenWhisk.Plugins.LogStores;

namespace OpenWhisk.Invoker.Tests.Support;

/// <summary>
/// A real <see cref="ContainerPool"/> on the simulated container factory, run on virtual time: everything happens
/// on one thread and the clock jumps to the next timer when nothing else is left to do.
/// </summary>
internal sealed class PoolHarness
{
    public const string DefaultManifest = """
        {"runtimes": {
          "nodejs": [{"kind": "nodejs:20", "default": true, "image": {"name": "action-nodejs-v20"}}],
          "python": [{"kind": "python:3", "default": true, "image": {"name": "action-python-v3"}}],
          "broken": [{"kind": "broken:1", "image": {"name": "broken-create-fails"}}]
        }}
        """;

    private int finished;

    private PoolHarness(VirtualTimeScheduler scheduler, ContainerPoolOptions options, SimulationOptions simulation, string manifest, ISharedMemoryBudget? budget, ISchedulingPolicy? policy)
    {
        Time = scheduler.Time;
        Options = options;
        Factory = new SimulatedContainerFactory(Microsoft.Extensions.Options.Options.Create(simulation), Time);
        var runner = new ActivationRunner(new ActivationLogStore(Time), Reporter, new ActivationRunnerOptions(), Time, NullLogger<ActivationRunner>.Instance);
        var deps = new ContainerProxyDependencies(Factory, runner, Reporter, options, Time, NullLogger.Instance);
        Pool = new ContainerPool("wsk0", RuntimesManifest.Parse(manifest), options, deps, _ => Interlocked.Increment(ref finished), budget, policy);
        Pool.Start();
    }

    public VirtualTimeProvider Time { get; }

    public ContainerPoolOptions Options { get; }

    public SimulatedContainerFactory Factory { get; }

    public RecordingReporter Reporter { get; } = new();

    public ContainerPool Pool { get; }

    /// <summary>Gets how many jobs the pool reported finished (the feed credits it returned).</summary>
    public int Finished => Volatile.Read(ref finished);

    /// <summary>Runs <paramref name="test"/> against a new pool on virtual time, then shuts the pool down.</summary>
    public static void Run(
        Func<PoolHarness, Task> test,
        ContainerPoolOptions? options = null,
        SimulationOptions? simulation = null,
        string manifest = DefaultManifest,
        ISharedMemoryBudget? budget = null,
        Func<ContainerPoolOptions, ISchedulingPolicy>? policy = null)
    {
        var scheduler = new VirtualTimeScheduler();
        scheduler.Run(async () =>
        {
            options ??= new ContainerPoolOptions();
            var harness = new PoolHarness(scheduler, options, simulation ?? new SimulationOptions(), manifest, budget, policy?.Invoke(options));
            await test(harness);
            await harness.Pool.ShutdownAsync();
        });
    }

    /// <summary>Submits a job and waits for its stored record.</summary>
    public async Task<ActivationRecord> InvokeAsync(ActivationJob job)
    {
        Pool.Run(job);
        return await Reporter.RecordOf(job.Message.ActivationId);
    }

    public Task Delay(TimeSpan delay) => Task.Delay(delay, Time);

    public Task<PoolSnapshot> SnapshotAsync() => Pool.GetSnapshotAsync();

    /// <summary>The container an activation ran in.</summary>
    public SimulatedContainer ContainerOf(ActivationRecord record) =>
        Factory.Containers.Single(c => c.ActivationIds.Contains(record.ActivationId));

    public IReadOnlyList<SimulatedContainerEvent> EventsSoFar()
    {
        var list = new List<SimulatedContainerEvent>();
        while (Factory.Events.TryRead(out var e))
        {
            list.Add(e);
        }

        return list;
    }
}
