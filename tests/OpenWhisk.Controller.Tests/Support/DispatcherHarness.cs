using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using OpenWhisk.Common.Runtimes;
using OpenWhisk.Controller.Entities;
using OpenWhisk.Controller.Entitlement;
using OpenWhisk.Controller.Hosting;
using OpenWhisk.Controller.Invocation;
using OpenWhisk.Controller.LoadBalancing;
using OpenWhisk.Execution;
using OpenWhisk.Spi.Activations;
using OpenWhisk.Spi.Entities;
using OpenWhisk.Plugins.Memory;

namespace OpenWhisk.Controller.Tests.Support;

/// <summary>
/// The controller's invocation layer over in-memory stores and a <see cref="ScriptedBalancer"/>, on a fake clock:
/// sequences and compositions without containers.
/// </summary>
internal sealed class DispatcherHarness : IDisposable
{
    public static readonly Identity Guest = new()
    {
        Subject = "guest",
        Namespace = new NamespaceInfo("guest", "11111111-2222-3333-4444-555555555555"),
        AuthKey = new AuthKey("11111111-2222-3333-4444-555555555555:secret"),
    };

    private static readonly RuntimesManifest Manifest = RuntimesManifest.Parse("""{"runtimes": {"nodejs": [{"kind": "nodejs:20", "default": true, "image": {"name": "n"}}]}}""");

    private readonly string spoolDirectory = Path.Combine(Path.GetTempPath(), "owspool-dispatcher-" + Guid.NewGuid().ToString("N"));

    public DispatcherHarness(int sequenceMaxLength = 50)
    {
        var artifacts = new InMemoryArtifactStore();
        var controller = Options.Create(new ControllerOptions());
        Limits = new LimitsOptions { SequenceMaxLength = sequenceMaxLength };
        Actions = new ActionStore(artifacts, controller, Time);
        Packages = new PackageStore(artifacts, controller, Time);
        Resolver = new ActionResolver(Actions, Packages);
        var inFlight = new InFlightActivations();
        Accepted = new AcceptedActivations(
            Records,
            Options.Create(new JournalOptions()),
            Options.Create(new LoadBalancerOptions()),
            controller,
            Options.Create(Limits),
            Options.Create(new ActivationRunnerOptions()),
            Time,
            NullLogger<AcceptedActivations>.Instance);
        var primitives = new ActionInvoker(Balancer, Records, inFlight, Accepted, controller, Time);
        Dispatcher = new ActivationDispatcher(
            primitives,
            Resolver,
            new EntitlementChecker(Packages),
            new ActivationRecordStorer(
                Records,
                Options.Create(new ActivationRunnerOptions { SpoolDirectory = spoolDirectory }),
                Time,
                NullLogger<ActivationRecordStorer>.Instance),
            inFlight,
            Accepted,
            Options.Create(Limits),
            Options.Create(new ActivationRunnerOptions()),
            Time,
            NullLogger<ActivationDispatcher>.Instance);
    }

    public AcceptedActivations Accepted { get; }

    public FakeTimeProvider Time { get; } = new(DateTimeOffset.FromUnixTimeMilliseconds(1_800_000_000_000));

    public ScriptedBalancer Balancer { get; } = new();

    public InMemoryActivationStore Records { get; } = new();

    public LimitsOptions Limits { get; }

    public ActionStore Actions { get; }

    public PackageStore Packages { get; }

    public ActionResolver Resolver { get; }

    public ActivationDispatcher Dispatcher { get; }

    /// <summary>Stores a Node.js action (the script of the balancer decides what it returns).</summary>
    public Task AddActionAsync(string name, int timeoutMs = 60_000, params KeyValue[] annotations) =>
        Actions.PutAsync(
            new WhiskAction
            {
                Namespace = "guest",
                Name = name,
                Exec = new ActionExec { Kind = "nodejs:20", Code = "x", Binary = false },
                Limits = new ActionLimits { TimeoutMs = timeoutMs, MemoryMb = 128 },
                Annotations = annotations,
            },
            null,
            CancellationToken.None);

    /// <summary>Stores a sequence as it is, without the API's checks.</summary>
    public Task AddSequenceAsync(string name, params string[] components) =>
        Actions.PutAsync(
            new WhiskAction { Namespace = "guest", Name = name, Exec = new ActionExec { Kind = ActionExec.SequenceKind, Components = components } },
            null,
            CancellationToken.None);

    public async Task<InvocationResult> InvokeAsync(string name, object? payload = null, bool blocking = true, TimeSpan? wait = null)
    {
        var resolved = await Resolver.ResolveAsync(new QualifiedName("guest", name), cached: false, CancellationToken.None)
            ?? throw new InvalidOperationException(name + " does not exist");
        var request = new InvocationRequest
        {
            User = Guest,
            Transaction = new TransactionId("tid", Time.GetUtcNow().ToUnixTimeMilliseconds()),
            Payload = JsonSerializer.SerializeToElement(payload ?? new { }),
            Blocking = blocking,
            Wait = wait,
        };
        return await Dispatcher.InvokeAsync(request, resolved, CancellationToken.None);
    }

    /// <summary>
    /// Advances the fake clock by <paramref name="step"/> until the store has the record: the code under test may set
    /// its timer only after the caller saw it publish, and a timer set after an advance waits for the next one.
    /// </summary>
    public async Task<ActivationRecord> AdvanceUntilStoredAsync(string activationId, TimeSpan step)
    {
        for (var round = 0; round < 20; round++)
        {
            Time.Advance(step);
            for (var i = 0; i < 10; i++)
            {
                if (await Records.GetAsync("guest", activationId, CancellationToken.None) is { } record)
                {
                    return record;
                }

                await Task.Delay(10);
            }
        }

        throw new AssertionException("no record of " + activationId);
    }

    /// <summary>Waits (in real time) until the store has the record.</summary>
    public async Task<ActivationRecord> StoredAsync(string activationId)
    {
        for (var i = 0; i < 200; i++)
        {
            if (await Records.GetAsync("guest", activationId, CancellationToken.None) is { } record)
            {
                return record;
            }

            await Task.Delay(10);
        }

        throw new AssertionException("no record of " + activationId);
    }

    public void Dispose()
    {
        Dispatcher.Dispose();
        if (Directory.Exists(spoolDirectory))
        {
            Directory.Delete(spoolDirectory, recursive: true);
        }
    }
}
