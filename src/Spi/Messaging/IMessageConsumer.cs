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
