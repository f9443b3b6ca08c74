using System.Text.Json;
using OpenWhisk.Spi.Containers;
using OpenWhisk.Spi.Invokers;
using OpenWhisk.Spi;
using OpenWhisk.Spi.Messaging;

namespace OpenWhisk.Invoker.Hosting;

/// <summary>
/// Removes the containers of other invokers that went silent: it listens to every invoker's health pings, and once
/// an invoker it heard from has not pinged for <c>Invoker:OrphanReapAfter</c> (it was killed, or its host lost it),
/// removes that invoker's containers from the container engine this invoker uses (by their owner label). A restarted
/// invoker removes its own leftovers at startup anyway; this covers the one that never comes back. Silence counts
/// only while this invoker hears its own pings (a bus outage silences everyone: after one, every invoker gets the
/// whole delay again), and never for an invoker whose last ping said it was disabled (it is being drained).
/// </summary>
internal sealed partial class OrphanContainerReaper : IAsyncDisposable
{
    private readonly IMessageConsumer consumer;
    private readonly IContainerFactory factory;
    private readonly string self;
    private readonly TimeSpan reapAfter;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private static readonly TimeSpan BusSilence = TimeSpan.FromSeconds(5);

    private readonly Dictionary<string, long> lastSeen = new(StringComparer.Ordinal);
    private readonly HashSet<string> disabled = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource stopping = new();
    private readonly Task loop;
    private long lastOwnPing;
    private int disposed;

    public OrphanContainerReaper(IMessagingProvider messaging, IContainerFactory factory, string self, TimeSpan reapAfter, TimeProvider time, ILogger logger)
    {
        this.factory = factory;
        this.self = self;
        this.reapAfter = reapAfter;
        this.time = time;
        this.logger = logger;
        consumer = messaging.CreateConsumer(new MessageConsumerOptions
        {
            Topic = PingMessage.Topic,
            GroupId = $"{PingMessage.Topic}-reaper-{self}-{Guid.NewGuid():N}",
            MaxPeek = 128,
            TolerableDelay = TimeSpan.FromMilliseconds(500),
        });
        loop = RunAsync(stopping.Token);
    }

    /// <summary>The owner prefix of an invoker's containers, <c>wsk&lt;uniqueName&gt;&lt;id&gt;</c>, as its pool names them.</summary>
    public static string OwnerOf(InvokerInstanceId invoker)
    {
        ArgumentNullException.ThrowIfNull(invoker);
        return new(("wsk" + invoker.UniqueName + invoker.Instance.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Where(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-').ToArray());
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 1)
        {
            return;
        }

        await stopping.CancelAsync();
        await loop;
        await consumer.DisposeAsync();
        stopping.Dispose();
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        await Task.Yield();
        var lastCheck = time.GetTimestamp();
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                foreach (var message in await consumer.PeekAsync(TimeSpan.FromSeconds(1), cancellationToken))
                {
                    Heard(message);
                }

                await consumer.CommitAsync(cancellationToken);
                if (time.GetElapsedTime(lastCheck) >= TimeSpan.FromSeconds(1))
                {
                    lastCheck = time.GetTimestamp();
                    await ReapAsync(cancellationToken);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                LogReapFailed(logger, exception);
                await Task.Delay(TimeSpan.FromSeconds(1), time, CancellationToken.None);
            }
        }
    }

    private void Heard(ConsumedMessage message)
    {
        PingMessage? ping;
        try
        {
            ping = JsonSerializer.Deserialize<PingMessage>(message.Value.Span, OpenWhiskJson.Options);
        }
        catch (JsonException)
        {
            return;
        }

        if (ping?.Name is not { } invoker)
        {
            return;
        }

        var now = time.GetTimestamp();
        var owner = OwnerOf(invoker);
        if (owner == self)
        {
            // Its own pings prove the bus works; after a gap, nobody's silence during it counts.
            if (lastOwnPing == 0 || time.GetElapsedTime(lastOwnPing, now) > BusSilence)
            {
                foreach (var known in lastSeen.Keys.ToList())
                {
                    lastSeen[known] = now;
                }
            }

            lastOwnPing = now;
            return;
        }

        lastSeen[owner] = now;
        if (ping.IsEnabled)
        {
            disabled.Remove(owner);
        }
        else
        {
            disabled.Add(owner);
        }
    }

    private async Task ReapAsync(CancellationToken cancellationToken)
    {
        if (lastOwnPing == 0 || time.GetElapsedTime(lastOwnPing) > BusSilence)
        {
            // This invoker does not hear itself: the silence of others proves nothing.
            return;
        }

        foreach (var (owner, seen) in lastSeen.Where(e => !disabled.Contains(e.Key) && time.GetElapsedTime(e.Value) >= reapAfter).ToList())
        {
            var removed = await factory.CleanupAsync(owner, cancellationToken);
            lastSeen.Remove(owner);
            LogReaped(logger, owner, time.GetElapsedTime(seen), removed);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Invoker {Owner} has not pinged for {Silence}: removed its {Count} container(s)")]
    private static partial void LogReaped(ILogger logger, string owner, TimeSpan silence, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Looking for containers of silent invokers failed; trying again")]
    private static partial void LogReapFailed(ILogger logger, Exception exception);
}
