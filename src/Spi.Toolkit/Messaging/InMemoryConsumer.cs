using OpenWhisk.Spi.Messaging;

namespace OpenWhisk.Spi.Toolkit.Messaging;

/// <summary>A member of a consumer group on one in-memory topic.</summary>
internal sealed class InMemoryConsumer : IMessageConsumer
{
    private readonly InMemoryTopic topic;
    private readonly TimeProvider timeProvider;
    private long deliveredUpTo = -1;
    private bool disposed;

    public InMemoryConsumer(InMemoryTopic topic, string groupId, int maxPeek, TimeProvider timeProvider)
    {
        this.topic = topic;
        this.timeProvider = timeProvider;
        GroupId = groupId;
        MaxPeek = maxPeek;
        topic.Join(groupId);
    }

    public string Topic => topic.Name;

    public string GroupId { get; }

    public int MaxPeek { get; }

    public long? Lag => disposed ? null : topic.Waiting(GroupId);

    public async Task<IReadOnlyList<ConsumedMessage>> PeekAsync(TimeSpan maxWait, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        var deadline = timeProvider.GetTimestamp() + (long)(maxWait.TotalSeconds * timeProvider.TimestampFrequency);
        while (true)
        {
            var taken = topic.TryTake(GroupId, MaxPeek, out var whenAppended);
            if (taken is not null)
            {
                deliveredUpTo = taken[^1].Offset;
                return taken;
            }

            var remaining = timeProvider.GetElapsedTime(timeProvider.GetTimestamp(), deadline);
            if (remaining <= TimeSpan.Zero)
            {
                return [];
            }

            // An idle poll ends by timing out several times a second: waited without throwing, then checked.
            await whenAppended.WaitAsync(remaining, timeProvider, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    public Task CommitAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        if (deliveredUpTo >= 0)
        {
            topic.Commit(GroupId, deliveredUpTo + 1);
        }

        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        if (!disposed)
        {
            disposed = true;
            topic.Leave(GroupId);
        }

        return ValueTask.CompletedTask;
    }
}
