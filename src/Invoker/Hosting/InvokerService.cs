using Microsoft.Extensions.Options;
using OpenWhisk.Common.Hosting;
using OpenWhisk.Common.Runtimes;
using OpenWhisk.Common.Telemetry;
using OpenWhisk.Execution;
using OpenWhisk.Invoker.Activations;
using OpenWhisk.Invoker.Pool;
using OpenWhisk.Invoker.Scheduling;
using OpenWhisk.Spi.Activations;
using OpenWhisk.Spi.Containers;
using OpenWhisk.Spi.Invokers;
using OpenWhisk.Spi.Logs;
using OpenWhisk.Spi.Messaging;
using OpenWhisk.Spi.Scheduling;
using OpenWhisk.Spi.Stores;
using OpenWhisk.Spi.Toolkit.Messaging;

namespace OpenWhisk.Invoker.Hosting;

/// <summary>
/// The invoker (OpenWhisk's InvokerReactive): removes its leftover containers, consumes topic
/// <c>invoker&lt;N&gt;</c> with back-pressure, runs activations in its container pool, acknowledges them to their
/// controller, stores their records and pings <c>health</c>. Stopping ends buffered activations, lets running ones
/// finish within the shutdown grace and removes every container of this invoker.
/// </summary>
public sealed partial class InvokerService(
    IOptions<InvokerOptions> invokerOptions,
    IOptions<ContainerPoolOptions> poolOptions,
    IOptions<ActivationRunnerOptions> runnerOptions,
    RuntimesManifest manifest,
    IContainerFactory containerFactory,
    IMessagingProvider messaging,
    ILogStore logStore,
    ActivationRecordStorer recordStorer,
    IArtifactStore artifactStore,
    TimeProvider timeProvider,
    ILoggerFactory loggerFactory,
    SharedMemoryBudget? sharedMemory = null,
    ISchedulingPolicyFactory? policyFactory = null,
    LogFormat? logFormat = null,
    InProcessTransport? transport = null) : IHostedService, IInProcessInvoker, IAsyncDisposable
{
    private readonly ILogger logger = loggerFactory.CreateLogger<InvokerService>();
    private readonly InProcessTransport inProcess = transport ?? new InProcessTransport();
    private IDisposable? receiving;
    private ActivationProcessor? processor;
    private ActionDocumentCache? fetchedActions;
    private int activationsInFlight;
    private volatile bool stopping;
    private IMessageProducer? producer;
    private ActivationRunner? runner;
    private IMessageConsumer? consumer;
    private MessageFeed? feed;
    private HealthPinger? pinger;
    private PoolCapacityWatcher? capacityWatcher;
    private OrphanContainerReaper? reaper;
    private int disposed;

    /// <summary>
    /// Gets the invoker's identity, as it pings it; its user memory is the container factory's capacity when the
    /// factory reports one at startup.
    /// </summary>
    public InvokerInstanceId Id { get; private set; } = new()
    {
        Instance = invokerOptions.Value.InstanceId,
        UserMemoryMb = poolOptions.Value.UserMemoryMb,
        UniqueName = invokerOptions.Value.UniqueName,
        DisplayedName = invokerOptions.Value.DisplayedName,
    };

    /// <summary>Gets the prefix of this invoker's container names, <c>wsk&lt;uniqueName&gt;&lt;id&gt;</c>.</summary>
    public string Owner => OrphanContainerReaper.OwnerOf(Id);

    /// <summary>Gets the container pool (null before start).</summary>
    internal ContainerPool? Pool { get; private set; }

    /// <summary>Gets how many activation messages wait on the bus for this invoker, when the bus can tell (<see cref="IMessageConsumer.Lag"/>).</summary>
    public long? MessagingLag => consumer?.Lag;

    /// <summary>Gets how many consumed activation messages are still being worked on (the feed's used credit).</summary>
    public int OutstandingMessages => feed?.Outstanding ?? 0;

    /// <summary>
    /// Gets the number of activations handed to the pool and not finished (running, initializing, or buffered until
    /// a container is free): what a drain after <see cref="DisableAsync"/> waits for.
    /// </summary>
    public int ActivationsInFlight => Volatile.Read(ref activationsInFlight);

    /// <summary>Gets the totals of the activations this invoker finished since it started.</summary>
    public ActivationTotalsCounter Totals { get; } = new();

    /// <summary>Gets whether the invoker sends health pings (the controller treats a disabled invoker as offline).</summary>
    public bool IsEnabled => pinger?.IsEnabled == true;

    /// <summary>Gets how many activations the invoker takes from the bus at once.</summary>
    public int MaxPeek
    {
        get
        {
            var options = invokerOptions.Value;
            if (options.MaxPeek is { } explicitPeek)
            {
                return explicitPeek;
            }

            var maxContainers = Math.Max(1, Id.UserMemoryMb / 128);
            return Math.Max(maxContainers, (int)(maxContainers * options.MaxActionConcurrency * poolOptions.Value.ConcurrentPeekFactor));
        }
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var removed = await containerFactory.CleanupAsync(Owner, cancellationToken);
        var capacity = await containerFactory.GetCapacityAsync(Owner, cancellationToken);
        if (capacity is not null)
        {
            Id = Id with { UserMemoryMb = capacity.MemoryMb };
            sharedMemory?.SetTotal(capacity.MemoryMb);
            LogClusterCapacity(logger, Owner, capacity.MemoryMb, capacity.Nodes);
        }

        LogStarting(logger, Id.ToString(), removed);

        var maxMessageBytes = runnerOptions.Value.MaxResponseBytes + 6068;
        await messaging.EnsureTopicAsync(Id.Topic, new TopicOptions { MaxMessageBytes = maxMessageBytes, Retention = TimeSpan.FromHours(48) }, cancellationToken);
        await messaging.EnsureTopicAsync(Spi.Invokers.PingMessage.Topic, TopicOptions.Default, cancellationToken);
        producer = messaging.CreateProducer(new MessageProducerOptions { MaxMessageBytes = maxMessageBytes, ClientId = Id.Topic });

        var reporter = new MessagingActivationReporter(
            new ActivationSender(producer, inProcess), recordStorer, Id, Totals, loggerFactory.CreateLogger<MessagingActivationReporter>());
        runner = new ActivationRunner(logStore, reporter, runnerOptions.Value, timeProvider, loggerFactory.CreateLogger<ActivationRunner>());
        var deps = new ContainerProxyDependencies(containerFactory, runner, reporter, poolOptions.Value, timeProvider, loggerFactory.CreateLogger<ContainerProxy>());
        var peek = MaxPeek;
        consumer = messaging.CreateConsumer(new MessageConsumerOptions { Topic = Id.Topic, GroupId = Id.Topic, MaxPeek = peek });
        var pool = new ContainerPool(Owner, manifest, poolOptions.Value, deps, job =>
        {
            Interlocked.Decrement(ref activationsInFlight);
            if (job.HoldsFeedCredit)
            {
                feed?.Processed();
            }
        }, sharedMemory, (policyFactory ?? new OpenWhiskSchedulingPolicyFactory()).Create(new SchedulingPolicyContext(Owner, poolOptions.Value.PauseGrace, poolOptions.Value.IdleTimeout)));
        Pool = pool;
        if (capacity is not null)
        {
            pool.SetCapacity(Id.UserMemoryMb);
            capacityWatcher = new PoolCapacityWatcher(
                containerFactory,
                Owner,
                memoryMb =>
                {
                    sharedMemory?.SetTotal(memoryMb);
                    pool.SetCapacity(memoryMb);
                },
                Id.UserMemoryMb,
                poolOptions.Value.CapacityRefreshInterval,
                timeProvider,
                logger);
        }

        fetchedActions = new ActionDocumentCache(invokerOptions.Value.ActionCacheMb * 1024L * 1024L);
        processor = new ActivationProcessor(
            job =>
            {
                Interlocked.Increment(ref activationsInFlight);
                pool.Run(job);
            }, () => feed?.Processed(), artifactStore, manifest, reporter, timeProvider, loggerFactory.CreateLogger<ActivationProcessor>(), logFormat, fetchedActions);
        feed = new MessageFeed(Id.Topic, consumer, peek, TimeSpan.FromSeconds(1), processor.HandleAsync, logger, timeProvider);

        // A balancer of this process hands activations over as objects (the standalone's lean balancer).
        receiving = inProcess.Receive<ActivationMessage>(Id.Topic, SubmitAsync);
        pool.Start();
        feed.Start();
        pinger = new HealthPinger(producer, Id, invokerOptions.Value.PingInterval, timeProvider, ReadPoolStatusAsync, loggerFactory.CreateLogger<HealthPinger>());
        pinger.Enable();
        if (invokerOptions.Value.OrphanReapAfter > TimeSpan.Zero)
        {
            reaper = new OrphanContainerReaper(
                messaging, containerFactory, Owner, invokerOptions.Value.OrphanReapAfter, timeProvider, loggerFactory.CreateLogger<OrphanContainerReaper>());
        }
    }

    /// <summary>Reads what the pool holds, for the health pings; null before start or when the pool does not answer.</summary>
    /// <returns>The status.</returns>
    public async Task<InvokerPoolStatus?> ReadPoolStatusAsync()
    {
        if (Pool is not { } pool)
        {
            return null;
        }

        try
        {
            var snapshot = await pool.GetSnapshotAsync().WaitAsync(TimeSpan.FromMilliseconds(500), timeProvider);
            return PoolStatusReader.Read(timeProvider.GetUtcNow().ToUnixTimeMilliseconds(), snapshot, ActivationsInFlight, Totals.Snapshot());
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // A pool that is busy or stopping: the ping goes out without it (its health matters more).
            return null;
        }
    }

    /// <summary>Resumes health pings after <see cref="DisableAsync"/>.</summary>
    public void Enable() => pinger?.Enable();

    /// <summary>
    /// Takes an activation message handed over in process, as if it had arrived on this invoker's topic, without
    /// the bus: it takes no feed credit, so the pool buffers what it cannot run at once.
    /// </summary>
    /// <param name="message">The activation message.</param>
    /// <param name="cancellationToken">Cancels fetching the action.</param>
    /// <returns>A task that completes when the job is with the pool (or a fallback record was reported).</returns>
    /// <exception cref="InvalidOperationException">The invoker is not running.</exception>
    private Task SubmitAsync(ActivationMessage message, CancellationToken cancellationToken)
    {
        var taking = processor;
        if (taking is null || stopping)
        {
            throw new InvalidOperationException($"Invoker {Id} is not running.");
        }

        return taking.HandleAsync(message, holdsFeedCredit: false, cancellationToken);
    }

    /// <summary>Stops health pings and sends one with <c>isEnabled = false</c>, so controllers stop sending work.</summary>
    public Task DisableAsync() => pinger?.DisableAsync() ?? Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        stopping = true;
        if (reaper is { } stoppingReaper)
        {
            reaper = null;
            await stoppingReaper.DisposeAsync();
        }

        if (pinger is not null)
        {
            await pinger.DisableAsync();
        }

        if (feed is not null)
        {
            await feed.StopAsync();
        }

        if (capacityWatcher is not null)
        {
            await capacityWatcher.DisposeAsync();
        }

        if (Pool is not null)
        {
            try
            {
                await Pool.ShutdownAsync().WaitAsync(poolOptions.Value.ShutdownGrace, timeProvider, cancellationToken);
            }
            catch (Exception exception) when (exception is TimeoutException or OperationCanceledException)
            {
                LogShutdownTimedOut(logger, Id.ToString());
            }
        }

        if (runner is not null)
        {
            // Records of finished activations may still be on their way to the store; lose none of them.
            await runner.DrainAsync(CancellationToken.None);
        }

        var removed = await containerFactory.CleanupAsync(Owner, CancellationToken.None);
        LogStopped(logger, Id.ToString(), removed);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 1)
        {
            return;
        }

        receiving?.Dispose();

        if (feed is not null)
        {
            await feed.DisposeAsync();
        }

        if (consumer is not null)
        {
            await consumer.DisposeAsync();
        }

        if (producer is not null)
        {
            await producer.DisposeAsync();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Container factory reports {MemoryMb} MB for {Owner} on {Nodes} node(s); it replaces the configured user memory")]
    private static partial void LogClusterCapacity(ILogger logger, string owner, int memoryMb, int nodes);

    [LoggerMessage(Level = LogLevel.Information, Message = "Invoker {Invoker} starting; removed {Removed} leftover containers")]
    private static partial void LogStarting(ILogger logger, string invoker, int removed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Invoker {Invoker}: activations still running at the end of the shutdown grace; removing their containers")]
    private static partial void LogShutdownTimedOut(ILogger logger, string invoker);

    [LoggerMessage(Level = LogLevel.Information, Message = "Invoker {Invoker} stopped; removed {Removed} containers")]
    private static partial void LogStopped(ILogger logger, string invoker, int removed);
}
