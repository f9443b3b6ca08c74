using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OpenWhisk.Common.Runtimes;
using OpenWhisk.Controller.LoadBalancing;
using OpenWhisk.Execution;
using OpenWhisk.Plugins.Simulation;
using OpenWhisk.Spi.Activations;
using OpenWhisk.Spi.Containers;
using OpenWhisk.Spi.Entities;
using OpenWhisk.Spi.Toolkit.LoadBalancing;
using OpenWhisk.Plugins.Memory;
using OpenWhisk.Plugins.LogStores;

namespace OpenWhisk.Plugins.Direct.Tests.Support;

/// <summary>
/// The direct balancer on the simulated container factory, with the controller's real activation tracker and the
/// host's real activation runner, on the real clock.
/// </summary>
internal sealed class DirectHarness : IAsyncDisposable
{
    private const string Manifest = """
        {"runtimes": {"nodejs": [{"kind": "nodejs:20", "default": true, "image": {"name": "action-nodejs-v20"}}],
                      "broken": [{"kind": "broken:1", "image": {"name": "broken-create-fails"}}]}}
        """;

    private readonly string spoolDirectory = Path.Combine(Path.GetTempPath(), "owspool-direct-" + Guid.NewGuid().ToString("N"));

    private static int counter;

    public DirectHarness(
        DirectLoadBalancerOptions? options = null, SimulationOptions? simulation = null, ISharedMemoryBudget? budget = null, LoadBalancerOptions? balancing = null)
    {
        var time = TimeProvider.System;
        Factory = new SimulatedContainerFactory(
            Options.Create(simulation ?? new SimulationOptions { CreateLatency = TimeSpan.FromMilliseconds(50), InitLatency = TimeSpan.FromMilliseconds(5) }),
            time);
        var runner = new ContainerActivationRunner(
            new ActivationLogStore(time),
            new ActivationRecordStorer(
                Store,
                Options.Create(new ActivationRunnerOptions { SpoolDirectory = spoolDirectory }),
                time,
                NullLogger<ActivationRecordStorer>.Instance),
            RuntimesManifest.Parse(Manifest), Options.Create(new ActivationRunnerOptions()), time, NullLoggerFactory.Instance);
        var trackers = new ActivationTrackerFactory(Store, (balancing ?? new LoadBalancerOptions()).CompletionTimeout(), time, NullLoggerFactory.Instance);
        var settings = options ?? new DirectLoadBalancerOptions();
        settings.Owner ??= "wskdirecttest";
        Balancer = new DirectLoadBalancer(Factory, runner, trackers, Options.Create(settings), time, NullLogger<DirectLoadBalancer>.Instance, budget);
    }

    public SimulatedContainerFactory Factory { get; }

    public InMemoryActivationStore Store { get; } = new();

    public DirectLoadBalancer Balancer { get; }

    public static WhiskAction Action(string name, int concurrency = 10, int memoryMb = 256, string kind = "nodejs:20", int timeoutMs = 10_000) => new()
    {
        Namespace = "guest",
        Name = name,
        Version = SemVer.Initial,
        Exec = new ActionExec { Kind = kind, Code = "function main(args) { return args; }" },
        Limits = new ActionLimits { MemoryMb = memoryMb, Concurrency = concurrency, TimeoutMs = timeoutMs },
        Updated = 1,
    };

    public static ActivationMessage Message(WhiskAction action, object? simulate = null)
    {
        var id = Interlocked.Increment(ref counter).ToString("x32", System.Globalization.CultureInfo.InvariantCulture);
        return new ActivationMessage
        {
            TransactionId = new TransactionId("tid" + id[^6..], TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds()),
            Action = ActionReference.For(action),
            Revision = "1-" + action.Version,
            User = new Identity
            {
                Subject = "guest",
                Namespace = new NamespaceInfo("guest", "guest-uuid"),
                AuthKey = new AuthKey("uuid:key"),
            },
            ActivationId = id,
            RootControllerIndex = new ControllerInstanceId("0"),
            Blocking = true,
            Content = JsonSerializer.SerializeToElement(simulate is null ? new Dictionary<string, object>() : new Dictionary<string, object> { ["simulate"] = simulate }),
            Balancer = DirectLoadBalancer.BalancerName,
        };
    }

    /// <summary>Waits until <paramref name="condition"/> holds, for up to 5 seconds; returns whether it did.</summary>
    public static async Task<bool> Eventually(Func<bool> condition)
    {
        for (var i = 0; i < 100; i++)
        {
            if (condition())
            {
                return true;
            }

            await Task.Delay(50);
        }

        return condition();
    }

    /// <summary>Publishes one activation and waits until it has finished for good; returns its stored record.</summary>
    public async Task<ActivationRecord> InvokeAsync(WhiskAction action, object? simulate = null)
    {
        var message = Message(action, simulate);
        var publication = await Balancer.PublishAsync(action, message, CancellationToken.None);
        await publication.Completion.WaitAsync(TimeSpan.FromSeconds(30));
        return (await Store.GetAsync("guest", message.ActivationId, CancellationToken.None))!;
    }

    public async ValueTask DisposeAsync()
    {
        await Balancer.StopAsync(new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token);
        await Balancer.DisposeAsync();
        if (Directory.Exists(spoolDirectory))
        {
            Directory.Delete(spoolDirectory, recursive: true);
        }
    }
}
