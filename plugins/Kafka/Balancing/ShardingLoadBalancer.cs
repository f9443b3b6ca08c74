using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenWhisk.Spi;
using OpenWhisk.Spi.Activations;
using OpenWhisk.Spi.Entities;
using OpenWhisk.Spi.Invokers;
using OpenWhisk.Spi.LoadBalancing;
using OpenWhisk.Spi.Messaging;
using OpenWhisk.Spi.Toolkit.Messaging;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;

namespace OpenWhisk.Plugins.Kafka.Balancing;

/// <summary>
/// The distributed balancer (name <c>sharding</c>, also <c>kafka</c> as before; OpenWhisk's
/// ShardingContainerPoolBalancer): activations go to the
/// topic of the invoker chosen by sharding with per-invoker memory slots; completions come back on
/// <c>completed&lt;controller&gt;</c>; invoker health comes from pings on <c>health</c> and from how activations end.
/// Publishing goes through a retry and a circuit breaker; when it fails the caller gets 503 and nothing stays queued.
/// </summary>
public sealed partial class ShardingLoadBalancer : ILoadBalancer, IAsyncDisposable
{
    /// <summary>The implementation name: the algorithm's, not the transport's.</summary>
    public const string BalancerName = "sharding";

    /// <summary>The name it had before, kept so that configurations that say it keep working.</summary>
    public const string FormerName = "kafka";

    /// <summary>
    /// How late health pings and controller heartbeats may be seen (OpenWhisk's fetch wait of 500 ms): they come every
    /// second and are judged over seconds, so their consumers need not poll as often as the completions'.
    /// </summary>
    internal static readonly TimeSpan BackgroundDelay = TimeSpan.FromMilliseconds(500);

    private const int MinimumSlotMemoryMb = 128;
    private readonly IMessagingProvider messaging;
    private readonly IActivationTracker tracker;
    private readonly KafkaLoadBalancerOptions options;
    private readonly TimeProvider time;
    private readonly ILoggerFactory loggers;
    private readonly ILogger logger;
    private readonly ControllerInstanceId controller;
    private readonly HealthTestAction testAction;
    private readonly ResiliencePipeline publishing;
    private readonly ConcurrentDictionary<int, (InvokerSlots Slots, int UserMemoryMb)> slots = new();
    private readonly ControllerMembership membership;
    private readonly OverloadReport overloads;
    private readonly Lock resizing = new();
    private int slotsClusterSize = 1;
    private InvokerTopology topology;
    private InvokerSupervisor? supervisor;
    private IMessageProducer? producer;
    private MessageFeed? acknowledgements;
    private MessageFeed? pings;

    public ShardingLoadBalancer(
        IMessagingProvider messaging,
        IActivationTrackerFactory trackers,
        IOptions<KafkaLoadBalancerOptions> options,
        TimeProvider time,
        ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(trackers);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggers);
        this.messaging = messaging;
        this.options = options.Value;
        this.time = time;
        this.loggers = loggers;
        logger = loggers.CreateLogger<ShardingLoadBalancer>();
        tracker = trackers.Create(BalancerName);
        controller = new ControllerInstanceId(this.options.ControllerInstanceId ?? "0");
        testAction = new HealthTestAction(controller, this.options.TestActionKind);
        topology = new InvokerTopology([], this.options.ManagedFraction, this.options.BlackboxFraction);
        publishing = BuildPublishPipeline(this.options, time);
        overloads = new OverloadReport(TimeSpan.FromSeconds(10), time);
        membership = new ControllerMembership(controller.AsString, this.options, time, loggers.CreateLogger<ControllerMembership>());
    }

    public string Name => BalancerName;

    public int ClusterSize => membership.Size;

    public int TotalActiveActivations => tracker.Total;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await messaging.EnsureTopicAsync(controller.CompletionTopic, TopicOptions.Default, cancellationToken);
        await messaging.EnsureTopicAsync(PingMessage.Topic, TopicOptions.Default, cancellationToken);
        producer = messaging.CreateProducer(new MessageProducerOptions
        {
            ClientId = "controller" + controller.AsString,
            DeliveryTimeout = TimeSpan.FromMilliseconds(options.PublishTimeoutMs),
        });
        supervisor = new InvokerSupervisor(options, time, loggers.CreateLogger<InvokerSupervisor>(), SendTestActionAsync, ForceActivationsOfRestartedInvokerAsync);
        acknowledgements = MessageFeed.Awaiting(
            controller.CompletionTopic,
            messaging.CreateConsumer(new MessageConsumerOptions { Topic = controller.CompletionTopic, GroupId = controller.CompletionTopic, MaxPeek = 128 }),
            (message, _) => OnAcknowledgementAsync(message),
            loggers.CreateLogger<MessageFeed>(),
            time);
        pings = MessageFeed.Awaiting(
            PingMessage.Topic,
            messaging.CreateConsumer(new MessageConsumerOptions
            {
                Topic = PingMessage.Topic,
                GroupId = PingMessage.Topic + controller.AsString,
                MaxPeek = 128,
                TolerableDelay = BackgroundDelay,
            }),
            (message, _) => OnPingAsync(message),
            loggers.CreateLogger<MessageFeed>(),
            time);
        acknowledgements.Start();
        pings.Start();
        await membership.StartAsync(messaging, producer, cancellationToken);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await membership.StopAsync();
        if (pings is not null)
        {
            await pings.StopAsync();
        }

        if (acknowledgements is not null)
        {
            await acknowledgements.StopAsync();
        }
    }

    public async Task<ActivationPublication> PublishAsync(WhiskAction action, ActivationMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(action);
        ArgumentNullException.ThrowIfNull(message);
        var sender = producer ?? throw new LoadBalancerUnavailableException("The kafka balancer has not started.");
        var current = CurrentTopology();
        var (invokers, stepSizes) = action.Exec.IsBlackbox
            ? (current.Blackbox, current.BlackboxStepSizes)
            : (current.Managed, current.ManagedStepSizes);
        if (invokers.Count == 0)
        {
            throw new LoadBalancerUnavailableException();
        }

        var fullyQualifiedName = action.FullyQualifiedName;
        var memoryMb = action.Limits.MemoryMb;
        var concurrency = action.Limits.Concurrency;
        var hash = ShardingPlacement.Hash(message.User.Namespace.Name, fullyQualifiedName);
        var (home, step) = ShardingPlacement.HomeAndStep(hash, invokers.Count, stepSizes);
        var choice = ShardingScheduler.Schedule(invokers, SlotsOf, fullyQualifiedName, concurrency, memoryMb, home, step, Random.Shared)
            ?? throw new LoadBalancerUnavailableException();
        if (choice.Forced && overloads.Forced() is > 0 and var forced)
        {
            LogOverloaded(logger, forced, message.ActivationId, choice.Invoker.ToString());
        }

        var invoker = choice.Invoker;
        var invokerSlots = SlotsOf(invoker);
        byte[] payload;
        try
        {
            payload = JsonSerializer.SerializeToUtf8Bytes(message, OpenWhiskJson.Options);
        }
        catch
        {
            // Nothing is tracked yet: only the slot the scheduler took is given back.
            invokerSlots.Release(fullyQualifiedName, concurrency, memoryMb);
            throw;
        }

        var publication = tracker.Track(action, message, invoker.Topic, (_, end) =>
        {
            invokerSlots.Release(fullyQualifiedName, concurrency, memoryMb);
            supervisor?.Report(invoker.Instance, end);
        });
        try
        {
            await publishing.ExecuteAsync(async token => await sender.SendAsync(invoker.Topic, payload, token), cancellationToken);
            return publication;
        }
        catch (Exception exception)
        {
            tracker.Cancel(message.ActivationId);
            invokerSlots.Release(fullyQualifiedName, concurrency, memoryMb);
            if (exception is MessageTooLargeException or OperationCanceledException)
            {
                throw;
            }

            LogPublishFailed(logger, message.ActivationId, invoker.Topic, exception);
            throw new LoadBalancerUnavailableException("The activation could not be sent to an invoker.", exception);
        }
    }

    public int ActiveActivationsFor(string namespaceUuid) => tracker.ActiveFor(namespaceUuid);

    public int ActiveActivationsOn(string target) => tracker.ActiveOn(target);

    public IReadOnlyList<ActiveActivation> GetActiveActivations() => tracker.Snapshot();

    public Task<IReadOnlyList<InvokerHealth>> GetInvokerHealthAsync(CancellationToken cancellationToken) =>
        Task.FromResult(supervisor?.Health ?? []);

    public async ValueTask DisposeAsync()
    {
        await membership.DisposeAsync();
        if (pings is not null)
        {
            await pings.DisposeAsync();
        }

        if (acknowledgements is not null)
        {
            await acknowledgements.DisposeAsync();
        }

        if (supervisor is not null)
        {
            await supervisor.DisposeAsync();
        }

        if (producer is not null)
        {
            await producer.DisposeAsync();
        }

        tracker.Dispose();
    }

    private static ResiliencePipeline BuildPublishPipeline(KafkaLoadBalancerOptions options, TimeProvider time)
    {
        var transient = new PredicateBuilder().Handle<MessagingException>(exception => exception.IsTransient);
        var builder = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                ShouldHandle = transient,
                FailureRatio = 0.5,
                MinimumThroughput = 4,
                SamplingDuration = TimeSpan.FromSeconds(10),
                BreakDuration = options.CircuitBreakDuration,
            });
        if (options.PublishRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = transient,
                MaxRetryAttempts = options.PublishRetries,
                BackoffType = DelayBackoffType.Exponential,
                Delay = TimeSpan.FromMilliseconds(100),
                UseJitter = true,
            });
        }

        return builder.Build();
    }

    /// <summary>This controller's slots on <paramref name="invoker"/>: its share of the memory, as many controllers as are alive.</summary>
    internal InvokerSlots SlotsOf(InvokerInstanceId invoker)
    {
        var clusterSize = membership.Size;
        if (clusterSize != Volatile.Read(ref slotsClusterSize))
        {
            ResizeSlots(clusterSize);
        }

        return slots.GetOrAdd(invoker.Instance, _ => (new InvokerSlots(Share(invoker.UserMemoryMb, clusterSize)), invoker.UserMemoryMb)).Slots;
    }

    private static int Share(int userMemoryMb, int clusterSize) => Math.Max(userMemoryMb / clusterSize, MinimumSlotMemoryMb);

    private void ResizeSlots(int clusterSize)
    {
        lock (resizing)
        {
            if (clusterSize == slotsClusterSize)
            {
                return;
            }

            foreach (var (invokerSlots, userMemoryMb) in slots.Values)
            {
                invokerSlots.Resize(Share(userMemoryMb, clusterSize));
            }

            Volatile.Write(ref slotsClusterSize, clusterSize);
            LogSlotsResized(logger, clusterSize);
        }
    }

    private InvokerTopology CurrentTopology()
    {
        var health = supervisor?.Health ?? [];
        var current = Volatile.Read(ref topology);
        if (!ReferenceEquals(current.Source, health))
        {
            current = new InvokerTopology(health, options.ManagedFraction, options.BlackboxFraction);
            Volatile.Write(ref topology, current);
        }

        return current;
    }

    private Task OnAcknowledgementAsync(ConsumedMessage message)
    {
        var acknowledgement = JsonSerializer.Deserialize<Acknowledgement>(message.Value.Span, OpenWhiskJson.Options);
        if (acknowledgement is null)
        {
            return Task.CompletedTask;
        }

        if (acknowledgement.TransactionId.Id == TransactionId.InvokerHealthId)
        {
            if (acknowledgement.FreesSlot)
            {
                supervisor?.TestCompleted(acknowledgement.ActivationId, acknowledgement.IsSystemError);
            }

            return Task.CompletedTask;
        }

        tracker.Process(acknowledgement);
        return Task.CompletedTask;
    }

    private Task OnPingAsync(ConsumedMessage message)
    {
        if (JsonSerializer.Deserialize<PingMessage>(message.Value.Span, OpenWhiskJson.Options) is { } ping)
        {
            supervisor?.Ping(ping);
        }

        return Task.CompletedTask;
    }

    private async Task<string?> SendTestActionAsync(InvokerInstanceId invoker)
    {
        if (producer is not { } sender)
        {
            return null;
        }

        var message = testAction.CreateMessage(time.GetUtcNow());
        try
        {
            await sender.SendAsync(invoker.Topic, JsonSerializer.SerializeToUtf8Bytes(message, OpenWhiskJson.Options), CancellationToken.None);
            LogTestActionSent(logger, testAction.FullyQualifiedName, invoker.ToString(), message.ActivationId);
            return message.ActivationId;
        }
        catch (MessagingException exception)
        {
            LogTestActionFailed(logger, invoker.ToString(), exception);
            return null;
        }
    }

    private Task ForceActivationsOfRestartedInvokerAsync(InvokerInstanceId invoker) => tracker.ForceAllOnAsync(invoker.Topic);

    [LoggerMessage(Level = LogLevel.Information, Message = "Invoker shares resized for {ClusterSize} controllers")]
    private static partial void LogSlotsResized(ILogger logger, int clusterSize);

    [LoggerMessage(Level = LogLevel.Warning, Message = "System is overloaded: {Count} activations forced onto invokers without room since the last warning (the latest, {ActivationId}, onto {Invoker})")]
    private static partial void LogOverloaded(ILogger logger, int count, string activationId, string invoker);

    [LoggerMessage(Level = LogLevel.Error, Message = "Activation {ActivationId} could not be sent to {Topic}")]
    private static partial void LogPublishFailed(ILogger logger, string activationId, string topic, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Sent health test action {Action} to {Invoker} as {ActivationId}")]
    private static partial void LogTestActionSent(ILogger logger, string action, string invoker, string activationId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The health test action could not be sent to {Invoker}")]
    private static partial void LogTestActionFailed(ILogger logger, string invoker, Exception exception);
}
