using System.Text.Json;
using Microsoft.Extensions.Options;
using OpenWhisk.Controller.Hosting;
using OpenWhisk.Spi;
using OpenWhisk.Spi.Invokers;
using OpenWhisk.Spi.Messaging;

namespace OpenWhisk.Controller.WebConsole;

/// <summary>
/// Listens to every invoker's health pings (in a consumer group of its own, so the balancers' supervision is not
/// disturbed) and keeps what their pools hold and their recent activation totals, for <c>GET /invokers/pool</c>.
/// Works the same over the in-memory bus of a standalone platform and over Kafka.
/// </summary>
public sealed partial class InvokerPoolDirectory(
    IMessagingProvider messaging,
    IOptions<ControllerOptions> controller,
    IOptions<ConsoleOptions> options,
    TimeProvider time,
    ILogger<InvokerPoolDirectory> logger) : BackgroundService
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, Entry> invokers = new(StringComparer.Ordinal);

    /// <summary>Returns what the directory knows of each invoker, ordered by name.</summary>
    /// <returns>The views.</returns>
    public IReadOnlyList<InvokerPoolView> Snapshot()
    {
        lock (gate)
        {
            return [.. invokers.OrderBy(e => e.Key, StringComparer.Ordinal)
                .Select(e => new InvokerPoolView(e.Key, e.Value.Enabled, e.Value.SeenAt, e.Value.Status, e.Value.StatusAt, [.. e.Value.Samples]))];
        }
    }

    /// <summary>Takes one ping (the consumer loop calls it; tests may too).</summary>
    /// <param name="ping">The ping.</param>
    public void Heard(PingMessage ping)
    {
        ArgumentNullException.ThrowIfNull(ping);
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var keep = (long)(options.Value.History + options.Value.Step + options.Value.Step).TotalMilliseconds;
        lock (gate)
        {
            var name = ping.Name.Topic;
            var known = invokers.TryGetValue(name, out var entry);
            if (ping.Pool is { } heard && (heard.At < now - keep || heard.At < (entry?.StatusAt ?? 0)))
            {
                // A ping from before this controller started (Kafka hands a new group the topic's history) or one
                // overtaken by a later one: neither says anything about now.
                return;
            }

            if (!known || entry is null)
            {
                entry = new Entry();
                invokers[name] = entry;
            }

            if (ping.Pool is { } pool)
            {

                entry.Status = pool;
                entry.StatusAt = pool.At;
                entry.Samples.Enqueue(new ActivationTotalsSample(pool.At, pool.Activations, ping.Incarnation));
            }

            entry.Enabled = ping.IsEnabled;
            entry.SeenAt = now;
            while (entry.Samples.Count > 0 && entry.Samples.Peek().At < now - keep)
            {
                entry.Samples.Dequeue();
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        await using var consumer = messaging.CreateConsumer(new MessageConsumerOptions
        {
            Topic = PingMessage.Topic,
            GroupId = $"{PingMessage.Topic}-console-{controller.Value.InstanceId}-{Guid.NewGuid():N}",
            MaxPeek = 128,
            TolerableDelay = TimeSpan.FromMilliseconds(500),
        });
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                foreach (var message in await consumer.PeekAsync(TimeSpan.FromSeconds(1), stoppingToken))
                {
                    if (Read(message) is { } ping)
                    {
                        Heard(ping);
                    }
                }

                await consumer.CommitAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                LogListenFailed(logger, exception);
                await Task.Delay(TimeSpan.FromSeconds(1), time, stoppingToken);
            }
        }
    }

    private static PingMessage? Read(ConsumedMessage message)
    {
        try
        {
            return JsonSerializer.Deserialize<PingMessage>(message.Value.Span, OpenWhiskJson.Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading the invokers' health pings for the pool view failed; retrying")]
    private static partial void LogListenFailed(ILogger logger, Exception exception);

    private sealed class Entry
    {
        public bool Enabled { get; set; }

        public long SeenAt { get; set; }

        public InvokerPoolStatus? Status { get; set; }

        public long StatusAt { get; set; }

        public Queue<ActivationTotalsSample> Samples { get; } = new();
    }
}
