using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using OpenWhisk.Spi.Messaging;

namespace OpenWhisk.Plugins.Kafka;

/// <summary>
/// A group member on one topic. A peek polls until the first message (or the wait ends) and then takes what is
/// already fetched, at most <see cref="MaxPeek"/>; commits are explicit and cover exactly what was handed out.
/// </summary>
internal sealed partial class KafkaConsumer : IMessageConsumer
{
    private readonly IConsumer<Ignore, byte[]> consumer;
    private readonly string logicalTopic;
    private readonly ILogger logger;
    private readonly Dictionary<TopicPartition, Offset> delivered = [];
    private bool disposed;

    public KafkaConsumer(ConsumerConfig config, string topic, string logicalTopic, string groupId, int maxPeek, ILogger logger)
    {
        this.logicalTopic = logicalTopic;
        this.logger = logger;
        GroupId = groupId;
        MaxPeek = maxPeek;
        consumer = new ConsumerBuilder<Ignore, byte[]>(config)
            .SetErrorHandler((_, error) => LogClientError(logger, logicalTopic, error.Code.ToString(), error.Reason))
            .SetLogHandler((_, _) => { })
            .Build();
        consumer.Subscribe(topic);
    }

    public string Topic => logicalTopic;

    public string GroupId { get; }

    public int MaxPeek { get; }

    public Task<IReadOnlyList<ConsumedMessage>> PeekAsync(TimeSpan maxWait, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        return Task.Factory.StartNew(() => Peek(maxWait, cancellationToken), cancellationToken, TaskCreationOptions.DenyChildAttach, TaskScheduler.Default);
    }

    public Task CommitAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        if (delivered.Count == 0)
        {
            return Task.CompletedTask;
        }

        var offsets = delivered.Select(d => new TopicPartitionOffset(d.Key, d.Value + 1)).ToList();
        return Task.Factory.StartNew(
            () =>
            {
                try
                {
                    consumer.Commit(offsets);
                }
                catch (KafkaException exception) when (exception.Error.Code is ErrorCode.RebalanceInProgress or ErrorCode.IllegalGeneration or ErrorCode.UnknownMemberId)
                {
                    // The group is rebalancing: the partition may move to another member, which then receives the
                    // uncommitted messages again (Kafka's at-least-once across rebalances).
                    LogCommitSkipped(logger, logicalTopic, exception.Error.Reason);
                }
                catch (KafkaException exception)
                {
                    throw new MessagingException($"Kafka did not commit '{logicalTopic}': {exception.Error.Reason}", isTransient: true, exception);
                }
            },
            cancellationToken,
            TaskCreationOptions.DenyChildAttach,
            TaskScheduler.Default);
    }

    public ValueTask DisposeAsync()
    {
        if (!disposed)
        {
            disposed = true;
            try
            {
                consumer.Close();
            }
            catch (KafkaException)
            {
                // Leaving the group failed; the broker notices through the session timeout.
            }

            consumer.Dispose();
        }

        return ValueTask.CompletedTask;
    }

    private IReadOnlyList<ConsumedMessage> Peek(TimeSpan maxWait, CancellationToken cancellationToken)
    {
        var batch = new List<ConsumedMessage>();
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        while (batch.Count < MaxPeek && !cancellationToken.IsCancellationRequested)
        {
            var remaining = batch.Count == 0 ? maxWait - System.Diagnostics.Stopwatch.GetElapsedTime(started) : TimeSpan.Zero;
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

    [LoggerMessage(Level = LogLevel.Debug, Message = "Kafka consumer of {Topic}: error {Code}: {Reason}")]
    private static partial void LogClientError(ILogger logger, string topic, string code, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Kafka consumer of {Topic} skipped a commit during a rebalance: {Reason}")]
    private static partial void LogCommitSkipped(ILogger logger, string topic, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Kafka consumer of {Topic} could not consume: {Reason}")]
    private static partial void LogConsumeFailed(ILogger logger, string topic, string reason);
}
