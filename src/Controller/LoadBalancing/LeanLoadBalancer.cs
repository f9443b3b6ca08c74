using Microsoft.Extensions.Options;
using OpenWhisk.Common.Messaging;
using OpenWhisk.Controller.Hosting;
using OpenWhisk.Spi.Activations;
using OpenWhisk.Spi.Entities;
using OpenWhisk.Spi.Invokers;
using OpenWhisk.Spi.LoadBalancing;
using OpenWhisk.Spi.Messaging;
using OpenWhisk.Spi.Toolkit.Messaging;

namespace OpenWhisk.Controller.LoadBalancing;

/// <summary>
/// The standalone balancer (name <c>lean</c>, OpenWhisk's LeanBalancer): every activation goes to one invoker.
/// When that invoker runs in this process (standalone), messages and acknowledgements are handed over as objects,
/// with no serializing and no bus in between, and the invoker's pool buffers what it cannot run at once. Otherwise
/// messages go over the bus to <c>invoker&lt;N&gt;</c> and completions come back on <c>completed&lt;controller&gt;</c>
/// the same way they do from remote invokers, and the invoker's feed does the capacity accounting.
/// </summary>
public sealed partial class LeanLoadBalancer : ILoadBalancer, IAsyncDisposable
{
    /// <summary>The implementation name.</summary>
    public const string BalancerName = "lean";

    private readonly IMessagingProvider messaging;
    private readonly ControllerOptions controller;
    private readonly LoadBalancerOptions options;
    private readonly IInProcessInvoker? inProcessInvoker;
    private readonly TimeProvider timeProvider;
    private readonly ILogger logger;
    private readonly IActivationTracker tracker;
    private IMessageProducer? producer;
    private IMessageConsumer? consumer;
    private MessageFeed? acks;
    private IDisposable? localRoute;

    public LeanLoadBalancer(
        IMessagingProvider messaging,
        IActivationTrackerFactory trackers,
        IOptions<ControllerOptions> controller,
        IOptions<LoadBalancerOptions> options,
        TimeProvider timeProvider,
        ILogger<LeanLoadBalancer> logger,
        IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(controller);
        ArgumentNullException.ThrowIfNull(options);
        this.messaging = messaging;
        this.controller = controller.Value;
        this.options = options.Value;
        this.timeProvider = timeProvider;
        this.logger = logger;
        inProcessInvoker = services.GetService(typeof(IInProcessInvoker)) as IInProcessInvoker;
        tracker = trackers.Create(BalancerName);
    }

    public string Name => BalancerName;

    public int ClusterSize => 1;

    public int TotalActiveActivations => tracker.Total;

    private string InvokerTopic => "invoker" + options.LeanInvoker.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private bool InvokesInProcess => localRoute is not null;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var self = new ControllerInstanceId(controller.InstanceId);
        if (inProcessInvoker is not null && inProcessInvoker.Id.Instance == options.LeanInvoker)
        {
            // The invoker lives in this process: hand messages and acknowledgements over as objects.
            localRoute = inProcessInvoker.ConnectController(self, ack => tracker.Process(ack));
        }

        var topic = self.CompletionTopic;
        await messaging.EnsureTopicAsync(topic, TopicOptions.Default, cancellationToken);
        await messaging.EnsureTopicAsync(InvokerTopic, TopicOptions.Default, cancellationToken);
        producer = messaging.CreateProducer(new MessageProducerOptions { ClientId = "controller" + controller.InstanceId });
        consumer = messaging.CreateConsumer(new MessageConsumerOptions { Topic = topic, GroupId = topic, MaxPeek = 128 });
        acks = new MessageFeed(topic, consumer, 128, TimeSpan.FromSeconds(1), HandleAcknowledgementAsync, logger, timeProvider);
        acks.Start();
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        localRoute?.Dispose();
        if (acks is not null)
        {
            await acks.StopAsync();
        }
    }

    public async Task<ActivationPublication> PublishAsync(WhiskAction action, ActivationMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var sender = producer ?? throw new LoadBalancerUnavailableException("The lean balancer has not started.");
        var publication = tracker.Track(action, message, InvokerTopic);
        try
        {
            if (InvokesInProcess)
            {
                await inProcessInvoker!.SubmitAsync(message, cancellationToken);
            }
            else
            {
                await sender.SendAsync(InvokerTopic, MessageSerializer.Serialize(message), cancellationToken);
            }

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
