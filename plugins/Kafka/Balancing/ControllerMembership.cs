using System.Text.Json;
using Microsoft.Extensions.Logging;
using OpenWhisk.Spi.Messaging;
using OpenWhisk.Spi.Toolkit.Messaging;

namespace OpenWhisk.Plugins.Kafka.Balancing;

/// <summary>
/// Which controllers share the invokers right now (OpenWhisk tracks them with its Akka cluster): every controller
/// announces itself on topic <c>controllers</c> every <see cref="KafkaLoadBalancerOptions.ControllerHeartbeatInterval"/>
/// and reads everyone's announcements; a controller not heard from for
/// <see cref="KafkaLoadBalancerOptions.ControllerTimeout"/>, or one that said it is leaving, no longer counts.
/// <see cref="Size"/> (this controller included) divides invoker memory and namespace limits between them.
/// </summary>
internal sealed partial class ControllerMembership : IAsyncDisposable
{
    private readonly string self;
    private readonly string incarnation = Guid.NewGuid().ToString("N");
    private readonly KafkaLoadBalancerOptions options;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly Dictionary<string, long> lastHeard = new(StringComparer.Ordinal);
    private readonly Lock gate = new();
    private IMessageProducer? producer;
    private MessageFeed? pump;
    private ITimer? ticker;
    private int size = 1;

    public ControllerMembership(string self, KafkaLoadBalancerOptions options, TimeProvider time, ILogger logger)
    {
        this.self = self;
        this.options = options;
        this.time = time;
        this.logger = logger;
    }

    /// <summary>Gets how many controllers are alive, this one included.</summary>
    public int Size => Volatile.Read(ref size);

    /// <summary>Starts announcing this controller and reading the others' announcements.</summary>
    public async Task StartAsync(IMessagingProvider messaging, IMessageProducer sender, CancellationToken cancellationToken)
    {
        await messaging.EnsureTopicAsync(ControllerHeartbeat.Topic, TopicOptions.Default, cancellationToken);
        producer = sender;

        // A group of its own per process: every controller reads every announcement.
        pump = MessageFeed.Awaiting(
            ControllerHeartbeat.Topic,
            messaging.CreateConsumer(new MessageConsumerOptions
            {
                Topic = ControllerHeartbeat.Topic,
                GroupId = ControllerHeartbeat.Topic + self + "-" + incarnation,
                MaxPeek = 128,
                TolerableDelay = ShardingLoadBalancer.BackgroundDelay,
            }),
            (message, _) => OnHeartbeatAsync(message),
            logger,
            time);
        pump.Start();
        await AnnounceAsync(leaving: false);
        ticker = time.CreateTimer(_ => _ = TickAsync(), null, options.ControllerHeartbeatInterval, options.ControllerHeartbeatInterval);
    }

    /// <summary>Says goodbye, so that the others take over this controller's share at once.</summary>
    public async Task StopAsync()
    {
        if (ticker is not null)
        {
            await ticker.DisposeAsync();
            ticker = null;
        }

        if (producer is not null)
        {
            await AnnounceAsync(leaving: true);
        }

        if (pump is not null)
        {
            await pump.StopAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        if (pump is not null)
        {
            await pump.DisposeAsync();
        }
    }

    private async Task TickAsync()
    {
        await AnnounceAsync(leaving: false);
        Recount();
    }

    private async Task AnnounceAsync(bool leaving)
    {
        try
        {
            var heartbeat = new ControllerHeartbeat(self, incarnation, time.GetUtcNow().ToUnixTimeMilliseconds(), leaving);
            await producer!.SendAsync(ControllerHeartbeat.Topic, JsonSerializer.SerializeToUtf8Bytes(heartbeat), CancellationToken.None);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogAnnounceFailed(logger, exception.Message);
        }
    }

    private Task OnHeartbeatAsync(ConsumedMessage message)
    {
        ControllerHeartbeat? heartbeat;
        try
        {
            heartbeat = JsonSerializer.Deserialize<ControllerHeartbeat>(message.Value.Span);
        }
        catch (JsonException)
        {
            return Task.CompletedTask;
        }

        if (heartbeat is null || heartbeat.Controller == self)
        {
            return Task.CompletedTask;
        }

        lock (gate)
        {
            if (heartbeat.Leaving)
            {
                lastHeard.Remove(heartbeat.Controller);
            }
            else if (!lastHeard.TryGetValue(heartbeat.Controller, out var previous) || previous < heartbeat.SentAtMs)
            {
                lastHeard[heartbeat.Controller] = heartbeat.SentAtMs;
            }
        }

        Recount();
        return Task.CompletedTask;
    }

    private void Recount()
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var timeout = (long)options.ControllerTimeout.TotalMilliseconds;
        int alive;
        lock (gate)
        {
            alive = 1 + lastHeard.Values.Count(sentAt => now - sentAt < timeout);
        }

        var previous = Interlocked.Exchange(ref size, alive);
        if (previous != alive)
        {
            LogSizeChanged(logger, alive, previous);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Size} controllers share the invokers now (were {Previous})")]
    private static partial void LogSizeChanged(ILogger logger, int size, int previous);

    [LoggerMessage(Level = LogLevel.Warning, Message = "This controller's announcement could not be sent: {Reason}")]
    private static partial void LogAnnounceFailed(ILogger logger, string reason);
}
