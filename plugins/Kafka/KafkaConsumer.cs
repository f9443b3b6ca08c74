using System.Diagnostics;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using OpenWhisk.Spi.Messaging;

namespace OpenWhisk.Plugins.Kafka;

/// <summary>
/// A group member on one topic. A peek polls until the first message (or the wait ends) and then takes what is
/// already fetched, at most <see cref="MaxPeek"/>; commits are explicit and cover exactly what was handed out:
/// they store the offsets, which librdkafka commits in the background and when the consumer closes. A member that
/// lost its partitions and has not been given an assignment again within the rejoin timeout (seen after broker
/// outages: librdkafka can stay stuck waiting for commits that never finish) is replaced by a fresh one.
/// </summary>
internal sealed partial class KafkaConsumer : IMessageConsumer
{
    private readonly ConsumerConfig config;
    private readonly string topic;
    private readonly string logicalTopic;
    private readonly TimeSpan rejoinTimeout;
    private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(10);
    private readonly ILogger logger;
    private readonly Dictionary<TopicPartition, Offset> delivered = [];
    private readonly PeekThread peeks;
    private IConsumer<Ignore, byte[]> consumer;
    private long awaitingAssignmentSince;
    private bool disposed;

    public KafkaConsumer(ConsumerConfig config, string topic, string logicalTopic, int maxPeek, TimeSpan rejoinTimeout, ILogger logger)
    {
        this.config = config;
        this.topic = topic;
        this.logicalTopic = logicalTopic;
        this.rejoinTimeout = rejoinTimeout;
        this.logger = logger;
        GroupId = config.GroupId;
        MaxPeek = maxPeek;
        consumer = Subscribe();
        peeks = new PeekThread("kafka-peek " + logicalTopic, Peek);
    }

    public string Topic => logicalTopic;

    public string GroupId { get; }

    public int MaxPeek { get; }

    /// <summary>
    /// The end offsets librdkafka last saw in fetch responses less this member's positions, over its assigned
    /// partitions; both are local reads, safe beside <c>Consume</c> on another thread.
    /// </summary>
    public long? Lag
    {
        get
        {
            var member = Volatile.Read(ref consumer);
            try
            {
                long? lag = null;
                foreach (var partition in member.Assignment)
                {
                    var end = member.GetWatermarkOffsets(partition).High;
                    var position = member.Position(partition);
                    if (end.IsSpecial || position.IsSpecial)
                    {
                        continue;
                    }

                    lag = (lag ?? 0) + Math.Max(0, end.Value - position.Value);
                }

                return lag;
            }
            catch (Exception exception) when (exception is KafkaException or ObjectDisposedException or InvalidOperationException)
            {
                return null;
            }
        }
    }

    public Task<IReadOnlyList<ConsumedMessage>> PeekAsync(TimeSpan maxWait, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(disposed, this);

        // Consume blocks its thread for up to maxWait: on the consumer's own thread, so that a busy thread pool (for
        // example one full of synchronous database calls) never delays hearing completions and pings.
        return peeks.PeekAsync(maxWait, cancellationToken);
    }

    public Task CommitAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(disposed, this);

        // Storing is local and never blocks; librdkafka commits stored offsets in the background and on close. A
        // synchronous commit would stall this consumer for as long as the broker is unreachable.
        foreach (var (partition, offset) in delivered)
        {
            try
            {
                consumer.StoreOffset(new TopicPartitionOffset(partition, offset + 1));
            }
            catch (KafkaException exception)
            {
                // The partition moved to another member in a rebalance; it receives the uncommitted messages again
                // (Kafka's at-least-once across rebalances).
                LogCommitSkipped(logger, logicalTopic, exception.Error.Reason);
            }
        }

        delivered.Clear();
        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        if (!disposed)
        {
            disposed = true;
            peeks.Dispose();

            // Closing a member stuck after a broker outage can hang: stopping waits for it a bounded time only.
            var closing = Task.Run(() => Close(consumer));
            if (await Task.WhenAny(closing, Task.Delay(CloseTimeout)) != closing)
            {
                LogCloseAbandoned(logger, CloseTimeout.TotalSeconds);
            }
        }
    }

    private static void Close(IConsumer<Ignore, byte[]> member)
    {
        try
        {
            member.Close();
        }
        catch (KafkaException)
        {
            // Leaving the group failed; the broker notices through the session timeout.
        }

        member.Dispose();
    }

    private IConsumer<Ignore, byte[]> Subscribe()
    {
        Volatile.Write(ref awaitingAssignmentSince, Stopwatch.GetTimestamp());
        var member = new ConsumerBuilder<Ignore, byte[]>(config)
            .SetErrorHandler((_, error) => LogClientError(logger, logicalTopic, error.Code.ToString(), error.Reason))
            .SetLogHandler((_, message) => LogClientLog(logger, logicalTopic, message.Facility, message.Message))
            .SetPartitionsAssignedHandler((_, partitions) =>
            {
                Volatile.Write(ref awaitingAssignmentSince, 0);
                LogAssigned(logger, logicalTopic, GroupId, string.Join(",", partitions.Select(p => p.Partition.Value)));
            })
            .SetPartitionsRevokedHandler((_, partitions) =>
            {
                Interlocked.CompareExchange(ref awaitingAssignmentSince, Stopwatch.GetTimestamp(), 0);
                LogRevoked(logger, logicalTopic, GroupId, string.Join(",", partitions.Select(p => p.Partition.Value)));
            })
            .SetPartitionsLostHandler((_, partitions) =>
            {
                Interlocked.CompareExchange(ref awaitingAssignmentSince, Stopwatch.GetTimestamp(), 0);
                LogLost(logger, logicalTopic, GroupId, string.Join(",", partitions.Select(p => p.Partition.Value)));
            })
            .Build();
        member.Subscribe(topic);
        return member;
    }

    /// <summary>Replaces a member that has waited too long for an assignment; the old one closes in the background.</summary>
    private void ReplaceIfStuck()
    {
        var since = Volatile.Read(ref awaitingAssignmentSince);
        if (since == 0 || Stopwatch.GetElapsedTime(since) < rejoinTimeout)
        {
            return;
        }

        LogReplacing(logger, logicalTopic, GroupId, Stopwatch.GetElapsedTime(since).TotalSeconds);
        var stuck = consumer;
        delivered.Clear();
        consumer = Subscribe();

        // Closing a stuck member may itself hang; never on this thread.
        _ = Task.Run(() => Close(stuck));
    }

    private IReadOnlyList<ConsumedMessage> Peek(TimeSpan maxWait, CancellationToken cancellationToken)
    {
        ReplaceIfStuck();
        var batch = new List<ConsumedMessage>();
        var started = Stopwatch.GetTimestamp();
        while (batch.Count < MaxPeek && !cancellationToken.IsCancellationRequested)
        {
            var remaining = batch.Count == 0 ? maxWait - Stopwatch.GetElapsedTime(started) : TimeSpan.Zero;
            if (remaining < TimeSpan.Zero)
            {
                break;
            }

            ConsumeResult<Ignore, byte[]>? result;
            try
            {
                result = consumer.Consume(remaining);
            }
            catch (ConsumeException exception)
            {
                LogConsumeFailed(logger, logicalTopic, exception.Error.Reason);

                // For example a topic that does not exist yet: wait a little instead of spinning.
                if (batch.Count == 0)
                {
                    cancellationToken.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(Math.Clamp(remaining.TotalMilliseconds, 0, 200)));
                }

                break;
            }

            if (result is null)
            {
                break;
            }

            if (result.IsPartitionEOF || result.Message is null)
            {
                continue;
            }

            delivered[result.TopicPartition] = result.Offset;
            batch.Add(new ConsumedMessage(logicalTopic, result.Partition.Value, result.Offset.Value, result.Message.Value));
        }

        return batch;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Kafka consumer of {Topic} in group {Group} was assigned partitions {Partitions}")]
    private static partial void LogAssigned(ILogger logger, string topic, string group, string partitions);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Kafka consumer of {Topic} in group {Group} gave up partitions {Partitions}")]
    private static partial void LogRevoked(ILogger logger, string topic, string group, string partitions);

    [LoggerMessage(Level = LogLevel.Information, Message = "Kafka consumer of {Topic} in group {Group} lost partitions {Partitions}; it rejoins the group")]
    private static partial void LogLost(ILogger logger, string topic, string group, string partitions);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Kafka consumer of {Topic} in group {Group} got no assignment for {Seconds:F0} s after losing its partitions; replacing it")]
    private static partial void LogReplacing(ILogger logger, string topic, string group, double seconds);

    [LoggerMessage(Level = LogLevel.Trace, Message = "librdkafka (consumer of {Topic}) {Facility}: {Text}")]
    private static partial void LogClientLog(ILogger logger, string topic, string facility, string text);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Kafka consumer of {Topic}: error {Code}: {Reason}")]
    private static partial void LogClientError(ILogger logger, string topic, string code, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Kafka consumer of {Topic} skipped a commit during a rebalance: {Reason}")]
    private static partial void LogCommitSkipped(ILogger logger, string topic, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Closing the consumer did not finish within {Seconds} s; it is abandoned")]
    private static partial void LogCloseAbandoned(ILogger logger, double seconds);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Kafka consumer of {Topic} could not consume: {Reason}")]
    private static partial void LogConsumeFailed(ILogger logger, string topic, string reason);
}
