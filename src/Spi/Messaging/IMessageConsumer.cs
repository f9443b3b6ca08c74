namespace OpenWhisk.Spi.Messaging;

/// <summary>
/// Reads messages of one topic as a member of a consumer group. Messages come in topic order; each message
/// goes to one member of the group. Not thread-safe: one reader at a time.
/// </summary>
public interface IMessageConsumer : IAsyncDisposable
{
    /// <summary>Gets the topic.</summary>
    string Topic { get; }

    /// <summary>Gets the group.</summary>
    string GroupId { get; }

    /// <summary>Gets the most messages one <see cref="PeekAsync"/> returns (the back-pressure bound).</summary>
    int MaxPeek { get; }

    /// <summary>
    /// Gets how many messages of the topic are waiting for this consumer (for Kafka: the partitions' end offsets less
    /// the consumer's positions), from what the consumer already knows, without asking the bus; null when it does not
    /// know (not yet assigned, or a bus that cannot tell). Any thread may read it.
    /// </summary>
    long? Lag => null;

    /// <summary>
    /// Waits up to <paramref name="maxWait"/> for messages and returns at most <see cref="MaxPeek"/> of them
    /// (an empty list when none came).
    /// </summary>
    /// <param name="maxWait">The longest time to wait for a first message.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The messages.</returns>
    Task<IReadOnlyList<ConsumedMessage>> PeekAsync(TimeSpan maxWait, CancellationToken cancellationToken);

    /// <summary>
    /// Commits the position after the messages returned so far, so that the group does not receive them again
    /// after a restart. A bus may make the position durable in the background (at the latest when the consumer is
    /// disposed); it must not block for long while the bus is unreachable.
    /// </summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the position is recorded.</returns>
    Task CommitAsync(CancellationToken cancellationToken);
}
