using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenWhisk.Spi.Activations;
using OpenWhisk.Spi.Entities;
using OpenWhisk.Spi.Invokers;
using OpenWhisk.Spi.LoadBalancing;
using OpenWhisk.Spi.Messaging;
using OpenWhisk.Spi.Plugins;
using OpenWhisk.Spi.Toolkit.Messaging;

namespace OpenWhisk.Plugins.Lean;

/// <summary>
/// The standalone balancer (name <c>lean</c>, OpenWhisk's LeanBalancer): every activation goes to one invoker,
/// <c>invoker&lt;N&gt;</c>, through the <see cref="ActivationSender"/>, and completions come back on
/// <c>completed&lt;controller&gt;</c>. When that invoker runs in this process (standalone), both travel through the
/// <see cref="InProcessTransport"/> as objects, with no serializing and no bus in between, and the invoker's pool
/// buffers what it cannot run at once; otherwise over the bus, as with remote invokers, and the invoker's feed does
/// the capacity accounting.
/// </summary>
public sealed partial class LeanLoadBalancer : ILoadBalancer, IAsyncDisposable
{
    /// <summary>The implementation name.</summary>
    public const string BalancerName = "lean";

    private readonly IMessagingProvider messaging;
    private readonly ControllerInstanceId controller;
    private readonly LeanLoadBalancerOptions options;
    private readonly IInProcessInvoker? inProcessInvoker;
    private readonly InProcessTransport transport;
    private readonly TimeProvider timeProvider;
    private readonly ILogger logger;
    private readonly IActivationTracker tracker;
    private IMessageProducer? producer;
    private ActivationSender? sender;
    private IMessageConsumer? consumer;
    private MessageFeed? acks;
    private IDisposable? receiving;

    public LeanLoadBalancer(
        IMessagingProvider messaging,
        IActivationTrackerFactory trackers,
        IHostIdentity host,
        IOptions<LeanLoadBalancerOptions> options,
        TimeProvider timeProvider,
        ILogger<LeanLoadBalancer> logger,
        InProcessTransport transport,
        IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(options);
        this.messaging = messaging;
        controller = host.Controller ?? throw new InvalidOperationException("The lean balancer runs in a controller; this process serves as none.");
        this.options = options.Value;
        this.timeProvider = timeProvider;
        this.logger = logger;
        this.transport = transport;
        inProcessInvoker = services.GetService(typeof(IInProcessInvoker)) as IInProcessInvoker;

        // The invoker of this process acknowledges each activation from its own flow: a blocking caller's answer is
        // written from there. Acknowledgements over the bus come from one loop, which must not write them all.
        tracker = trackers.Create(BalancerName, continueOnAcknowledgingThread: inProcessInvoker is not null);
    }

    public string Name => BalancerName;

    public int ClusterSize => 1;

    public int TotalActiveActivations => tracker.Total;

    private string InvokerTopic => "invoker" + options.LeanInvoker.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var topic = controller.CompletionTopic;

        // Acknowledgements of an invoker of this process come as objects; those of a remote one over the bus.
        receiving = transport.Receive<Acknowledgement>(topic, ReceiveAcknowledgementAsync);
        await messaging.EnsureTopicAsync(topic, TopicOptions.Default, cancellationToken);
        await messaging.EnsureTopicAsync(InvokerTopic, TopicOptions.Default, cancellationToken);
        producer = messaging.CreateProducer(new MessageProducerOptions { ClientId = "controller" + controller.AsString });
        sender = new ActivationSender(producer, transport);
        consumer = messaging.CreateConsumer(new MessageConsumerOptions { Topic = topic, GroupId = topic, MaxPeek = 128 });
        acks = new MessageFeed(topic, consumer, 128, TimeSpan.FromSeconds(1), HandleAcknowledgementAsync, logger, timeProvider);
        acks.Start();
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        receiving?.Dispose();
        if (acks is not null)
        {
            await acks.StopAsync();
        }
    }

    public async Task<ActivationPublication> PublishAsync(WhiskAction action, ActivationMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var sending = sender ?? throw new LoadBalancerUnavailableException("The lean balancer has not started.");
        var publication = tracker.Track(action, message, InvokerTopic);
        try
        {
            await sending.SendAsync(InvokerTopic, message, cancellationToken);
            return publication;
        }
        catch (Exception exception)
        {
            tracker.Cancel(message.ActivationId);
            if (exception is MessageTooLargeException or OperationCanceledException)
            {
                throw;
            }

            LogPublishFailed(logger, message.ActivationId, exception);
            throw new LoadBalancerUnavailableException("The activation could not be sent to an invoker.", exception);
        }
    }

    public int ActiveActivationsFor(string namespaceUuid) => tracker.ActiveFor(namespaceUuid);

    public int ActiveActivationsOn(string target) => tracker.ActiveOn(target);

    public IReadOnlyList<ActiveActivation> GetActiveActivations() => tracker.Snapshot();

    public Task<IReadOnlyList<InvokerHealth>> GetInvokerHealthAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<InvokerHealth> health = inProcessInvoker is null
            ? []
            : [new InvokerHealth(inProcessInvoker.Id, inProcessInvoker.IsEnabled ? InvokerState.Healthy : InvokerState.Offline)];
        return Task.FromResult(health);
    }

    public async ValueTask DisposeAsync()
    {
        if (acks is not null)
        {
            await acks.DisposeAsync();
        }

        if (consumer is not null)
        {
            await consumer.DisposeAsync();
        }

        if (producer is not null)
        {
            await producer.DisposeAsync();
        }

        tracker.Dispose();
    }

    private Task ReceiveAcknowledgementAsync(Acknowledgement acknowledgement, CancellationToken cancellationToken)
    {
        tracker.Process(acknowledgement);
        return Task.CompletedTask;
    }

    private Task HandleAcknowledgementAsync(ConsumedMessage message, CancellationToken cancellationToken)
    {
        try
        {
            tracker.Process(MessageSerializer.Deserialize<Acknowledgement>(message.Value));
        }
        finally
        {
            acks?.Processed();
        }

        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Activation {ActivationId} could not be sent to the invoker")]
    private static partial void LogPublishFailed(ILogger logger, string activationId, Exception exception);
}
